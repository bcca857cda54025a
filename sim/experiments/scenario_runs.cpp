#include "sim/experiments/scenario_runs.hpp"

#include <mutex>
#include <vector>

#include "sim/core/calendar.hpp"
#include "sim/io/output/result_writer.hpp"
#include "sim/io/scenario/scenario_writer.hpp"
#include "sim/experiments/step_loop.hpp"
#include "yucun/version.hpp"

namespace yucun::experiments {

namespace {

output::ResultLayout layout_of(const Scenario& s) {
  const Calendar calendar(s.calendar);
  return output::ResultLayout{calendar.start(), calendar.day_count(), s.world.villages, s.world.roads,
                              s.tourism.gateway};
}

// The file's provenance, with the spin-up the runs went through.
output::RunMetadata metadata_of(const Scenario& s, output::RunMetadata m) {
  m.spin_up_years = s.spin_up.years;
  m.spin_up_days = spin_up_days(s.calendar.start, s.spin_up.years);
  return m;
}

std::vector<char> run_single(const ScenarioRuns& x, const std::atomic<bool>& stop, const RunHooks& hooks) {
  const Scenario& s = *x.scenario;
  output::ResultWriter writer(
      x.output, layout_of(s),
      // The scenario's YAML is made in the writer's thread while the run goes on.
      metadata_of(s, output::RunMetadata{s.name, {}, s.seed, x.run, kVersion, [&s] { return scenario::to_yaml(s); }}),
      output::WriteOptions{.overwrite = x.overwrite, .in_memory = x.in_memory});
  RunHooks into_file = hooks;
  into_file.on_day = [&](const RunPlan& plan, Date date, const DayIndicators& day) {
    writer.append_day(day);
    if (hooks.on_day) hooks.on_day(plan, date, day);
  };
  run_in_parallel(plans_from(plans_of(x)), all_runs(1), stop, [](std::uint64_t, RunOutcome) {}, into_file,
                  OnFailure::stop_all);
  if (stop.load()) throw RunStopped{};
  writer.finish();
  return x.in_memory ? writer.take_image() : std::vector<char>{};
}

// Replicate r is exactly the run `--run r`. A finished replicate is written
// as soon as those before it are, so the file does not depend on which
// finished first.
std::vector<char> run_replicates(const ScenarioRuns& x, const std::atomic<bool>& stop, const RunHooks& hooks) {
  const Scenario& s = *x.scenario;
  const std::uint32_t count = *x.replicates;
  std::vector<output::RunLabel> labels;
  for (std::uint32_t r = 0; r < count; ++r) labels.push_back(output::RunLabel{s.seed, r});
  output::MultiRunWriter writer(x.output, layout_of(s),
                                metadata_of(s, output::RunMetadata{s.name, scenario::to_yaml(s), s.seed, 0, kVersion}), labels,
                                output::WriteOptions{.overwrite = x.overwrite, .in_memory = x.in_memory});
  std::mutex finished_mutex;
  std::vector<std::optional<output::RunSeries>> finished(count);
  const RunDone write_in_order = [&](std::uint64_t run, RunOutcome outcome) {
    if (outcome.status != RunStatus::ok) return;  // stopped
    std::lock_guard lock(finished_mutex);
    finished[run] = std::move(outcome.series);
    while (writer.runs_written() < count && finished[writer.runs_written()]) {
      const std::size_t next = writer.runs_written();
      writer.add_run(next, *finished[next]);
      finished[next].reset();
    }
  };
  run_in_parallel(plans_from(plans_of(x)), all_runs(count), stop, write_in_order, hooks, OnFailure::stop_all);
  if (stop.load()) throw RunStopped{};
  for (const RunValues& v : x.run_values) {
    if (v.integers.empty()) writer.add_run_variable(v.name, v.long_name, v.units, v.reals);
    else writer.add_run_variable(v.name, v.long_name, v.units, v.integers);
  }
  for (const auto& [name, value] : x.attributes) writer.add_root_attribute(name, value);
  writer.finish();
  return x.in_memory ? writer.take_image() : std::vector<char>{};
}

}  // namespace

std::vector<RunPlan> plans_of(const ScenarioRuns& x) {
  const std::uint64_t seed = x.scenario->seed;
  if (!x.replicates) return {RunPlan{0, x.scenario, RunIdentity{seed, x.run}, RunPlan::Keep::nothing}};
  std::vector<RunPlan> plans;
  for (std::uint32_t r = 0; r < *x.replicates; ++r)
    plans.push_back(RunPlan{r, x.run_scenarios.empty() ? x.scenario : x.run_scenarios.at(r), RunIdentity{seed, r},
                            RunPlan::Keep::all});
  return plans;
}

std::vector<char> run_scenario(const ScenarioRuns& runs, const std::atomic<bool>& stop, const RunHooks& hooks) {
  if (runs.replicates) return run_replicates(runs, stop, hooks);
  return run_single(runs, stop, hooks);
}

}  // namespace yucun::experiments
