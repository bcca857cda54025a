// Tourism as one mechanism (docs/ODD.md 7.9-7.15, 7.20): parties arriving
// with the seasons along a saturating demand path, their itineraries among
// villages, beds in homestays, what they spend and who is paid, the villages'
// reputation, and households investing in homestay beds within the land's limits.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "sim/core/calendar.hpp"
#include "sim/core/ledger.hpp"
#include "sim/core/random_streams.hpp"
#include "sim/model/firms/firm_sector.hpp"
#include "sim/model/households/budget_params.hpp"
#include "sim/model/households/household_sector.hpp"
#include "sim/model/shared/events.hpp"
#include "sim/model/shared/frame.hpp"
#include "sim/model/shared/in_force.hpp"
#include "sim/model/shared/series.hpp"
#include "sim/model/shared/today.hpp"
#include "sim/model/shared/village_accounts.hpp"
#include "sim/model/tea/tea_sector.hpp"
#include "sim/model/tourism/area_demand.hpp"
#include "sim/model/tourism/destination_choice.hpp"
#include "sim/model/tourism/lodging.hpp"
#include "sim/model/tourism/start_demand.hpp"
#include "sim/model/tourism/tourism_market.hpp"
#include "sim/model/tourism/tourism_params.hpp"
#include "sim/model/tourism/tourists.hpp"
#include "sim/world/world_params.hpp"

namespace yucun {

struct TourismSettings {
  const TourismParams& tourism;
  const HouseholdBudgetParams& budgets;  // homestay investment
  const FirmParams& firms;               // beds in a household homestay
  const WorldParams& world;
  const std::vector<EventSpec>& events;
};

class TourismSector {
 public:
  TourismSector(const TourismSettings& settings, const Frame& frame, HouseholdSector& households, FirmSector& firms,
                TeaSector& tea);

  // Household homestays: the village's beds not run by enterprises, in
  // blocks, to households in a random order of their own draws.
  void build_homestays();
  // Beds per village from household homestays and open enterprises.
  void refresh_bed_capacity();
  // The road network changed: which villages' beds a party may take.
  void network_changed();
  // The rules in force changed the villages' attractiveness.
  void attractiveness_changed();

  // Start of a day: last night has passed; today's counts are empty.
  void start_day();
  // End of `apply_policies`: today's destination tables, from attractiveness,
  // reputation and yesterday's crowding.
  void update_destination_tables();
  // Phases, in order.
  void arrive_tourists();
  void plan_itineraries();
  void allocate_lodging();
  void spend_and_pay();
  void update_reputation();
  // Month end: the month's lodging joins the last twelve months'; some
  // households add homestay beds.
  void invest_in_homestays();
  // Month end: the cooperatives pay their tea households, by tea land, the
  // month's tea experiences and farm-gate margins (where nobody holds tea
  // land the money stays with the cooperative, for its year-end surplus).
  void settle_tea_tourism();
  // The day's values of the tourism series.
  void record(DayIndicators& d) const;

  const TouristParties& parties() const { return parties_; }
  const LodgingBook& lodging() const { return lodging_; }
  const DestinationChoice& destination_choice() const { return choice_; }
  const AreaDemand& area_demand() const { return demand_; }
  // Potential visitors in the start year (all segments): annual_visitors
  // over the start year's mean share who come.
  double potential_visitors() const { return potential_; }
  const std::vector<std::vector<std::uint32_t>>& homestay_households() const { return homestay_households_; }
  const std::vector<VillageTourismDay>& day() const { return day_; }
  const LodgingResult& lodging_result() const { return lodging_result_; }
  std::int64_t parties_arrived() const { return parties_arrived_; }
  std::int64_t persons_arrived() const { return persons_arrived_; }
  double reputation(std::size_t v) const { return reputation_[v]; }
  // Most beds a village may have: its households' houses under the homestay
  // rules (or the beds it starts with, if more), and any licensing cap in force.
  double bed_limit(std::size_t v) const;
  // The start year's expected visits per arriving person (set before the run).
  const VisitProfile& start_visits() const { return start_visits_; }
  BedBook bed_book() const;

 private:
  // Which villages have an open restaurant and an open activity operator.
  void refresh_sellers();
  double arrival_weight(Date d) const;
  // The day's entry tables and come shares (before arrivals).
  void update_area_demand(Date d);
  // The sum of the day weights over a calendar year (cached by year).
  double year_weight_sum(int year);
  // Before the run: the start year's visits per arriving person, the
  // reputation the rule settles at under that demand, and the firms' view of it.
  void expect_start_demand();

  Frame frame_;
  TourismSettings settings_;
  HouseholdSector& households_;
  FirmSector& firms_;
  TeaSector& tea_;

  TouristParties parties_;
  DestinationChoice choice_;
  AreaDemand demand_;
  double potential_ = 0;                    // potential visitors a year at the start
  std::vector<double> entrants_;            // yesterday's (then today's) entrants per attraction
  std::vector<Fen> tea_tourism_owed_;       // per village: this month's farmers' part, held by the cooperative
  LodgingBook lodging_;
  std::vector<std::vector<std::uint32_t>> nearby_;               // within the lodging radius
  std::vector<std::vector<std::uint32_t>> homestay_households_;  // per village
  // Per village, whether a restaurant / an activity operator is open today:
  // visitors spend on food and activities only where one is.
  std::vector<std::uint8_t> has_restaurants_;
  std::vector<std::uint8_t> has_activities_;
  std::vector<double> reputation_;
  std::vector<double> crowding_;            // yesterday's visitors over capacity
  std::vector<std::pair<int, double>> year_weight_sums_;  // (year, sum of day weights)
  VisitProfile start_visits_;
  std::vector<double> land_bed_limit_;      // households x max beds per household, or the initial beds
  // Lodging over the last twelve months, per village: a ring of months
  // (slot = month index mod 12; at the start, the start year's expected
  // lodging spread over twelve months) and the month under way. Takings are in
  // start-year yuan (deflated by the price level of their day).
  struct LodgingMonths {
    std::vector<double> takings_yuan;
    std::vector<std::int64_t> guest_nights, bed_nights;
    template <class Archive> void serialize(Archive& ar) { ar(takings_yuan, guest_nights, bed_nights); }
  };
  LodgingMonths month_;                     // per village
  std::vector<LodgingMonths> last_months_;  // 12, each per village
  int months_closed_ = 0;
  // Today.
  std::vector<VillageTourismDay> day_;
  std::int64_t parties_arrived_ = 0, persons_arrived_ = 0;
  LodgingResult lodging_result_{};

 public:
  // The state that changes as the run goes on, for checkpoints (sim/io/checkpoint).
  template <class Archive> void serialize(Archive& ar) {
    ar(parties_, choice_, demand_, potential_, entrants_, tea_tourism_owed_, lodging_, nearby_, homestay_households_,
       has_restaurants_, has_activities_, reputation_, crowding_, year_weight_sums_, start_visits_, land_bed_limit_,
       month_, last_months_, months_closed_, day_, parties_arrived_, persons_arrived_, lodging_result_);
  }
};

}  // namespace yucun
