// Households, stored as structure of arrays indexed by a dense id and grouped
// by village (households of village v are [village_begin[v], village_begin[v+1])),
// so that daily phases are loops over contiguous arrays that run in parallel.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "sim/model/households/household_params.hpp"
#include "sim/core/ledger.hpp"
#include "sim/core/random_streams.hpp"
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

  // The state that changes as the run goes on, for checkpoints (sim/io/checkpoint).
  template <class Archive> void serialize(Archive& ar) { ar(village, members, labour, tea_mu, plot_quality, own_kg_per_day, account, homestay_beds, migrants, harvest_labour, leaf_available_kg, own_picked_kg, pickers_wanted, pickers_hired, hired_picked_kg, village_begin); }
};

// Builds every village's households from its totals; opens an (empty) savings
// account for each in the ledger. Deterministic in the random streams.
// Members' tea skills are drawn here with the rest of a household, so the
// tea module's ranges come in as plain numbers (households know no tea market).
struct TeaSkillRanges {
  double own_kg_per_day_min = 0;
  double own_kg_per_day_max = 0;
  double plot_log_sd = 0;  // spread of plot quality
};
Households build_households(const std::vector<VillageSpec>& villages, const HouseholdParams& params,
                            const TeaSkillRanges& tea, const RandomStreams& rng, Ledger& ledger);

}  // namespace yucun
