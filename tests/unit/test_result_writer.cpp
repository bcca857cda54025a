#include <doctest/doctest.h>

#include <filesystem>

#include <hdf5.h>

#include "scenario_fixtures.hpp"
#include "sim/engine/simulation.hpp"
#include "sim/output/hdf5_file.hpp"
#include "sim/output/result_info.hpp"
#include "sim/output/result_writer.hpp"

using namespace yucun;
using namespace yucun::output;
namespace fs = std::filesystem;

namespace {
Scenario mini() { return scenario::load_scenario_text(test::kMiniScenario, "mini.yaml", "."); }

RunMetadata metadata(const Scenario& s) { return RunMetadata{s.name, "name: mini\n", s.seed, 0, "test"}; }

void write_run(const Scenario& s, const std::string& path, bool overwrite = false) {
  Simulation sim(s, RunIdentity{s.seed, 0});
  ResultWriter writer(path, sim.calendar().start(), sim.day_count(), s.world.villages, metadata(s),
                      WriteOptions{.overwrite = overwrite, .deflate_level = 4, .chunk_days = 100});
  while (!sim.finished()) {
    sim.step();
    writer.append_day(sim.indicators());
  }
  writer.finish();
}

std::vector<double> read_reals(const std::string& path, const char* name) {
  Handle file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose, "open");
  Handle ds(H5Dopen2(file, name, H5P_DEFAULT), H5Dclose, name);
  Handle space(H5Dget_space(ds), H5Sclose, "space");
  std::vector<double> values(static_cast<std::size_t>(H5Sget_simple_extent_npoints(space)));
  check(H5Dread(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), "read");
  return values;
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
    ResultWriter writer(path, sim.calendar().start(), sim.day_count(), s.world.villages, metadata(s));
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
