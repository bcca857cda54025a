#include "sim/model/tourism/tourism_sector.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace yucun {

namespace {
constexpr std::uint64_t kSetupDay = 0;
// Counter days of the start-demand rehearsal's draws: far from any run's days
// (0 up, and the spin-up's negative days as unsigned), so no run draw is reused.
constexpr std::uint64_t kRehearsalDay = std::uint64_t{1} << 39;
constexpr std::size_t kRehearsalParties = 20000;
constexpr int kMonthsRemembered = 12;

std::vector<double> attractiveness_of(const std::vector<VillageSpec>& villages) {
  std::vector<double> out;
  for (const auto& v : villages) out.push_back(v.attractiveness);
  return out;
}

// The tea-culture segment's extra pull towards villages with much tea.
std::vector<std::vector<double>> interest_bonus(const TourismParams& t, const WorldParams& world) {
  std::vector<double> tea;
  for (const auto& v : world.villages) tea.push_back(t.tea_interest_pull * std::log1p(v.tea_area_mu / 1000.0));
  return {tea};
}
}  // namespace

TourismSector::TourismSector(const TourismSettings& settings, const Frame& frame, HouseholdSector& households,
                             FirmSector& firms, TeaSector& tea)
    : frame_(frame),
      settings_(settings),
      households_(households),
      firms_(firms),
      tea_(tea),
      choice_(frame.in_force.roads, attractiveness_of(settings.world.villages),
              interest_bonus(settings.tourism, settings.world)),
      demand_(settings.tourism, settings.world, frame.accounts.gateway),
      lodging_(settings.world.villages.size()) {
  entrants_.assign(demand_.count(), 0.0);
  tea_tourism_owed_.assign(settings.world.villages.size(), 0);
  const std::size_t n = settings.world.villages.size();
  crowding_.assign(n, 0.0);
  auto empty_months = [n] { return LodgingMonths{std::vector<double>(n, 0.0), std::vector<std::int64_t>(n, 0),
                                                 std::vector<std::int64_t>(n, 0)}; };
  month_ = empty_months();
  last_months_.assign(kMonthsRemembered, empty_months());
  const double per_household = settings.tourism.max_homestay_beds_per_household;
  for (const VillageSpec& v : settings.world.villages)
    land_bed_limit_.push_back(std::max(static_cast<double>(v.homestay_beds), per_household * v.households));
  network_changed();
  expect_start_demand();
}

// The seasonal profile is normalised over each whole calendar year, so that
// a year's expected arrivals equal the annual volume.
double TourismSector::year_weight_sum(int year) {
  for (const auto& [y, sum] : year_weight_sums_)
    if (y == year) return sum;
  double sum = 0;
  for (Date d = Date::from_ymd(year, 1, 1); d.year() == year; d = d + 1) sum += arrival_weight(d);
  year_weight_sums_.emplace_back(year, sum);
  return sum;
}

// The start year as the run expects it before its first day. Month by
// month, sample parties enter at the attractions in season and tour the
// villages; this gives each village's visits per arriving person. The
// outside option's utility V0 is set so that, over the start year, the
// share of potential visitors who come is area_share, and the potential
// market so that the start year's arrivals are annual_visitors. The
// reputation rule is then run over a year of that demand to the value it
// settles at (twice: the tables follow the first round's reputation).
void TourismSector::expect_start_demand() {
  const TourismParams& t = settings_.tourism;
  const std::vector<VillageSpec>& villages = settings_.world.villages;
  const std::size_t n = villages.size();
  std::vector<std::uint8_t> operators(n, 0);
  std::vector<ReputationInputs> inputs(n);
  for (std::size_t v = 0; v < n; ++v) {
    operators[v] = villages[v].activity_operators > 0 ? 1 : 0;
    const double fees = frame_.in_force.ticket_yuan[v] + frame_.in_force.parking_yuan / t.mean_party_size;
    const double fee_share = fees / (fees + t.food_yuan + (operators[v] ? t.activity_yuan : 0.0));
    const double calm = std::clamp(1.0 - t.fee_dissatisfaction * fee_share, 0.0, 1.0);
    inputs[v] = ReputationInputs{villages[v].visitor_capacity, std::min(1.0, calm + frame_.in_force.satisfaction_bonus[v])};
  }
  // The start year's day weights, by month, and its public holidays' share.
  const Date start = frame_.calendar.start();
  std::vector<double> weights;  // per day of the start year
  std::array<double, 12> month_weight{}, month_holiday{};
  for (Date d = start; d < start + 365; d = d + 1) {
    const double w = arrival_weight(d) / std::max(year_weight_sum(d.year()), 1e-12);
    weights.push_back(w);
    month_weight[static_cast<std::size_t>(d.month() - 1)] += w;
    if (frame_.calendar.day_type(d) == DayType::public_holiday) month_holiday[static_cast<std::size_t>(d.month() - 1)] += w;
  }
  reputation_.resize(n);
  for (std::size_t v = 0; v < n; ++v) reputation_[v] = inputs[v].calm_satisfaction;
  const std::size_t per_month = std::max<std::size_t>(kRehearsalParties / 12, 200);
  const std::vector<double> calm(demand_.count(), 0.0);
  std::vector<double> persons(weights.size());
  for (int round = 0; round < 2; ++round) {
    choice_.update(t, reputation_, crowding_);
    // V0 from the day-weighted mean inclusive value of the general segment.
    std::array<double, 12> come{};
    double iv_weighted = 0, open_weight = 0;
    for (int m = 1; m <= 12; ++m) {
      demand_.update(t, m, frame_.in_force, reputation_, calm);
      const double iv = demand_.inclusive_value(0);
      if (std::isfinite(iv) && month_weight[static_cast<std::size_t>(m - 1)] > 0) {
        iv_weighted += month_weight[static_cast<std::size_t>(m - 1)] * iv;
        open_weight += month_weight[static_cast<std::size_t>(m - 1)];
      }
    }
    const double v0 = (open_weight > 0 ? iv_weighted / open_weight : 0.0) + std::log((1.0 - t.area_share) / t.area_share);
    demand_.set_outside_utility(v0);
    // Month by month: who comes, where they enter, where they go.
    VisitProfile year{std::vector<double>(n, 0.0), std::vector<double>(n, 0.0), std::vector<double>(n, 0.0),
                      std::vector<double>(n, 0.0)};
    double year_come = 0;
    for (int m = 1; m <= 12; ++m) {
      const auto k = static_cast<std::size_t>(m - 1);
      demand_.update(t, m, frame_.in_force, reputation_, calm);
      come[k] = demand_.come_share();
      const double share = month_weight[k] * come[k];
      year_come += share;
      if (share <= 0) continue;
      const double holiday_share = month_holiday[k] / month_weight[k];
      const auto day = kRehearsalDay + 64 * static_cast<std::uint64_t>(m);
      const VisitProfile ordinary =
          rehearse_visits(t, choice_, frame_.in_force.roads, operators, demand_, frame_.rng, day, false, per_month);
      const VisitProfile holiday =
          rehearse_visits(t, choice_, frame_.in_force.roads, operators, demand_, frame_.rng, day + 16, true, per_month);
      auto add = [&](std::vector<double>& to, const std::vector<double>& a, const std::vector<double>& b) {
        for (std::size_t v = 0; v < n; ++v) to[v] += share * ((1.0 - holiday_share) * a[v] + holiday_share * b[v]);
      };
      add(year.visits, ordinary.visits, holiday.visits);
      add(year.food_yuan, ordinary.food_yuan, holiday.food_yuan);
      add(year.activity_yuan, ordinary.activity_yuan, holiday.activity_yuan);
      add(year.guest_nights, ordinary.guest_nights, holiday.guest_nights);
    }
    if (year_come > 0)
      for (auto* series : {&year.visits, &year.food_yuan, &year.activity_yuan, &year.guest_nights})
        for (double& x : *series) x /= year_come;
    start_visits_ = std::move(year);
    // The potential market that brings annual_visitors in the start year.
    potential_ = year_come > 0 ? t.annual_visitors / year_come : 0.0;
    std::size_t i = 0;
    for (Date d = start; d < start + 365; d = d + 1, ++i)
      persons[i] = potential_ * weights[i] * come[static_cast<std::size_t>(d.month() - 1)];
    reputation_ = settled_reputation(t, persons, start_visits_.visits, inputs);
  }
  // What the start year's visitors spend, for the initial firms.
  double year_persons = 0;
  for (const double p : persons) year_persons += p;
  StartTakings takings;
  for (std::size_t v = 0; v < n; ++v) {
    takings.visits.push_back(year_persons * start_visits_.visits[v]);
    takings.food_yuan.push_back(year_persons * start_visits_.food_yuan[v]);
    takings.activity_yuan.push_back(year_persons * start_visits_.activity_yuan[v]);
    takings.lodging_yuan.push_back(year_persons * start_visits_.guest_nights[v] * frame_.in_force.bed_price_yuan[v]);
  }
  // The lodging record starts as twelve months of the start year's expected
  // lodging, so households judge their first months by it (at the run's beds).
  for (LodgingMonths& m : last_months_)
    for (std::size_t v = 0; v < n; ++v) {
      m.takings_yuan[v] = takings.lodging_yuan[v] / kMonthsRemembered;
      m.guest_nights[v] = std::llround(year_persons * start_visits_.guest_nights[v] / kMonthsRemembered);
      m.bed_nights[v] = std::llround(static_cast<double>(villages[v].homestay_beds) * 365.0 / kMonthsRemembered);
    }
  firms_.expect_start_takings(std::move(takings));
}

void TourismSector::network_changed() {
  nearby_ = nearby_villages(frame_.in_force.roads, settings_.tourism.lodging_radius_minutes);
}

void TourismSector::attractiveness_changed() { choice_.set_attractiveness(frame_.in_force.attractiveness); }

// Relative tourist demand of a day: its month, kind of day and school holidays.
double TourismSector::arrival_weight(Date d) const {
  const TourismParams& t = settings_.tourism;
  double w = t.month_weights[d.month() - 1];
  const DayType type = frame_.calendar.day_type(d);
  if (type == DayType::public_holiday) w *= t.holiday_multiplier;
  else if (type == DayType::weekend) w *= t.weekend_multiplier;
  if (frame_.calendar.is_summer_holiday(d)) w *= t.summer_multiplier;
  return w;
}

void TourismSector::build_homestays() {
  Households& households = households_.households;
  const std::size_t villages = settings_.world.villages.size();
  homestay_households_.assign(villages, {});
  for (std::size_t v = 0; v < villages; ++v) {
    const std::int64_t total = settings_.world.villages[v].homestay_beds;
    std::int64_t left = total - firms_.enterprise_beds(v);
    std::vector<std::pair<std::uint64_t, std::uint32_t>> order;
    for (std::size_t i = households.begin_of(v); i != households.end_of(v); ++i)
      order.emplace_back(frame_.rng.draw(Stream::firms, kSetupDay, i, Purpose::homestay_owner).word(0), static_cast<std::uint32_t>(i));
    std::sort(order.begin(), order.end());
    const auto block = static_cast<std::int64_t>(std::llround(settings_.firms.beds_per_household_homestay));
    for (const auto& [priority, i] : order) {
      if (left <= 0) break;
      const std::int64_t beds = std::min(block, left);
      households.homestay_beds[i] = static_cast<std::int32_t>(beds);
      homestay_households_[v].push_back(i);
      left -= beds;
    }
    // Villages with more beds than households' blocks can hold give the rest
    // to the hosts already chosen.
    for (std::size_t k = 0; left > 0 && !homestay_households_[v].empty(); k = (k + 1) % homestay_households_[v].size()) {
      const std::int64_t extra = std::min(block, left);
      households.homestay_beds[homestay_households_[v][k]] += static_cast<std::int32_t>(extra);
      left -= extra;
    }
    std::sort(homestay_households_[v].begin(), homestay_households_[v].end());
  }
}

void TourismSector::refresh_bed_capacity() {
  const std::size_t villages = settings_.world.villages.size();
  const Firms& firms = firms_.firms;
  refresh_sellers();
  for (std::size_t v = 0; v < villages; ++v) {
    std::int64_t beds = 0, closing = 0;
    for (auto h : homestay_households_[v]) beds += households_.households.homestay_beds[h];
    for (auto f : firms_.index.of(v, FirmKind::homestay)) {
      const auto firm_beds = static_cast<std::int64_t>(std::llround(firms.capacity[f]));
      beds += firm_beds;
      if (firms.closing[f]) closing += firm_beds;
    }
    lodging_.set_capacity(v, beds, beds - closing);
  }
}

void TourismSector::refresh_sellers() {
  const std::size_t villages = settings_.world.villages.size();
  has_restaurants_.assign(villages, 0);
  has_activities_.assign(villages, 0);
  for (std::size_t v = 0; v < villages; ++v) {
    has_restaurants_[v] = firms_.index.of(v, FirmKind::restaurant).empty() ? 0 : 1;
    has_activities_[v] = firms_.index.of(v, FirmKind::activity).empty() ? 0 : 1;
  }
}

BedBook TourismSector::bed_book() const {
  BedBook book;
  for (std::size_t v = 0; v < settings_.world.villages.size(); ++v) {
    book.capacity.push_back(lodging_.capacity(v));
    book.booked_peak.push_back(lodging_.booked_peak(v));
    book.limit.push_back(bed_limit(v));
  }
  return book;
}

void TourismSector::start_day() {
  // Last night has passed: bookings now start tonight. (Turning the book at
  // the start of the day keeps tonight's guests in view of month-end closures.)
  if (frame_.today.days_run > 0) lodging_.next_night();
  parties_arrived_ = 0;
  persons_arrived_ = 0;
  lodging_result_ = LodgingResult{};
}

void TourismSector::update_destination_tables() { choice_.update(settings_.tourism, reputation_, crowding_); }

void TourismSector::update_area_demand(Date d) {
  demand_.update(settings_.tourism, d.month(), frame_.in_force, reputation_, entrants_);
}

// Potential visitors of the day (the start year's potential market, grown
// along the demand path, spread by the day's weight); the share who come
// follows the area's draw today (AreaDemand). Reputation, prices, crowding
// and marketing act through that share.
void TourismSector::arrive_tourists() {
  const TourismParams& t = settings_.tourism;
  const Date date = frame_.today.date;
  const DayType type = frame_.calendar.day_type(date);
  update_area_demand(date);
  const double growth = demand_growth_factor(frame_.today.years_elapsed(frame_.calendar.start()), t.growth_per_year,
                                             t.demand_ceiling_ratio);
  const double expected = potential_ * growth * arrival_weight(date) / std::max(year_weight_sum(date.year()), 1e-12) *
                          demand_.come_share() *
                          event_multiplier(settings_.events, EventKind::tourist_demand, date,
                                           settings_.world.villages[frame_.accounts.gateway].name);
  const std::size_t before = parties_.size_count();
  parties_arrived_ = static_cast<std::int64_t>(
      yucun::arrive_tourists(parties_, ArrivalDay{frame_.today.day, expected, type == DayType::public_holiday}, t,
                             demand_, frame_.rng));
  std::fill(entrants_.begin(), entrants_.end(), 0.0);
  for (std::size_t p = before; p < parties_.size_count(); ++p) {
    persons_arrived_ += parties_.size[p];
    entrants_[static_cast<std::size_t>(parties_.entry[p])] += parties_.size[p];
  }
}

void TourismSector::plan_itineraries() {
  yucun::plan_itineraries(parties_, frame_.today.day, settings_.tourism, choice_, frame_.in_force.roads, frame_.rng,
                          &demand_);
}

void TourismSector::allocate_lodging() {
  lodging_result_ = yucun::allocate_lodging(parties_, lodging_, nearby_, frame_.today.day, frame_.rng);
}

void TourismSector::spend_and_pay() {
  TeaProcessors& processors = tea_.processors();
  refresh_sellers();
  tourist_spending(parties_, settings_.tourism, frame_.in_force, has_restaurants_, has_activities_, processors, day_,
                   frame_.today.price_level, &demand_);
  Households& households = households_.households;
  const TourismSellers sellers{&homestay_households_, &households.homestay_beds, &households.account, &firms_.firms,
                               &firms_.index, &households_.collectives.account, &processors.account,
                               &frame_.accounts.outside_world};
  pay_tourism_revenue(day_, settings_.tourism, sellers, firms_.firms, frame_.ledger, households_.income);
  for (std::size_t v = 0; v < settings_.world.villages.size(); ++v) {
    const VillageTourismDay& t = day_[v];
    households_.collectives.book_income(v, t.tickets + t.parking + t.attraction_collective);
    tea_tourism_owed_[v] += t.tea_tourism_income();
    month_.takings_yuan[v] += static_cast<double>(t.lodging) / kFenPerYuan / frame_.today.price_level;
    month_.guest_nights[v] += t.overnight_guests;
    month_.bed_nights[v] += lodging_.capacity(v);
  }
}

// Satisfaction falls with crowding above a village's capacity and with fees;
// reputation is its exponentially weighted mean (starting where the start
// year's demand would have settled it, expect_start_demand). Then parties
// at the end of their stay leave and the night passes.
void TourismSector::update_reputation() {
  const TourismParams& t = settings_.tourism;
  for (std::size_t v = 0; v < settings_.world.villages.size(); ++v) {
    const double visitors = static_cast<double>(day_[v].visitors);
    crowding_[v] = visitors / settings_.world.villages[v].visitor_capacity;
    if (visitors <= 0) continue;
    // Fees per visitor against what a visitor spends on food and activities.
    const double fees = frame_.in_force.ticket_yuan[v] + frame_.in_force.parking_yuan / t.mean_party_size;
    const double fee_share = fees / (fees + (has_restaurants_[v] ? t.food_yuan : 0.0) +
                                     (has_activities_[v] ? t.activity_yuan : 0.0));
    double satisfaction = std::clamp(1.0 - t.crowding_dissatisfaction * std::max(0.0, crowding_[v] - 1.0) -
                                         t.fee_dissatisfaction * fee_share,
                                     0.0, 1.0);
    satisfaction = std::min(1.0, satisfaction + frame_.in_force.satisfaction_bonus[v]);
    reputation_[v] = (1.0 - t.reputation_memory) * reputation_[v] + t.reputation_memory * satisfaction;
    reputation_[v] = std::max(reputation_[v], 0.05);  // a village is never wholly shunned
  }
  end_of_day(parties_);
}

double TourismSector::bed_limit(std::size_t v) const {
  return std::min(land_bed_limit_[v], frame_.in_force.bed_cap[v]);
}

// Month end: the month's lodging joins the last twelve months' (at the start,
// twelve months of the start year's expected lodging). Then some households
// review opening or adding a homestay block: each with the monthly share of
// the yearly review rate. A village's households invest while its beds were at least
// investment_min_occupancy full over the year, the year's net takings per bed,
// spread over the beds there would be, repay the cost within the payback
// period, the village stays within its bed limit and the household within its
// own, and its savings cover the cost. A homestay subsidy in force pays part;
// the household weighs its own. Costs and takings are compared in start-year yuan.
void TourismSector::invest_in_homestays() {
  last_months_[static_cast<std::size_t>(months_closed_ % kMonthsRemembered)] = month_;
  ++months_closed_;
  std::fill(month_.takings_yuan.begin(), month_.takings_yuan.end(), 0.0);
  std::fill(month_.guest_nights.begin(), month_.guest_nights.end(), 0);
  std::fill(month_.bed_nights.begin(), month_.bed_nights.end(), 0);

  const HouseholdBudgetParams& b = settings_.budgets;
  const TourismParams& t = settings_.tourism;
  Households& households = households_.households;
  const auto block = static_cast<std::int32_t>(std::llround(b.homestay_beds_per_investment));
  const double subsidy_share = frame_.in_force.homestay_subsidy_share;
  const Fen full_cost = to_fen(b.homestay_cost_per_bed_yuan * frame_.today.price_level * block);
  const Fen subsidy = static_cast<Fen>(std::llround(subsidy_share * static_cast<double>(full_cost)));
  const Fen cost = full_cost - subsidy;
  const double own_cost_per_bed = b.homestay_cost_per_bed_yuan * (1.0 - subsidy_share);
  const double review_share = b.investment_review_share / kMonthsRemembered;
  bool changed = false;
  for (std::size_t v = 0; v < settings_.world.villages.size(); ++v) {
    std::int64_t beds = lodging_.capacity(v);
    if (beds <= 0) continue;  // no market observed
    double takings = 0, guest_nights = 0, bed_nights = 0;
    for (const LodgingMonths& m : last_months_) {
      takings += m.takings_yuan[v];
      guest_nights += static_cast<double>(m.guest_nights[v]);
      bed_nights += static_cast<double>(m.bed_nights[v]);
    }
    if (bed_nights <= 0 || guest_nights / bed_nights < t.investment_min_occupancy) continue;
    const double limit = bed_limit(v);
    for (std::size_t h = households.begin_of(v); h != households.end_of(v); ++h) {
      const Draws d = frame_.rng.draw(Stream::jobs, static_cast<std::uint64_t>(frame_.today.day), h, Purpose::investment);
      if (d.uniform(0) > review_share) continue;
      const double net_per_bed = takings / static_cast<double>(beds + block) * (1.0 - t.homestay_cost_share);
      if (net_per_bed <= 0 || own_cost_per_bed / net_per_bed > b.homestay_payback_years) break;
      if (static_cast<double>(beds + block) > limit) break;  // land, permits and licensing
      if (households.homestay_beds[h] + block > t.max_homestay_beds_per_household) continue;
      if (frame_.ledger.balance(households.account[h]) < cost) continue;
      frame_.ledger.transfer(households.account[h], frame_.accounts.outside_world[v], cost);
      spend_public(frame_.ledger, frame_.accounts, frame_.public_money, subsidy);
      if (households.homestay_beds[h] == 0) homestay_households_[v].push_back(static_cast<std::uint32_t>(h));
      households.homestay_beds[h] += block;
      beds += block;
      changed = true;
    }
    std::sort(homestay_households_[v].begin(), homestay_households_[v].end());
  }
  if (changed) refresh_bed_capacity();
}

void TourismSector::settle_tea_tourism() {
  const TeaProcessors& processors = tea_.processors();
  for (std::size_t v = 0; v < tea_tourism_owed_.size(); ++v) {
    const Fen owed = std::min(tea_tourism_owed_[v], frame_.ledger.balance(processors.account[v]));
    tea_tourism_owed_[v] = 0;
    if (owed > 0) tea_.pay_growers(v, owed);
  }
}

void TourismSector::record(DayIndicators& d) const {
  d.integer(series::parties_arrived) = parties_arrived_;
  d.integer(series::persons_arrived) = persons_arrived_;
  d.integer(series::parties_turned_away) = lodging_result_.parties_turned_away;
  const std::size_t n = settings_.world.villages.size();
  std::vector<std::int64_t> enterprises(n, 0);
  const Firms& firms = firms_.firms;
  for (std::size_t f = 0; f < firms.size(); ++f)
    if (firms.open[f] && firms.kind[f] == FirmKind::homestay) ++enterprises[firms.village[f]];
  std::int64_t visitors = 0;
  Fen revenue = 0;
  for (std::size_t v = 0; v < n; ++v) {
    const VillageTourismDay& s = day_[v];
    d.real(series::tea_sold_to_visitors, v) = s.tea_kg;
    d.integer(series::visitors, v) = s.visitors;
    d.integer(series::overnight_guests, v) = s.overnight_guests;
    d.integer(series::beds, v) = lodging_.capacity(v);
    d.real(series::bed_occupancy, v) =
        lodging_.capacity(v) > 0 ? static_cast<double>(s.overnight_guests) / static_cast<double>(lodging_.capacity(v)) : 0.0;
    d.real(series::reputation, v) = reputation_[v];
    d.integer(series::revenue_lodging, v) = s.lodging;
    d.integer(series::revenue_food, v) = s.food;
    d.integer(series::revenue_activities, v) = s.activities;
    d.integer(series::revenue_tickets, v) = s.tickets;
    d.integer(series::revenue_parking, v) = s.parking;
    d.integer(series::revenue_tea, v) = s.tea;
    d.integer(series::attraction_entrants, v) = s.attraction_entrants;
    d.integer(series::tea_garden_entrants, v) = s.tea_garden_entrants;
    d.integer(series::revenue_attractions, v) = s.attraction_tickets;
    d.integer(series::revenue_tea_experiences, v) = s.tea_experiences;
    d.integer(series::tea_tourism_income, v) = s.tea_tourism_income();
    d.integer(series::homestays_open, v) = enterprises[v] + static_cast<std::int64_t>(homestay_households_[v].size());
    visitors += s.visitors;
    revenue += s.revenue();
  }
  const std::int64_t core = day_.empty() ? 0 : day_[frame_.accounts.gateway].visitors;
  d.integer(series::visitors_total) = visitors;
  d.real(series::visitors_outside_core_share) =
      visitors > 0 ? static_cast<double>(visitors - core) / static_cast<double>(visitors) : 0.0;
  d.integer(series::tourism_revenue_total) = revenue;
}

}  // namespace yucun
