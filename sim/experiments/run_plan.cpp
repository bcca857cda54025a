#include "sim/experiments/run_plan.hpp"

#include <numeric>

namespace yucun::experiments {

PlanOf plans_from(std::vector<RunPlan> plans) {
  return [plans = std::make_shared<const std::vector<RunPlan>>(std::move(plans))](std::uint64_t run) {
    return plans->at(static_cast<std::size_t>(run));
  };
}

std::vector<std::uint64_t> all_runs(std::uint64_t count) {
  std::vector<std::uint64_t> runs(static_cast<std::size_t>(count));
  std::iota(runs.begin(), runs.end(), std::uint64_t{0});
  return runs;
}

}  // namespace yucun::experiments
