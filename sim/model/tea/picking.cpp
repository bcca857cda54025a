#include "sim/model/tea/picking.hpp"

#include <algorithm>
#include <cmath>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

namespace yucun {

std::uint32_t pickers_wanted_for(double shortfall_kg, double leaf_price_fen_per_kg, const TeaPickingParams& picking) {
  const double wage_fen = picking.picker_wage_yuan_per_day * kFenPerYuan;
  const double hired_kg = picking.hired_kg_per_day;
  if (shortfall_kg <= 0 || leaf_price_fen_per_kg * hired_kg <= wage_fen) return 0;
  const double whole = std::floor(shortfall_kg / hired_kg);
  const double rest_kg = shortfall_kg - whole * hired_kg;
  return static_cast<std::uint32_t>(whole) + (rest_kg * leaf_price_fen_per_kg > wage_fen ? 1u : 0u);
}

void plan_picking(Households& h, const HarvestDay& day, const TeaPickingParams& picking) {
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, h.size()), [&](const tbb::blocked_range<std::size_t>& r) {
    for (std::size_t i = r.begin(); i != r.end(); ++i) {
      const double available = h.tea_mu[i] * h.plot_quality[i] * (*day.fresh_kg_per_mu)[h.village[i]];
      const double own = std::min(available, static_cast<double>(h.harvest_labour[i]) * h.own_kg_per_day[i]);
      h.leaf_available_kg[i] = static_cast<float>(available);
      h.own_picked_kg[i] = static_cast<float>(own);
      h.pickers_wanted[i] = pickers_wanted_for(available - own, day.leaf_price_fen_per_kg, picking);
      h.pickers_hired[i] = 0;
      h.hired_picked_kg[i] = 0;
    }
  });
}

void clear_picking(Households& h) {
  std::fill(h.leaf_available_kg.begin(), h.leaf_available_kg.end(), 0.0f);
  std::fill(h.own_picked_kg.begin(), h.own_picked_kg.end(), 0.0f);
  std::fill(h.pickers_wanted.begin(), h.pickers_wanted.end(), 0u);
  std::fill(h.pickers_hired.begin(), h.pickers_hired.end(), 0u);
  std::fill(h.hired_picked_kg.begin(), h.hired_picked_kg.end(), 0.0f);
}

}  // namespace yucun
