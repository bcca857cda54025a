// Running a sweep's runs: each run's scenario simulated and collected into a
// RunSeries, many runs at once with oneTBB (each run's own parallel phases
// nest inside), a run that fails recorded with its error while the others go on.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "sim/model/scenario.hpp"
#include "sim/io/output/result_writer.hpp"
#include "sim/experiments/design.hpp"
#include "sim/experiments/sweep_loader.hpp"
#include "sim/experiments/sweep_spec.hpp"

namespace yucun::sweep {

// status(run) in a sweep file (docs/output.md, "Sweep files").
enum class RunStatus : std::int8_t { ok = 0, failed = 1, not_run = 2 };

struct RunOutcome {
  RunStatus status = RunStatus::not_run;
  std::string error;                        // why a failed run failed
  std::optional<output::RunSeries> series;  // the series of a run that completed
  double seconds = 0;                       // wall time of the run (not written to any file)
};

// What every run of a sweep shares, computed once: the spec, its design, the
// base scenario and the sweep's fingerprint.
struct SweepContext {
  SweepSpec spec;
  Design design;
  Scenario base;               // the base scenario with the sweep's fixed values
  std::uint64_t runs = 0;      // points * replicates
  std::string fingerprint;     // 16 hex digits; see sweep_fingerprint

  // The days and villages of every run: those of the base scenario.
  output::ResultLayout layout() const;
};

// Builds the design; throws std::invalid_argument past kMaxRuns.
SweepContext make_context(const LoadedSweep& loaded);

// A hash of everything that decides a sweep's results: the model version, the
// resolved base scenario, the fixed values, the parameters, the design, the
// seed, the replicates and the output level (not comments or formatting of
// the sweep file). Resumes, shards and MPI processes check it agrees.
std::string sweep_fingerprint(const LoadedSweep& loaded);

// Simulates run `run` of the sweep. Never throws: a scenario the loader
// refuses, a run whose days or villages differ from the sweep's (varying the
// calendar or the villages' list), a model error, anything, gives a failed
// outcome with its message. `stop` is polled once a simulated day; a stopped
// run is not_run.
RunOutcome simulate_run(const SweepContext& context, std::uint64_t run, const std::atomic<bool>& stop);

using RunDone = std::function<void(std::uint64_t run, RunOutcome outcome)>;

// Simulates `runs` in parallel on the current task arena's threads. Runs are
// handed out in the order given, one at a time, so runs end roughly in that
// order; each run is isolated (a thread waiting inside a run's parallel phase
// never starts another run), and a run's phases use threads left idle near
// the end. on_done is called from the thread that ran the run, for every run
// started (a stopped run is not_run); once `stop` is set no run starts.
// An exception thrown by on_done stops the sweep and is rethrown here.
void run_in_parallel(const SweepContext& context, std::span<const std::uint64_t> runs, const std::atomic<bool>& stop,
                     const RunDone& on_done);

}  // namespace yucun::sweep
