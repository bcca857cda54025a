// `yucun run`'s experiment: one scenario's runs into one result file, either
// a single run (a file of its own layout, written while the run goes on) or
// replicates 0..N-1 (a `run` dimension, written in run order).
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "sim/model/scenario.hpp"
#include "sim/experiments/parallel_runner.hpp"

namespace yucun::experiments {

struct ScenarioRuns {
  std::shared_ptr<const Scenario> scenario;  // its seed is the runs' seed
  std::uint32_t run = 0;                     // the single run's replicate number (--run)
  std::optional<std::uint32_t> replicates;   // set: runs 0..N-1 into a file with a run dimension
  std::string output;
  bool overwrite = false;
};

// The plans of `runs`: one, or one per replicate.
std::vector<RunPlan> plans_of(const ScenarioRuns& runs);

// Runs them in parallel (the parallel runner, stop_all) into runs.output.
// Throws RunStopped when `stop` was set (nothing written), output::OutputError
// when writing fails, and a failed run's own exception (the other runs stop).
void run_scenario(const ScenarioRuns& runs, const std::atomic<bool>& stop, const RunHooks& hooks = {});

}  // namespace yucun::experiments
