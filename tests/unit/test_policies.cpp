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
  std::vector<double> real_village;   // [series * 4 + village], real series
  std::vector<std::int64_t> last_beds;
  std::vector<double> minutes_core_east;  // per day, after the day's step
  std::int64_t get(IntegerSeries s) const { return area[s.index()]; }
  std::int64_t get(IntegerSeries s, std::size_t v) const { return village[s.index() * 4 + v]; }
  std::int64_t all(IntegerSeries s) const {
    std::int64_t t = 0;
    for (std::size_t v = 0; v < 4; ++v) t += get(s, v);
    return t;
  }
  double all(RealSeries s) const {
    double t = 0;
    for (std::size_t v = 0; v < 4; ++v) t += real_village[s.index() * 4 + v];
    return t;
  }
};

Totals run(const Scenario& s) {
  Simulation sim(s, RunIdentity{s.seed, 0});
  Totals t;
  t.area.assign(kSeriesCount, 0);
  t.village.assign(kSeriesCount * 4, 0);
  t.real_village.assign(kSeriesCount * 4, 0.0);
  while (!sim.finished()) {
    sim.step();
    const DayIndicators& d = sim.indicators();
    for (std::size_t i = 0; i < kSeriesCount; ++i) {
      const SeriesSpec& spec = kSeriesSpecs[i];
      if (spec.kind == ValueKind::real && spec.scope == Scope::village)
        for (std::size_t v = 0; v < 4; ++v) t.real_village[i * 4 + v] += d.reals(i)[v];
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
  // Fares are revenue; the costs are the vehicles (5 M yuan by default,
  // once) and the operation, 184 days × 6,000 yuan.
  CHECK(s.get(series::policy_spending) == 500000000 + 184 * 600000);
  CHECK(s.get(series::policy_revenue) == s.get(series::shuttle_riders) * 500);
}

TEST_CASE("policies: the shuttle's vehicles and the greenway's construction are paid once, when each switches on") {
  const Scenario s = world({"policies.shuttle.enabled=true", "policies.shuttle.start=2024-03-01",
                            "policies.shuttle.capital_cost_yuan=4000000", "policies.shuttle.operating_cost_yuan_per_day=6000",
                            "policies.greenway.enabled=true", "policies.greenway.start=2024-06-01",
                            "policies.greenway.capital_cost_yuan=20000000", "policies.greenway.cost_yuan_per_year=365000",
                            "policies.greenway.links=[{from: East, to: West, km: 6, minutes: 10}]"});
  Simulation sim(s, RunIdentity{s.seed, 0});
  std::vector<std::int64_t> spending, net;
  while (!sim.finished()) {
    sim.step();
    const DayIndicators& d = sim.indicators();
    spending.push_back(d.integer(series::policy_spending));
    net.push_back(d.integer(series::net_public_cost) - d.integer(series::public_spending) +
                  d.integer(series::policy_revenue));
    CHECK(d.integer(series::money_residual) == 0);
  }
  constexpr std::size_t kMarch1 = 60, kJune1 = 152;  // 2024 is a leap year
  const std::int64_t bus = 400000000, road = 2000000000, run_bus = 600000, run_road = 100000;
  CHECK(spending[kMarch1 - 1] == 0);
  CHECK(spending[kMarch1] == bus + run_bus);  // the buses, and the first day's running
  CHECK(spending[kMarch1 + 1] == run_bus);
  CHECK(spending[kJune1 - 1] == run_bus);
  CHECK(spending[kJune1] == road + run_bus + run_road);  // the construction, and the first day's upkeep
  CHECK(spending[kJune1 + 1] == run_bus + run_road);
  CHECK(std::accumulate(spending.begin(), spending.end(), std::int64_t{0}) ==
        bus + road + 306 * run_bus + 214 * run_road);
  CHECK(net == spending);  // the net public cost counts it
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

TEST_CASE("policies: certified tea earns its premium only on what the premium market takes, at compliance costs") {
  // A premium market of 3,000 kg a year, far less than the certified dry
  // tea, binds: the buyers take 3,000 × (1 + premium)^-2 kg at the premium.
  const auto certified = [](const std::string& premium) {
    return run(world({"policies.tea_certification.enabled=true", "policies.tea_certification.price_premium=" + premium,
                      "policies.tea_certification.premium_market_kg_per_year=3000",
                      "policies.tea_certification.price_elasticity=2"}));
  };
  const Totals a = certified("0.3"), b = certified("0.6");
  CHECK(a.all(series::certified_premium_kg) == doctest::Approx(3000 / (1.3 * 1.3)));
  CHECK(b.all(series::certified_premium_kg) == doctest::Approx(3000 / (1.6 * 1.6)));
  CHECK(a.all(series::certified_premium_kg) < 0.5 * a.all(series::dry_tea_made));
  // What the premium buyers pay in all, (1 + premium) × price × kg: with
  // an elasticity above 1, doubling the premium takes in less.
  const double paid_a = static_cast<double>(a.all(series::certified_premium)) * 1.3 / 0.3;
  const double paid_b = static_cast<double>(b.all(series::certified_premium)) * 1.6 / 0.6;
  CHECK(a.all(series::certified_premium) > 0);
  CHECK(paid_b < paid_a);

  // Compliance costs leave the processors' accounts every month the lever
  // runs: 120 yuan per mu a year is 10 yuan per mu at the end of January.
  const auto processors_after_january = [](const std::string& cost) {
    const Scenario s = world({"policies.tea_certification.enabled=true",
                              "policies.tea_certification.compliance_cost_yuan_per_mu_year=" + cost});
    Simulation sim(s, RunIdentity{s.seed, 0});
    for (int day = 0; day < 31; ++day) sim.step();
    Fen cash = 0;
    for (AccountId id = 0; id < sim.ledger().size(); ++id)
      if (sim.ledger().kind(id) == AccountKind::tea_processor) cash += sim.ledger().balance(id);
    return cash;
  };
  CHECK(processors_after_january("0") - processors_after_january("120") == 2200 * 10 * 100);
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
  CHECK(t.get(series::policy_spending) > 0);  // grants; see the talent test below

  const Totals d = run(world({"policies.dividends.enabled=true", "policies.dividends.payout_ratio=1.0",
                              "tourism.parking_yuan=20"}));
  CHECK(d.all(series::collective_dividends) > baseline().all(series::collective_dividends));

  const Totals l = run(world({"policies.land_transfer.enabled=true", "policies.land_transfer.share=0.5"}));
  CHECK(l.get(series::policy_spending) > 0);
  CHECK(l.all(series::hired_picker_days) > baseline().all(series::hired_picker_days));
}

TEST_CASE("policies: a talent grant is public spending on the new firm's opening capital, never household income") {
  // No firm enters on profit, so the firms that open on 31 December (the
  // run's last day) are the programme's.
  const std::vector<std::string> no_entry = {"firms.entry_profit_yuan_per_year=1e9"};
  const auto talent = [&](const std::string& opening_cash) {
    std::vector<std::string> o = no_entry;
    o.insert(o.end(), {"policies.talent.enabled=true", "policies.talent.entrepreneurs_per_year=6",
                       "policies.talent.startup_grant_yuan=60000", "firms.opening_cash_yuan=" + opening_cash});
    return world(o);
  };
  struct Outcome {
    std::int64_t spending = 0, transfers = 0, opened = 0;
  };
  const auto run_talent = [](const Scenario& s) {
    Simulation sim(s, RunIdentity{s.seed, 0});
    Outcome r;
    std::size_t before = 0;
    while (!sim.finished()) {
      if (sim.days_done() == sim.day_count() - 1) before = sim.firms().size();
      sim.step();
      r.spending += sim.indicators().integer(series::policy_spending);
      for (std::size_t v = 0; v < 4; ++v) r.transfers += sim.indicators().integer(series::income_transfer, v);
      CHECK(sim.indicators().integer(series::money_residual) == 0);  // conserved
    }
    const Firms& firms = sim.firms();
    r.opened = static_cast<std::int64_t>(firms.size() - before);
    for (std::size_t f = before; f < firms.size(); ++f) {
      CHECK(firms.owner_household[f] >= 0);
      CHECK(sim.ledger().balance(firms.account[f]) >= 6000000);  // the opening cash, grant included
    }
    return r;
  };
  const Outcome t = run_talent(talent("100000"));
  REQUIRE(t.opened > 0);
  CHECK(t.spending == t.opened * 6000000);  // 60,000 yuan per firm opened
  // Households' transfer income is what it is without the programme.
  CHECK(t.transfers == run(world(no_entry)).all(series::income_transfer));
  // A firm no household can pay the rest of opens nowhere, and no grant is paid.
  const Outcome none = run_talent(talent("1e9"));
  CHECK(none.opened == 0);
  CHECK(none.spending == 0);
}

TEST_CASE("policies: land transfer's cooperatives hire from the area's limited picker pool, next to households") {
  struct Harvest {
    double coop_available = 0, coop_picked = 0, household_hired_kg = 0;
    std::int64_t household_wanted = 0, household_hired = 0;
  };
  const auto harvest = [](const std::vector<std::string>& overrides) {
    const Scenario s = world(overrides);
    Simulation sim(s, RunIdentity{s.seed, 0});
    Harvest r;
    while (!sim.finished()) {
      sim.step();
      const DayIndicators& d = sim.indicators();
      if (d.integer(series::harvest_day) == 0) continue;
      // The cooperatives' leaf: the villages' less the households'.
      double available = 0, picked = 0;
      std::int64_t hired_days = 0;
      for (std::size_t v = 0; v < 4; ++v) {
        available += d.real(series::fresh_leaf_available, v);
        picked += d.real(series::fresh_leaf_picked, v);
        hired_days += d.integer(series::hired_picker_days, v);
      }
      const Households& h = sim.households();
      for (std::size_t i = 0; i < h.size(); ++i) {
        available -= h.leaf_available_kg[i];
        picked -= static_cast<double>(h.own_picked_kg[i]) + h.hired_picked_kg[i];
        r.household_hired_kg += h.hired_picked_kg[i];
        r.household_wanted += h.pickers_wanted[i];
        r.household_hired += h.pickers_hired[i];
      }
      r.coop_available += available;
      r.coop_picked += picked;
      // Every hired picker, the cooperatives' too, comes out of the pool.
      CHECK(hired_days == d.integer(series::migrant_pickers_hired));
      CHECK(d.integer(series::migrant_pickers_hired) <= d.integer(series::migrant_pickers_available));
    }
    return r;
  };
  const std::vector<std::string> transfer = {"policies.land_transfer.enabled=true", "policies.land_transfer.share=0.5"};
  // With a pool of 10 pickers per mu the cooperatives' leaf is picked.
  std::vector<std::string> ample_pool = transfer;
  ample_pool.push_back("tea.picking.migrant_pickers_per_mu=10");
  const Harvest ample = harvest(ample_pool);
  REQUIRE(ample.coop_available > 0);
  CHECK(ample.coop_picked > 0.95 * ample.coop_available);
  // A pool of 0.1 pickers per mu is short: less of the cooperatives' leaf is
  // picked, and households get a smaller share of the pickers they want
  // than without land transfer, and pick less with hired hands.
  const std::string short_pool = "tea.picking.migrant_pickers_per_mu=0.1";
  std::vector<std::string> short_transfer = transfer;
  short_transfer.push_back(short_pool);
  const Harvest with = harvest(short_transfer), without = harvest({short_pool});
  CHECK(with.coop_picked > 0);
  CHECK(with.coop_picked < 0.8 * with.coop_available);
  REQUIRE(without.household_wanted > without.household_hired);  // the pool is short
  const auto share = [](const Harvest& r) {
    return static_cast<double>(r.household_hired) / static_cast<double>(r.household_wanted);
  };
  CHECK(share(with) < share(without));
  CHECK(with.household_hired_kg < without.household_hired_kg);
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
