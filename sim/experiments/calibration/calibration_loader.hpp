// Reading calibration files: YAML -> a validated CalibrationSpec. The base,
// `set` and the estimated parameters are read and checked exactly as a
// sweep's (sweep_parts.hpp: unknown keys with suggestions, the schema's
// ranges probed at each prior's lo and hi); targets are named from a targets
// file (scenarios/data/targets.yaml by default) and checked against it.
#pragma once

#include <string>
#include <string_view>

#include "sim/model/scenario.hpp"
#include "sim/io/scenario/diagnostics.hpp"
#include "sim/experiments/calibration/calibration_spec.hpp"

namespace yucun::calibration {

// Errors in a calibration file: the same shape as ScenarioError (every
// diagnostic with file:line:column, key path and message; exit code 2).
class CalibrationError : public scenario::ScenarioError {
 public:
  using scenario::ScenarioError::ScenarioError;
};

struct LoadedCalibration {
  CalibrationSpec spec;
  Scenario base;  // the base scenario with the fixed values applied
};

// `default_targets` is the targets file used when the calibration names
// none; empty: scenarios/data/targets.yaml as built into the binary (@targets).
LoadedCalibration load_calibration(const std::string& path, const std::string& default_targets = {});
LoadedCalibration load_calibration_text(std::string_view yaml, const std::string& display_name,
                                        const std::string& base_dir, const std::string& default_targets = {});

}  // namespace yucun::calibration
