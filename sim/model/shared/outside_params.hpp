// Typed parameters of the world outside the area: urban incomes and the tea
// market's level.
#pragma once

#include "sim/core/field_bounds.hpp"

namespace yucun {

struct OutsideParams {
  double urban_income_yuan = 71704;      // Anji urban per-capita disposable income, first year
  double urban_income_growth = 0.055;
  double tea_price_index = 1.0;          // outside dry-tea market level
};

// The YAML keys of these parameters and their allowed ranges (the loader,
// the writer, validation and sweeps read them; docs/scenarios.md lists them).
template <class V> void fields(OutsideParams& p, V&& v) {
  v("urban_income_yuan", p.urban_income_yuan, positive());
  v("urban_income_growth", p.urban_income_growth, between(-0.5, 1));
  v("tea_price_index", p.tea_price_index, between(0, 100));
}

}  // namespace yucun
