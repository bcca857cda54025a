// The area against other destinations (ODD 7.9a): the outside option's share
// and its response to fees, marketing and crowding; attractions' seasons and
// capacities; parties entering where they were drawn; tea-garden experiences
// and farm-gate tea paid to tea households.
#include <doctest/doctest.h>

#include <cmath>
#include <numeric>
#include <vector>

#include "sim/core/ledger.hpp"
#include "sim/model/tourism/area_demand.hpp"
#include "sim/model/tourism/tourism_market.hpp"
#include "sim/model/tourism/tourists.hpp"
#include "sim/model/simulation.hpp"
#include "sim/io/scenario/scenario_loader.hpp"

using namespace yucun;

namespace {

WorldParams two_villages() {
  WorldParams w;
  w.villages.resize(2);
  w.villages[0].name = "Core";
  w.villages[0].attractiveness = 1.0;
  w.villages[0].bed_price_yuan = 200;
  w.villages[1].name = "Hill";
  w.villages[1].attractiveness = 0.5;
  w.villages[1].bed_price_yuan = 100;
  w.roads.push_back(RoadSpec{"Core", "Hill", 5, 10, false});
  return w;
}

TourismParams with_attractions() {
  TourismParams p;
  p.trip_cost_yuan = 150;
  p.price_elasticity = 1.0;
  p.lodging_weight = 0;
  p.parking_yuan = 0;
  p.tea_interest_share = 0.3;
  p.tea_garden_pull = 1.0;
  AttractionSpec core;
  core.name = "core";
  core.village = "Core";
  core.kind = AttractionKind::village;
  core.pull = 1.0;
  AttractionSpec ski;
  ski.name = "ski";
  ski.village = "Hill";
  ski.kind = AttractionKind::resort;
  ski.pull = 1.0;
  ski.ticket_yuan = 50;
  ski.daily_capacity = 1000;
  ski.month_pull = {2, 2, 1, 0, 0, 0, 0, 0, 0, 0, 1, 2};  // closed in summer
  AttractionSpec garden;
  garden.name = "garden";
  garden.village = "Hill";
  garden.kind = AttractionKind::tea_garden;
  garden.pull = 0.2;
  garden.month_pull = {0.1, 0.1, 1, 3, 1, 0.2, 0.2, 0.2, 0.2, 0.2, 0.1, 0.1};
  p.attractions = {core, ski, garden};
  return p;
}

double logistic_share(double v0, double iv) { return 1.0 / (1.0 + std::exp(v0 - iv)); }

}  // namespace

TEST_CASE("outside option: the share who come is area_share at V0, and follows the inclusive value") {
  const WorldParams world = two_villages();
  TourismParams p = with_attractions();
  InForce in(world, 0, 0.5);
  AreaDemand d(p, world, 0);
  REQUIRE(d.count() == 3);
  const std::vector<double> reputation{1.0, 1.0}, calm(3, 0.0);
  d.update(p, 1, in, reputation, calm);
  const double iv = d.inclusive_value(0);
  // The log-sum of the three utilities, by hand.
  const double u_core = std::log(1.0) - std::log(150.0);
  const double u_ski = std::log(2.0) - std::log(200.0);
  const double u_garden = std::log(0.2 * 0.1) - std::log(150.0);
  CHECK(iv == doctest::Approx(std::log(std::exp(u_core) + std::exp(u_ski) + std::exp(u_garden))));
  CHECK(d.utility(1, 2) == doctest::Approx(u_garden + 1.0));  // tea-culture parties' pull to the garden
  const double s0 = 0.1;
  d.set_outside_utility(iv + std::log((1 - s0) / s0));
  CHECK(d.come_share(0) == doctest::Approx(s0));
  CHECK(d.come_share(1) > s0);  // the garden draws tea-culture parties more

  SUBCASE("a ticket lowers the share who come, as the logit says") {
    in.ticket_yuan[0] = 30;  // the core village charges entry
    d.update(p, 1, in, reputation, calm);
    const double u_core_fee = -std::log(180.0);
    const double iv_fee = std::log(std::exp(u_core_fee) + std::exp(u_ski) + std::exp(u_garden));
    CHECK(d.come_share(0) == doctest::Approx(logistic_share(d.outside_utility(), iv_fee)));
    CHECK(d.come_share(0) < s0);
    CHECK(d.probability(0, 0) < std::exp(u_core) / std::exp(iv));  // and moves entries elsewhere
    // Elasticity: d ln s / d ln(price) = -beta (1 - s) x (core's entry share), near the margin.
    const double elasticity = std::log(d.come_share(0) / s0) / std::log(180.0 / 150.0);
    const double core_share = std::exp(u_core) / std::exp(iv);
    CHECK(elasticity == doctest::Approx(-(1 - s0) * core_share).epsilon(0.15));
  }
  SUBCASE("marketing raises it") {
    in.demand_multiplier = 1.2;
    d.update(p, 1, in, reputation, calm);
    CHECK(d.come_share(0) == doctest::Approx(logistic_share(d.outside_utility(), iv + std::log(1.2))));
    CHECK(d.come_share(0) > s0);
  }
  SUBCASE("a village's reputation and a lever's attractiveness act through its attractions") {
    d.update(p, 1, in, std::vector<double>{0.5, 1.0}, calm);
    CHECK(d.come_share(0) < s0);
    in.attractiveness[1] = 0.75;  // a brand lever: Hill from 0.5 to 0.75
    d.update(p, 1, in, reputation, calm);
    CHECK(d.come_share(0) > s0);
    CHECK(d.utility(0, 2) == doctest::Approx(u_garden + std::log(1.5)));  // the village's tea garden
    CHECK(d.utility(0, 1) == doctest::Approx(u_ski));  // a resort keeps its own draw
  }
}

TEST_CASE("attractions: seasons close and open them; crowding above capacity turns parties away") {
  const WorldParams world = two_villages();
  const TourismParams p = with_attractions();
  const InForce in(world, 0, 0.5);
  AreaDemand d(p, world, 0);
  const std::vector<double> reputation{1.0, 1.0}, calm(3, 0.0);
  d.update(p, 7, in, reputation, calm);  // July: the ski resort is closed
  CHECK(d.probability(0, 1) == 0.0);
  for (int k = 0; k < 1000; ++k) CHECK(d.sample(0, (k + 0.5) / 1000.0) != 1);
  d.update(p, 1, in, reputation, calm);
  const double january = d.probability(0, 1);
  CHECK(january > 0.4);
  d.update(p, 4, in, reputation, calm);
  CHECK(d.probability(1, 2) > 3 * [&] { AreaDemand j(p, world, 0); j.update(p, 1, in, reputation, calm); return j.probability(1, 2); }());

  // Yesterday's entrants at twice the resort's capacity cost attraction_crowding x 1.
  d.update(p, 1, in, reputation, std::vector<double>{0.0, 2000.0, 0.0});
  CHECK(d.utility(0, 1) == doctest::Approx(std::log(2.0) - std::log(200.0) - p.attraction_crowding));
  CHECK(d.probability(0, 1) < january);
  // At capacity, no penalty.
  d.update(p, 1, in, reputation, std::vector<double>{0.0, 1000.0, 0.0});
  CHECK(d.probability(0, 1) == doctest::Approx(january));

  // Every attraction closed: nobody comes.
  TourismParams shut = p;
  for (AttractionSpec& a : shut.attractions) a.month_pull.assign(12, 0.0);
  AreaDemand none(shut, world, 0);
  none.update(shut, 5, in, reputation, calm);
  CHECK(none.come_share() == 0.0);
}

TEST_CASE("without attractions the gateway village is the one entry") {
  const WorldParams world = two_villages();
  TourismParams p;
  const InForce in(world, 0, 0.5);
  AreaDemand d(p, world, 1);
  REQUIRE(d.count() == 1);
  CHECK(d.village(0) == 1);
  d.update(p, 3, in, std::vector<double>{1.0, 1.0}, std::vector<double>{0.0});
  CHECK(d.probability(0, 0) == 1.0);
}

TEST_CASE("parties enter where they were drawn, visit it first, in proportion to the entry probabilities") {
  const WorldParams world = two_villages();
  TourismParams p = with_attractions();
  SourceMarketSpec m;
  m.name = "city";
  m.share = 1;
  p.markets = {m};
  const InForce in(world, 0, 0.5);
  AreaDemand d(p, world, 0);
  const std::vector<double> reputation{1.0, 1.0};
  d.update(p, 1, in, reputation, std::vector<double>(3, 0.0));
  d.set_outside_utility(d.inclusive_value(0));
  const RandomStreams rng(11, 0);
  TouristParties parties;
  const std::size_t n = arrive_tourists(parties, ArrivalDay{40, 60000, false}, p, d, rng);
  REQUIRE(n > 15000);
  std::vector<double> entered(3, 0.0);
  double tea = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const auto a = static_cast<std::size_t>(parties.entry[i]);
    entered[a] += 1;
    tea += parties.interest[i];
    CHECK(static_cast<std::size_t>(parties.start[i]) == d.village(a));
  }
  CHECK(tea / n == doctest::Approx(d.tea_interest_probability()).epsilon(0.05));
  const double tea_p = d.tea_interest_probability();
  for (std::size_t a = 0; a < 3; ++a)
    CHECK(entered[a] / n ==
          doctest::Approx((1 - tea_p) * d.probability(0, a) + tea_p * d.probability(1, a)).epsilon(0.08));

  DestinationChoice choice(in.roads, {1.0, 0.5}, {{0.0, 0.3}});  // a tea-culture segment, as the run has
  choice.update(p, reputation, {0.0, 0.0});
  plan_itineraries(parties, 40, p, choice, in.roads, rng, &d);
  for (std::size_t i = 0; i < n; ++i) {
    REQUIRE(parties.visit_count[i] >= 1);
    CHECK(parties.visits[i * kMaxVisitsPerDay] == parties.start[i]);
  }
}

TEST_CASE("tea gardens: experiences and farm-gate margins go to the village's tea households by their land") {
  const WorldParams world = two_villages();
  TourismParams p = with_attractions();
  p.tea_experience_yuan = 40;
  p.tea_retail_markup = 0.6;
  p.tea_kg_per_buyer = 0.25;
  const InForce in(world, 0, 0.5);
  AreaDemand d(p, world, 0);
  TouristParties parties;
  // Three persons drawn by the garden in Hill, buying tea there; two drawn by the ski resort.
  parties.append(1, 0, 3, 1.0f, false, 1, true, 0, 1, /*entry=*/2);
  parties.append(2, 0, 2, 1.0f, false, 0, false, 0, 1, /*entry=*/1);
  for (std::size_t i = 0; i < 2; ++i) {
    parties.visit_count[i] = 1;
    parties.visits[i * kMaxVisitsPerDay] = 1;
  }
  TeaProcessors tea;
  tea.retail_stock_kg = {0.0, 1.0};
  tea.retail_price_fen_per_kg = {0.0, 160000.0};
  std::vector<VillageTourismDay> day;
  const std::vector<std::uint8_t> sellers(2, 1);
  tourist_spending(parties, p, in, sellers, std::vector<std::uint8_t>(2, 0), tea, day, 1.0, &d);
  CHECK(day[1].attraction_entrants == 5);
  CHECK(day[1].tea_garden_entrants == 3);
  CHECK(day[1].attraction_tickets == 2 * 5000);
  CHECK(day[1].tea_experiences == 3 * 4000);
  CHECK(day[1].tea == 40000);                       // 0.25 kg at 1,600 yuan/kg
  CHECK(day[1].farm_gate_tea == 15000);             // the margin: 0.6 / 1.6 of it
  CHECK(day[1].tea_tourism_income() == 27000);

  // Paying: the village cooperative (processor) receives the tea and the
  // experiences; it settles the farmers' 27,000 fen at the month end
  // (TourismSector::settle_tea_tourism, checked in a run below).
  Ledger ledger;
  std::vector<AccountId> accounts, collectives, processors, outside;
  for (int i = 0; i < 3; ++i) accounts.push_back(ledger.open(AccountKind::household, 0));
  for (int v = 0; v < 2; ++v) {
    collectives.push_back(ledger.open(AccountKind::collective, 0));
    processors.push_back(ledger.open(AccountKind::tea_processor, 0));
    outside.push_back(ledger.open(AccountKind::outside_world, 0));
  }
  Firms firms;
  FirmIndex index;
  index.rebuild(firms, 2);
  IncomeBook income(3, 2);
  const std::vector<std::vector<std::uint32_t>> hosts(2);
  const std::vector<std::int32_t> beds(3, 0);
  day[1].food = 0;  // no restaurants in this test
  day[1].activities = 0;
  const TourismSellers s{&hosts, &beds, &accounts, &firms, &index, &collectives, &processors, &outside};
  pay_tourism_revenue(day, p, s, firms, ledger, income);
  CHECK(ledger.audit().sound());
  CHECK(ledger.balance(processors[1]) == 40000 + 12000);
  CHECK(ledger.balance(collectives[1]) == 0);  // no collective share of these tickets
}

TEST_CASE("a run: tea households are paid the month's tea tourism at the month end") {
  const char* text = R"(extends: "@baseline"
name: tea-gardens
calendar: {start: 2023-04-01, years: 1}
spin_up: {years: 0}
)";
  const Scenario s = scenario::load_scenario_text(text, "tea-gardens.yaml", ".", {});
  Simulation sim(s, RunIdentity{s.seed, 0});
  std::size_t daxi = 0;
  while (s.world.villages[daxi].name != "Daxi") ++daxi;
  // April: the picking season's tail and the gardens' peak month. On 30 April
  // (no harvest: leaf sales are over) the households' tea income is the
  // month's experiences and farm-gate margins, settled by the cooperative.
  Fen april = 0, harvest_days_left = 0;
  for (int day = 0; day < 30; ++day) {
    sim.step();
    const DayIndicators& d = sim.indicators();
    april += d.integer(series::tea_tourism_income, daxi);
    if (day == 29) {
      harvest_days_left = d.integer(series::harvest_day);
      CHECK(d.integer(series::income_tea, daxi) == april);
    }
  }
  REQUIRE(harvest_days_left == 0);
  CHECK(april > 0);
  CHECK(sim.ledger().audit().sound());
}
