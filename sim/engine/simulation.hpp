// One simulation run: the model state and the daily phases that advance it.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "sim/agents/households.hpp"
#include "sim/engine/indicators.hpp"
#include "sim/engine/ledger.hpp"
#include "sim/engine/random_streams.hpp"
#include "sim/engine/scenario.hpp"
#include "sim/markets/picker_market.hpp"
#include "sim/markets/tea_market.hpp"
#include "sim/world/calendar.hpp"
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
  const Ledger& ledger() const { return ledger_; }
  RunIdentity identity() const { return identity_; }

  int day_count() const { return calendar_.day_count(); }
  int days_done() const { return day_; }
  bool finished() const { return day_ >= day_count(); }
  Date today() const { return calendar_.date_of(day_); }

  // Runs the day's phases in order; afterwards indicators() holds the day's values.
  void step();
  const DayIndicators& indicators() const { return indicators_; }

  // The daily schedule, in order. Each phase is a loop over agent arrays that
  // runs in parallel where its writes are partitioned (by household or by
  // village); phases that do not apply on a day (picking outside the harvest)
  // return at once.
  struct Phase {
    const char* name;
    void (Simulation::*run)();
  };
  static const std::vector<Phase>& daily_phases();

 private:
  void open_day();
  void pick_tea();
  void hire_pickers();
  void clear_tea_market();
  void collect_series();
  void audit_money();

  Scenario scenario_;
  RunIdentity identity_;
  RandomStreams rng_;
  Calendar calendar_;
  RoadNetwork roads_;
  Ledger ledger_;
  Households households_;
  TeaSeason tea_season_;
  TeaProcessors processors_;
  std::vector<AccountId> outside_world_;  // per village
  std::int64_t picker_pool_ = 0;

  int day_ = 0;
  DayIndicators indicators_;
  // The current day's state, reset by open_day.
  const HarvestWindow* harvest_ = nullptr;
  int day_in_window_ = 0;
  std::vector<double> fresh_kg_per_mu_;
  std::vector<VillageTeaDay> tea_day_;
  PickerMarketResult pickers_{};
  TeaMarketDay market_{};
};

}  // namespace yucun
