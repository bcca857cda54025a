// `yucun run`'s experiment: one scenario's runs into one result file, either
// a single run (a file of its own layout, written while the run goes on) or
// replicates 0..N-1 (a `run` dimension, written in run order).
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sim/model/scenario.hpp"
#include "sim/experiments/parallel_runner.hpp"

namespace yucun::experiments {

// A value per run recorded in a file of replicates (e.g. the posterior
// draw's parameter values of each run).
struct RunValues {
  std::string name, long_name, units;
  std::vector<double> reals;            // float64 (when integers is empty)
  std::vector<std::int64_t> integers;   // int64
};

struct ScenarioRuns {
  std::shared_ptr<const Scenario> scenario;  // its seed is the runs' seed
  std::uint32_t run = 0;                     // the single run's replicate number (--run)
  std::optional<std::uint32_t> replicates;   // set: runs 0..N-1 into a file with a run dimension
  std::string output;
  bool overwrite = false;
  // Builds the file in memory only (`output` is not used): run_scenario
  // returns its bytes, the same as the file it would have written.
  bool in_memory = false;
  // Replicates only: run r simulates run_scenarios[r] (same days and
  // villages as `scenario`, e.g. with a posterior draw's values) with the
  // random streams (seed, r); empty: every run simulates `scenario`.
  std::vector<std::shared_ptr<const Scenario>> run_scenarios{};
  std::vector<RunValues> run_values{};                  // written on the run dimension
  std::vector<std::pair<std::string, std::string>> attributes{};  // root attributes
};

// The plans of `runs`: one, or one per replicate.
std::vector<RunPlan> plans_of(const ScenarioRuns& runs);

// Runs them in parallel (the parallel runner, stop_all) into runs.output.
// Throws RunStopped when `stop` was set (nothing written), output::OutputError
// when writing fails, and a failed run's own exception (the other runs stop).
// Returns the file's bytes when runs.in_memory, else nothing.
std::vector<char> run_scenario(const ScenarioRuns& runs, const std::atomic<bool>& stop, const RunHooks& hooks = {});

}  // namespace yucun::experiments
