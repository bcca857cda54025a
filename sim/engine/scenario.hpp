// A scenario: the complete, typed description of one simulation, a plain value
// that the model runs and that sweeps copy and vary.
#pragma once

#include <cstdint>
#include <string>

#include "sim/agents/household_params.hpp"
#include "sim/markets/tea_params.hpp"
#include "sim/world/calendar.hpp"
#include "sim/world/world_params.hpp"

namespace yucun {

struct Scenario {
  std::string name = "unnamed";
  std::string description;
  std::uint64_t seed = 1;
  CalendarParams calendar;
  WorldParams world;
  HouseholdParams households;
  TeaParams tea;
};

}  // namespace yucun
