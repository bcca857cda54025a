// One simulation run: the model's state (accounts, the parameters in force,
// today), its mechanisms in their own modules, the policy levers, and the
// daily schedule that advances them (schedule.cpp). It names no lever and no
// series: levers come from policies/levers.def, series from the modules' .def files.
#pragma once

#include <cstdint>
#include <span>
#include <stdexcept>
#include <vector>

#include "sim/core/calendar.hpp"
#include "sim/core/ledger.hpp"
#include "sim/core/random_streams.hpp"
#include "sim/core/series.hpp"
#include "sim/model/firms/firm_sector.hpp"
#include "sim/model/households/household_sector.hpp"
#include "sim/model/labour/labour_sector.hpp"
#include "sim/model/policies/lever_context.hpp"
#include "sim/model/policies/lever_set.hpp"
#include "sim/model/scenario.hpp"
#include "sim/model/shared/frame.hpp"
#include "sim/model/shared/in_force.hpp"
#include "sim/model/shared/series.hpp"
#include "sim/model/shared/today.hpp"
#include "sim/model/shared/village_accounts.hpp"
#include "sim/model/spin_up.hpp"
#include "sim/model/tea/tea_sector.hpp"
#include "sim/model/tourism/tourism_sector.hpp"

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
  // Builds the opening state and runs the spin-up (scenario.spin_up): the
  // new run stands at calendar.start, day 0 of the reported period.
  Simulation(const Scenario& scenario, RunIdentity identity);
  // Builds the opening state only, without the spin-up, to be overwritten by
  // a checkpoint's state (load() below; sim/io/checkpoint reads it).
  struct ForRestore {};
  Simulation(const Scenario& scenario, RunIdentity identity, ForRestore);
  // Mechanisms and levers hold references into the run: it stays where it was built.
  Simulation(const Simulation&) = delete;
  Simulation& operator=(const Simulation&) = delete;

  const Scenario& scenario() const { return scenario_; }
  const Calendar& calendar() const { return calendar_; }
  const RoadNetwork& roads() const { return in_force_.roads; }  // visitors' network
  const RoadNetwork& commuter_roads() const { return in_force_.commuter_roads; }
  const Households& households() const { return households_.households; }
  const Workers& workers() const { return households_.workers; }
  const PrivateEnterprises& enterprises() const { return households_.enterprises; }
  const Firms& firms() const { return firms_.firms; }
  const TouristParties& parties() const { return tourism_.parties(); }
  const LodgingBook& lodging() const { return tourism_.lodging(); }
  const DestinationChoice& destination_choice() const { return tourism_.destination_choice(); }
  const Ledger& ledger() const { return ledger_; }
  const InForce& in_force() const { return in_force_; }
  RunIdentity identity() const { return identity_; }
  // Days run before calendar.start, and the state's trace over them.
  int spin_up_days() const { return spin_up_days_; }
  const SpinUpTrace& spin_up_trace() const { return spin_up_trace_; }

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

  // The daily schedule, in ODD order (schedule.cpp). Daily phases are loops
  // over agent arrays that run in parallel where their writes are partitioned
  // (by household, party or village); phases that do not apply on a day
  // (picking outside the harvest, paying wages before the month's end)
  // return at once.
  struct Phase {
    const char* name;
    void (Simulation::*run)();
  };
  static const std::vector<Phase>& daily_phases();

  // Checkpoints: everything a later day depends on, between two days, so a
  // run restored from it continues exactly as the run that wrote it would
  // have (docs/reliability.md). What the scenario and the seed alone
  // determine (the calendar, the harvest windows, the random streams, the
  // parameters) is rebuilt by the constructor, not written; so a checkpoint
  // can be loaded into a run of another scenario that differs only in levers
  // that have not yet run (sim/io/checkpoint checks that).
  template <class Archive> void save(Archive& ar) const {
    ar(spin_up_days_, day_, ledger_, in_force_, accounts_, public_money_, today_, households_, tea_, firms_, labour_,
       tourism_, levers_, indicators_, spin_up_trace_);
  }
  template <class Archive> void load(Archive& ar) {
    ar(spin_up_days_, day_, ledger_, in_force_, accounts_, public_money_, today_, households_, tea_, firms_, labour_,
       tourism_, levers_, indicators_, spin_up_trace_);
    restored();
  }

 private:
  Simulation(const Scenario& scenario, RunIdentity identity, bool run_spin_up);
  // After load(): what is derived from the loaded state and not written
  // (the visitors' road network, today's harvest window).
  void restored();

  // The phases (schedule.cpp).
  void open_day();
  void apply_policies();
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

  void open_village_accounts();
  void run_day();

  Scenario scenario_;
  RunIdentity identity_;
  RandomStreams rng_;
  Calendar calendar_;
  Ledger ledger_;
  InForce in_force_;
  VillageAccounts accounts_;
  PublicMoneyToday public_money_;
  Today today_;
  Frame frame_;
  // Mechanisms, each owning its agents' columns; later ones read earlier ones.
  HouseholdSector households_;
  TeaSector tea_;
  FirmSector firms_;
  LabourSector labour_;
  TourismSector tourism_;
  // Policy levers and what they may act on.
  LeverContext lever_context_;
  LeverSet levers_;

  int spin_up_days_ = 0;
  int day_ = 0;  // days since calendar.start: negative in the spin-up
  DayIndicators indicators_;
  SpinUpTrace spin_up_trace_;
};

}  // namespace yucun
