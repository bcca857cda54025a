// Running sweeps: a run's series as bytes and back, files read back exactly,
// run records and their checksums, shards, the parallel runner, work folders
// and the one writer of sweep files (on the three-village mini scenario).
#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <mutex>

#include <fmt/format.h>

#include "scenario_fixtures.hpp"
#include "sim/model/simulation.hpp"
#include "sim/io/output/hdf5_file.hpp"
#include "sim/io/output/result_reader.hpp"
#include "sim/io/output/result_writer.hpp"
#include "sim/experiments/run_record.hpp"
#include "sim/experiments/sweep_file.hpp"
#include "sim/experiments/sweep_loader.hpp"
#include "sim/experiments/sweep_runner.hpp"
#include "sim/experiments/work_folder.hpp"

using namespace yucun;
using namespace yucun::sweep;
using yucun::test::TempDir;

namespace {

std::string bytes_of(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A sweep of the mini scenario: 3 points x 2 replicates, one year.
LoadedSweep mini_sweep(const TempDir& dir, const std::string& output = "summary", const std::string& values = "[0.5, 1.0, 1.5]") {
  dir.write("mini.yaml", test::kMiniScenario);
  const std::string text = "name: mini-sweep\nbase: mini.yaml\nseed: 3\nreplicates: 2\noutput: " + output +
                           "\ndesign: grid\nparameters:\n  - key: tea.picking.migrant_pickers_per_mu\n    values: " +
                           values + "\n";
  return load_sweep_text(text, (dir.path / "sweep.yaml").string(), dir.path.string());
}

std::vector<RunOutcome> run_all(const SweepContext& c) {
  std::vector<std::uint64_t> runs(c.runs);
  for (std::uint64_t r = 0; r < c.runs; ++r) runs[r] = r;
  std::vector<RunOutcome> out(c.runs);
  std::mutex m;
  std::atomic<bool> stop{false};
  experiments::run_in_parallel(sweep_plans(c), runs, stop, [&](std::uint64_t run, RunOutcome o) {
    std::lock_guard lock(m);
    out[run] = std::move(o);
  });
  return out;
}

void write_sweep(const std::string& path, const SweepContext& c, std::vector<RunOutcome> outcomes,
                 const std::vector<std::uint64_t>& order) {
  std::vector<std::uint64_t> runs(c.runs);
  for (std::uint64_t r = 0; r < c.runs; ++r) runs[r] = r;
  SweepFileWriter file(path, c, runs, std::nullopt, false);
  for (std::uint64_t r : order) file.add(r, std::move(outcomes[r]));
  file.finish();
}

}  // namespace

TEST_CASE("a run's series as bytes and back: the same file, damage detected") {
  TempDir dir;
  for (const char* level : {"summary", "full"}) {
    const SweepContext c = make_context(mini_sweep(dir, level));
    std::vector<RunOutcome> runs = run_all(c);
    std::vector<RunOutcome> copies;
    for (const auto& o : runs) {
      RunOutcome copy{o.status, o.error, std::nullopt, 0};
      if (o.series) copy.series = output::RunSeries::deserialize(o.series->serialize());
      copies.push_back(std::move(copy));
    }
    const std::vector<std::uint64_t> order = {0, 1, 2, 3, 4, 5};
    write_sweep((dir.path / fmt::format("a-{}.h5", level)).string(), c, std::move(runs), order);
    write_sweep((dir.path / fmt::format("b-{}.h5", level)).string(), c, std::move(copies), order);
    CHECK(bytes_of((dir.path / fmt::format("a-{}.h5", level)).string()) ==
          bytes_of((dir.path / fmt::format("b-{}.h5", level)).string()));
  }
  const SweepContext c = make_context(mini_sweep(dir));
  const RunOutcome one = experiments::simulate_run(sweep_plans(c), 0, [] { return false; });
  const std::string image = one.series->serialize();
  CHECK_THROWS_AS(output::RunSeries::deserialize(image.substr(0, image.size() - 3)), output::OutputError);
  CHECK_THROWS_AS(output::RunSeries::deserialize(image + "x"), output::OutputError);
  CHECK_THROWS_AS(output::RunSeries::deserialize("not a series"), output::OutputError);
}

TEST_CASE("runs end in any order, the file is the same; a run read back is written the same") {
  TempDir dir;
  for (const char* level : {"summary", "full"}) {
    const SweepContext c = make_context(mini_sweep(dir, level));
    const std::string in_order = (dir.path / fmt::format("in-order-{}.h5", level)).string();
    const std::string shuffled = (dir.path / fmt::format("shuffled-{}.h5", level)).string();
    write_sweep(in_order, c, run_all(c), {0, 1, 2, 3, 4, 5});
    write_sweep(shuffled, c, run_all(c), {5, 3, 1, 0, 4, 2});
    CHECK(bytes_of(in_order) == bytes_of(shuffled));

    // Every run read back from the file, with its status, gives the same file again.
    output::ResultReader reader(in_order);
    CHECK(reader.run_count() == 6);
    CHECK(reader.daily_series() == (std::string(level) == "full"));
    CHECK(reader.day_count() == 366);
    CHECK(reader.village_count() == 3);
    CHECK(reader.string_attribute("design") == "grid");
    std::vector<RunOutcome> back;
    for (std::size_t r = 0; r < 6; ++r) back.push_back(RunOutcome{RunStatus::ok, "", reader.read_run(r), 0});
    const std::string again = (dir.path / fmt::format("again-{}.h5", level)).string();
    write_sweep(again, c, std::move(back), {0, 1, 2, 3, 4, 5});
    CHECK(bytes_of(in_order) == bytes_of(again));
  }
}

TEST_CASE("run records: round trip, checksum and fingerprint checked") {
  TempDir dir;
  const SweepContext c = make_context(mini_sweep(dir));
  RunOutcome failed{RunStatus::failed, "it broke", std::nullopt, 1.5};
  const std::string bytes = encode_run_record(c.fingerprint, 4, failed);
  const RunRecord back = decode_run_record(bytes, c.fingerprint);
  CHECK(back.run == 4);
  CHECK(back.outcome.status == RunStatus::failed);
  CHECK(back.outcome.error == "it broke");
  CHECK_FALSE(back.outcome.series.has_value());
  std::string damaged = bytes;
  damaged[damaged.size() / 2] ^= 0x10;
  CHECK_THROWS_WITH_AS(decode_run_record(damaged, c.fingerprint), doctest::Contains("checksum"), std::runtime_error);
  CHECK_THROWS_WITH_AS(decode_run_record(bytes, "0123456789abcdef"), doctest::Contains("another sweep"),
                       std::runtime_error);
  CHECK_THROWS_AS(decode_run_record(bytes.substr(0, 20), c.fingerprint), std::runtime_error);
}

TEST_CASE("shards: I/N parsed strictly, runs dealt round robin") {
  CHECK(parse_shard("2/5").index == 2);
  CHECK(parse_shard("2/5").count == 5);
  CHECK(parse_shard("0/1").whole());
  for (const char* bad : {"5/5", "1", "a/3", "1/0", "-1/3", "1/3x", "/3", "1/"})
    CHECK_THROWS_AS(parse_shard(bad), std::invalid_argument);
  CHECK(shard_runs(8, Shard{1, 3}) == std::vector<std::uint64_t>{1, 4, 7});
  CHECK(shard_runs(2, Shard{2, 3}).empty());
  std::vector<std::uint64_t> all;
  for (std::uint64_t i = 0; i < 4; ++i)
    for (auto r : shard_runs(10, Shard{i, 4})) all.push_back(r);
  std::sort(all.begin(), all.end());
  CHECK(all == std::vector<std::uint64_t>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
}

TEST_CASE("the runner: every run once, a failing run recorded, stop honoured") {
  TempDir dir;
  const SweepContext c = make_context(mini_sweep(dir));
  const auto outcomes = run_all(c);
  REQUIRE(outcomes.size() == 6);
  for (const auto& o : outcomes) {
    CHECK(o.status == RunStatus::ok);
    REQUIRE(o.series.has_value());
    CHECK(o.series->complete());
  }

  // Varying the calendar cannot go into one file: that run fails, with why.
  dir.write("mini.yaml", test::kMiniScenario);
  const std::string text =
      "base: mini.yaml\ndesign: grid\nparameters:\n  - key: calendar.years\n    values: [1, 2]\n    integer: true\n";
  const SweepContext years = make_context(load_sweep_text(text, (dir.path / "y.yaml").string(), dir.path.string()));
  const RunOutcome second = experiments::simulate_run(sweep_plans(years), 1, [] { return false; });
  CHECK(second.status == RunStatus::failed);
  CHECK(second.error.find("cannot vary the calendar") != std::string::npos);

  std::atomic<bool> stop{true};
  std::size_t called = 0;
  const std::vector<std::uint64_t> runs = {0, 1, 2};
  experiments::run_in_parallel(sweep_plans(c), runs, stop, [&](std::uint64_t, RunOutcome) { ++called; });
  CHECK(called == 0);
  CHECK(experiments::simulate_run(sweep_plans(c), 0, [] { return true; }).status == RunStatus::not_run);
}

TEST_CASE("the parallel runner: a failure recorded, or rethrown with its type and the other runs stopped") {
  TempDir dir;
  const SweepContext c = make_context(mini_sweep(dir));
  const experiments::PlanOf sweep = sweep_plans(c);
  struct Broken : std::runtime_error {
    using std::runtime_error::runtime_error;
  };
  const experiments::PlanOf plans = [&](std::uint64_t run) {
    if (run == 2) throw Broken("no plan for run 2");
    return sweep(run);
  };
  const std::vector<std::uint64_t> runs = {0, 1, 2, 3};
  std::atomic<bool> stop{false};
  std::mutex m;
  std::vector<RunOutcome> recorded(4);
  experiments::run_in_parallel(plans, runs, stop, [&](std::uint64_t run, RunOutcome o) {
    std::lock_guard lock(m);
    recorded[run] = std::move(o);
  });
  CHECK(recorded[2].status == RunStatus::failed);
  CHECK(recorded[2].error == "no plan for run 2");
  CHECK(recorded[3].status == RunStatus::ok);

  std::size_t days = 0;
  experiments::RunHooks hooks;
  hooks.on_day = [&](const experiments::RunPlan&, Date, const DayIndicators&) {
    std::lock_guard lock(m);
    ++days;
  };
  CHECK_THROWS_AS(experiments::run_in_parallel(plans, runs, stop, [](std::uint64_t, RunOutcome) {}, hooks,
                                               experiments::OnFailure::stop_all),
                  Broken);
  CHECK(days < 4 * 366);  // run 3, at least, stopped or never started
}

TEST_CASE("work folders: refused without --resume, refused for a changed sweep, locked while in use") {
  TempDir dir;
  const SweepContext c = make_context(mini_sweep(dir));
  const std::string out = (dir.path / "out.h5").string();
  {
    WorkFolder work(out, c, "", WorkFolder::Mode::fresh);
    CHECK(work.path() == (dir.path / ".out.h5.sweep").string());
    CHECK_THROWS_WITH_AS(WorkFolder(out, c, "", WorkFolder::Mode::resume), doctest::Contains("another yucun sweep"),
                         WorkFolderError);
    work.save(3, RunOutcome{RunStatus::failed, "why", std::nullopt, 0});
    work.save(1, experiments::simulate_run(sweep_plans(c), 1, [] { return false; }));
  }
  CHECK_THROWS_WITH_AS(WorkFolder(out, c, "", WorkFolder::Mode::fresh), doctest::Contains("--resume"), WorkFolderError);
  CHECK_THROWS_WITH_AS(WorkFolder(out, c, "1/2", WorkFolder::Mode::resume), doctest::Contains("--shard"),
                       WorkFolderError);
  SweepContext changed = c;
  changed.fingerprint = "0000000000000000";
  CHECK_THROWS_WITH_AS(WorkFolder(out, changed, "", WorkFolder::Mode::resume), doctest::Contains("has changed"),
                       WorkFolderError);
  {
    // A checkpoint cut short (a crash of the machine) is dropped and its run done again.
    std::ofstream(dir.path / ".out.h5.sweep" / "run-000000005") << "YUCUNRUN short";
    WorkFolder work(out, c, "", WorkFolder::Mode::resume);
    CHECK(work.saved_runs() == std::vector<std::uint64_t>{1, 3});
    CHECK(work.damaged().size() == 1);
    CHECK(work.load(3).error == "why");
    CHECK(work.load(1).series.has_value());
    work.remove();
  }
  CHECK_FALSE(std::filesystem::exists(dir.path / ".out.h5.sweep"));
  {
    WorkFolder work(out, c, "", WorkFolder::Mode::fresh);
    work.save(0, RunOutcome{RunStatus::failed, "x", std::nullopt, 0});
  }
  WorkFolder cleared(out, c, "", WorkFolder::Mode::force);
  CHECK(cleared.saved_runs().empty());
}

TEST_CASE("a sweep's fingerprint: the same sweep, the same print; any value changed, another") {
  TempDir dir;
  const std::string a = sweep_fingerprint(mini_sweep(dir));
  CHECK(a.size() == 16);
  CHECK(sweep_fingerprint(mini_sweep(dir)) == a);
  CHECK(sweep_fingerprint(mini_sweep(dir, "full")) != a);
  CHECK(sweep_fingerprint(mini_sweep(dir, "summary", "[0.5, 1.0, 1.6]")) != a);
}
