// Policy levers on a small world: each changes what it should, switches on
// at its start date, and moves public money through the ledger (a run
// whose money is not conserved throws, so every run here is also an audit).
#include <doctest/doctest.h>

#include <numeric>
#include <string>
#include <vector>

#include "sim/model/simulation.hpp"
#include "sim/io/scenario/scenario_loader.hpp"

using namespace yucun;

namespace {

// Four villages, one year. Core is the gateway and draws most visitors;
// East is reached by a shuttle-flagged road, West and South by plain roads.
const char* kPolicyWorld = R"(name: policy-world
seed: 11
calendar:
  start: 2024-01-01
  years: 1
  holidays:
    - {name: labour, start: 2024-05-01, end: 2024-05-05}
    - {name: national, start: 2024-10-01, end: 2024-10-07}
world:
  townships:
    - {name: Hill, area_km2: 40, registered_residents: 1500}
  villages:
    - {name: Core, township: Hill, households: 150, population: 450, area_km2: 10, tea_area_mu: 600,
       homestay_beds: 200, restaurant_seats: 240, activity_operators: 2, visitor_capacity: 3000,
       ticket_yuan: 0, attractiveness: 3, collective_assets_yuan: 3000000}
    - {name: East, township: Hill, households: 120, population: 380, area_km2: 10, tea_area_mu: 500,
       homestay_beds: 60, restaurant_seats: 60, visitor_capacity: 800, attractiveness: 0.8,
       collective_assets_yuan: 800000}
    - {name: West, township: Hill, households: 100, population: 320, area_km2: 10, tea_area_mu: 400,
       homestay_beds: 40, restaurant_seats: 60, visitor_capacity: 800, attractiveness: 0.6,
       collective_assets_yuan: 600000}
    - {name: South, township: Hill, households: 110, population: 350, area_km2: 10, tea_area_mu: 700,
       homestay_beds: 20, visitor_capacity: 600, attractiveness: 0.4, collective_assets_yuan: 500000}
  roads:
    - {from: Core, to: East, km: 12, minutes: 30, shuttle: true}
    - {from: Core, to: West, km: 10, minutes: 25}
    - {from: West, to: South, km: 8, minutes: 20}
tourism:
  gateway: Core
  annual_visitors: 400000
  markets:
    - {name: Hangzhou, share: 0.6, distance_km: 80, car_share: 0.5}
    - {name: Shanghai, share: 0.4, distance_km: 250, spend_index: 1.3, car_share: 0.5}
)";

constexpr std::size_t kCore = 0, kEast = 1, kWest = 2, kSouth = 3;

Scenario world(const std::vector<std::string>& overrides = {}) {
  return scenario::load_scenario_text(kPolicyWorld, "policy-world.yaml", ".", overrides);
}

// Sums of integer series over the whole run (village series per village),
// and the last day's values of a few stocks.
struct Totals {
  std::vector<std::int64_t> area;     // [series]
  std::vector<std::int64_t> village;  // [series * 4 + village]
  std::vector<std::int64_t> last_beds;
  std::vector<double> minutes_core_east;  // per day, after the day's step
  std::int64_t get(Series s) const { return area[static_cast<std::size_t>(s)]; }
  std::int64_t get(Series s, std::size_t v) const { return village[static_cast<std::size_t>(s) * 4 + v]; }
  std::int64_t all(Series s) const {
    std::int64_t t = 0;
    for (std::size_t v = 0; v < 4; ++v) t += get(s, v);
    return t;
  }
};

Totals run(const Scenario& s) {
  Simulation sim(s, RunIdentity{s.seed, 0});
  Totals t;
  t.area.assign(kSeriesCount, 0);
  t.village.assign(kSeriesCount * 4, 0);
  while (!sim.finished()) {
    sim.step();
    const DayIndicators& d = sim.indicators();
    for (const SeriesSpec& spec : kSeriesSpecs) {
      if (spec.kind != ValueKind::integer) continue;
      const auto i = static_cast<std::size_t>(spec.id);
      if (spec.scope == Scope::area) t.area[i] += d.integer(spec.id);
      if (spec.scope == Scope::village)
        for (std::size_t v = 0; v < 4; ++v) t.village[i * 4 + v] += d.integer(spec.id, v);
    }
    t.minutes_core_east.push_back(sim.roads().travel_minutes(kCore, kEast));
    CHECK(d.integer(Series::money_residual) == 0);
  }
  for (std::size_t v = 0; v < 4; ++v) t.last_beds.push_back(sim.indicators().integer(Series::beds, v));
  return t;
}

const Totals& baseline() {
  static const Totals t = run(world());
  return t;
}

double outside_core_share(const Totals& t) {
  return 1.0 - static_cast<double>(t.get(Series::visitors, kCore)) / static_cast<double>(t.all(Series::visitors));
}

}  // namespace

TEST_CASE("policies: all levers are off by default and leave no trace") {
  const Totals& b = baseline();
  CHECK(b.get(Series::policy_spending) == 0);
  CHECK(b.get(Series::policy_revenue) == 0);
  CHECK(b.get(Series::shuttle_riders) == 0);
  CHECK(b.all(Series::revenue_shared) == 0);
  CHECK(b.get(Series::net_public_cost) == b.get(Series::public_spending));
  CHECK(b.minutes_core_east.front() == doctest::Approx(30));
}

TEST_CASE("policies: a shuttle from July shortens travel times then, and spreads visitors") {
  const Totals s = run(world({"policies.shuttle.enabled=true", "policies.shuttle.start=2024-07-01",
                              "policies.shuttle.minutes_factor=0.4"}));
  CHECK(s.minutes_core_east[181] == doctest::Approx(30));       // 30 June
  CHECK(s.minutes_core_east[182] == doctest::Approx(12));       // 1 July: 30 × 0.4
  CHECK(s.minutes_core_east.back() == doctest::Approx(12));
  CHECK(s.get(Series::visitors, kEast) > baseline().get(Series::visitors, kEast));
  CHECK(outside_core_share(s) > outside_core_share(baseline()));
  CHECK(s.get(Series::shuttle_riders) > 0);
  // Fares are revenue, the operation a cost: 184 days × 6,000 yuan.
  CHECK(s.get(Series::policy_spending) == 184 * 600000);
  CHECK(s.get(Series::policy_revenue) == s.get(Series::shuttle_riders) * 500);
}

TEST_CASE("policies: a greenway adds a link while it runs") {
  Simulation sim(world({"policies.greenway.enabled=true", "policies.greenway.end=2024-01-01",
                        "policies.greenway.links=[{from: East, to: West, km: 6, minutes: 10}]"}),
                 RunIdentity{11, 0});
  sim.step();  // 1 January: the link is open
  CHECK(sim.roads().travel_minutes(kEast, kWest) == doctest::Approx(10));
  CHECK(sim.roads().travel_minutes(kEast, kSouth) == doctest::Approx(30));
  sim.step();  // 2 January: closed again, East-West runs through Core
  CHECK(sim.roads().travel_minutes(kEast, kWest) == doctest::Approx(55));
}

TEST_CASE("policies: a homestay licensing cap holds bed counts") {
  // Cheap beds and a long payback make every village invest without a cap.
  const std::vector<std::string> invest = {"budgets.homestay_cost_per_bed_yuan=2000", "budgets.homestay_payback_years=50",
                                           "budgets.investment_review_share=0.5", "calendar.years=2"};
  const Totals free = run(world(invest));
  std::vector<std::string> capped = invest;
  capped.push_back("policies.homestays.enabled=true");
  capped.push_back("policies.homestays.max_beds_per_village=200");
  const Totals cap = run(world(capped));
  std::int64_t grew = 0;
  for (std::size_t v = 0; v < 4; ++v) grew += free.last_beds[v] > 200 ? 1 : 0;
  REQUIRE(grew > 0);  // without the cap some village passes 200 beds
  for (std::size_t v = 0; v < 4; ++v) CHECK(cap.last_beds[v] <= std::max<std::int64_t>(200, baseline().last_beds[v]));
}

TEST_CASE("policies: revenue sharing moves collective money from the core to the others, and conserves it") {
  const Totals r = run(world({"policies.revenue_sharing.enabled=true", "policies.revenue_sharing.share=0.5",
                              "tourism.parking_yuan=20"}));
  CHECK(r.get(Series::revenue_shared, kCore) < 0);
  for (std::size_t v : {kEast, kWest, kSouth}) CHECK(r.get(Series::revenue_shared, v) > 0);
  CHECK(r.all(Series::revenue_shared) == 0);
  // Split by population: East (380) gets more than South (350).
  CHECK(r.get(Series::revenue_shared, kEast) > r.get(Series::revenue_shared, kSouth));
  // The receivers pay larger dividends.
  CHECK(r.get(Series::collective_dividends, kSouth) > baseline().get(Series::collective_dividends, kSouth));
}

TEST_CASE("policies: an entry fee raises the collectives' income") {
  const Totals f = run(world({"policies.fees.enabled=true", "policies.fees.ticket_yuan=20",
                              "policies.fees.villages=[Core]"}));
  CHECK(f.get(Series::revenue_tickets, kCore) > 0);
  CHECK(baseline().get(Series::revenue_tickets, kCore) == 0);
  CHECK(f.get(Series::collective_income, kCore) > baseline().get(Series::collective_income, kCore));
  CHECK(f.get(Series::revenue_tickets, kEast) == 0);  // only the listed village charges
}

TEST_CASE("policies: the brand and joint marketing draw visitors, marketing at a public cost") {
  const Totals brand = run(world({"policies.brand.enabled=true", "policies.brand.spillover=0.5"}));
  CHECK(outside_core_share(brand) > outside_core_share(baseline()));
  const Totals m = run(world({"policies.marketing.enabled=true", "policies.marketing.budget_yuan_per_year=10000000",
                              "policies.marketing.demand_elasticity=0.3"}));
  CHECK(m.get(Series::persons_arrived) > baseline().get(Series::persons_arrived));
  CHECK(m.get(Series::policy_spending) > 0);
  CHECK(m.get(Series::net_public_cost) - baseline().get(Series::net_public_cost) == m.get(Series::policy_spending));
}

TEST_CASE("policies: tea certification earns a premium on less leaf, for a fee") {
  const Totals c = run(world({"policies.tea_certification.enabled=true", "policies.tea_certification.price_premium=0.3",
                              "policies.tea_certification.yield_factor=0.8"}));
  const Totals& b = baseline();
  CHECK(c.get(Series::policy_revenue) > 0);  // fees
  // Sales per kg of dry tea rise by about the premium (dry tea kept for visitors aside).
  CHECK(c.all(Series::dry_tea_sales) > b.all(Series::dry_tea_sales));
}

TEST_CASE("policies: subsidies, talent, dividends and land transfer move public and collective money") {
  const Totals s = run(world({"policies.subsidies.enabled=true", "policies.subsidies.tea_yuan_per_mu_year=200"}));
  // 200 yuan on each of 2,200 mu (households' plots add up to the villages' tea area).
  CHECK(s.get(Series::policy_spending) == doctest::Approx(2200 * 20000).epsilon(0.01));
  CHECK(s.all(Series::income_transfer) - baseline().all(Series::income_transfer) == s.get(Series::policy_spending));

  const Totals t = run(world({"policies.talent.enabled=true", "policies.talent.entrepreneurs_per_year=5",
                              "policies.talent.startup_grant_yuan=150000", "calendar.years=2"}));
  CHECK(t.get(Series::policy_spending) >= 5 * 15000000);

  const Totals d = run(world({"policies.dividends.enabled=true", "policies.dividends.payout_ratio=1.0",
                              "tourism.parking_yuan=20"}));
  CHECK(d.all(Series::collective_dividends) > baseline().all(Series::collective_dividends));

  const Totals l = run(world({"policies.land_transfer.enabled=true", "policies.land_transfer.share=0.5"}));
  CHECK(l.get(Series::policy_spending) > 0);
  CHECK(l.all(Series::hired_picker_days) > baseline().all(Series::hired_picker_days));
}

TEST_CASE("policies: bad lever settings are refused with the key and a suggestion") {
  auto refuse = [](const std::vector<std::string>& overrides, const std::string& fragment) {
    try {
      world(overrides);
    } catch (const scenario::ScenarioError& e) {
      CHECK(std::string(e.what()).find(fragment) != std::string::npos);
      return;
    }
    FAIL("accepted: " << overrides.front());
  };
  refuse({"policies.fees.villages=[Cor]"}, "did you mean 'Core'");
  refuse({"policies.revenue_sharing.split=populaton"}, "did you mean 'population'");
  refuse({"policies.shuttle.start=2024-06-01", "policies.shuttle.end=2024-05-01"}, "out of order");
  refuse({"policies.greenway.enabled=true"}, "at least one link");
  refuse({"policies.brand.spillover=2"}, "policies.brand.spillover");
  refuse({"policies.shutle.enabled=true"}, "did you mean 'shuttle'");
}
