// One simulation run: the model state and the daily phases that advance it.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "sim/model/firms/firms.hpp"
#include "sim/model/households/households.hpp"
#include "sim/model/tourism/tourists.hpp"
#include "sim/model/households/workers.hpp"
#include "sim/model/households/income_book.hpp"
#include "sim/model/indicators.hpp"
#include "sim/core/ledger.hpp"
#include "sim/core/random_streams.hpp"
#include "sim/model/scenario.hpp"
#include "sim/model/tourism/destination_choice.hpp"
#include "sim/model/labour/labour_market.hpp"
#include "sim/model/tourism/lodging.hpp"
#include "sim/model/tea/picker_market.hpp"
#include "sim/model/tea/picking.hpp"
#include "sim/model/tea/tea_market.hpp"
#include "sim/model/tourism/tourism_market.hpp"
#include "sim/core/calendar.hpp"
#include "sim/world/road_network.hpp"

namespace yucun {

// Thrown when the daily audit finds money created or destroyed: a model bug,
// never a property of the input.
class ConservationError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Which run of a scenario this is: replicates share the scenario and differ in run.
struct RunIdentity {
  std::uint64_t seed = 1;
  std::uint32_t run = 0;
};

class Simulation {
 public:
  Simulation(const Scenario& scenario, RunIdentity identity);

  const Scenario& scenario() const { return scenario_; }
  const Calendar& calendar() const { return calendar_; }
  const RoadNetwork& roads() const { return roads_; }
  const Households& households() const { return households_; }
  const Workers& workers() const { return workers_; }
  const Firms& firms() const { return firms_; }
  const TouristParties& parties() const { return parties_; }
  const LodgingBook& lodging() const { return lodging_; }
  const DestinationChoice& destination_choice() const { return choice_; }
  const Ledger& ledger() const { return ledger_; }
  RunIdentity identity() const { return identity_; }

  int day_count() const { return calendar_.day_count(); }
  int days_done() const { return day_; }
  bool finished() const { return day_ >= day_count(); }
  Date today() const { return calendar_.date_of(day_); }

  // Runs the day's phases in order; afterwards indicators() holds the day's values.
  void step();
  // The same, adding each phase's wall-clock seconds to phase_seconds[i]
  // (phases in daily_phases() order): for benchmarks and profiles.
  void step(std::span<double> phase_seconds);
  const DayIndicators& indicators() const { return indicators_; }

  // The daily schedule, in order. Daily phases are loops over agent arrays
  // that run in parallel where their writes are partitioned (by household,
  // party or village); phases that do not apply on a day (picking outside
  // the harvest, paying wages before the month's end) return at once.
  struct Phase {
    const char* name;
    void (Simulation::*run)();
  };
  static const std::vector<Phase>& daily_phases();

 private:
  // Set-up (simulation_setup.cpp).
  void open_accounts();
  void build_homestays();
  void build_firms();
  void build_workers();
  // Daily phases (simulation.cpp).
  void open_day();
  // apply_policies (above) runs next.
  void choose_jobs();
  void pick_tea();
  void hire_pickers();
  void clear_tea_market();
  void arrive_tourists();
  void plan_itineraries();
  void allocate_lodging();
  void spend_and_pay();
  void update_reputation();
  void close_month();
  void close_year();
  void collect_series();
  void audit_money();
  // Monthly and yearly accounts (simulation_accounts.cpp).
  void pay_wages_and_transfers();
  void household_consumption();
  void settle_firms();
  void enter_firms();
  void pay_collective_dividends();
  void pay_cooperative_surplus();
  void invest_in_homestays();
  void update_income_statistics();
  // Policy levers (simulation_policies.cpp).
  struct ActiveLevers {
    bool brand = false, marketing = false, shuttle = false, greenway = false, revenue_sharing = false,
         homestays = false, fees = false, tea_certification = false, subsidies = false, talent = false,
         dividends = false, land_transfer = false;
  };
  void apply_policies();
  void rebuild_network(const ActiveLevers& now);
  void transfer_land(bool on);
  void run_tea_policies();
  void collect_shuttle_fares();
  void run_monthly_policies();
  void run_yearly_tea_policies();
  void run_talent_programme();
  void spend_public(Fen amount);
  bool lever_applies(const std::vector<std::string>& villages, std::size_t v) const;
  double bed_cap(std::size_t v) const;
  // Helpers.
  double event_multiplier(const std::string& kind, std::size_t village) const;
  double years_elapsed() const;
  double arrival_weight(Date d) const;
  JobOffers job_offers() const;
  std::vector<double> own_income_per_worker() const;
  void refresh_bed_capacity();
  void refresh_household_labour();
  void open_firm(FirmKind kind, std::uint32_t village, double capacity, std::int32_t owner_household);
  std::int64_t village_population(std::size_t v) const;
  std::int64_t enterprise_beds(std::size_t v) const;

  Scenario scenario_;
  RunIdentity identity_;
  RandomStreams rng_;
  Calendar calendar_;
  RoadNetwork roads_;
  Ledger ledger_;
  Households households_;
  TeaSeason tea_season_;
  TeaProcessors processors_;
  std::size_t villages_ = 0;
  std::vector<AccountId> outside_world_;  // per village: the rest of the world as seen from it
  std::vector<AccountId> government_;     // per village: the public purse
  std::vector<AccountId> collectives_;    // per village
  IncomeBook income_;
  Workers workers_;
  Firms firms_;
  FirmIndex firm_index_;
  std::vector<std::vector<std::uint32_t>> homestay_households_;  // per village
  TouristParties parties_;
  DestinationChoice choice_;
  LodgingBook lodging_;
  std::vector<std::vector<std::uint32_t>> nearby_;       // within the lodging radius
  std::vector<std::vector<std::uint32_t>> commute_area_; // within the commuting radius
  std::vector<std::uint8_t> has_activities_;
  std::size_t gateway_ = 0;
  std::int64_t picker_pool_ = 0;

  // Policy state: which levers run today, and what they change.
  ActiveLevers active_{};
  std::vector<VillageSpec> villages_now_;  // fees and bed prices in force
  TourismParams tourism_now_;              // parking fee in force
  double demand_multiplier_ = 1;
  std::vector<float> tea_mu_owned_;        // households' own tea land, leased or not
  std::vector<double> transferred_mu_;     // per village, leased to the cooperative
  std::vector<Fen> collective_income_month_;
  std::vector<Fen> revenue_shared_today_;
  std::int64_t shuttle_riders_today_ = 0;

  // Slowly moving state.
  std::vector<double> reputation_;
  std::vector<double> crowding_;          // yesterday's visitors over capacity
  std::vector<double> yesterday_visitors_;
  double local_wage_ = 0;
  std::vector<double> arrival_weight_sum_;  // per calendar year, for the seasonal profile
  std::vector<Fen> collective_income_year_, collective_costs_year_;
  std::vector<Fen> lodging_revenue_year_;
  std::vector<Fen> firm_profit_month_;    // per village and kind, last month
  std::vector<std::int64_t> firms_count_month_;
  double gini_ = 0;
  std::vector<double> income_per_capita_;  // per village, rolling year, yuan
  double rural_income_per_capita_ = 0;
  std::array<double, kDeciles> decile_share_{}, decile_per_capita_{};

  // The current day's state, reset by open_day.
  int day_ = 0;
  DayIndicators indicators_;
  const HarvestWindow* harvest_ = nullptr;
  int day_in_window_ = 0;
  bool month_end_ = false, year_end_ = false, quarter_start_ = false;
  std::vector<double> fresh_kg_per_mu_;
  std::vector<VillageTeaDay> tea_day_;
  PickerMarketResult pickers_{};
  TeaMarketDay market_{};
  std::vector<VillageTourismDay> tourism_day_;
  std::int64_t parties_arrived_ = 0, persons_arrived_ = 0;
  LodgingResult lodging_result_{};
  std::vector<Fen> collective_income_today_, dividends_today_;
  Fen public_spending_today_ = 0;
  Fen policy_spending_today_ = 0, policy_revenue_today_ = 0;
};

}  // namespace yucun
