// The daily schedule: each phase as the model description names it.
#include "sim/model/simulation.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

#include <fmt/format.h>
#include <tbb/parallel_for.h>

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

void Simulation::step() {
  if (finished()) throw std::logic_error("step() after the last day");
  for (const Phase& phase : daily_phases()) (this->*phase.run)();
  ++day_;
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

// Relative tourist demand of a day: its month, kind of day and school holidays.
double Simulation::arrival_weight(Date d) const {
  const TourismParams& t = scenario_.tourism;
  double w = t.month_weights[d.month() - 1];
  const DayType type = calendar_.day_type(d);
  if (type == DayType::public_holiday) w *= t.holiday_multiplier;
  else if (type == DayType::weekend) w *= t.weekend_multiplier;
  if (calendar_.is_summer_holiday(d)) w *= t.summer_multiplier;
  return w;
}

double Simulation::years_elapsed() const { return static_cast<double>(today() - calendar_.start()) / 365.25; }

// Today's product of the multipliers of events of a kind; `village` selects
// the events that name it (or none) where the kind applies per village.
double Simulation::event_multiplier(const std::string& kind, std::size_t village) const {
  double m = 1.0;
  const Date d = today();
  for (const EventSpec& e : scenario_.events) {
    if (e.kind != kind || d < e.start || d > e.end) continue;
    if (!e.village.empty() && e.village != scenario_.world.villages[village].name) continue;
    m *= e.multiplier;
  }
  return m;
}

void Simulation::open_day() {
  indicators_.clear();
  income_.start_day();
  // Last night has passed: bookings now start tonight. (Turning the book at
  // the start of the day keeps tonight's guests in view of month-end closures.)
  if (day_ > 0) lodging_.next_night();
  const Date date = today();
  const bool was_harvest = harvest_ != nullptr;
  harvest_ = calendar_.harvest_window_on(date);
  month_end_ = (date + 1).day() == 1;
  year_end_ = month_end_ && date.month() == 12;
  quarter_start_ = day_ > 0 && date.day() == 1 && (date.month() - 1) % 3 == 0;
  if (was_harvest && !harvest_) clear_picking(households_);  // harvest days overwrite it all
  tea_day_.assign(villages_, VillageTeaDay{});
  pickers_ = PickerMarketResult{};
  market_ = TeaMarketDay{};
  std::fill(collective_income_today_.begin(), collective_income_today_.end(), 0);
  std::fill(dividends_today_.begin(), dividends_today_.end(), 0);
  public_spending_today_ = 0;
  policy_spending_today_ = 0;
  policy_revenue_today_ = 0;
  parties_arrived_ = 0;
  persons_arrived_ = 0;
  lodging_result_ = LodgingResult{};
  std::fill(revenue_shared_today_.begin(), revenue_shared_today_.end(), 0);
  if (!harvest_) return;
  day_in_window_ = date - harvest_->first;
  tea_season_.fresh_kg_per_mu(date.year(), day_in_window_, fresh_kg_per_mu_);
  for (std::size_t v = 0; v < villages_; ++v) fresh_kg_per_mu_[v] *= event_multiplier("tea_yield", v);
  const double price_index = scenario_.outside.tea_price_index * event_multiplier("tea_price", gateway_);
  market_ = TeaMarketDay{tea_season_.leaf_price_fen_per_kg(day_in_window_) * price_index,
                         tea_season_.dry_price_fen_per_kg(day_in_window_) * price_index};
}

void Simulation::choose_jobs() {
  if (!quarter_start_) return;
  std::vector<double> commute(villages_);
  for (std::size_t v = 0; v < villages_; ++v) commute[v] = roads_.travel_minutes(v, gateway_);
  const LabourMarketResult r = yucun::choose_jobs(workers_, firms_, households_.village, own_income_per_worker(),
                                                  commute, scenario_.labour, job_offers(), day_, rng_, &commute_area_);
  // The local wage rises with unfilled vacancies and falls with applicants
  // no firm could take, relative to the jobs local firms offer.
  std::int64_t jobs = 0;
  for (std::size_t f = 0; f < firms_.size(); ++f)
    if (firms_.open[f]) jobs += firms_.staff_needed[f];
  const double gap = static_cast<double>((r.vacancies - r.hired) - r.turned_away) / std::max<double>(1.0, static_cast<double>(jobs));
  local_wage_ *= 1.0 + scenario_.labour.wage_adjustment * std::clamp(gap, -1.0, 1.0);
  refresh_household_labour();
}

void Simulation::pick_tea() {
  if (!harvest_) return;
  plan_picking(households_, HarvestDay{market_.leaf_price_fen_per_kg, &fresh_kg_per_mu_}, scenario_.tea.picking);
}

void Simulation::hire_pickers() {
  if (!harvest_) return;
  pickers_ = yucun::hire_pickers(households_, picker_pool_, scenario_.tea.picking.hired_kg_per_day);
}

void Simulation::clear_tea_market() {
  if (!harvest_) return;
  yucun::clear_tea_market(households_, processors_, outside_world_, market_, scenario_.tea,
                          scenario_.tourism.tea_retail_markup, ledger_, income_, tea_day_);
  run_tea_policies();
}

void Simulation::arrive_tourists() {
  const TourismParams& t = scenario_.tourism;
  const Date date = today();
  const double weight = arrival_weight(date);
  const DayType type = calendar_.day_type(date);
  const double year_sum = arrival_weight_sum_[static_cast<std::size_t>(date.year() - calendar_.first_year())];
  // Demand follows the area's reputation: the visit-weighted mean of villages'.
  double visits = 0, weighted = 0;
  for (std::size_t v = 0; v < villages_; ++v) {
    visits += yesterday_visitors_[v];
    weighted += yesterday_visitors_[v] * reputation_[v];
  }
  const double area_reputation = visits > 0 ? weighted / visits : 1.0;
  const double expected = t.annual_visitors * std::pow(1.0 + t.growth_per_year, years_elapsed()) * weight /
                          std::max(year_sum, 1e-12) * std::pow(area_reputation, t.reputation_elasticity) *
                          event_multiplier("tourist_demand", gateway_) * demand_multiplier_;
  const std::size_t before = parties_.size_count();
  parties_arrived_ = static_cast<std::int64_t>(yucun::arrive_tourists(
      parties_, ArrivalDay{day_, expected, type == DayType::public_holiday}, t, static_cast<std::int32_t>(gateway_), rng_));
  for (std::size_t p = before; p < parties_.size_count(); ++p) persons_arrived_ += parties_.size[p];
}

void Simulation::plan_itineraries() {
  yucun::plan_itineraries(parties_, day_, scenario_.tourism, choice_, roads_, rng_);
}

void Simulation::allocate_lodging() { lodging_result_ = yucun::allocate_lodging(parties_, lodging_, nearby_, day_, rng_); }

void Simulation::spend_and_pay() {
  tourist_spending(parties_, tourism_now_, villages_now_, has_activities_, processors_, tourism_day_);
  const TourismSellers sellers{&homestay_households_, &households_.homestay_beds, &households_.account, &firms_,
                               &firm_index_, &collectives_, &processors_.account, &outside_world_};
  pay_tourism_revenue(tourism_day_, scenario_.tourism, sellers, firms_, ledger_, income_);
  for (std::size_t v = 0; v < villages_; ++v) {
    const VillageTourismDay& t = tourism_day_[v];
    Fen to_collective = t.tickets + t.parking;
    if (firm_index_.of(v, FirmKind::restaurant).empty()) to_collective += t.food;
    if (firm_index_.of(v, FirmKind::activity).empty()) to_collective += t.activities;
    collective_income_today_[v] += to_collective;
    collective_income_year_[v] += to_collective;
    collective_income_month_[v] += to_collective;
    lodging_revenue_year_[v] += t.lodging;
  }
  collect_shuttle_fares();
}

// Phase `update_reputation`: satisfaction falls with crowding above a
// village's capacity and with fees; reputation is its exponentially weighted
// mean (starting at 1). Then
// parties at the end of their stay leave and the night passes.
void Simulation::update_reputation() {
  const TourismParams& t = scenario_.tourism;
  for (std::size_t v = 0; v < villages_; ++v) {
    const double visitors = static_cast<double>(tourism_day_[v].visitors);
    crowding_[v] = visitors / scenario_.world.villages[v].visitor_capacity;
    yesterday_visitors_[v] = visitors;
    if (visitors <= 0) continue;
    // Fees per visitor against what a visitor spends on food and activities.
    const double fees = villages_now_[v].ticket_yuan + tourism_now_.parking_yuan / t.mean_party_size;
    const double fee_share = fees / (fees + t.food_yuan + (has_activities_[v] ? t.activity_yuan : 0.0));
    double satisfaction = std::clamp(1.0 - t.crowding_dissatisfaction * std::max(0.0, crowding_[v] - 1.0) -
                                               t.fee_dissatisfaction * fee_share,
                                           0.0, 1.0);
    if (active_.homestays && lever_applies(scenario_.policies.homestays.villages, v))
      satisfaction = std::min(1.0, satisfaction + scenario_.policies.homestays.quality_satisfaction);
    reputation_[v] = (1.0 - t.reputation_memory) * reputation_[v] + t.reputation_memory * satisfaction;
    reputation_[v] = std::max(reputation_[v], 0.05);  // a village is never wholly shunned
  }
  end_of_day(parties_);
}

void Simulation::close_month() {
  if (!month_end_) return;
  pay_wages_and_transfers();
  run_monthly_policies();
  settle_firms();
  enter_firms();
  household_consumption();
}

void Simulation::close_year() {
  if (year_end_) {
    run_yearly_tea_policies();
    pay_cooperative_surplus();
    pay_collective_dividends();
    invest_in_homestays();
    run_talent_programme();
  }
  if (month_end_) {
    update_income_statistics();  // over the month just ended and the eleven before
    income_.close_month();
  }
  if (year_end_) {
    income_.close_year();
    std::fill(collective_income_year_.begin(), collective_income_year_.end(), 0);
    std::fill(collective_costs_year_.begin(), collective_costs_year_.end(), 0);
    std::fill(lodging_revenue_year_.begin(), lodging_revenue_year_.end(), 0);
  }
}

void Simulation::collect_series() {
  DayIndicators& d = indicators_;
  const Date date = today();
  d.integer(Series::day_type) = static_cast<std::int64_t>(calendar_.day_type(date));
  d.integer(Series::harvest_day) = harvest_ ? 1 : 0;
  d.real(Series::leaf_price) = market_.leaf_price_fen_per_kg;
  d.real(Series::dry_tea_price) = market_.dry_price_fen_per_kg;
  d.integer(Series::migrant_pickers_wanted) = pickers_.wanted;
  d.integer(Series::migrant_pickers_available) = harvest_ ? picker_pool_ : 0;
  d.integer(Series::migrant_pickers_hired) = pickers_.hired;
  d.integer(Series::parties_arrived) = parties_arrived_;
  d.integer(Series::persons_arrived) = persons_arrived_;
  d.integer(Series::parties_turned_away) = lodging_result_.parties_turned_away;
  d.real(Series::local_wage) = local_wage_;
  d.real(Series::gini) = gini_;
  d.real(Series::rural_income_per_capita) = rural_income_per_capita_;
  // Published urban incomes are yearly figures: the path steps once a year.
  const double urban = scenario_.outside.urban_income_yuan *
                       std::pow(1.0 + scenario_.outside.urban_income_growth, date.year() - calendar_.first_year());
  d.real(Series::urban_income_per_capita) = urban;
  d.real(Series::urban_rural_ratio) = rural_income_per_capita_ > 0 ? urban / rural_income_per_capita_ : 0.0;
  d.integer(Series::public_spending) = public_spending_today_;
  d.integer(Series::policy_spending) = policy_spending_today_;
  d.integer(Series::policy_revenue) = policy_revenue_today_;
  d.integer(Series::shuttle_riders) = shuttle_riders_today_;
  d.integer(Series::net_public_cost) = public_spending_today_ + policy_spending_today_ - policy_revenue_today_;
  for (std::size_t q = 0; q < kDeciles; ++q) {
    d.real(Series::income_decile_share, q) = decile_share_[q];
    d.real(Series::income_decile_per_capita, q) = decile_per_capita_[q];
  }

  std::vector<std::int64_t> firms_open(villages_, 0), homestays(villages_, 0);
  for (std::size_t f = 0; f < firms_.size(); ++f) {
    if (!firms_.open[f]) continue;
    ++firms_open[firms_.village[f]];
    if (firms_.kind[f] == FirmKind::homestay) ++homestays[firms_.village[f]];
  }

  // Per village: each village's sums run in household order, so real-valued
  // totals are the same whatever the thread count. Workers are grouped by
  // household and households by village, so a village's workers are one
  // range (integer counts, exact in any case).
  const auto village = [&](std::size_t v) {
    // Counted in registers (a count per state, not ++jobs[state], whose
    // stores would wait on each other).
    const std::size_t first_worker = workers_.household_begin[households_.begin_of(v)];
    const std::size_t end_worker = workers_.household_begin[households_.end_of(v)];
    const JobState* state = workers_.state.data();
    std::uint32_t local = 0, county = 0, migrant = 0;  // narrow: wider vector lanes
    for (std::size_t i = first_worker; i != end_worker; ++i) {
      local += state[i] == JobState::local_firm;
      county += state[i] == JobState::county_job;
      migrant += state[i] == JobState::migrant;
    }
    std::array<std::int64_t, kJobStates> jobs{};
    jobs[static_cast<std::size_t>(JobState::local_firm)] = local;
    jobs[static_cast<std::size_t>(JobState::county_job)] = county;
    jobs[static_cast<std::size_t>(JobState::migrant)] = migrant;
    jobs[static_cast<std::size_t>(JobState::own_business)] =
        static_cast<std::int64_t>(end_worker - first_worker) - std::int64_t{local} - county - migrant;
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
    const VillageTourismDay& s = tourism_day_[v];
    d.real(Series::tea_sold_to_visitors, v) = s.tea_kg;
    d.integer(Series::visitors, v) = s.visitors;
    d.integer(Series::overnight_guests, v) = s.overnight_guests;
    d.integer(Series::beds, v) = lodging_.capacity(v);
    d.real(Series::bed_occupancy, v) =
        lodging_.capacity(v) > 0 ? static_cast<double>(s.overnight_guests) / static_cast<double>(lodging_.capacity(v)) : 0.0;
    d.real(Series::reputation, v) = reputation_[v];
    d.integer(Series::revenue_lodging, v) = s.lodging;
    d.integer(Series::revenue_food, v) = s.food;
    d.integer(Series::revenue_activities, v) = s.activities;
    d.integer(Series::revenue_tickets, v) = s.tickets;
    d.integer(Series::revenue_parking, v) = s.parking;
    d.integer(Series::revenue_tea, v) = s.tea;
    d.integer(Series::homestays_open, v) = homestays[v] + static_cast<std::int64_t>(homestay_households_[v].size());
    d.integer(Series::firms_open, v) = firms_open[v];
    d.integer(Series::workers_own_business, v) = jobs[static_cast<std::size_t>(JobState::own_business)];
    d.integer(Series::workers_local_firm, v) = jobs[static_cast<std::size_t>(JobState::local_firm)];
    d.integer(Series::workers_county_job, v) = jobs[static_cast<std::size_t>(JobState::county_job)];
    d.integer(Series::migrants_away, v) = jobs[static_cast<std::size_t>(JobState::migrant)];
    d.integer(Series::income_tea, v) = income_.today(v, IncomeSource::tea);
    d.integer(Series::income_homestay, v) = income_.today(v, IncomeSource::homestay);
    d.integer(Series::income_wage, v) = income_.today(v, IncomeSource::wage);
    d.integer(Series::income_business, v) = income_.today(v, IncomeSource::business);
    d.integer(Series::income_dividend, v) = income_.today(v, IncomeSource::dividend);
    d.integer(Series::income_transfer, v) = income_.today(v, IncomeSource::transfer);
    d.integer(Series::income_remittance, v) = income_.today(v, IncomeSource::remittance);
    d.real(Series::village_income_per_capita, v) = income_per_capita_[v];
    d.integer(Series::collective_income, v) = collective_income_today_[v];
    d.integer(Series::collective_dividends, v) = dividends_today_[v];
    d.integer(Series::revenue_shared, v) = revenue_shared_today_[v];
    Fen deposits = 0;
    for (std::size_t i = households_.begin_of(v); i != households_.end_of(v); ++i)
      deposits += ledger_.balance(households_.account[i]);
    d.integer(Series::household_deposits, v) = deposits;
  };
  // Tasks of about 4,096 households: a small world is not split finer than pays.
  const std::size_t grain = std::max<std::size_t>(1, villages_ * 4096 / std::max<std::size_t>(1, households_.size()));
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, villages_, grain), [&](const tbb::blocked_range<std::size_t>& r) {
    for (std::size_t v = r.begin(); v != r.end(); ++v) village(v);
  });

  std::int64_t visitors = 0, core = 0;
  Fen revenue = 0;
  for (std::size_t v = 0; v < villages_; ++v) {
    visitors += tourism_day_[v].visitors;
    revenue += tourism_day_[v].revenue();
  }
  core = tourism_day_.empty() ? 0 : tourism_day_[gateway_].visitors;
  d.integer(Series::visitors_total) = visitors;
  d.real(Series::visitors_outside_core_share) =
      visitors > 0 ? static_cast<double>(visitors - core) / static_cast<double>(visitors) : 0.0;
  d.integer(Series::tourism_revenue_total) = revenue;
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
