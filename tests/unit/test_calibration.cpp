// `yucun calibrate`'s parts beyond the ABC-SMC core (test_abc_smc.cpp) and the
// target measures (test_target_measures.cpp): calibration files and their
// errors, the distance, checkpoints and resume, the result file read back, the
// posterior's mode and draws, and the recovery of known parameter values of
// the mini scenario from its own simulated targets.
#include <doctest/doctest.h>

#include <atomic>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>

#include <fmt/format.h>

#include "scenario_fixtures.hpp"
#include "sim/io/output/calibration_file.hpp"
#include "sim/io/scenario/scenario_loader.hpp"
#include "sim/experiments/calibration/calibration_loader.hpp"
#include "sim/experiments/calibration/calibration_runner.hpp"
#include "sim/experiments/calibration/posterior.hpp"
#include "sim/experiments/calibration/target_measures.hpp"
#include "sim/experiments/parallel_runner.hpp"

using namespace yucun;
using namespace yucun::calibration;
using yucun::test::TempDir;

namespace {

std::string bytes_of(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Every diagnostic of loading a calibration, as text ("" when it loads).
std::string errors_of(const TempDir& dir, const std::string& text) {
  try {
    load_calibration_text(text, (dir.path / "cal.yaml").string(), dir.path.string(), (dir.path / "targets.yaml").string());
  } catch (const scenario::ScenarioError& e) {
    return e.diagnostics().to_string();
  }
  return "";
}

// Targets of the mini scenario (which has no visitors): the area's rural
// income, the dry tea per mu and the transfers' share of income in 2024.
std::string mini_targets(double income, double tea, double transfers) {
  return fmt::format(R"(calibration_year: 2024
targets:
  - name: rural_income
    figure: rural income per capita
    published: {}
    source: simulated at known values
    measure: {{kind: area_last, variable: rural_income_per_capita}}
    tolerance: {{relative: 0.03}}
  - name: dry_tea
    figure: dry tea per mu
    published: {}
    source: simulated at known values
    measure: {{kind: dry_tea_per_mu}}
    tolerance: {{relative: 0.03}}
  - name: transfer_share
    figure: share of public transfers in rural income
    published: {}
    source: simulated at known values
    measure: {{kind: area_income_share, sources: [transfer]}}
    tolerance: {{relative: 0.03}}
)",
                     income, tea, transfers);
}

const char* kMiniCalibration = R"(name: mini-recovery
base: mini.yaml
set:
  spin_up.years: 1
parameters:
  - key: labour.county_wage_yuan
    name: county_wage
    lo: 2000
    hi: 10000
  - key: tea.picking.migrant_pickers_per_mu
    name: pickers
    prior: log_uniform
    lo: 0.1
    hi: 5
  - key: budgets.transfer_yuan_per_dependant_month
    name: transfers
    prior: normal
    mean: 350
    sd: 150
    lo: 50
    hi: 1000
targets: [rural_income, dry_tea, transfer_share]
seed: 11
method: {particles: 40, generations: 5, quantile: 0.5}
)";

// The mini scenario's targets at known values, from a run with a seed no
// candidate uses.
std::vector<double> truth_targets(const TempDir& dir, double wage, double pickers, double transfers) {
  dir.write("targets.yaml", mini_targets(1, 1, 1));
  const auto loaded = load_calibration_text(kMiniCalibration, (dir.path / "cal.yaml").string(), dir.path.string(),
                                            (dir.path / "targets.yaml").string());
  std::vector<TargetSpec> targets;
  for (const auto& t : loaded.spec.targets) targets.push_back(t.spec);
  auto s = std::make_shared<Scenario>(scenario::load_scenario(
      (dir.path / "mini.yaml").string(),
      {"spin_up.years=1", fmt::format("labour.county_wage_yuan={}", wage),
       fmt::format("tea.picking.migrant_pickers_per_mu={}", pickers),
       fmt::format("budgets.transfer_yuan_per_dependant_month={}", transfers)}));
  s->seed = 987654321;
  std::unique_ptr<TargetAccumulator> acc;
  experiments::RunHooks hooks;
  hooks.on_start = [&](const experiments::RunPlan& plan, const Simulation&) {
    acc = std::make_unique<TargetAccumulator>(targets, loaded.spec.year, world_facts(*plan.scenario));
  };
  hooks.on_day = [&](const experiments::RunPlan&, Date date, const DayIndicators& day) { acc->on_day(date, day); };
  std::atomic<bool> stop{false};
  experiments::run_in_parallel(
      experiments::plans_from({experiments::RunPlan{0, s, RunIdentity{s->seed, 0}, experiments::RunPlan::Keep::nothing}}),
      experiments::all_runs(1), stop, [](std::uint64_t, experiments::RunOutcome o) { REQUIRE(o.status == experiments::RunStatus::ok); },
      hooks);
  return acc->values();
}

}  // namespace

TEST_CASE("calibration files: a valid file loads with its priors, targets and method") {
  TempDir dir;
  dir.write("mini.yaml", test::kMiniScenario);
  dir.write("targets.yaml", mini_targets(30000, 10, 40));
  const auto loaded = load_calibration_text(kMiniCalibration, (dir.path / "cal.yaml").string(), dir.path.string(),
                                            (dir.path / "targets.yaml").string());
  const CalibrationSpec& s = loaded.spec;
  CHECK(s.name == "mini-recovery");
  REQUIRE(s.parameters.size() == 3);
  CHECK(s.parameters[0].prior.kind == PriorKind::uniform);
  CHECK(s.parameters[1].prior.kind == PriorKind::log_uniform);
  CHECK(s.parameters[2].prior.kind == PriorKind::normal);
  CHECK(s.parameters[2].prior.mean == 350);
  CHECK(s.parameters[2].prior.sd == 150);
  CHECK(s.parameters[1].name == "pickers");
  REQUIRE(s.targets.size() == 3);
  CHECK(s.targets[2].spec.name == "transfer_share");
  CHECK(s.year == 2024);
  CHECK(s.abc.particles == 40);
  CHECK(s.abc.max_generations == 5);
  CHECK(s.abc.seed == 11);
  CHECK(loaded.base.spin_up.years == 1);
}

TEST_CASE("calibration files: errors name the file, line and column, and what would be right") {
  TempDir dir;
  dir.write("mini.yaml", test::kMiniScenario);
  dir.write("targets.yaml", mini_targets(30000, 10, 40));
  auto with = [](std::string text, const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    return text.replace(at, from.size(), to);
  };
  // A target the targets file does not have.
  CHECK(errors_of(dir, with(kMiniCalibration, "transfer_share]", "transfer_shares]"))
            .find("cal.yaml:22:34: error: targets[2]: unknown target 'transfer_shares'") != std::string::npos);
  CHECK(errors_of(dir, with(kMiniCalibration, "transfer_share]", "transfer_shares]")).find("did you mean 'transfer_share'") !=
        std::string::npos);
  // A key the scenario schema does not have.
  CHECK(errors_of(dir, with(kMiniCalibration, "labour.county_wage_yuan", "labour.county_wages_yuan"))
            .find("cal.yaml:6:10:") != std::string::npos);
  // A prior outside the schema's range (a share above 1).
  const std::string share = with(kMiniCalibration, "  - key: budgets.transfer_yuan_per_dependant_month\n    name: transfers\n    prior: normal\n    mean: 350\n    sd: 150\n    lo: 50\n    hi: 1000\n",
                                 "  - key: firms.local_owner_share\n    lo: 0.2\n    hi: 1.5\n");
  const std::string share_errors = errors_of(dir, share);
  CHECK(share_errors.find("cal.yaml:17:9:") != std::string::npos);
  CHECK(share_errors.find("1.5") != std::string::npos);
  // A normal prior needs its sd; a log-uniform one a positive lo.
  CHECK(errors_of(dir, with(kMiniCalibration, "    sd: 150\n", "")).find("a normal prior needs `mean` and `sd`") !=
        std::string::npos);
  CHECK(errors_of(dir, with(kMiniCalibration, "    lo: 0.1\n", "    lo: 0\n")).find("log_uniform prior needs lo above 0") !=
        std::string::npos);
  // A misspelt prior kind.
  CHECK(errors_of(dir, with(kMiniCalibration, "prior: log_uniform", "prior: log_uniformm")).find("did you mean 'log_uniform'") !=
        std::string::npos);
  // Runs that do not cover the targets' year.
  CHECK(errors_of(dir, with(kMiniCalibration, "targets: [", "year: 2026\ntargets: [")).find("need 2026-01-01 to 2026-12-31") !=
        std::string::npos);
  // An unknown method key.
  CHECK(errors_of(dir, with(kMiniCalibration, "quantile: 0.5", "quantil: 0.5")).find("did you mean 'quantile'") !=
        std::string::npos);
}

TEST_CASE("calibration distance: scaled by each target's tolerance, zero inside a published range") {
  TargetSpec point;
  point.name = "p";
  point.published = 100.0;
  point.tolerance = Tolerance{Tolerance::Kind::relative, 0.1, 0, 0};
  TargetSpec range;
  range.name = "r";
  range.tolerance = Tolerance{Tolerance::Kind::range, 0, 0, 0.25};
  const std::vector<FittedTarget> targets = {{point, 1.0}, {range, 1.0}};
  CHECK(target_distance(targets, {100, 0.1}) == 0.0);
  CHECK(target_distance(targets, {110, 0.2}) == doctest::Approx(std::sqrt(0.5)));       // one at its tolerance's edge
  CHECK(target_distance(targets, {100, 0.375}) == doctest::Approx(std::sqrt(0.5)));     // 0.125 past a half-width of 0.125
  CHECK(target_distance({{point, 3.0}, {range, 1.0}}, {120, 0.0}) == doctest::Approx(std::sqrt(3.0 * 4 / 4)));
  CHECK(std::isinf(target_distance(targets, {std::nan(""), 0.1})));
}

TEST_CASE("posterior: systematic resampling and the mode") {
  Generation g{};
  for (int i = 0; i < 4; ++i) g.particles.push_back(Particle{{static_cast<double>(i)}, i == 2 ? 0.7 : 0.1, 0.0, {}});
  const auto draws = resample(g, 1000, 5);
  REQUIRE(draws.size() == 1000);
  CHECK(std::count(draws.begin(), draws.end(), 2u) == doctest::Approx(700).epsilon(0.002));
  CHECK(resample(g, 1000, 5) == draws);
  // Mode: a tight cluster of weight beats a lone heavy particle far away.
  Generation h{};
  for (double x : {1.0, 1.05, 0.95, 1.02}) h.particles.push_back(Particle{{x}, 0.2, 0.0, {}});
  h.particles.push_back(Particle{{9.0}, 0.2, 0.0, {}});
  CHECK(h.particles[posterior_mode(h, {Prior{PriorKind::uniform, 0, 10, 0, 1}})].theta[0] < 2);
}

TEST_CASE("calibrate recovers the mini scenario's known values; resumed and re-run it gives the same file" *
          doctest::timeout(120)) {
  TempDir dir;
  dir.write("mini.yaml", test::kMiniScenario);
  const double wage = 5000, pickers = 0.5, transfers = 420;
  const auto truth = truth_targets(dir, wage, pickers, transfers);
  for (double v : truth) {
    INFO("truth " << truth[0] << " " << truth[1] << " " << truth[2]);
    REQUIRE(std::isfinite(v));
  }
  dir.write("targets.yaml", mini_targets(truth[0], truth[1], truth[2]));
  const auto loaded = load_calibration_text(kMiniCalibration, (dir.path / "cal.yaml").string(), dir.path.string(),
                                            (dir.path / "targets.yaml").string());
  CalibrationExecution ex;
  ex.output = (dir.path / "cal.h5").string();
  const CalibrationOutcome outcome = execute_calibration(loaded, kMiniCalibration, ex);
  REQUIRE_FALSE(outcome.interrupted);
  const auto r = output::read_calibration_file(ex.output);
  REQUIRE(r.generations.size() >= 3);
  CHECK(r.parameter_key[1] == "tea.picking.migrant_pickers_per_mu");
  CHECK(r.prior_kind[2] == "normal");
  // Epsilon falls generation by generation.
  for (std::size_t g = 2; g < r.generations.size(); ++g) CHECK(r.generations[g].epsilon < r.generations[g - 1].epsilon);
  Generation last{};
  const auto& lg = r.generations.back();
  for (std::size_t i = 0; i < lg.weight.size(); ++i)
    last.particles.push_back(Particle{{lg.theta[i * 3], lg.theta[i * 3 + 1], lg.theta[i * 3 + 2]}, lg.weight[i], lg.distance[i], {}});
  const auto summary = summarise(last);
  const double truth_values[] = {wage, pickers, transfers};
  const double prior_width[] = {8000, 5 - 0.1, 950};
  for (std::size_t k = 0; k < 3; ++k) {
    MESSAGE("parameter " << r.parameter_name[k] << " (true " << truth_values[k] << "): median " << summary[k].median
                         << ", 90% interval " << summary[k].q05 << " .. " << summary[k].q95 << "; "
                         << r.generations.size() << " generations, " << r.runs << " runs");
    CHECK(summary[k].q05 <= truth_values[k]);
    CHECK(truth_values[k] <= summary[k].q95);
    CHECK(summary[k].q95 - summary[k].q05 < 0.5 * prior_width[k]);
  }

  // Stopped after its first batches and resumed, or at one thread: the same bytes.
  std::atomic<bool> stop{false};
  CalibrationExecution first = ex;
  first.output = (dir.path / "resumed.h5").string();
  first.stop = &stop;
  int batches = 0;
  first.on_progress = [&](const CalibrationProgress&) {
    if (++batches == 2) stop.store(true);
  };
  const auto interrupted = execute_calibration(loaded, kMiniCalibration, first);
  CHECK(interrupted.interrupted);
  CHECK_FALSE(std::filesystem::exists(first.output));
  CHECK(std::filesystem::exists(interrupted.work_folder));
  CalibrationExecution again = first;
  CHECK_THROWS_AS(execute_calibration(loaded, kMiniCalibration, again), CalibrationSetupError);  // needs --resume
  again.stop = nullptr;
  again.on_progress = {};
  again.mode = CalibrationExecution::Mode::resume;
  const auto resumed = execute_calibration(loaded, kMiniCalibration, again);
  CHECK_FALSE(resumed.interrupted);
  CHECK(bytes_of(again.output) == bytes_of(ex.output));
  CHECK_FALSE(std::filesystem::exists(resumed.work_folder));
}
