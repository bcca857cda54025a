#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>

#include <fmt/format.h>

#include <hdf5.h>
#include <hdf5_hl.h>

#include "scenario_fixtures.hpp"
#include "sim/core/sanitizer_build.hpp"
#include "sim/model/simulation.hpp"
#include "sim/io/output/hdf5_file.hpp"
#include "sim/io/output/result_info.hpp"
#include "sim/io/output/result_writer.hpp"

using namespace yucun;
using namespace yucun::output;
namespace fs = std::filesystem;

namespace {
Scenario mini() { return scenario::load_scenario_text(test::kMiniScenario, "mini.yaml", "."); }

RunMetadata metadata(const Scenario& s, std::uint32_t run = 0) {
  return RunMetadata{s.name, "name: mini\n", s.seed, run, "test"};
}

ResultLayout layout(const Scenario& s, const Simulation& sim) {
  return ResultLayout{sim.calendar().start(), sim.day_count(), s.world.villages, s.world.roads, s.tourism.gateway};
}

void write_run(const Scenario& s, const std::string& path, bool overwrite = false, std::uint32_t run = 0) {
  Simulation sim(s, RunIdentity{s.seed, run});
  ResultWriter writer(path, layout(s, sim), metadata(s, run),
                      WriteOptions{.overwrite = overwrite, .deflate_level = 4, .chunk_days = 100});
  while (!sim.finished()) {
    sim.step();
    writer.append_day(sim.indicators());
  }
  writer.finish();
}

RunSeries collect_run(const Scenario& s, std::uint32_t run) {
  Simulation sim(s, RunIdentity{s.seed, run});
  RunSeries series(sim.calendar().start(), sim.day_count(), s.world.villages.size());
  while (!sim.finished()) {
    sim.step();
    series.append_day(sim.indicators());
  }
  return series;
}

std::vector<double> read_reals(const std::string& path, const char* name, std::vector<hsize_t>* dims = nullptr) {
  Handle file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose, "open");
  Handle ds(H5Dopen2(file, name, H5P_DEFAULT), H5Dclose, name);
  Handle space(H5Dget_space(ds), H5Sclose, "space");
  if (dims) {
    dims->assign(static_cast<std::size_t>(H5Sget_simple_extent_ndims(space)), 0);
    H5Sget_simple_extent_dims(space, dims->data(), nullptr);
  }
  std::vector<double> values(static_cast<std::size_t>(H5Sget_simple_extent_npoints(space)));
  check(H5Dread(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), "read");
  return values;
}

std::int64_t root_integer(const std::string& path, const char* name) {
  Handle file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose, "open");
  return read_integer_attribute(file, name).value_or(-1);
}

bool has_object(const std::string& path, const char* name) {
  Handle file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose, "open");
  return H5Lexists(file, name, H5P_DEFAULT) > 0;
}
}  // namespace

TEST_CASE("a finished run is renamed into place with every day written") {
  test::TempDir dir;
  const Scenario s = mini();
  const std::string path = (dir.path / "run.h5").string();
  write_run(s, path);
  CHECK(fs::exists(path));
  for (const auto& entry : fs::directory_iterator(dir.path)) CHECK(entry.path().filename() == "run.h5");
  const auto picked = read_reals(path, "fresh_leaf_picked");
  CHECK(picked.size() == 366u * 3u);  // 2024 is a leap year, 3 villages
  double total = 0;
  for (double kg : picked) total += kg;
  CHECK(total > 0);
  const std::string info = describe_result_file(path);
  CHECK(info.find("time:     366 days (days since 2024-01-01), 2024-01-01 to 2024-12-31") != std::string::npos);
  CHECK(info.find("village:  3 (Upper, Middle, Lower)") != std::string::npos);
  CHECK(info.find("fresh_leaf_picked") != std::string::npos);
  CHECK(info.find("[time, village]") != std::string::npos);
}

TEST_CASE("an unfinished run leaves no file behind") {
  test::TempDir dir;
  const Scenario s = mini();
  const std::string path = (dir.path / "run.h5").string();
  {
    Simulation sim(s, RunIdentity{s.seed, 0});
    ResultWriter writer(path, layout(s, sim), metadata(s));
    for (int i = 0; i < 10; ++i) {
      sim.step();
      writer.append_day(sim.indicators());
    }
    CHECK(fs::exists(writer.temporary_path()));
    CHECK_THROWS_WITH_AS(writer.finish(), doctest::Contains("wrote 10 of 366 days"), OutputError);
  }
  CHECK(fs::is_empty(dir.path));
}

TEST_CASE("existing results are kept unless overwriting is asked for") {
  test::TempDir dir;
  const Scenario s = mini();
  const std::string path = dir.write("run.h5", "precious");
  CHECK_THROWS_WITH_AS(write_run(s, path), doctest::Contains("already exists; pass --force"), OutputError);
  CHECK(fs::file_size(path) == 8);
  write_run(s, path, true);
  CHECK(fs::file_size(path) > 8);
}

TEST_CASE("bad output paths are refused up front") {
  test::TempDir dir;
  CHECK_THROWS_WITH_AS(check_output_path(dir.path.string(), false), doctest::Contains("is a directory"), OutputError);
  CHECK_THROWS_WITH_AS(check_output_path((dir.path / "no/such/run.h5").string(), false),
                       doctest::Contains("does not exist"), OutputError);
  CHECK_THROWS_AS(check_output_path("", false), OutputError);
}

TEST_CASE("info refuses files that are not results") {
  test::TempDir dir;
  const std::string text = dir.write("notes.txt", "not hdf5");
  CHECK_THROWS_WITH_AS(describe_result_file(text), doctest::Contains("is not an HDF5 file"), OutputError);
  CHECK_THROWS_WITH_AS(describe_result_file((dir.path / "missing.h5").string()), doctest::Contains("is not a file"),
                       OutputError);
}

TEST_CASE("every result file holds the road network and the tourism gateway") {
  test::TempDir dir;
  Scenario s = mini();
  s.tourism.gateway = "Middle";
  const std::string path = (dir.path / "run.h5").string();
  write_run(s, path);
  CHECK(read_reals(path, "road_from") == std::vector<double>{0, 1});  // Upper-Middle, Middle-Lower
  CHECK(read_reals(path, "road_to") == std::vector<double>{1, 2});
  CHECK(read_reals(path, "road_km") == std::vector<double>{3, 4});
  CHECK(read_reals(path, "road_minutes") == std::vector<double>{6, 8});
  CHECK(root_integer(path, "gateway_village") == 1);
  CHECK(root_integer(path, "run") == 0);
  CHECK_FALSE(has_object(path, "seed"));  // no run dimension: seed and run are root attributes only
  CHECK(describe_result_file(path).find("gateway:  Middle (tourism gateway, village 1)") != std::string::npos);
}

TEST_CASE("several runs in one file: a leading run dimension, each run as written alone") {
  test::TempDir dir;
  const Scenario s = mini();
  const std::string many = (dir.path / "many.h5").string();
  {
    Simulation sim(s, RunIdentity{s.seed, 0});
    MultiRunWriter writer(many, layout(s, sim), metadata(s), {RunLabel{s.seed, 0}, RunLabel{s.seed, 1}},
                          WriteOptions{.chunk_days = 100});
    CHECK_THROWS_WITH_AS(writer.add_run(1, collect_run(s, 1)), doctest::Contains("out of order"), OutputError);
    for (std::uint32_t r = 0; r < 2; ++r) writer.add_run(r, collect_run(s, r));
    writer.add_run_variable("param_beds", "a per-run parameter", "beds", std::vector<double>{1.5, 2.5});
    CHECK_THROWS_WITH_AS(writer.add_run_variable("param_beds", "again", "1", std::vector<double>{1, 2}),
                         doctest::Contains("already in the file"), OutputError);
    CHECK_THROWS_WITH_AS(writer.add_run_variable("short", "too few", "1", std::vector<double>{1}),
                         doctest::Contains("1 values for 2 runs"), OutputError);
    writer.finish();
  }
  std::vector<hsize_t> dims;
  const auto visitors = read_reals(many, "visitors", &dims);
  CHECK(dims == std::vector<hsize_t>{2, 366, 3});
  const auto gini = read_reals(many, "gini_yearly", &dims);
  CHECK(dims == std::vector<hsize_t>{2, 1});
  CHECK(read_reals(many, "run") == std::vector<double>{0, 1});
  CHECK(read_reals(many, "seed") == std::vector<double>{5, 5});
  CHECK(read_reals(many, "param_beds") == std::vector<double>{1.5, 2.5});
  CHECK(root_integer(many, "replicates") == 2);
  CHECK_FALSE(has_attribute(Handle(H5Fopen(many.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose, "open"), "run"));
  for (std::uint32_t r = 0; r < 2; ++r) {
    const std::string one = (dir.path / fmt::format("one-{}.h5", r)).string();
    write_run(s, one, false, r);
    const auto alone = read_reals(one, "visitors");
    CHECK(std::equal(alone.begin(), alone.end(), visitors.begin() + r * alone.size()));
    const auto picked_alone = read_reals(one, "fresh_leaf_picked");
    const auto picked_all = read_reals(many, "fresh_leaf_picked");
    CHECK(std::equal(picked_alone.begin(), picked_alone.end(), picked_all.begin() + r * picked_alone.size()));
    CHECK(read_reals(one, "gini_yearly")[0] == gini[r]);
    const auto income = read_reals(one, "income_decile_share_yearly");
    const auto all_income = read_reals(many, "income_decile_share_yearly");
    CHECK(std::equal(income.begin(), income.end(), all_income.begin() + r * income.size()));
  }
  const auto picked = read_reals(many, "fresh_leaf_picked");
  CHECK(picked != std::vector<double>(picked.size(), 0.0));
  CHECK_FALSE(std::equal(picked.begin(), picked.begin() + 366 * 3, picked.begin() + 366 * 3));  // runs differ
  const std::string info = describe_result_file(many);
  CHECK(info.find("[run, time, village]") != std::string::npos);
  CHECK(info.find("run:      2") != std::string::npos);
}

TEST_CASE("a multi-run file missing a run is not saved, a skipped run reads as NaN") {
  test::TempDir dir;
  const Scenario s = mini();
  const std::string path = (dir.path / "many.h5").string();
  {
    Simulation sim(s, RunIdentity{s.seed, 0});
    MultiRunWriter writer(path, layout(s, sim), metadata(s), {RunLabel{s.seed, 0}, RunLabel{s.seed, 1}});
    writer.add_run(0, collect_run(s, 0));
    CHECK_THROWS_WITH_AS(writer.finish(), doctest::Contains("1 of 2 runs written"), OutputError);
  }
  CHECK(fs::is_empty(dir.path));
  {
    Simulation sim(s, RunIdentity{s.seed, 0});
    MultiRunWriter writer(path, layout(s, sim), metadata(s), {RunLabel{s.seed, 0}, RunLabel{s.seed, 1}},
                          WriteOptions{.daily_series = false});
    writer.skip_run(0);
    writer.add_run(1, collect_run(s, 1));
    writer.add_root_attribute("replicates", std::uint64_t{7});
    writer.add_root_attribute("design", std::string("grid"));
    writer.finish();
  }
  CHECK_FALSE(has_object(path, "visitors"));  // yearly summaries only
  const auto gini = read_reals(path, "gini_yearly");
  REQUIRE(gini.size() == 2);
  CHECK(std::isnan(gini[0]));
  CHECK(gini[1] > 0);
  CHECK(read_reals(path, "visitors_yearly")[0] == static_cast<double>(kMissingInteger));  // integers: their _FillValue
  CHECK(root_integer(path, "replicates") == 7);
}

TEST_CASE("a result built in memory only is the file's bytes, and nothing is written") {
  test::TempDir dir;
  const Scenario s = mini();
  const std::string path = (dir.path / "run.h5").string();
  write_run(s, path);
  Simulation sim(s, RunIdentity{s.seed, 0});
  ResultWriter writer((dir.path / "never.h5").string(), layout(s, sim), metadata(s),
                      WriteOptions{.deflate_level = 4, .chunk_days = 100, .in_memory = true});
  CHECK_THROWS_AS(writer.take_image(), OutputError);  // not finished
  while (!sim.finished()) {
    sim.step();
    writer.append_day(sim.indicators());
  }
  writer.finish();
  const std::vector<char> image = writer.take_image();
  std::ifstream in(path, std::ios::binary);
  const std::vector<char> file((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK(image == file);
  CHECK_FALSE(fs::exists(dir.path / "never.h5"));
  CHECK(std::distance(fs::directory_iterator(dir.path), fs::directory_iterator()) == 1);
}

TEST_CASE("chunks are stored exactly as HDF5's own filter pipeline stores them") {
  // The writer compresses chunks itself and stores them with direct chunk
  // writes: the stored bytes must be those HDF5 makes from the same values
  // with the same dataset properties (shuffle, deflate, Fletcher-32).
  test::TempDir dir;
  const Scenario s = mini();
  const std::string path = (dir.path / "run.h5").string();
  write_run(s, path);  // 366 days in chunks of 100: three whole chunks and a partial one
  const std::string copy = (dir.path / "copy.h5").string();
  Handle file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose, "open");
  Handle out(H5Fcreate(copy.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), H5Fclose, "create");
  for (const char* name : {"visitors", "fresh_leaf_picked", "gini", "income_decile_share", "harvest_day"}) {
    CAPTURE(name);
    Handle ds(H5Dopen2(file, name, H5P_DEFAULT), H5Dclose, name);
    Handle type(H5Dget_type(ds), H5Tclose, "type");
    Handle space(H5Dget_space(ds), H5Sclose, "space");
    Handle dcpl(H5Dget_create_plist(ds), H5Pclose, "dcpl");
    std::vector<unsigned char> values(static_cast<std::size_t>(H5Sget_simple_extent_npoints(space)) * 8);
    check(H5Dread(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), "read");
    Handle again(H5Dcreate2(out, name, type, space, H5P_DEFAULT, dcpl, H5P_DEFAULT), H5Dclose, "create");
    check(H5Dwrite(again, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), "write");
    check(H5Fflush(out, H5F_SCOPE_GLOBAL), "flush");
    const int rank = H5Sget_simple_extent_ndims(space);
    for (hsize_t first = 0; first < 366; first += 100) {
      CAPTURE(first);
      std::vector<hsize_t> offset(static_cast<std::size_t>(rank), 0);
      offset[0] = first;
      hsize_t size_ours = 0, size_hdf5 = 0;
      check(H5Dget_chunk_storage_size(ds, offset.data(), &size_ours), "chunk size");
      check(H5Dget_chunk_storage_size(again, offset.data(), &size_hdf5), "chunk size");
      REQUIRE(size_ours == size_hdf5);
      std::vector<unsigned char> ours(size_ours), theirs(size_hdf5);
      std::uint32_t mask_ours = 9, mask_hdf5 = 9;
      check(H5Dread_chunk(ds, H5P_DEFAULT, offset.data(), &mask_ours, ours.data()), "read chunk");
      check(H5Dread_chunk(again, H5P_DEFAULT, offset.data(), &mask_hdf5, theirs.data()), "read chunk");
      CHECK(mask_ours == mask_hdf5);
      CHECK(ours == theirs);
    }
  }
}

TEST_CASE("the scenario text can be made in the writer's thread, and its errors surface at the next call") {
  test::TempDir dir;
  const Scenario s = mini();
  const std::string path = (dir.path / "run.h5").string();
  {
    Simulation sim(s, RunIdentity{s.seed, 0});
    RunMetadata m = metadata(s);
    m.scenario_yaml = "not this";
    m.scenario_yaml_source = [] { return std::string("name: made later\n"); };
    ResultWriter writer(path, layout(s, sim), m, WriteOptions{.chunk_days = 50});
    while (!sim.finished()) {
      sim.step();
      writer.append_day(sim.indicators());
    }
    writer.finish();
  }
  Handle file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose, "open");
  CHECK(read_string_attribute(file, "scenario") == "name: made later\n");

  const std::string failing = (dir.path / "failing.h5").string();
  {
    Simulation sim(s, RunIdentity{s.seed, 0});
    RunMetadata m = metadata(s);
    m.scenario_yaml_source = []() -> std::string { throw OutputError("no scenario text today"); };
    ResultWriter writer(failing, layout(s, sim), m, WriteOptions{.chunk_days = 50});
    bool thrown = false;
    for (int day = 0; day < 366 && !thrown; ++day) {
      sim.step();
      try {
        writer.append_day(sim.indicators());
      } catch (const OutputError& e) {
        CHECK(std::string(e.what()) == "no scenario text today");
        thrown = true;
      }
    }
    if (!thrown) CHECK_THROWS_WITH_AS(writer.finish(), "no scenario text today", OutputError);
    CHECK_THROWS_WITH_AS(writer.finish(), "no scenario text today", OutputError);  // again, not a hang
  }
  CHECK_FALSE(fs::exists(failing));
  for (const auto& entry : fs::directory_iterator(dir.path)) CHECK(entry.path().filename() == "run.h5");
}

namespace {
// The process's peak resident memory since the last reset_peak_memory(), in
// bytes (VmHWM); nullopt where /proc cannot tell.
std::optional<std::size_t> peak_memory_bytes() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::stoull(line.substr(6)) * 1024;
  return std::nullopt;
}
bool reset_peak_memory() {
  std::ofstream clear("/proc/self/clear_refs");
  clear << "5";  // resets VmHWM to the current resident size (Linux 4.0 and later)
  clear.flush();
  return static_cast<bool>(clear);
}
}  // namespace

TEST_CASE("a large multi-run file streams to disk: memory does not grow with the output (issue 18)") {
#ifdef YUCUN_SANITIZED
  MESSAGE("skipped under a sanitizer: its allocator keeps freed memory in quarantine");
  return;
#endif
  // 24 runs of 40 villages and a year of values that do not compress: a file
  // of about 110 MB. The old writer built it in memory and copied its image
  // at the end (growth about twice the file); streamed, the writer holds
  // about one run's chunks at a time.
  constexpr std::size_t kVillages = 40, kRuns = 24;
  const Date start = Date::from_ymd(2023, 1, 1);
  constexpr int kDays = 365;
  ResultLayout layout{start, kDays, {}, {}, ""};
  for (std::size_t v = 0; v < kVillages; ++v) {
    VillageSpec village;
    village.name = fmt::format("v{}", v);
    layout.villages.push_back(village);
  }
  RunSeries series(start, kDays, kVillages);
  DayIndicators day(kSeriesSpecs, kVillages);
  std::uint64_t state = 88172645463325252ULL;
  auto next = [&] {  // xorshift64: values that deflate cannot shrink much
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
  };
  for (int d = 0; d < kDays; ++d) {
    for (std::size_t i = 0; i < kSeriesCount; ++i) {
      const std::size_t width = values_per_day(kSeriesSpecs[i].scope, kVillages);
      for (std::size_t k = 0; k < width; ++k) {
        if (kSeriesSpecs[i].kind == ValueKind::real)
          day.real(RealSeries(i), k) = static_cast<double>(next() >> 11) * 0x1.0p-53;
        else
          day.integer(IntegerSeries(i), k) = static_cast<std::int64_t>(next() >> 28);  // sums stay far from overflow
      }
    }
    series.append_day(day);
  }
  std::vector<RunLabel> labels;
  for (std::uint32_t r = 0; r < kRuns; ++r) labels.push_back(RunLabel{1, r});
  test::TempDir dir;
  const std::string path = (dir.path / "large.h5").string();
  if (!reset_peak_memory() || !peak_memory_bytes()) {
    MESSAGE("skipped: /proc/self/clear_refs or VmHWM not available");
    return;
  }
  const std::size_t before = *peak_memory_bytes();
  {
    MultiRunWriter writer(path, layout, RunMetadata{"large", "name: large\n", 1, 0, "test"}, labels);
    for (std::size_t r = 0; r < kRuns; ++r) writer.add_run(r, series);
    writer.finish();
  }
  const std::size_t growth = *peak_memory_bytes() - before;
  const auto file_bytes = static_cast<std::size_t>(fs::file_size(path));
  MESSAGE(fmt::format("file {} MB, peak memory grew by {} MB", file_bytes >> 20, growth >> 20));
  REQUIRE(file_bytes > 80u << 20);
  CHECK(growth < file_bytes / 3);
}
