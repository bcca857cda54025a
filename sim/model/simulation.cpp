// Building a run's starting state: the mechanisms in dependency order, the
// village accounts, homestays, firms and jobs.
#include "sim/model/simulation.hpp"

#include <chrono>
#include <cmath>

namespace yucun {

namespace {
VillageAccounts accounts_shell(const Scenario& s, const RoadNetwork& roads) {
  VillageAccounts a;
  a.gateway = roads.index_of(s.tourism.gateway).value_or(0);
  return a;
}

// The scenario with its calendar reaching back over the spin-up.
Scenario with_spin_up(Scenario s) {
  s.calendar.lead_days = spin_up_days(s.calendar.start, s.spin_up.years);
  return s;
}
}  // namespace

Simulation::Simulation(const Scenario& scenario, RunIdentity identity) : Simulation(scenario, identity, true) {}

Simulation::Simulation(const Scenario& scenario, RunIdentity identity, ForRestore)
    : Simulation(scenario, identity, false) {}

Simulation::Simulation(const Scenario& scenario, RunIdentity identity, bool run_spin_up)
    : scenario_(with_spin_up(scenario)),
      identity_(identity),
      rng_(identity.seed, identity.run),
      calendar_(scenario_.calendar),
      in_force_(scenario_.world, scenario_.tourism.parking_yuan, scenario_.collectives.payout_ratio),
      accounts_(accounts_shell(scenario_, in_force_.roads)),
      today_{},
      frame_{calendar_, rng_, today_, in_force_, ledger_, accounts_, public_money_},
      households_(scenario_.world, scenario_.households, scenario_.budgets, scenario_.collectives, scenario_.enterprises,
                  TeaSkillRanges{scenario_.tea.picking.own_kg_per_day_min, scenario_.tea.picking.own_kg_per_day_max,
                                 scenario_.tea.yield.plot_log_sd},
                  frame_),
      tea_(TeaSettings{scenario_.tea, scenario_.world, scenario_.outside, scenario_.events,
                       scenario_.tourism.tea_retail_markup},
           frame_, households_),
      firms_(scenario_.firms, scenario_.world, frame_, households_),
      labour_(LabourSettings{scenario_.labour, scenario_.tea, scenario_.world, scenario_.events,
                             scenario_.tourism.homestay_cost_share},
              frame_, households_, firms_),
      tourism_(TourismSettings{scenario_.tourism, scenario_.budgets, scenario_.firms, scenario_.world, scenario_.events},
               frame_, households_, firms_, tea_),
      lever_context_{frame_, scenario_.world, scenario_.tea, households_, firms_, labour_, tea_, tourism_},
      levers_(scenario_.policies),
      spin_up_days_(scenario_.calendar.lead_days),
      day_(-spin_up_days_),
      indicators_(kSeriesSpecs, scenario_.world.villages.size()),
      spin_up_trace_(0.0) {
  today_.day = day_;
  today_.date = calendar_.date_of(day_);
  today_.spin_up = day_ < 0;
  calendar_.set_harvest_windows(tea_.harvest_windows());
  open_village_accounts();
  tourism_.build_homestays();
  firms_.build_initial_firms();
  tourism_.refresh_bed_capacity();
  labour_.build_workers();
  double population = 0;
  for (std::size_t v = 0; v < households_.villages(); ++v) population += static_cast<double>(households_.village_population(v));
  spin_up_trace_ = SpinUpTrace(population);
  while (run_spin_up && day_ < 0) {
    run_day();
    spin_up_trace_.observe(indicators_, today_);
  }
}

// Per village, in this order: the processor with its season's working
// capital, the outside economy and the public purse (both may run negative),
// the collective with its opening cash.
void Simulation::open_village_accounts() {
  for (std::size_t v = 0; v < scenario_.world.villages.size(); ++v) {
    tea_.open_processor(v);
    accounts_.outside_world.push_back(ledger_.open(AccountKind::outside_world, 0));
    accounts_.government.push_back(ledger_.open(AccountKind::government, 0));
    const double cash = scenario_.world.villages[v].collective_assets_yuan * scenario_.collectives.opening_cash_share_of_assets;
    households_.collectives.account.push_back(ledger_.open(AccountKind::collective, std::llround(cash * kFenPerYuan)));
  }
}

void Simulation::restored() {
  if (in_force_.road_specs != scenario_.world.roads)
    in_force_.roads = RoadNetwork(scenario_.world.villages, in_force_.road_specs);
  today_.harvest = calendar_.harvest_window_on(today_.date);
}

void Simulation::run_day() {
  for (const Phase& phase : daily_phases()) (this->*phase.run)();
  ++day_;
}

void Simulation::step() {
  if (finished()) throw std::logic_error("step() after the last day");
  run_day();
}

void Simulation::step(std::span<double> phase_seconds) {
  if (finished()) throw std::logic_error("step() after the last day");
  const auto& phases = daily_phases();
  if (phase_seconds.size() < phases.size()) throw std::logic_error("step(): a time slot per phase is needed");
  for (std::size_t i = 0; i < phases.size(); ++i) {
    const auto start = std::chrono::steady_clock::now();
    (this->*phases[i].run)();
    phase_seconds[i] += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }
  ++day_;
}

}  // namespace yucun
