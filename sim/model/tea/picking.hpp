// Households picking their own tea on a harvest day, and the migrant pickers
// they would hire for what their own hands cannot bring in.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/model/households/households.hpp"
#include "sim/model/tea/tea_params.hpp"

namespace yucun {

// What one harvest day offers every household.
struct HarvestDay {
  double leaf_price_fen_per_kg = 0;
  const std::vector<double>* fresh_kg_per_mu = nullptr;  // per village, today
};

// How many migrant pickers a grower wants for `shortfall_kg` of leaf its own
// hands cannot pick: whole pickers for the bulk, one more only if the leaf
// left for them is still worth the wage; none while a picker's day of leaf is
// worth no more than the wage. Households and the cooperatives farming leased
// land (land transfer) follow the same rule.
std::uint32_t pickers_wanted_for(double shortfall_kg, double leaf_price_fen_per_kg, const TeaPickingParams& picking);

// Phase `pick_tea`: each household picks what its own labour can and decides
// how many migrant pickers it would hire for the rest, hiring only while a
// picker's leaf is worth more than the wage.
void plan_picking(Households& households, const HarvestDay& day, const TeaPickingParams& picking);

// Leaves the daily working state empty outside the harvest.
void clear_picking(Households& households);

}  // namespace yucun
