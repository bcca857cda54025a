// A tea season on paper, before any has been seen: what each household can
// expect to earn from its plot, so that job choice starts from what own
// farm work actually pays (docs/ODD.md 7.16).
#pragma once

#include <cstdint>
#include <vector>

#include "sim/model/households/households.hpp"
#include "sim/model/tea/tea_market.hpp"
#include "sim/model/tea/tea_params.hpp"

namespace yucun {

struct ExpectedTeaIncome {
  std::vector<double> season_yuan;    // per household: leaf sold over the harvest, less the pickers' wages
  std::vector<double> surplus_yuan;   // per household: its share of the cooperative surplus (31 December)
};

// One harvest run through the harvest's own rules (plan_picking,
// hire_pickers) with mean yields (a yield factor of 1), the season's leaf
// prices times `price_index`, the households' harvest labour as it stands
// and a pool of `picker_pool` migrant pickers; the leaf is sold at the day's
// price (to processors while processing pays, else to traders), and the
// processors' margin on dry tea goes back to growers by tea area. Left out:
// the retail premium on tea sold to visitors and any shortage of processor
// cash. The households' harvest-day state is left empty.
ExpectedTeaIncome expected_tea_income(Households& households, const TeaSeason& season, const TeaParams& params,
                                      std::int64_t picker_pool, double price_index);

}  // namespace yucun
