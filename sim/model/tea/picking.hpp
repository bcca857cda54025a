// Households picking their own tea on a harvest day, and the migrant pickers
// they would hire for what their own hands cannot bring in.
#pragma once

#include <vector>

#include "sim/model/households/households.hpp"
#include "sim/model/tea/tea_params.hpp"

namespace yucun {

// What one harvest day offers every household.
struct HarvestDay {
  double leaf_price_fen_per_kg = 0;
  const std::vector<double>* fresh_kg_per_mu = nullptr;  // per village, today
};

// Phase `pick_tea`: each household picks what its own labour can and decides
// how many migrant pickers it would hire for the rest, hiring only while a
// picker's leaf is worth more than the wage.
void plan_picking(Households& households, const HarvestDay& day, const TeaPickingParams& picking);

// Leaves the daily working state empty outside the harvest.
void clear_picking(Households& households);

}  // namespace yucun
