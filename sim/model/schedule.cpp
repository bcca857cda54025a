// The daily schedule, in the order of the model description (docs/ODD.md,
// section 3): each phase says which mechanism acts and where the policy
// levers hook in. This is the one place that orders the day.
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "sim/model/simulation.hpp"

namespace yucun {

const std::vector<Simulation::Phase>& Simulation::daily_phases() {
  static const std::vector<Phase> phases = {
      {"open_day", &Simulation::open_day},
      {"apply_policies", &Simulation::apply_policies},
      {"choose_jobs", &Simulation::choose_jobs},
      {"pick_tea", &Simulation::pick_tea},
      {"hire_pickers", &Simulation::hire_pickers},
      {"clear_tea_market", &Simulation::clear_tea_market},
      {"arrive_tourists", &Simulation::arrive_tourists},
      {"plan_itineraries", &Simulation::plan_itineraries},
      {"allocate_lodging", &Simulation::allocate_lodging},
      {"spend_and_pay", &Simulation::spend_and_pay},
      {"update_reputation", &Simulation::update_reputation},
      {"close_month", &Simulation::close_month},
      {"close_year", &Simulation::close_year},
      {"collect_series", &Simulation::collect_series},
      {"audit_money", &Simulation::audit_money},
  };
  return phases;
}

// Today's date and calendar turns; every mechanism's day starts empty.
void Simulation::open_day() {
  indicators_.clear();
  const Date date = calendar_.date_of(day_);
  const bool was_harvest = today_.harvest != nullptr;
  today_.day = day_;
  today_.days_run = day_ + spin_up_days_;
  today_.spin_up = day_ < 0;
  today_.date = date;
  today_.harvest = calendar_.harvest_window_on(date);
  today_.harvest_ended = was_harvest && !today_.harvest;
  today_.month_end = (date + 1).day() == 1;
  today_.year_end = today_.month_end && date.month() == 12;
  today_.quarter_start = today_.days_run > 0 && date.day() == 1 && (date.month() - 1) % 3 == 0;
  if (today_.harvest) today_.day_in_window = date - today_.harvest->first;
  today_.price_level = price_level(scenario_.outside, calendar_.start(), date);
  public_money_ = PublicMoneyToday{};
  households_.start_day();
  tourism_.start_day();
  tea_.start_day();
  levers_.start_day(lever_context_);
}

// Levers whose window opens or closes today change the parameters in force
// and pay their running costs; the destination tables are then rebuilt from
// attractiveness, reputation and crowding.
void Simulation::apply_policies() {
  const LeverSet::Changes changes = levers_.apply(scenario_.policies, in_force_, lever_context_);
  if (changes.roads) {
    in_force_.roads = RoadNetwork(scenario_.world.villages, in_force_.road_specs);
    tourism_.network_changed();  // commuters' network never changes (InForce::commuter_roads)
  }
  if (changes.attractiveness) tourism_.attractiveness_changed();
  tourism_.update_destination_tables();
}

void Simulation::choose_jobs() { labour_.choose_jobs(); }
void Simulation::pick_tea() { tea_.pick_tea(); }
void Simulation::hire_pickers() { tea_.hire_pickers(); }

// The tea market clears; levers then act on the day's tea (cooperatives'
// harvest of leased land, then certified prices).
void Simulation::clear_tea_market() {
  tea_.clear_tea_market();
  levers_.after_tea_market(lever_context_);
  levers_.price_tea_sales(lever_context_);
}

void Simulation::arrive_tourists() { tourism_.arrive_tourists(); }
void Simulation::plan_itineraries() { tourism_.plan_itineraries(); }
void Simulation::allocate_lodging() { tourism_.allocate_lodging(); }

void Simulation::spend_and_pay() {
  tourism_.spend_and_pay();
  levers_.after_spending(lever_context_);
}

void Simulation::update_reputation() { tourism_.update_reputation(); }

// Month end: wages, transfers and services; the levers' monthly payments;
// the collectives' asset returns and grants; the cooperatives' month of tea
// tourism to their farmers;
// firms' books, exits and entries; then consumption out of the month's income.
void Simulation::close_month() {
  if (!today_.month_end) return;
  labour_.pay_wages();
  households_.pay_transfers();
  households_.pay_interest();
  households_.pay_enterprise_profits();
  households_.pay_collective_services();
  levers_.month_end(lever_context_);
  // After the levers: revenue sharing shares the month's visitor fees, not
  // the collectives' asset returns.
  households_.collect_asset_returns_and_grants();
  Collectives& collectives = households_.collectives;
  std::fill(collectives.income_month.begin(), collectives.income_month.end(), 0);
  const FirmChanges settled = firms_.settle(tourism_.bed_book());
  if (settled.staff_released) labour_.refresh_household_labour();
  if (settled.beds_changed) tourism_.refresh_bed_capacity();
  const FirmChanges entered = firms_.enter(tourism_.bed_book());
  if (entered.beds_changed) tourism_.refresh_bed_capacity();
  tourism_.settle_tea_tourism();
  households_.consume();
}

// Year end: levers' yearly payments, the cooperatives' surplus, dividends;
// at every month end homestay investment; at year end the talent programme;
// at every month end the income statistics over the month just ended and the
// eleven before, then the books turn.
void Simulation::close_year() {
  if (today_.year_end) {
    levers_.year_end_before_payouts(lever_context_);
    tea_.pay_cooperative_surplus();
    households_.pay_collective_dividends();
    households_.invest_collective_savings();
  }
  if (today_.month_end) tourism_.invest_in_homestays();
  if (today_.year_end) levers_.year_end_after_investment(lever_context_);
  if (today_.month_end) {
    households_.update_income_statistics();
    households_.close_month(today_.year_end);
  }
}

void Simulation::collect_series() {
  DayIndicators& d = indicators_;
  d.integer(series::day_type) = static_cast<std::int64_t>(calendar_.day_type(today_.date));
  tea_.record(d);
  tourism_.record(d);
  firms_.record(d);
  labour_.record(d);
  households_.record(d);
  levers_.record(d);
  // Urban income over the past twelve months, as the rural figure: the mean
  // of a continuous path whose calendar-year means are the published yearly
  // figures (so no step on 1 January; on 31 December the year's figure).
  const double urban = urban_income_past_year(scenario_.outside, calendar_.start(), today_.date);
  const double rural = households_.rural_income_per_capita();
  d.real(series::urban_income_per_capita) = urban;
  d.real(series::urban_rural_ratio) = rural > 0 ? urban / rural : std::numeric_limits<double>::quiet_NaN();  // NaN: rural income not yet known
  d.integer(series::policy_spending) = public_money_.policy_spending;
  d.integer(series::policy_revenue) = public_money_.policy_revenue;
  d.integer(series::net_public_cost) = public_money_.net_cost();
}

void Simulation::audit_money() {
  const LedgerAudit audit = ledger_.audit();
  indicators_.integer(series::money_residual) = audit.residual();
  indicators_.integer(series::ledger_inconsistent_accounts) = audit.inconsistent_accounts;
  if (!audit.sound())
    throw ConservationError(fmt::format("money not conserved on {}: residual {} fen, {} inconsistent accounts",
                                        today_.date.to_string(), audit.residual(), audit.inconsistent_accounts));
}

}  // namespace yucun
