#include "sim/engine/simulation.hpp"

#include <cmath>

#include <fmt/format.h>
#include <tbb/parallel_for.h>

namespace yucun {

namespace {
double total_tea_mu(const std::vector<VillageSpec>& villages) {
  double mu = 0;
  for (const auto& v : villages) mu += v.tea_area_mu;
  return mu;
}
}  // namespace

Simulation::Simulation(const Scenario& scenario, RunIdentity identity)
    : scenario_(scenario),
      identity_(identity),
      rng_(identity.seed, identity.run),
      calendar_(scenario.calendar),
      roads_(scenario.world.villages, scenario.world.roads),
      households_(build_households(scenario.world.villages, scenario.households, scenario.tea.picking,
                                   scenario.tea.yield, rng_, ledger_)),
      tea_season_(scenario.tea, calendar_.first_year(), calendar_.last_year(), scenario.world.villages.size(), rng_),
      indicators_(scenario.world.villages.size()) {
  calendar_.set_harvest_windows(tea_season_.windows());
  // Accounts after households: processors with their season's working
  // capital, and the outside economy (allowed to run negative) per village.
  for (const auto& village : scenario.world.villages) {
    const double capital_yuan = village.tea_area_mu * scenario.tea.processing.working_capital_yuan_per_mu;
    processors_.account.push_back(ledger_.open(AccountKind::tea_processor, std::llround(capital_yuan * kFenPerYuan)));
    outside_world_.push_back(ledger_.open(AccountKind::outside_world, 0));
  }
  picker_pool_ = static_cast<std::int64_t>(
      std::floor(total_tea_mu(scenario.world.villages) * scenario.tea.picking.migrant_pickers_per_mu));
}

const std::vector<Simulation::Phase>& Simulation::daily_phases() {
  static const std::vector<Phase> phases = {
      {"open_day", &Simulation::open_day},
      {"pick_tea", &Simulation::pick_tea},
      {"hire_pickers", &Simulation::hire_pickers},
      {"clear_tea_market", &Simulation::clear_tea_market},
      {"collect_series", &Simulation::collect_series},
      {"audit_money", &Simulation::audit_money},
  };
  return phases;
}

void Simulation::step() {
  if (finished()) throw std::logic_error("step() after the last day");
  for (const Phase& phase : daily_phases()) (this->*phase.run)();
  ++day_;
}

void Simulation::open_day() {
  indicators_.clear();
  const bool was_harvest = harvest_ != nullptr;
  harvest_ = calendar_.harvest_window_on(today());
  if (was_harvest && !harvest_) clear_picking(households_);  // harvest days overwrite it all
  tea_day_.assign(roads_.village_count(), VillageTeaDay{});
  pickers_ = PickerMarketResult{};
  market_ = TeaMarketDay{};
  if (!harvest_) return;
  day_in_window_ = today() - harvest_->first;
  tea_season_.fresh_kg_per_mu(today().year(), day_in_window_, fresh_kg_per_mu_);
  market_ = TeaMarketDay{tea_season_.leaf_price_fen_per_kg(day_in_window_),
                         tea_season_.dry_price_fen_per_kg(day_in_window_)};
}

void Simulation::pick_tea() {
  if (!harvest_) return;
  plan_picking(households_, HarvestDay{market_.leaf_price_fen_per_kg, &fresh_kg_per_mu_},
               scenario_.tea.picking);
}

void Simulation::hire_pickers() {
  if (!harvest_) return;
  pickers_ = yucun::hire_pickers(households_, picker_pool_, scenario_.tea.picking.hired_kg_per_day);
}

void Simulation::clear_tea_market() {
  if (!harvest_) return;
  yucun::clear_tea_market(households_, processors_, outside_world_, market_, scenario_.tea, ledger_, tea_day_);
}

void Simulation::collect_series() {
  DayIndicators& d = indicators_;
  const Date date = today();
  d.integer(Series::day_type) = static_cast<std::int64_t>(calendar_.day_type(date));
  d.integer(Series::harvest_day) = harvest_ ? 1 : 0;
  d.real(Series::leaf_price) = market_.leaf_price_fen_per_kg;
  d.real(Series::dry_tea_price) = market_.dry_price_fen_per_kg;
  d.integer(Series::migrant_pickers_wanted) = pickers_.wanted;
  d.integer(Series::migrant_pickers_available) = d.integer(Series::harvest_day) ? picker_pool_ : 0;
  d.integer(Series::migrant_pickers_hired) = pickers_.hired;
  // Per village: each village's sums run in household order, so real-valued
  // totals are the same whatever the thread count.
  tbb::parallel_for(std::size_t{0}, roads_.village_count(), [&](std::size_t v) {
    const VillageTeaDay& t = tea_day_[v];
    d.real(Series::fresh_leaf_available, v) = t.leaf_available_kg;
    d.real(Series::fresh_leaf_picked, v) = t.leaf_picked_kg;
    d.real(Series::fresh_leaf_to_traders, v) = t.leaf_to_traders_kg;
    d.real(Series::own_picker_days, v) = t.own_picker_days;
    d.integer(Series::hired_picker_days, v) = t.hired_picker_days;
    d.integer(Series::households_picking, v) = t.households_picking;
    d.integer(Series::leaf_sales, v) = t.leaf_sales_fen;
    d.integer(Series::picker_wages, v) = t.picker_wages_fen;
    d.real(Series::dry_tea_made, v) = t.dry_tea_kg;
    d.integer(Series::dry_tea_sales, v) = t.dry_tea_sales_fen;
    Fen deposits = 0;
    for (std::size_t i = households_.begin_of(v); i != households_.end_of(v); ++i)
      deposits += ledger_.balance(households_.account[i]);
    d.integer(Series::household_deposits, v) = deposits;
  });
}

void Simulation::audit_money() {
  const LedgerAudit audit = ledger_.audit();
  indicators_.integer(Series::money_residual) = audit.residual();
  indicators_.integer(Series::ledger_inconsistent_accounts) = audit.inconsistent_accounts;
  if (!audit.sound())
    throw ConservationError(fmt::format("money not conserved on {}: residual {} fen, {} inconsistent accounts",
                                        today().to_string(), audit.residual(), audit.inconsistent_accounts));
}

}  // namespace yucun
