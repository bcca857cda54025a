#include "sim/experiments/sweep_execution.hpp"

#include <algorithm>
#include <chrono>
#include <mutex>

#include <fmt/format.h>

#include "sim/experiments/run_checkpoints.hpp"
#include "sim/io/output/hdf5_file.hpp"

namespace yucun::sweep {

namespace {

// How many spin-ups the runs of a process can share: with common random
// numbers, replicate r of every point has one seed, and when the sweep varies
// only levers (or whole scenario files, which may differ only in levers), the
// points of a replicate share their spin-up (levers are off in it). Else 0:
// every run has its own seed or its own parameters before the start.
std::size_t shared_spin_ups_of(const SweepSpec& spec) {
  if (!spec.common_random_numbers) return 0;
  std::size_t keys = 1;
  for (const Parameter& p : spec.parameters) {
    if (p.kind == ParameterKind::scenario) keys *= std::max<std::size_t>(1, p.values.size());
    else if (p.key_path.rfind("policies.", 0) != 0) return 0;
  }
  return std::min<std::size_t>(64, keys * spec.replicates);
}

}  // namespace

RunSource local_run_source() {
  return [](const SweepContext& context, std::span<const std::uint64_t> runs, const std::atomic<bool>& stop,
            const RunDone& on_done) {
    experiments::RunHooks hooks;
    if (const std::size_t kept = shared_spin_ups_of(context.spec); kept > 0)
      hooks.start = experiments::shared_spin_ups(kept);
    experiments::run_in_parallel(sweep_plans(context), runs, stop, on_done, hooks);
  };
}

SweepOutcome execute_sweep(const SweepContext& context, const SweepExecution& x, const RunSource& source) {
  const auto started = std::chrono::steady_clock::now();
  static const std::atomic<bool> never{false};
  const std::atomic<bool>& stop = x.stop ? *x.stop : never;

  if (shard_runs(context.runs, x.shard).empty())
    throw SweepSetupError(fmt::format("shard {} of a sweep of {} runs holds no runs: use at most {} shards",
                                      x.shard.to_string(), context.runs, context.runs));
  try {
    output::check_output_path(x.output, x.overwrite);
  } catch (const output::OutputError& e) {
    throw SweepSetupError(e.what());
  }
  std::optional<WorkFolder> work;
  try {
    work.emplace(x.output, context, x.shard.to_string(), x.mode);
  } catch (const WorkFolderError& e) {
    throw SweepSetupError(e.what());
  }

  const std::vector<std::uint64_t> runs = shard_runs(context.runs, x.shard);
  std::vector<std::uint64_t> saved;
  std::set_intersection(work->saved_runs().begin(), work->saved_runs().end(), runs.begin(), runs.end(),
                        std::back_inserter(saved));
  std::vector<std::uint64_t> missing;
  std::set_difference(runs.begin(), runs.end(), saved.begin(), saved.end(), std::back_inserter(missing));

  std::optional<ShardProvenance> provenance;
  if (!x.shard.whole()) provenance = ShardProvenance{x.shard, x.sweep_file};
  SweepFileWriter file(x.output, context, runs, provenance, x.overwrite, saved,
                       [&work](std::uint64_t run) { return work->load(run); });

  SweepOutcome out;
  out.runs = runs.size();
  out.reused = saved.size();
  out.damaged_checkpoints = work->damaged();
  out.work_folder = work->path();

  std::mutex progress_mutex;
  // Failed runs among the checkpoints count once they are written (in run order).
  SweepProgress progress{runs.size(), saved.size(), saved.size(), file.failed(), 0};
  if (x.on_progress) x.on_progress(progress);
  double run_seconds = 0;
  const RunDone on_done = [&](std::uint64_t run, RunOutcome outcome) {
    if (outcome.status == RunStatus::not_run) return;  // stopped part-way: run again on resume
    work->save(run, outcome);
    const bool failed = outcome.status != RunStatus::ok;
    const double seconds = outcome.seconds;
    file.add(run, std::move(outcome));
    std::lock_guard lock(progress_mutex);
    run_seconds += seconds;
    ++progress.done;
    progress.failed = std::max(progress.failed + (failed ? 1 : 0), static_cast<std::uint64_t>(file.failed()));
    progress.elapsed_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (x.on_progress) x.on_progress(progress);
  };
  source(context, missing, stop, on_done);

  out.run_seconds = run_seconds;
  if (file.written() < runs.size()) {
    out.interrupted = true;
    out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return out;  // the file's destructor removes its temporary; the checkpoints stay
  }
  file.finish();
  out.failed = file.failed();
  out.failures = file.failures();
  work->remove();
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return out;
}

}  // namespace yucun::sweep
