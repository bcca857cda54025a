// Tourism and firms over long runs (issue 13): demand that saturates, beds
// within the land's limits and added month by month, reputation that starts
// settled, initial firms that demand carries and exits one at a time, prices
// that follow the price level.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "sim/io/scenario/scenario_loader.hpp"
#include "sim/model/simulation.hpp"
#include "sim/model/tourism/tourism_market.hpp"
#include "sim/model/tourism/tourists.hpp"

using namespace yucun;

namespace {

// Three villages in one township with many visitors for their size, cheap
// beds and patient investors: homestay investment runs whenever it may.
const char* kBusyWorld = R"(name: busy-world
seed: 17
spin_up: {years: 0}
calendar:
  start: 2024-01-01
  years: 1
world:
  townships:
    - {name: Hill, area_km2: 30, registered_residents: 900}
  villages:
    - {name: Core, township: Hill, households: 40, population: 120, area_km2: 10, tea_area_mu: 200,
       homestay_beds: 120, restaurant_seats: 240, activity_operators: 1, visitor_capacity: 2000,
       attractiveness: 2, bed_price_yuan: 200, collective_assets_yuan: 2000000}
    - {name: East, township: Hill, households: 30, population: 100, area_km2: 10, tea_area_mu: 200,
       homestay_beds: 40, restaurant_seats: 60, visitor_capacity: 600, attractiveness: 0.8,
       bed_price_yuan: 150, collective_assets_yuan: 500000}
    - {name: West, township: Hill, households: 30, population: 100, area_km2: 10, tea_area_mu: 200,
       homestay_beds: 20, restaurant_seats: 600, visitor_capacity: 600, attractiveness: 0.6,
       bed_price_yuan: 150, collective_assets_yuan: 500000}
  roads:
    - {from: Core, to: East, km: 6, minutes: 12}
    - {from: Core, to: West, km: 8, minutes: 15}
budgets:
  homestay_cost_per_bed_yuan: 3000
  homestay_payback_years: 30
  investment_review_share: 0.6
tourism:
  gateway: Core
  annual_visitors: 250000
  growth_per_year: 0.08
  demand_ceiling_ratio: 2
  max_homestay_beds_per_household: 16
  investment_min_occupancy: 0
  overnight_intercept: 0
  markets:
    - {name: City, share: 1, distance_km: 150, car_share: 0.5}
)";

Scenario busy_world(const std::vector<std::string>& overrides = {}) {
  return scenario::load_scenario_text(kBusyWorld, "busy-world.yaml", ".", overrides);
}

}  // namespace

TEST_CASE("demand_growth_factor: starts at 1 with the given growth, saturates at the ceiling") {
  for (const double g : {0.02, 0.05, 0.2}) {
    for (const double c : {1.5, 2.0, 5.0}) {
      CAPTURE(g);
      CAPTURE(c);
      CHECK(demand_growth_factor(0, g, c) == doctest::Approx(1.0));
      // The initial rate is that of (1 + g)^t at t = 0.
      const double h = 1e-6;
      const double rate = (std::log(demand_growth_factor(h, g, c)) - std::log(demand_growth_factor(0, g, c))) / h;
      CHECK(rate == doctest::Approx(std::log1p(g)).epsilon(1e-4));
      CHECK(demand_growth_factor(5000, g, c) == doctest::Approx(c).epsilon(1e-9));
      double last = 1.0;
      for (double t = 0.25; t <= 60; t += 0.25) {
        const double f = demand_growth_factor(t, g, c);
        CHECK(f > last);
        CHECK(f < c);
        last = f;
      }
    }
  }
  // Without a ceiling to speak of it compounds; a ceiling of 1 holds demand;
  // a decline has no floor.
  CHECK(demand_growth_factor(10, 0.05, 1e6) == doctest::Approx(std::pow(1.05, 10)).epsilon(1e-4));
  CHECK(demand_growth_factor(10, 0.05, 1.0) == 1.0);
  CHECK(demand_growth_factor(10, 0.0, 2.0) == 1.0);
  CHECK(demand_growth_factor(3, -0.1, 2.0) == doctest::Approx(std::pow(0.9, 3)));
}

TEST_CASE("demand_growth_factor: no step at 1 January, day by day over ten years") {
  const Date start = Date::from_ymd(2023, 1, 1);
  Today today;
  double largest_other = 0, largest_new_year = 0;
  today.date = start;
  double before = demand_growth_factor(today.years_elapsed(start), 0.05, 2.0);
  for (Date d = start + 1; d < start + 3653; d = d + 1) {
    today.date = d;
    const double now = demand_growth_factor(today.years_elapsed(start), 0.05, 2.0);
    const double step = now / before - 1.0;
    CHECK(step > 0);
    (d.month() == 1 && d.day() == 1 ? largest_new_year : largest_other) =
        std::max(d.month() == 1 && d.day() == 1 ? largest_new_year : largest_other, step);
    before = now;
  }
  CHECK(largest_new_year <= largest_other * (1 + 1e-9));
}

TEST_CASE("tourist_spending: bed prices, tickets, parking and spending budgets follow the price level") {
  const Scenario s = busy_world({"world.villages.Core.ticket_yuan=10"});
  const InForce prices(s.world, 15, 0.6);
  const TourismParams& p = s.tourism;
  TeaProcessors tea;
  tea.retail_stock_kg = {0, 0, 0};
  tea.retail_price_fen_per_kg = {0, 0, 0};
  const std::vector<std::uint8_t> has_restaurants(3, 1);
  const std::vector<std::uint8_t> has_activities = {1, 0, 0};
  TouristParties parties;
  // Three persons by car, spend index 1.2, first of one night in Core; visits Core then East.
  parties.append(1, 0, 3, 1.2f, true, 0, false, 1, 0);
  parties.lodging[0] = 0;
  parties.visit_count[0] = 2;
  parties.visits[0] = 0;
  parties.visits[1] = 1;
  std::vector<VillageTourismDay> at_start, later;
  tourist_spending(parties, p, prices, has_restaurants, has_activities, tea, at_start);
  tourist_spending(parties, p, prices, has_restaurants, has_activities, tea, later, 1.25);
  for (std::size_t v = 0; v < 2; ++v) {
    CAPTURE(v);
    CHECK(at_start[v].food > 0);
    CHECK(later[v].food == std::llround(1.25 * static_cast<double>(at_start[v].food)));
    CHECK(later[v].parking == std::llround(1.25 * static_cast<double>(at_start[v].parking)));
    CHECK(later[v].visitors == at_start[v].visitors);
  }
  CHECK(at_start[0].tickets == 3000);
  CHECK(later[0].tickets == 3750);
  CHECK(at_start[0].lodging == 3 * 20000);
  CHECK(later[0].lodging == 3 * 25000);
  CHECK(later[0].activities == std::llround(1.25 * static_cast<double>(at_start[0].activities)));
}

TEST_CASE("homestay beds stay within the land's limit over thirty years, and the limit is reached") {
  const Scenario s = busy_world({"calendar.years=30"});
  Simulation sim(s, RunIdentity{s.seed, 0});
  const std::size_t n = s.world.villages.size();
  std::vector<std::int64_t> limit(n), most(n, 0);
  for (std::size_t v = 0; v < n; ++v)
    limit[v] = std::max<std::int64_t>(s.world.villages[v].homestay_beds,
                                      std::llround(s.tourism.max_homestay_beds_per_household * s.world.villages[v].households));
  const Households& households = sim.households();
  std::vector<std::int32_t> initial_beds(households.homestay_beds.begin(), households.homestay_beds.end());
  while (!sim.finished()) {
    sim.step();
    for (std::size_t v = 0; v < n; ++v) {
      const std::int64_t beds = sim.indicators().integer(series::beds, v);
      CHECK(beds <= limit[v]);
      most[v] = std::max(most[v], beds);
    }
  }
  // A household lets no more than the rules allow (or what it started with).
  for (std::size_t h = 0; h < households.size(); ++h)
    CHECK(households.homestay_beds[h] <= std::max<std::int32_t>(initial_beds[h], 16));
  // Investment pressed against the limit somewhere (beds come in blocks of 8).
  bool reached = false;
  for (std::size_t v = 0; v < n; ++v) reached = reached || most[v] + 8 > limit[v];
  CHECK(reached);
}

TEST_CASE("homestay beds are added month by month: no 31 December jump above the other month ends") {
  const Scenario s = busy_world({"calendar.years=10", "tourism.max_homestay_beds_per_household=1000"});
  Simulation sim(s, RunIdentity{s.seed, 0});
  const std::size_t n = s.world.villages.size();
  std::int64_t yesterday = -1, largest_december = 0, largest_other = 0, added = 0;
  std::vector<double> first(n, -1), year_later(n, -1);
  int day = 0;
  while (!sim.finished()) {
    sim.step();
    const DayIndicators& d = sim.indicators();
    std::int64_t beds = 0;
    for (std::size_t v = 0; v < n; ++v) beds += d.integer(series::beds, v);
    if (yesterday >= 0) {
      const Date date = sim.calendar().start() + day;
      const std::int64_t change = std::abs(beds - yesterday);
      if ((date + 1).day() == 1) {
        (date.month() == 12 ? largest_december : largest_other) =
            std::max(date.month() == 12 ? largest_december : largest_other, change);
        added += beds - yesterday;
      }
    }
    for (std::size_t v = 0; v < n; ++v) {
      if (day == 0) first[v] = d.real(series::reputation, v);
      if (day == 365) year_later[v] = d.real(series::reputation, v);
    }
    yesterday = beds;
    ++day;
  }
  CHECK(added > 0);  // investment happened
  CHECK(largest_other > 0);
  CHECK(largest_december <= largest_other);
  // Reputation starts where a year of the same demand leaves it, not at 1.
  for (std::size_t v = 0; v < n; ++v) {
    CAPTURE(v);
    CHECK(first[v] < 0.99);
    CHECK(first[v] == doctest::Approx(year_later[v]).epsilon(0.03));
  }
}

TEST_CASE("initial restaurants follow the start year's food takings; losing firms leave one at a time") {
  // West has most seats but few visitors; a slump in demand then leaves too many firms everywhere.
  const Scenario s = busy_world({"calendar.years=2", "events=[{name: slump, kind: tourist_demand, start: 2024-03-01, "
                                                      "end: 2025-12-31, multiplier: 0.05}]"});
  Simulation sim(s, RunIdentity{s.seed, 0});
  std::vector<std::int64_t> restaurants(3, 0);
  const Firms& firms = sim.firms();
  for (std::size_t f = 0; f < firms.size(); ++f)
    if (firms.kind[f] == FirmKind::restaurant) ++restaurants[firms.village[f]];
  CHECK(restaurants[0] + restaurants[1] + restaurants[2] == 4 + 1 + 10);  // the scenario's 900 seats in 60s
  CHECK(restaurants[0] > restaurants[2]);                                 // placed where visitors eat
  std::vector<std::int64_t> open_before(3, -1);
  std::int64_t fell = 0;
  int day = 0;
  while (!sim.finished()) {
    sim.step();
    const Date date = sim.calendar().start() + day++;
    if ((date + 1).day() != 1) continue;
    for (std::size_t v = 0; v < 3; ++v) {
      const std::int64_t open = sim.indicators().integer(series::firms_open, v);
      if (open_before[v] >= 0) {
        // One decision to leave per village and kind and month; a homestay
        // enterprise that decided last month may close now as well.
        CHECK(open_before[v] - open <= 4);
        fell += std::max<std::int64_t>(0, open_before[v] - open);
      }
      open_before[v] = open;
    }
  }
  CHECK(fell > 0);
}
