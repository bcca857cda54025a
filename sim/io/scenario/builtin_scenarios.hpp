// Scenarios compiled into the binary.
#pragma once

#include <string_view>

namespace yucun::scenario {
// The text of scenarios/baseline.yaml at build time.
std::string_view builtin_baseline_yaml();
}  // namespace yucun::scenario
