// A run to simulate, as a plain value: its scenario, its random streams and
// where its results go. `yucun run` is one plan, `yucun run --replicates N` N
// plans of one scenario, a sweep one plan per run of its design.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "sim/model/scenario.hpp"
#include "sim/model/simulation.hpp"

namespace yucun::experiments {

struct RunPlan {
  // Where its results go: row `run` of the experiment's output (its run
  // dimension; 0 in a file of one run).
  std::uint64_t run = 0;
  std::shared_ptr<const Scenario> scenario;
  RunIdentity identity;  // seed and replicate of the random streams
  // What the run's outcome keeps of its series: daily values and yearly
  // summaries, the yearly summaries only, or nothing (whoever runs it takes
  // each day as it comes, e.g. into a file of one run).
  enum class Keep { all, yearly, nothing } keep = Keep::all;
};

// The plans of an experiment, each made when its run starts: a sweep of
// millions of runs holds no list of millions of scenarios, and a plan that
// cannot be made (a point the scenario refuses) fails that run only.
using PlanOf = std::function<RunPlan(std::uint64_t run)>;

// Plans made beforehand: plan r is plans[r] (whose `run` is r).
PlanOf plans_from(std::vector<RunPlan> plans);

// Runs 0 .. count-1, for handing all of an experiment's runs to a runner.
std::vector<std::uint64_t> all_runs(std::uint64_t count);

}  // namespace yucun::experiments
