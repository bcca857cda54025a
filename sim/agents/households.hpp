// Households, stored as structure of arrays indexed by a dense id and grouped
// by village (households of village v are [village_begin[v], village_begin[v+1])),
// so that daily phases are loops over contiguous arrays that run in parallel.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "sim/agents/household_params.hpp"
#include "sim/engine/ledger.hpp"
#include "sim/engine/random_streams.hpp"
#include "sim/markets/tea_params.hpp"
#include "sim/world/world_params.hpp"

namespace yucun {

struct Households {
  // Fixed attributes.
  std::vector<std::uint32_t> village;
  std::vector<std::uint8_t> members;
  std::vector<std::uint8_t> labour;            // members able to pick tea
  std::vector<float> tea_mu;                   // tea plot, mu
  std::vector<float> plot_quality;             // multiplies the leaf yield
  std::vector<float> own_kg_per_day;           // picking skill per member
  std::vector<AccountId> account;              // savings account in the ledger
  std::vector<std::int32_t> homestay_beds;     // beds the household lets to visitors
  std::vector<std::uint8_t> migrants;          // working members away in the city
  std::vector<float> harvest_labour;           // members picking on a harvest day (average)

  // Working state of the current harvest day.
  std::vector<float> leaf_available_kg;
  std::vector<float> own_picked_kg;
  std::vector<std::uint32_t> pickers_wanted;
  std::vector<std::uint32_t> pickers_hired;
  std::vector<float> hired_picked_kg;

  std::vector<std::size_t> village_begin;      // size villages + 1

  std::size_t size() const { return village.size(); }
  std::size_t begin_of(std::size_t v) const { return village_begin[v]; }
  std::size_t end_of(std::size_t v) const { return village_begin[v + 1]; }
};

// Builds every village's households from its totals; opens a savings account
// for each in the ledger. Deterministic in the random streams.
Households build_households(const std::vector<VillageSpec>& villages, const HouseholdParams& params,
                            const TeaPickingParams& picking, const TeaYieldParams& yield,
                            const RandomStreams& rng, Ledger& ledger);

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
