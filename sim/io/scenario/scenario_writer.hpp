// The resolved scenario as YAML: what `yucun show` prints and what result
// files record, so that any result can be rerun from its own file.
#pragma once

#include <string>

#include "sim/model/scenario.hpp"

namespace yucun::scenario {

// Self-contained YAML (no `extends`) that loads back to an equal Scenario.
std::string to_yaml(const Scenario& scenario);

}  // namespace yucun::scenario
