// Loading scenarios: YAML files (with `extends`), the built-in baseline and
// `--set key.path=value` overrides, decoded into a typed, validated Scenario.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sim/model/scenario.hpp"
#include "sim/io/scenario/diagnostics.hpp"

namespace yucun::scenario {

// Names that load the built-in greater Yucun scenario instead of a file; also
// valid as the target of `extends`.
inline constexpr std::string_view kBuiltinBaselineName = "@baseline";

struct LoadLimits {
  std::size_t max_file_bytes = 8u << 20;
  int max_extends_depth = 16;
};

// Loads `source` (a file path, or "@baseline"; empty means "@baseline"), applies
// the overrides in order, decodes and validates. Throws ScenarioError listing
// every problem found, each with file:line:column and key path.
Scenario load_scenario(const std::string& source, const std::vector<std::string>& overrides = {},
                       const LoadLimits& limits = {});

// Same, from text in memory; `display_name` names it in errors and relative
// `extends` paths resolve against `base_dir`.
Scenario load_scenario_text(std::string_view yaml, const std::string& display_name, const std::string& base_dir,
                            const std::vector<std::string>& overrides = {}, const LoadLimits& limits = {});

}  // namespace yucun::scenario
