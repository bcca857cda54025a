// A scenario: the complete, typed description of one simulation, a plain value
// that the model runs and that sweeps copy and vary.
#pragma once

#include <cstdint>
#include <string>

#include "sim/model/firms/firm_params.hpp"
#include "sim/model/households/budget_params.hpp"
#include "sim/model/labour/labour_params.hpp"
#include "sim/model/outside_params.hpp"
#include "sim/model/households/household_params.hpp"
#include "sim/model/tourism/tourism_params.hpp"
#include "sim/model/tea/tea_params.hpp"
#include "sim/model/policies/policy_params.hpp"
#include "sim/core/calendar.hpp"
#include "sim/world/world_params.hpp"

namespace yucun {

struct Scenario {
  std::string name = "unnamed";
  std::string description;
  std::uint64_t seed = 1;
  CalendarParams calendar;
  WorldParams world;
  HouseholdParams households;
  HouseholdBudgetParams budgets;
  TeaParams tea;
  TourismParams tourism;
  FirmParams firms;
  LabourParams labour;
  CollectiveParams collectives;
  OutsideParams outside;
  std::vector<EventSpec> events;
  PolicyParams policies;
};

}  // namespace yucun
