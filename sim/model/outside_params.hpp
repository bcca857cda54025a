// Typed parameters of the world outside the area (urban incomes, the tea
// market's level) and of scheduled events that shock it.
#pragma once

#include <string>

#include "sim/core/date.hpp"

namespace yucun {

struct OutsideParams {
  double urban_income_yuan = 71704;      // Anji urban per-capita disposable income, first year
  double urban_income_growth = 0.055;
  double tea_price_index = 1.0;          // outside dry-tea market level
};

// A scheduled shock: between start and end (inclusive) the named quantity is
// multiplied, in one village or (village empty) everywhere.
struct EventSpec {
  std::string name;
  std::string kind;  // tourist_demand | tea_yield | tea_price | city_wage
  Date start;
  Date end;
  double multiplier = 1;
  std::string village;
};

}  // namespace yucun
