// What a valid scenario says that its run will not do: a lever switched on
// only outside the simulated days, settings of a lever that is not switched
// on, an event outside the simulated days. Not errors (the scenario runs), but
// a planner who wrote them expects an effect: `validate` and `run` say so.
#pragma once

#include <string>
#include <vector>

#include "sim/model/scenario.hpp"

namespace yucun::scenario {

// One line per finding, each naming the key path and what to do.
std::vector<std::string> scenario_warnings(const Scenario& scenario);

}  // namespace yucun::scenario
