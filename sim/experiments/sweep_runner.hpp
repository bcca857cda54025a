// A sweep as an experiment: what its runs share (the spec, the design, the
// base scenario, a fingerprint) and the plan of each run, for the parallel
// runner (parallel_runner.hpp) or MPI processes.
#pragma once

#include <cstdint>
#include <string>

#include "sim/model/scenario.hpp"
#include "sim/io/output/result_writer.hpp"
#include "sim/experiments/design.hpp"
#include "sim/experiments/parallel_runner.hpp"
#include "sim/experiments/run_plan.hpp"
#include "sim/experiments/sweep_loader.hpp"
#include "sim/experiments/sweep_spec.hpp"

namespace yucun::sweep {

using experiments::RunDone;
using experiments::RunOutcome;
using experiments::RunStatus;

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

// The plan of each run of the sweep (point run / replicates, replicate run %
// replicates), keeping daily values when the sweep's output is full. Making
// a plan throws for a point the scenario refuses and for a run whose days or
// villages differ from the sweep's (varying the calendar or the villages'
// list): that run fails. `context` must outlive the plans.
experiments::PlanOf sweep_plans(const SweepContext& context);

}  // namespace yucun::sweep
