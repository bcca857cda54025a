#include "sim/experiments/sweep_runner.hpp"

#include <chrono>
#include <exception>
#include <mutex>

#include <fmt/format.h>
#include <tbb/task_arena.h>
#include <tbb/task_group.h>

#include "sim/model/simulation.hpp"
#include "sim/io/scenario/scenario_writer.hpp"
#include "sim/experiments/run_plan.hpp"
#include "yucun/version.hpp"

namespace yucun::sweep {

output::ResultLayout SweepContext::layout() const {
  const Calendar calendar(base.calendar);
  return output::ResultLayout{calendar.start(), calendar.day_count(), base.world.villages, base.world.roads,
                              base.tourism.gateway};
}

SweepContext make_context(const LoadedSweep& loaded) {
  SweepContext c;
  c.spec = loaded.spec;
  c.design = make_design(loaded.spec);
  c.base = loaded.base;
  c.runs = run_count(loaded.spec);
  c.fingerprint = sweep_fingerprint(loaded);
  return c;
}

std::string sweep_fingerprint(const LoadedSweep& loaded) {
  const SweepSpec& s = loaded.spec;
  std::string text = fmt::format("yucun {}\nname {}\nseed {}\nreplicates {}\noutput {}\n", kVersion, s.name, s.seed,
                                 s.replicates, to_string(s.output));
  text += fmt::format("design {} n {} r {} levels {} skip {}\n", to_string(s.design.kind), s.design.n, s.design.r,
                      s.design.levels, s.design.skip);
  for (const auto& f : s.fixed) text += fmt::format("set {}\n", f.assignment());
  for (const auto& p : s.parameters) {
    text += fmt::format("parameter {} {} lo {:a} hi {:a} log {} integer {} values", p.name, p.key_path, p.lo, p.hi,
                        p.log, p.integer);
    for (double v : p.values) text += fmt::format(" {:a}", v);
    text += '\n';
  }
  text += "base\n" + scenario::to_yaml(loaded.base);
  std::uint64_t h = 1469598103934665603ull;  // FNV-1a
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return fmt::format("{:016x}", h);
}

namespace {

// Why a run cannot go into the sweep's file, or nothing.
std::optional<std::string> layout_mismatch(const output::ResultLayout& layout, const Scenario& s) {
  const Calendar calendar(s.calendar);
  if (calendar.start() != layout.start || calendar.day_count() != layout.day_count)
    return fmt::format("the run covers {} days from {}, the sweep's file {} days from {} (the base scenario's): "
                       "a sweep cannot vary the calendar",
                       calendar.day_count(), calendar.start().to_string(), layout.day_count, layout.start.to_string());
  bool same = s.world.villages.size() == layout.villages.size();
  for (std::size_t v = 0; same && v < layout.villages.size(); ++v) same = s.world.villages[v].name == layout.villages[v].name;
  if (!same) return std::string("the run's villages differ from the base scenario's: a sweep cannot vary the list of villages");
  return std::nullopt;
}

struct Stopped {};

}  // namespace

RunOutcome simulate_run(const SweepContext& context, std::uint64_t run, const std::atomic<bool>& stop) {
  const auto started = std::chrono::steady_clock::now();
  RunOutcome outcome;
  try {
    const Scenario s = build_run_scenario(context.spec, context.design, run);
    if (auto why = layout_mismatch(context.layout(), s)) throw std::runtime_error(*why);
    const SweepRun r = sweep_run(context.spec, run);
    Simulation sim(s, RunIdentity{s.seed, r.replicate});
    output::RunSeries series(sim.calendar().start(), sim.day_count(), sim.roads().village_count(),
                             context.spec.output == OutputLevel::full);
    while (!sim.finished()) {
      if (stop.load(std::memory_order_relaxed)) throw Stopped{};
      sim.step();
      series.append_day(sim.indicators());
    }
    outcome.status = RunStatus::ok;
    outcome.series = std::move(series);
  } catch (const Stopped&) {
    outcome.status = RunStatus::not_run;
  } catch (const std::exception& e) {
    outcome.status = RunStatus::failed;
    outcome.error = e.what();
    if (outcome.error.empty()) outcome.error = "the run failed without a message";
  } catch (...) {
    outcome.status = RunStatus::failed;
    outcome.error = "the run failed with an unknown exception";
  }
  while (!outcome.error.empty() && outcome.error.back() == '\n') outcome.error.pop_back();
  outcome.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return outcome;
}

void run_in_parallel(const SweepContext& context, std::span<const std::uint64_t> runs, const std::atomic<bool>& stop,
                     const RunDone& on_done) {
  std::atomic<std::size_t> next{0};
  std::atomic<bool> halt{false};  // on_done failed
  std::exception_ptr error;
  std::mutex error_mutex;
  auto worker = [&] {
    for (;;) {
      if (stop.load() || halt.load()) return;
      const std::size_t i = next.fetch_add(1);
      if (i >= runs.size()) return;
      RunOutcome outcome;
      // Isolated: while this run waits in one of its parallel phases, its
      // thread helps only with that run, never starts another.
      tbb::this_task_arena::isolate([&] { outcome = simulate_run(context, runs[i], stop); });
      try {
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

}  // namespace yucun::sweep
