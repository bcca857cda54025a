// A scenario: the complete, typed description of one simulation, a plain value
// that the model runs and that sweeps copy and vary.
#pragma once

#include <cstdint>
#include <string>

#include "sim/core/field_bounds.hpp"
#include "sim/model/firms/firm_params.hpp"
#include "sim/model/households/budget_params.hpp"
#include "sim/model/households/enterprise_params.hpp"
#include "sim/model/labour/labour_params.hpp"
#include "sim/model/shared/events.hpp"
#include "sim/model/shared/outside_params.hpp"
#include "sim/model/households/household_params.hpp"
#include "sim/model/tourism/tourism_params.hpp"
#include "sim/model/tea/tea_params.hpp"
#include "sim/model/policies/policy_params.hpp"
#include "sim/model/spin_up.hpp"
#include "sim/core/calendar.hpp"
#include "sim/world/world_params.hpp"

namespace yucun {

struct Scenario {
  std::string name = "unnamed";
  std::string description;
  std::uint64_t seed = 1;
  CalendarParams calendar;
  SpinUpParams spin_up;
  WorldParams world;
  HouseholdParams households;
  HouseholdBudgetParams budgets;
  TeaParams tea;
  TourismParams tourism;
  FirmParams firms;
  LabourParams labour;
  CollectiveParams collectives;
  EnterpriseParams enterprises;
  OutsideParams outside;
  std::vector<EventSpec> events;
  PolicyParams policies;
};

// The scenario's keys, at the root (`extends` is handled by the loader
// before decoding); each section's keys sit with its parameters.
template <class V> void fields(Scenario& p, V&& v) {
  v("name", p.name);
  v("description", p.description);
  v("seed", p.seed);
  v("calendar", p.calendar);
  v("spin_up", p.spin_up);
  v("world", p.world);
  v("households", p.households);
  v("budgets", p.budgets);
  v("tea", p.tea);
  v("tourism", p.tourism);
  v("firms", p.firms);
  v("labour", p.labour);
  v("collectives", p.collectives);
  v("enterprises", p.enterprises);
  v("outside", p.outside);
  v("events", p.events);
  v("policies", p.policies);
}

}  // namespace yucun
