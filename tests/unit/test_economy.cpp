// The whole model on a small world with tourists: money is conserved, beds
// are never overbooked, firms exit and enter on their profits, dividends come
// at year end, household deposits move exactly with the income booked, and a
// run is the same at any thread count.
#include <cstring>
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include <tbb/global_control.h>

#include "sim/model/simulation.hpp"
#include "sim/io/scenario/scenario_loader.hpp"

using namespace yucun;

namespace {

// Three villages, two years. Upper is the gateway: attractive, busy, one
// restaurant. Middle has beds and restaurants. Lower has five restaurants
// and almost no pull, so visitors (nearly) never come.
const char* kSmallEconomy = R"(name: small-economy
seed: 5
spin_up: {years: 0}
calendar:
  start: 2024-01-01
  years: 2
  holidays:
    - {name: qingming, start: 2024-04-04, end: 2024-04-06}
    - {name: national, start: 2024-10-01, end: 2024-10-07}
world:
  townships:
    - {name: Hill, area_km2: 30, registered_residents: 900}
  villages:
    - {name: Upper, township: Hill, households: 100, population: 300, area_km2: 10, tea_area_mu: 400,
       homestay_beds: 120, restaurant_seats: 60, activity_operators: 1, visitor_capacity: 1500,
       ticket_yuan: 10, attractiveness: 2, collective_assets_yuan: 2000000}
    - {name: Middle, township: Hill, households: 120, population: 400, area_km2: 10, tea_area_mu: 300,
       homestay_beds: 80, restaurant_seats: 120, visitor_capacity: 800, attractiveness: 1,
       collective_assets_yuan: 1000000}
    - {name: Lower, township: Hill, households: 80, population: 200, area_km2: 10, tea_area_mu: 200,
       restaurant_seats: 300, visitor_capacity: 500, attractiveness: 0.0001, collective_assets_yuan: 500000}
  roads:
    - {from: Upper, to: Middle, km: 3, minutes: 6}
    - {from: Middle, to: Lower, km: 4, minutes: 8}
tourism:
  gateway: Upper
  annual_visitors: 300000
  markets:
    - {name: Hangzhou, share: 0.6, distance_km: 80}
    - {name: Shanghai, share: 0.4, distance_km: 250, spend_index: 1.3}
firms:
  initial_firms_follow_demand: false  # Lower keeps the five restaurants its seats make, though nobody comes
)";

constexpr std::size_t kUpper = 0, kMiddle = 1, kLower = 2;

Scenario small_economy(const std::vector<std::string>& overrides = {}) {
  return scenario::load_scenario_text(kSmallEconomy, "small-economy.yaml", ".", overrides);
}

// Every series on every day of a run, as recorded after each step.
struct Record {
  std::vector<Date> dates;
  std::vector<std::vector<std::int64_t>> integers;  // [day][series slot]
  std::vector<std::vector<double>> reals;

  std::size_t villages = 0;

  std::size_t days() const { return dates.size(); }
  std::int64_t integer(std::size_t day, IntegerSeries s, std::size_t village = 0) const {
    return integers[day][slot(s.index(), village)];
  }
  double real(std::size_t day, RealSeries s, std::size_t village = 0) const {
    return reals[day][slot(s.index(), village)];
  }
  std::size_t day_of(Date d) const { return static_cast<std::size_t>(d - dates.front()); }
  std::size_t slot(std::size_t series, std::size_t village) const { return series * villages + village; }
};

Record run(const Scenario& s, int threads) {
  tbb::global_control c(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
  Simulation sim(s, RunIdentity{s.seed, 0});
  Record r;
  r.villages = s.world.villages.size();
  while (!sim.finished()) {
    r.dates.push_back(sim.today());
    sim.step();
    const DayIndicators& d = sim.indicators();
    std::vector<std::int64_t> ints(kSeriesCount * r.villages, 0);
    std::vector<double> reals(kSeriesCount * r.villages, 0.0);
    for (std::size_t i = 0; i < kSeriesCount; ++i) {
      const SeriesSpec& spec = kSeriesSpecs[i];
      const std::size_t n = spec.scope == Scope::village ? r.villages : 1;
      for (std::size_t v = 0; v < n; ++v) {
        if (spec.kind == ValueKind::integer) ints[r.slot(i, v)] = d.integers(i)[v];
        else reals[r.slot(i, v)] = d.reals(i)[v];
      }
    }
    r.integers.push_back(std::move(ints));
    r.reals.push_back(std::move(reals));
  }
  return r;
}

// The small economy run once at one thread, shared by the tests that only read it.
const Record& baseline() {
  static const Record r = run(small_economy(), 1);
  return r;
}

bool month_end(Date d) { return (d + 1).day() == 1; }

}  // namespace

TEST_CASE("economy: money is conserved every day") {
  const Record& r = baseline();
  REQUIRE(r.days() == 731);  // 2024 is a leap year
  int unsound = 0;
  for (std::size_t day = 0; day < r.days(); ++day)
    if (r.integer(day, series::money_residual) != 0 || r.integer(day, series::ledger_inconsistent_accounts) != 0)
      ++unsound;
  CHECK(unsound == 0);
  // The run did have a money economy to conserve.
  Fen revenue = 0;
  for (std::size_t day = 0; day < r.days(); ++day) revenue += r.integer(day, series::tourism_revenue_total);
  CHECK(revenue > 0);
}

TEST_CASE("economy: beds are never overbooked") {
  const Record& r = baseline();
  int over = 0;
  std::int64_t guests = 0;
  double busiest = 0;
  for (std::size_t day = 0; day < r.days(); ++day)
    for (std::size_t v = 0; v < 3; ++v) {
      const std::int64_t g = r.integer(day, series::overnight_guests, v);
      if (g > r.integer(day, series::beds, v) && over++ < 5) {
        MESSAGE(r.dates[day].to_string(), " village ", v, ": ", g, " guests in ", r.integer(day, series::beds, v), " beds");
      }
      guests += g;
      busiest = std::max(busiest, r.real(day, series::bed_occupancy, v));
    }
  CHECK(over == 0);
  CHECK(guests > 0);
  CHECK(busiest > 0.5);  // beds did bind on some nights
  // Lower has no beds and nobody sleeps there.
  for (std::size_t day = 0; day < r.days(); ++day) CHECK(r.integer(day, series::overnight_guests, kLower) == 0);
}

TEST_CASE("economy: firms exit after six loss-making months") {
  const Record& r = baseline();
  const std::int64_t at_start = r.integer(0, series::firms_open, kLower);
  REQUIRE(at_start == 5);  // 300 seats, 60 a restaurant
  std::int64_t lower_visitors = 0;
  for (std::size_t day = 0; day < r.days(); ++day) lower_visitors += r.integer(day, series::visitors, kLower);
  CHECK(lower_visitors < 50);  // (almost) nobody comes
  // Losses at the end of January .. June: open through June 29th, closed on June 30th.
  for (std::size_t day = 0; day < r.day_of(Date::from_ymd(2024, 6, 30)); ++day)
    CHECK(r.integer(day, series::firms_open, kLower) == at_start);
  CHECK(r.integer(r.day_of(Date::from_ymd(2024, 6, 30)), series::firms_open, kLower) < at_start);
  CHECK(r.integer(r.days() - 1, series::firms_open, kLower) == 0);
}

TEST_CASE("economy: firms enter where profits are high") {
  const Record& r = baseline();
  const std::int64_t at_start = r.integer(0, series::firms_open, kUpper);
  const std::int64_t at_end = r.integer(r.days() - 1, series::firms_open, kUpper);
  CHECK(at_end > at_start + 3);
  // Entry happens only at month ends.
  for (std::size_t day = 1; day < r.days(); ++day)
    if (!month_end(r.dates[day]))
      CHECK(r.integer(day, series::firms_open, kUpper) == r.integer(day - 1, series::firms_open, kUpper));
}

TEST_CASE("economy: collective dividends are paid at year end only, and reach households in full") {
  const Record& r = baseline();
  int paid_days = 0;
  for (std::size_t day = 0; day < r.days(); ++day) {
    const Date d = r.dates[day];
    for (std::size_t v = 0; v < 3; ++v) {
      const std::int64_t dividend = r.integer(day, series::collective_dividends, v);
      CHECK(dividend >= 0);
      if (dividend > 0) {
        ++paid_days;
        CHECK(d.month() == 12);
        CHECK(d.day() == 31);
      }
      CHECK(r.integer(day, series::income_dividend, v) == dividend);
    }
  }
  CHECK(paid_days > 0);
  // Upper's collective earns tickets, parking and leases: it pays out both years.
  CHECK(r.integer(r.day_of(Date::from_ymd(2024, 12, 31)), series::collective_dividends, kUpper) > 0);
  CHECK(r.integer(r.day_of(Date::from_ymd(2025, 12, 31)), series::collective_dividends, kUpper) > 0);
}

TEST_CASE("economy: household deposits move by exactly the income booked, outside month ends") {
  const Record& r = baseline();
  int checked = 0, mismatched = 0;
  for (std::size_t day = 1; day < r.days(); ++day) {
    if (month_end(r.dates[day])) continue;  // wages, consumption, investment and firm entry
    for (std::size_t v = 0; v < 3; ++v) {
      const Fen change = r.integer(day, series::household_deposits, v) - r.integer(day - 1, series::household_deposits, v);
      Fen income = 0;
      for (IntegerSeries s : {series::income_tea, series::income_homestay, series::income_wage, series::income_business,
                       series::income_dividend, series::income_transfer, series::income_remittance, series::income_interest})
        income += r.integer(day, s, v);
      ++checked;
      if (change != income) {
        ++mismatched;
        if (mismatched < 5) MESSAGE(r.dates[day].to_string(), " village ", v, ": deposits +", change, ", income ", income);
      }
    }
  }
  CHECK(checked > 1500);
  CHECK(mismatched == 0);
  // Homestay hosts earn on ordinary days, tea growers in the harvest.
  Fen homestay = 0, tea = 0;
  for (std::size_t day = 0; day < r.days(); ++day) {
    homestay += r.integer(day, series::income_homestay, kUpper);
    tea += r.integer(day, series::income_tea, kMiddle);
  }
  CHECK(homestay > 0);
  CHECK(tea > 0);
}

TEST_CASE("economy: revenue totals are the sum of the village takings") {
  const Record& r = baseline();
  for (std::size_t day = 0; day < r.days(); ++day) {
    Fen revenue = 0;
    std::int64_t visitors = 0;
    for (std::size_t v = 0; v < 3; ++v) {
      for (IntegerSeries s : {series::revenue_lodging, series::revenue_food, series::revenue_activities, series::revenue_tickets,
                       series::revenue_parking, series::revenue_tea})
        revenue += r.integer(day, s, v);
      visitors += r.integer(day, series::visitors, v);
      // Lodging is paid only for guests who sleep here.
      if (r.integer(day, series::overnight_guests, v) == 0) CHECK(r.integer(day, series::revenue_lodging, v) == 0);
    }
    CHECK(r.integer(day, series::tourism_revenue_total) == revenue);
    CHECK(r.integer(day, series::visitors_total) == visitors);
  }
}

// Bit for bit, so that two missing values (NaN, before the income window is
// full) count as the same.
bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

TEST_CASE("economy: identical results at 1 and 2 threads") {
  const Record& one = baseline();
  const Record two = run(small_economy(), 2);
  REQUIRE(two.days() == one.days());
  int differing_days = 0;
  for (std::size_t day = 0; day < one.days(); ++day)
    if (one.integers[day] != two.integers[day] || !same_bits(one.reals[day], two.reals[day])) ++differing_days;
  CHECK(differing_days == 0);
}

TEST_CASE("economy: a tourist_demand event with multiplier 0 stops arrivals between its dates") {
  Scenario s = small_economy();
  s.events.push_back(EventSpec{"closure", EventKind::tourist_demand, Date::from_ymd(2024, 5, 1), Date::from_ymd(2024, 5, 10), 0.0, ""});
  const Record r = run(s, 2);
  for (std::size_t day = 0; day < r.days(); ++day) {
    const Date d = r.dates[day];
    CAPTURE(d.to_string());
    if (d >= Date::from_ymd(2024, 5, 1) && d <= Date::from_ymd(2024, 5, 10))
      CHECK(r.integer(day, series::parties_arrived) == 0);
  }
  CHECK(r.integer(r.day_of(Date::from_ymd(2024, 4, 30)), series::parties_arrived) > 0);
  CHECK(r.integer(r.day_of(Date::from_ymd(2024, 5, 11)), series::parties_arrived) > 0);
  // The days before it are the baseline's.
  const Record& base = baseline();
  for (std::size_t day = 0; day < r.day_of(Date::from_ymd(2024, 5, 1)); ++day)
    CHECK(r.integer(day, series::parties_arrived) == base.integer(day, series::parties_arrived));
  CHECK(base.integer(base.day_of(Date::from_ymd(2024, 5, 5)), series::parties_arrived) > 0);

  // As documented (docs/scenarios.md, events), tourist_demand is evaluated at
  // the gateway: an event naming another village leaves arrivals alone.
  Scenario elsewhere = small_economy();
  elsewhere.events.push_back(
      EventSpec{"local", EventKind::tourist_demand, Date::from_ymd(2024, 5, 1), Date::from_ymd(2024, 5, 10), 0.0, "Lower"});
  const Record e = run(elsewhere, 2);
  CHECK(e.integer(e.day_of(Date::from_ymd(2024, 5, 5)), series::parties_arrived) ==
        base.integer(base.day_of(Date::from_ymd(2024, 5, 5)), series::parties_arrived));
}

namespace {
// All of Middle's 96 beds are run by four enterprises that lose money every
// month (beds at 1 yuan a night) while guests keep booking: they close after
// six months, at the end of June.
Record closing_homestays() {
  Scenario s = small_economy({"firms.firm_bed_share=1", "calendar.years=1"});
  s.world.villages[kUpper].homestay_beds = 0;
  s.world.villages[kMiddle].homestay_beds = 96;
  s.world.villages[kMiddle].bed_price_yuan = 1;
  return run(s, 2);
}
}  // namespace

// Regression: settle_firms once checked each closing homestay enterprise against
// lodging_.capacity(v), which is refreshed only after the loop; several
// enterprises closing at one month end each see the old capacity, so
// together they remove beds that guests have booked for the coming nights.
TEST_CASE("economy: homestay enterprises that close never leave booked guests without beds") {
  const Record r = closing_homestays();
  REQUIRE(r.integer(0, series::beds, kMiddle) == 96);
  CHECK(r.integer(r.days() - 1, series::beds, kMiddle) < 96);  // enterprises did close
  int over = 0;
  std::int64_t guests = 0;
  for (std::size_t day = 0; day < r.days(); ++day) {
    guests += r.integer(day, series::overnight_guests, kMiddle);
    if (month_end(r.dates[day])) continue;  // see the next test
    if (r.integer(day, series::overnight_guests, kMiddle) > r.integer(day, series::beds, kMiddle) && over++ < 3)
      MESSAGE(r.dates[day].to_string(), ": ", r.integer(day, series::overnight_guests, kMiddle), " guests in ",
              r.integer(day, series::beds, kMiddle), " beds");
  }
  CHECK(guests > 0);
  CHECK(over == 0);
}

// Regression: on a month end, update_reputation once passed the night (the book
// forgets tonight's guests) before settle_firms, so enterprises close under
// the guests of that very night, and the day's series report more overnight
// guests than beds (bed_occupancy above 1).
TEST_CASE("economy: a day's overnight guests fit in that day's beds, also when enterprises close") {
  const Record r = closing_homestays();
  int over = 0;
  for (std::size_t day = 0; day < r.days(); ++day) {
    if (!month_end(r.dates[day])) continue;
    if (r.integer(day, series::overnight_guests, kMiddle) > r.integer(day, series::beds, kMiddle) && over++ < 3)
      MESSAGE(r.dates[day].to_string(), ": ", r.integer(day, series::overnight_guests, kMiddle), " guests in ",
              r.integer(day, series::beds, kMiddle), " beds, occupancy ", r.real(day, series::bed_occupancy, kMiddle));
  }
  CHECK(over == 0);
}

// Regression: settle_firms once booked as a cost only the part of the lease a
// firm could pay (min(lease, balance)), while unpaid wages count in full. A
// firm without staff whose cash has run out pays what it takes in as rent,
// so its profit is exactly 0, not a loss: loss_months resets and it never
// exits, however much rent it owes.
TEST_CASE("economy: a firm that cannot pay its lease is making losses and exits") {
  Scenario s = small_economy({"firms.firm_bed_share=1", "firms.staff_per_homestay_firm=0",
                              "firms.lease_yuan_per_bed_month=2000", "calendar.years=1"});
  s.world.villages[kUpper].homestay_beds = 0;
  s.world.villages[kMiddle].homestay_beds = 96;  // four enterprises, 48,000 yuan rent a month each
  s.world.villages[kMiddle].bed_price_yuan = 1;
  const Record r = run(s, 2);
  REQUIRE(r.integer(0, series::beds, kMiddle) == 96);
  // A whole year's takings come to less than one month's rent.
  Fen lodging = 0;
  for (std::size_t day = 0; day < r.days(); ++day) lodging += r.integer(day, series::revenue_lodging, kMiddle);
  CHECK(lodging < 4 * 48'000 * 100);
  CHECK(r.integer(r.days() - 1, series::beds, kMiddle) < 96);
}

// A village may have no households (validation allows households: 0), for
// instance a scenic area with only restaurants: its firms still hire (regression).
TEST_CASE("economy: a village without households but with restaurants runs") {
  Scenario s = small_economy({"world.villages.Lower.households=0", "world.villages.Lower.population=0",
                              "calendar.years=1"});
  REQUIRE(s.world.villages[kLower].households == 0);
  const Record r = run(s, 1);
  CHECK(r.days() == 366);
  CHECK(r.integer(0, series::firms_open, kLower) == 5);
  for (std::size_t day = 0; day < r.days(); ++day) CHECK(r.integer(day, series::money_residual) == 0);
}
