#include "sim/experiments/parallel_runner.hpp"

#include <algorithm>
#include <chrono>
#include <exception>
#include <mutex>

#include <tbb/task_arena.h>
#include <tbb/task_group.h>

#include "sim/experiments/step_loop.hpp"
#include "sim/io/output/run_series_days.hpp"

namespace yucun::experiments {

namespace {

std::optional<output::RunSeries> series_for(const RunPlan& plan, const Simulation& sim) {
  if (plan.keep == RunPlan::Keep::nothing) return std::nullopt;
  return output::RunSeries(sim.calendar().start(), sim.day_count(), sim.roads().village_count(),
                           plan.keep == RunPlan::Keep::all);
}

}  // namespace

RunOutcome simulate_run(const PlanOf& plan_of, std::uint64_t run, const std::function<bool()>& stop,
                        const RunHooks& hooks, OnFailure on_failure) {
  const auto started = std::chrono::steady_clock::now();
  RunOutcome outcome;
  try {
    const RunPlan plan = plan_of(run);
    StartedRun started_run;
    if (hooks.start) started_run = hooks.start(plan);
    else started_run.sim = std::make_unique<Simulation>(*plan.scenario, plan.identity);
    Simulation& sim = *started_run.sim;
    if (hooks.on_start) hooks.on_start(plan, sim);
    std::optional<output::RunSeries> series = series_for(plan, sim);
    const DayObserver take_day = [&](Date date, const DayIndicators& day) {
      if (series) series->append_day(day);
      if (hooks.on_day) hooks.on_day(plan, date, day);
    };
    if (started_run.days_done) output::for_each_day(*started_run.days_done, take_day);
    started_run.days_done.reset();
    if (hooks.after_day) hooks.after_day(plan, sim);
    try {
      step_to_end(sim, stop, [&](Date date, const DayIndicators& day) {
        take_day(date, day);
        if (hooks.after_day) hooks.after_day(plan, sim);
      });
    } catch (const RunStopped&) {
      if (hooks.on_stop) hooks.on_stop(plan, sim);
      throw;
    }
    outcome.status = RunStatus::ok;
    outcome.series = std::move(series);
  } catch (const RunStopped&) {
    outcome.status = RunStatus::not_run;
  } catch (const std::exception& e) {
    if (on_failure == OnFailure::stop_all) throw;
    outcome.status = RunStatus::failed;
    outcome.error = e.what();
    if (outcome.error.empty()) outcome.error = "the run failed without a message";
  } catch (...) {
    if (on_failure == OnFailure::stop_all) throw;
    outcome.status = RunStatus::failed;
    outcome.error = "the run failed with an unknown exception";
  }
  while (!outcome.error.empty() && outcome.error.back() == '\n') outcome.error.pop_back();
  outcome.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return outcome;
}

void run_in_parallel(const PlanOf& plan_of, std::span<const std::uint64_t> runs, const std::atomic<bool>& stop,
                     const RunDone& on_done, const RunHooks& hooks, OnFailure on_failure) {
  std::atomic<std::size_t> next{0};
  std::atomic<bool> halt{false};  // on_done failed, or a run with stop_all
  std::exception_ptr error;
  std::mutex error_mutex;
  const std::function<bool()> stopped = [&] { return stop.load(std::memory_order_relaxed) || halt.load(std::memory_order_relaxed); };
  auto worker = [&] {
    for (;;) {
      if (stop.load() || halt.load()) return;
      const std::size_t i = next.fetch_add(1);
      if (i >= runs.size()) return;
      try {
        RunOutcome outcome;
        // Isolated: while this run waits in one of its parallel phases, its
        // thread helps only with that run, never starts another.
        tbb::this_task_arena::isolate([&] { outcome = simulate_run(plan_of, runs[i], stopped, hooks, on_failure); });
        on_done(runs[i], std::move(outcome));
      } catch (...) {
        std::lock_guard lock(error_mutex);
        if (!error) error = std::current_exception();
        halt.store(true);
      }
    }
  };
  const int workers = std::max(1, std::min<int>(tbb::this_task_arena::max_concurrency(), static_cast<int>(runs.size())));
  tbb::task_group group;
  for (int w = 0; w < workers; ++w) group.run(worker);
  group.wait();
  if (error) std::rethrow_exception(error);
}

}  // namespace yucun::experiments
