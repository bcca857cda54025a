// The one runner of experiments: runs plans through the step loop, many at
// once with oneTBB (each run's own parallel phases nest inside), each run
// isolated so that a thread waiting inside one run never starts another.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>

#include "sim/core/date.hpp"
#include "sim/io/output/result_writer.hpp"
#include "sim/experiments/run_plan.hpp"

namespace yucun::experiments {

// status(run) in a sweep file (docs/output.md, "Sweep files").
enum class RunStatus : std::int8_t { ok = 0, failed = 1, not_run = 2 };

struct RunOutcome {
  RunStatus status = RunStatus::not_run;
  std::string error;                        // why a failed run failed
  std::optional<output::RunSeries> series;  // what the plan keeps of a run that completed
  double seconds = 0;                       // wall time of the run (not written to any file)
};

// A run's simulation made by someone other than the runner (a restart from a
// checkpoint, a spin-up taken from a cache), with the days it already reported.
struct StartedRun {
  std::unique_ptr<Simulation> sim;
  std::optional<output::RunSeries> days_done;  // its reported days so far, if any
  bool restored = false;                        // from a checkpoint (a file or a shared state), not built
};

// Optional calls into each run, from the thread that runs it.
struct RunHooks {
  // Makes the run's simulation instead of the plan's fresh one. The days it
  // already reported are handed to the run (its series, on_day) as if it had
  // just simulated them, so what the run writes does not depend on where it started.
  std::function<StartedRun(const RunPlan& plan)> start;
  // Once the simulation is set up, before its first day.
  std::function<void(const RunPlan& plan, const Simulation& sim)> on_start;
  // After each simulated day.
  std::function<void(const RunPlan& plan, Date date, const DayIndicators& day)> on_day;
  // Whenever the run stands between two days with every day so far reported
  // (where a checkpoint can be taken): once before its first new day, then
  // after each simulated day, after on_day.
  std::function<void(const RunPlan& plan, const Simulation& sim)> after_day;
  // When `stop` ends the run between two days (e.g. SIGTERM): the last
  // moment the run's state can be kept.
  std::function<void(const RunPlan& plan, const Simulation& sim)> on_stop;
};

// What a run's failure does. record: it is the run's outcome (failed, with
// the message) and the other runs go on, as a sweep wants. stop_all: the
// other runs stop and the exception, with its type, is rethrown to the caller,
// as a run or its replicates want (no file of part of the runs).
enum class OnFailure { record, stop_all };

// Makes plan `run` and simulates it. A plan that cannot be made, a model
// error, an exception from a hook: a failed outcome (record) or rethrown
// (stop_all). `stop` is asked once a simulated day; a stopped run is not_run.
RunOutcome simulate_run(const PlanOf& plan_of, std::uint64_t run, const std::function<bool()>& stop,
                        const RunHooks& hooks = {}, OnFailure on_failure = OnFailure::record);

using RunDone = std::function<void(std::uint64_t run, RunOutcome outcome)>;

// Simulates `runs` in parallel on the current task arena's threads. Runs are
// handed out in the order given, one at a time, so they end roughly in that
// order; a run's phases use threads left idle near the end. on_done is called
// from the thread that ran the run, for every run started (a stopped run is
// not_run); once `stop` is set no run starts. An exception from on_done (or,
// with stop_all, from a run) stops the others and is rethrown here.
void run_in_parallel(const PlanOf& plan_of, std::span<const std::uint64_t> runs, const std::atomic<bool>& stop,
                     const RunDone& on_done, const RunHooks& hooks = {}, OnFailure on_failure = OnFailure::record);

}  // namespace yucun::experiments
