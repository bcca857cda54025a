// Reading targets files (scenarios/data/targets.yaml, holdout_2024.yaml):
// YAML -> a checked TargetsFile. Measure kinds, the keys each kind takes,
// series names (against kSeriesSpecs) and income sources are checked here,
// each error pointed at its line; village names need a world and are checked
// by TargetAccumulator.
#pragma once

#include <string>
#include <string_view>

#include "sim/io/scenario/diagnostics.hpp"
#include "sim/experiments/calibration/target_spec.hpp"

namespace yucun::calibration {

// Errors in a targets file: the same shape as ScenarioError (every diagnostic
// with file:line:column, key path and message; exit code 2) and caught as one.
class TargetsError : public scenario::ScenarioError {
 public:
  using scenario::ScenarioError::ScenarioError;
};

// Reads and checks a targets file; throws TargetsError listing every problem.
TargetsFile load_targets(const std::string& path);
// Same, from text in memory; `display_name` names it in messages (and is its path).
TargetsFile load_targets_text(std::string_view yaml, const std::string& display_name);

}  // namespace yucun::calibration
