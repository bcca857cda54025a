#include "sim/model/tea/expected_season.hpp"

#include <algorithm>

#include "sim/core/ledger.hpp"
#include "sim/model/tea/picker_market.hpp"
#include "sim/model/tea/picking.hpp"

namespace yucun {

ExpectedTeaIncome expected_tea_income(Households& h, const TeaSeason& season, const TeaParams& params,
                                      std::int64_t picker_pool, double price_index) {
  const std::size_t villages = h.village_begin.size() - 1;
  ExpectedTeaIncome out{std::vector<double>(h.size(), 0.0), std::vector<double>(h.size(), 0.0)};
  const double ratio = params.yield.fresh_to_dry_ratio;
  const double season_kg_per_mu = params.yield.dry_kg_per_mu * ratio;
  const double wage_fen = params.picking.picker_wage_yuan_per_day * kFenPerYuan;
  const double processing_fen_per_kg_dry = params.processing.processing_cost_yuan_per_kg_dry * kFenPerYuan;
  std::vector<double> fresh_kg_per_mu(villages);
  std::vector<double> margin_fen(villages, 0.0);
  for (int d = 0; d < params.harvest.length_days; ++d) {
    std::fill(fresh_kg_per_mu.begin(), fresh_kg_per_mu.end(), season_kg_per_mu * season.ready_share(d));
    const double leaf_fen = season.leaf_price_fen_per_kg(d) * price_index;
    const double dry_fen = season.dry_price_fen_per_kg(d) * price_index;
    plan_picking(h, HarvestDay{leaf_fen, &fresh_kg_per_mu}, params.picking);
    hire_pickers(h, picker_pool, params.picking.hired_kg_per_day);
    // As in clear_tea_market: processors buy while processing pays, else
    // traders take the leaf at a discount.
    const bool processing_pays = dry_fen - processing_fen_per_kg_dry >= ratio * leaf_fen;
    const double paid_fen = processing_pays ? leaf_fen : leaf_fen * params.processing.trader_price_share;
    const double margin_fen_per_kg = processing_pays ? (dry_fen - processing_fen_per_kg_dry) / ratio - leaf_fen : 0.0;
    for (std::size_t i = 0; i < h.size(); ++i) {
      const double picked = static_cast<double>(h.own_picked_kg[i]) + h.hired_picked_kg[i];
      out.season_yuan[i] += (picked * paid_fen - wage_fen * h.pickers_hired[i]) / kFenPerYuan;
      margin_fen[h.village[i]] += picked * margin_fen_per_kg;
    }
  }
  clear_picking(h);
  for (std::size_t v = 0; v < villages; ++v) {
    double mu = 0;
    for (std::size_t i = h.begin_of(v); i != h.end_of(v); ++i) mu += h.tea_mu[i];
    if (mu <= 0) continue;
    for (std::size_t i = h.begin_of(v); i != h.end_of(v); ++i)
      out.surplus_yuan[i] = margin_fen[v] / kFenPerYuan * h.tea_mu[i] / mu;
  }
  return out;
}

}  // namespace yucun
