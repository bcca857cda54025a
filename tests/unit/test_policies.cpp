// Policy levers on a small world: each changes what it should, switches on
// at its start date, and moves public money through the ledger (a run
// whose money is not conserved throws, so every run here is also an audit).
#include <doctest/doctest.h>
#include <cmath>

#include <numeric>
#include <string>
#include <vector>

#include "sim/model/simulation.hpp"
#include "sim/io/scenario/scenario_loader.hpp"
#include "sim/io/scenario/scenario_writer.hpp"

using namespace yucun;

namespace {

// Four villages, one year. Core is the gateway and draws most visitors;
// East is reached by a shuttle-flagged road, West and South by plain roads.
const char* kPolicyWorld = R"(name: policy-world
seed: 11
spin_up: {years: 0}
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
  std::int64_t get(IntegerSeries s) const { return area[s.index()]; }
  std::int64_t get(IntegerSeries s, std::size_t v) const { return village[s.index() * 4 + v]; }
  std::int64_t all(IntegerSeries s) const {
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
    for (std::size_t i = 0; i < kSeriesCount; ++i) {
      const SeriesSpec& spec = kSeriesSpecs[i];
      if (spec.kind != ValueKind::integer) continue;
      if (spec.scope == Scope::area) t.area[i] += d.integers(i)[0];
      if (spec.scope == Scope::village)
        for (std::size_t v = 0; v < 4; ++v) t.village[i * 4 + v] += d.integers(i)[v];
    }
    t.minutes_core_east.push_back(sim.roads().travel_minutes(kCore, kEast));
    CHECK(d.integer(series::money_residual) == 0);
  }
  for (std::size_t v = 0; v < 4; ++v) t.last_beds.push_back(sim.indicators().integer(series::beds, v));
  return t;
}

const Totals& baseline() {
  static const Totals t = run(world());
  return t;
}

double outside_core_share(const Totals& t) {
  return 1.0 - static_cast<double>(t.get(series::visitors, kCore)) / static_cast<double>(t.all(series::visitors));
}

}  // namespace

TEST_CASE("policies: all levers are off by default and leave no trace") {
  const Totals& b = baseline();
  CHECK(b.get(series::policy_spending) == 0);
  CHECK(b.get(series::policy_revenue) == 0);
  CHECK(b.get(series::shuttle_riders) == 0);
  CHECK(b.all(series::revenue_shared) == 0);
  CHECK(b.get(series::net_public_cost) == b.get(series::public_spending));
  CHECK(b.minutes_core_east.front() == doctest::Approx(30));
}

TEST_CASE("policies: a shuttle from July shortens travel times then, and spreads visitors") {
  const Totals s = run(world({"policies.shuttle.enabled=true", "policies.shuttle.start=2024-07-01",
                              "policies.shuttle.minutes_factor=0.4"}));
  CHECK(s.minutes_core_east[181] == doctest::Approx(30));       // 30 June
  CHECK(s.minutes_core_east[182] == doctest::Approx(12));       // 1 July: 30 × 0.4
  CHECK(s.minutes_core_east.back() == doctest::Approx(12));
  CHECK(s.get(series::visitors, kEast) > baseline().get(series::visitors, kEast));
  CHECK(outside_core_share(s) > outside_core_share(baseline()));
  CHECK(s.get(series::shuttle_riders) > 0);
  // Fares are revenue, the operation a cost: 184 days × 6,000 yuan.
  CHECK(s.get(series::policy_spending) == 184 * 600000);
  CHECK(s.get(series::policy_revenue) == s.get(series::shuttle_riders) * 500);
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

TEST_CASE("policies: the shuttle and the greenway change visitors' travel, not commuters'") {
  // Both levers on from the start: visitors' East-Core and East-West times
  // fall, commuters' stay the scenario's (the baseline's scenarios check that
  // wages move by under 0.5 %: tests/e2e/test_policy_scenarios.py).
  const Scenario s = world({"policies.shuttle.enabled=true", "policies.shuttle.minutes_factor=0.4",
                            "policies.greenway.enabled=true",
                            "policies.greenway.links=[{from: East, to: West, km: 6, minutes: 10}]"});
  Simulation sim(s, RunIdentity{s.seed, 0});
  sim.step();
  CHECK(sim.roads().travel_minutes(kCore, kEast) == doctest::Approx(12));
  CHECK(sim.roads().travel_minutes(kEast, kWest) == doctest::Approx(10));
  CHECK(sim.commuter_roads().travel_minutes(kCore, kEast) == doctest::Approx(30));
  CHECK(sim.commuter_roads().travel_minutes(kEast, kWest) == doctest::Approx(55));
  CHECK(run(s).get(series::visitors, kEast) > baseline().get(series::visitors, kEast));
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
  CHECK(r.get(series::revenue_shared, kCore) < 0);
  for (std::size_t v : {kEast, kWest, kSouth}) CHECK(r.get(series::revenue_shared, v) > 0);
  CHECK(r.all(series::revenue_shared) == 0);
  // Split by population: East (380) gets more than South (350).
  CHECK(r.get(series::revenue_shared, kEast) > r.get(series::revenue_shared, kSouth));
  // The receivers pay larger dividends.
  CHECK(r.get(series::collective_dividends, kSouth) > baseline().get(series::collective_dividends, kSouth));
}

TEST_CASE("policies: an entry fee raises the collectives' income") {
  const Totals f = run(world({"policies.fees.enabled=true", "policies.fees.ticket_yuan=20",
                              "policies.fees.villages=[Core]"}));
  CHECK(f.get(series::revenue_tickets, kCore) > 0);
  CHECK(baseline().get(series::revenue_tickets, kCore) == 0);
  CHECK(f.get(series::collective_income, kCore) > baseline().get(series::collective_income, kCore));
  CHECK(f.get(series::revenue_tickets, kEast) == 0);  // only the listed village charges
}

TEST_CASE("policies: the brand and joint marketing draw visitors, marketing at a public cost") {
  const Totals brand = run(world({"policies.brand.enabled=true", "policies.brand.spillover=0.5"}));
  CHECK(outside_core_share(brand) > outside_core_share(baseline()));
  const Totals m = run(world({"policies.marketing.enabled=true", "policies.marketing.budget_yuan_per_year=10000000",
                              "policies.marketing.demand_elasticity=0.3"}));
  CHECK(m.get(series::persons_arrived) > baseline().get(series::persons_arrived));
  CHECK(m.get(series::policy_spending) > 0);
  CHECK(m.get(series::net_public_cost) - baseline().get(series::net_public_cost) == m.get(series::policy_spending));
}

TEST_CASE("policies: tea certification earns a premium on less leaf, for a fee") {
  const Totals c = run(world({"policies.tea_certification.enabled=true", "policies.tea_certification.price_premium=0.3",
                              "policies.tea_certification.yield_factor=0.8"}));
  const Totals& b = baseline();
  CHECK(c.get(series::policy_revenue) > 0);  // fees
  // Sales per kg of dry tea rise by about the premium (dry tea kept for visitors aside).
  CHECK(c.all(series::dry_tea_sales) > b.all(series::dry_tea_sales));
}

TEST_CASE("policies: subsidies, talent, dividends and land transfer move public and collective money") {
  const Totals s = run(world({"policies.subsidies.enabled=true", "policies.subsidies.tea_yuan_per_mu_year=200"}));
  // 200 yuan on each of 2,200 mu (households' plots add up to the villages' tea area).
  CHECK(s.get(series::policy_spending) == doctest::Approx(2200 * 20000).epsilon(0.01));
  CHECK(s.all(series::income_transfer) - baseline().all(series::income_transfer) == s.get(series::policy_spending));

  const Totals t = run(world({"policies.talent.enabled=true", "policies.talent.entrepreneurs_per_year=5",
                              "policies.talent.startup_grant_yuan=150000", "calendar.years=2"}));
  CHECK(t.get(series::policy_spending) >= 5 * 15000000);

  const Totals d = run(world({"policies.dividends.enabled=true", "policies.dividends.payout_ratio=1.0",
                              "tourism.parking_yuan=20"}));
  CHECK(d.all(series::collective_dividends) > baseline().all(series::collective_dividends));

  const Totals l = run(world({"policies.land_transfer.enabled=true", "policies.land_transfer.share=0.5"}));
  CHECK(l.get(series::policy_spending) > 0);
  CHECK(l.all(series::hired_picker_days) > baseline().all(series::hired_picker_days));
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

TEST_CASE("policies: levers act through the parameters in force, and a lever that ends leaves the scenario's") {
  Simulation sim(world({"policies.fees.enabled=true", "policies.fees.start=2024-01-02", "policies.fees.end=2024-01-02",
                        "policies.fees.ticket_yuan=40", "policies.fees.parking_yuan=25", "policies.fees.villages=[East]",
                        "policies.homestays.enabled=true", "policies.homestays.quality_price_premium=0.5",
                        "policies.homestays.villages=[West]", "policies.homestays.quality_satisfaction=0.1"}),
                 RunIdentity{11, 0});
  const auto& villages = sim.scenario().world.villages;
  const InForce& now = sim.in_force();
  sim.step();  // 1 January: licensing runs, fees not yet
  CHECK(now.ticket_yuan[kEast] == villages[kEast].ticket_yuan);
  CHECK(now.parking_yuan == sim.scenario().tourism.parking_yuan);
  CHECK(now.bed_price_yuan[kWest] == doctest::Approx(villages[kWest].bed_price_yuan * 1.5));
  CHECK(now.bed_price_yuan[kEast] == villages[kEast].bed_price_yuan);
  CHECK(now.satisfaction_bonus[kWest] == doctest::Approx(0.1));
  CHECK(now.satisfaction_bonus[kEast] == 0);
  sim.step();  // 2 January: fees run in East only, on top of licensing
  CHECK(now.ticket_yuan[kEast] == 40);
  CHECK(now.ticket_yuan[kWest] == villages[kWest].ticket_yuan);
  CHECK(now.parking_yuan == 25);
  CHECK(now.bed_price_yuan[kWest] == doctest::Approx(villages[kWest].bed_price_yuan * 1.5));
  sim.step();  // 3 January: fees over, the scenario's values are back; licensing still runs
  CHECK(now.ticket_yuan[kEast] == villages[kEast].ticket_yuan);
  CHECK(now.parking_yuan == sim.scenario().tourism.parking_yuan);
  CHECK(now.bed_price_yuan[kWest] == doctest::Approx(villages[kWest].bed_price_yuan * 1.5));
  // The scenario itself is never changed by a lever.
  CHECK(villages[kWest].bed_price_yuan == world().world.villages[kWest].bed_price_yuan);
}

TEST_CASE("policies: options named in words are enums once loaded, and written back as the same words") {
  const Scenario s = world({"policies.dividends.basis=households", "policies.revenue_sharing.split=equal",
                            "policies.talent.business=restaurant"});
  CHECK(s.policies.dividends.basis == DividendBasis::households);
  CHECK(s.policies.revenue_sharing.split == RevenueSplit::equal);
  CHECK(s.policies.talent.business == TalentBusiness::restaurant);
  const std::string yaml = scenario::to_yaml(s);
  CHECK(yaml.find("basis: \"households\"") != std::string::npos);
  CHECK(yaml.find("split: \"equal\"") != std::string::npos);
  CHECK(scenario::load_scenario_text(yaml, "again.yaml", ".", {}).policies.talent.business == TalentBusiness::restaurant);
}
