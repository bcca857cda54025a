// Scenarios compiled into the binary.
#pragma once

#include <string_view>

namespace yucun::scenario {
// The text of scenarios/baseline.yaml at build time.
std::string_view builtin_baseline_yaml();
// The text of scenarios/data/targets.yaml at build time (the published
// targets calibrations fit when they name no targets file).
std::string_view builtin_targets_yaml();
inline constexpr std::string_view kBuiltinTargetsName = "@targets";
}  // namespace yucun::scenario
