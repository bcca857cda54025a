// The tea economy as one mechanism (docs/ODD.md 7.5-7.10): the season and its
// prices, households picking their own leaf and hiring migrant pickers, the
// village processors (cooperatives) buying leaf and selling dry tea, and
// their year-end surplus to growers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "sim/core/calendar.hpp"
#include "sim/core/ledger.hpp"
#include "sim/core/random_streams.hpp"
#include "sim/model/households/household_sector.hpp"
#include "sim/model/shared/events.hpp"
#include "sim/model/shared/frame.hpp"
#include "sim/model/shared/in_force.hpp"
#include "sim/model/shared/series.hpp"
#include "sim/model/shared/outside_params.hpp"
#include "sim/model/shared/today.hpp"
#include "sim/model/shared/village_accounts.hpp"
#include "sim/model/tea/picker_market.hpp"
#include "sim/model/tea/tea_market.hpp"
#include "sim/model/tea/tea_params.hpp"
#include "sim/world/world_params.hpp"

namespace yucun {

struct TeaSettings {
  const TeaParams& tea;
  const WorldParams& world;
  const OutsideParams& outside;
  const std::vector<EventSpec>& events;
  double retail_markup;  // on dry tea sold to visitors (a tourism parameter)
};

class TeaSector {
 public:
  TeaSector(const TeaSettings& settings, const Frame& frame, HouseholdSector& households);

  // Opens each village's processor with its season's working capital.
  AccountId open_processor(std::size_t village);
  const std::vector<HarvestWindow>& harvest_windows() const { return season_.windows(); }

  // Start of a day: an empty tea day; on a harvest day, its leaf and prices.
  void start_day();
  // Land the village processors farm themselves (leased to them under land
  // transfer), in mu per village, at `yield_factor` times the households'
  // leaf per mu. On harvest days they want pickers for its leaf by the
  // households' rule and hire them in the same migrant pool (hire_pickers);
  // what they do with the leaf is the land-transfer lever's.
  void set_processor_land(std::vector<double> mu, double yield_factor);
  // Phase `pick_tea`: households pick and decide how many pickers they want;
  // so do the processors for their own land.
  void pick_tea();
  // Phase `hire_pickers`: the migrant picker pool is shared out among the
  // households and the processors.
  void hire_pickers();
  // Phase `clear_tea_market`: leaf to processors and traders, dry tea outside.
  void clear_tea_market();
  // Year end: stock left goes outside; the surplus to growers by tea area.
  void pay_cooperative_surplus();
  // The village's cooperative pays `amount` (at most its balance is asked
  // for) to the village's growers in proportion to their tea land: tea income.
  void pay_growers(std::size_t village, Fen amount);
  // The day's values of the tea series.
  void record(DayIndicators& d) const;

  TeaProcessors& processors() { return processors_; }
  const TeaProcessors& processors() const { return processors_; }
  std::vector<VillageTeaDay>& day() { return day_; }
  const std::vector<VillageTeaDay>& day() const { return day_; }
  const TeaMarketDay& market() const { return market_; }
  const PickerMarketResult& pickers() const { return pickers_; }
  std::int64_t picker_pool() const { return picker_pool_; }
  // Fresh leaf ready per mu today, per village (after the rules in force).
  const std::vector<double>& fresh_kg_per_mu() const { return fresh_kg_per_mu_; }
  // Today, per village: leaf ready on the processor's own land, and the
  // pickers it got for it from the pool.
  const std::vector<double>& processor_leaf_kg() const { return processor_leaf_kg_; }
  const std::vector<std::int64_t>& processor_pickers_hired() const { return processor_pickers_hired_; }
  // The tea parameters with today's price level on wages and processing costs.
  const TeaParams& prices_today() const { return prices_today_; }

 private:
  Frame frame_;
  TeaSettings settings_;
  HouseholdSector& households_;

  TeaSeason season_;
  TeaProcessors processors_;
  std::int64_t picker_pool_ = 0;
  std::vector<double> fresh_kg_per_mu_;
  std::vector<VillageTeaDay> day_;
  PickerMarketResult pickers_{};
  TeaMarketDay market_{};
  TeaParams prices_today_;  // the tea parameters with today's price level on wages and processing costs
  std::vector<double> processor_land_mu_;  // per village; empty: none
  double processor_yield_factor_ = 1;
  std::vector<double> processor_leaf_kg_;                // today, per village
  std::vector<std::int64_t> processor_pickers_wanted_;  // today, per village
  std::vector<std::int64_t> processor_pickers_hired_;   // today, per village
 public:
  // The state that changes as the run goes on, for checkpoints (sim/io/checkpoint).
  template <class Archive> void serialize(Archive& ar) { ar(processors_, picker_pool_, fresh_kg_per_mu_, day_, pickers_, market_, prices_today_, processor_land_mu_, processor_yield_factor_, processor_leaf_kg_, processor_pickers_wanted_, processor_pickers_hired_); }
};

}  // namespace yucun
