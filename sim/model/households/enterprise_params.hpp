// Typed parameters of the private enterprises outside tourism and tea that
// villagers own (docs/ODD.md 7.27). How many each village has is a village
// field (world.villages[].private_enterprises).
#pragma once

#include "sim/core/field_bounds.hpp"

namespace yucun {

struct EnterpriseParams {
  // Profit each enterprise pays its owning household a year, in yuan of the
  // reported period's first year; paid a twelfth at each month end.
  double profit_yuan_per_year = 0;
  // Nominal growth of that profit a year from calendar.start (none in the
  // spin-up, as for wages).
  double profit_growth_per_year = 0;
};

// The YAML keys of these parameters and their allowed ranges (the loader,
// the writer, validation and sweeps read them; docs/scenarios.md lists them).
template <class V> void fields(EnterpriseParams& p, V&& v) {
  v("profit_yuan_per_year", p.profit_yuan_per_year, between(0, 1e10));
  v("profit_growth_per_year", p.profit_growth_per_year, between(-0.5, 1));
}

}  // namespace yucun
