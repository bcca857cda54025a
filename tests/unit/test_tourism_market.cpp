// Tourist spending and its payment: exact splits in fen, spending summed per
// village and kind for hand-made parties, and revenue paid to the sellers
// without creating or losing money.
#include <doctest/doctest.h>
#include <stdexcept>

#include <cmath>
#include <numeric>
#include <random>
#include <vector>

#include "sim/model/tourism/tourism_market.hpp"

using namespace yucun;

TEST_CASE("split_proportional: hand-checked splits") {
  CHECK(split_proportional(10, {1, 2, 3, 4}) == std::vector<Fen>{1, 2, 3, 4});
  CHECK(split_proportional(100, {1, 1, 1}) == std::vector<Fen>{34, 33, 33});  // ties to the lower index
  CHECK(split_proportional(2, {1, 1, 1}) == std::vector<Fen>{1, 1, 0});
  CHECK(split_proportional(2, {1, 1, 1, 1}) == std::vector<Fen>{1, 1, 0, 0});
  CHECK(split_proportional(1, {2, 1, 2}) == std::vector<Fen>{1, 0, 0});
  CHECK(split_proportional(5, {1, 3}) == std::vector<Fen>{1, 4});  // 1.25 / 3.75: the larger remainder wins
  CHECK(split_proportional(7, {0, 1, 0}) == std::vector<Fen>{0, 7, 0});
  CHECK(split_proportional(60000, {10, 30, 20}) == std::vector<Fen>{10000, 30000, 20000});
}

TEST_CASE("split_proportional: nothing to split or nobody to split it among") {
  CHECK(split_proportional(5, {0, 0}) == std::vector<Fen>{0, 0});
  CHECK(split_proportional(0, {1, 2}) == std::vector<Fen>{0, 0});
  CHECK(split_proportional(-5, {1, 2}) == std::vector<Fen>{0, 0});
  CHECK(split_proportional(5, {}).empty());
}

TEST_CASE("split_proportional: exact, within one fen of proportional, deterministic (random weights)") {
  std::mt19937_64 gen(31337);
  std::uniform_real_distribution<double> weight(0.0, 1.0);
  for (int trial = 0; trial < 2000; ++trial) {
    const std::size_t n = 1 + gen() % 12;
    std::vector<double> w(n);
    for (auto& x : w) {
      x = weight(gen);
      if (gen() % 4 == 0) x = 0;                 // some sellers have no capacity
      if (gen() % 7 == 0) x = std::floor(x * 4);  // and some tie
    }
    const Fen total = trial % 3 == 0 ? static_cast<Fen>(gen() % 20) : static_cast<Fen>(gen() % 1'000'000'000'000);
    const double sum = std::accumulate(w.begin(), w.end(), 0.0);
    const auto out = split_proportional(total, w);
    CAPTURE(trial);
    CAPTURE(total);
    REQUIRE(out.size() == n);
    if (sum <= 0) {
      for (Fen x : out) CHECK(x == 0);
      continue;
    }
    CHECK(std::accumulate(out.begin(), out.end(), Fen{0}) == total);
    for (std::size_t i = 0; i < n; ++i) {
      const double exact = static_cast<double>(total) * w[i] / sum;
      CHECK(out[i] >= 0);
      CHECK(std::abs(static_cast<double>(out[i]) - exact) < 1.0 + 1e-6 * exact);
      if (w[i] == 0) CHECK(out[i] == 0);
    }
    // Equal weights get equal shares, give or take the one fen that goes to the lower index.
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = i + 1; j < n; ++j)
        if (w[i] == w[j] && w[i] > 0) CHECK((out[i] == out[j] || out[i] == out[j] + 1));
    CHECK(split_proportional(total, w) == out);
  }
}

namespace {

std::vector<VillageSpec> three_villages() {
  std::vector<VillageSpec> v(3);
  v[0].name = std::string(1, 'A');
  v[0].ticket_yuan = 10;
  v[0].bed_price_yuan = 150;
  v[1].name = std::string(1, 'B');
  v[1].ticket_yuan = 0;
  v[1].bed_price_yuan = 100;
  v[2].name = std::string(1, 'C');
  v[2].ticket_yuan = 5;
  v[2].bed_price_yuan = 80;
  return v;
}

// The prices in force with no lever running: the villages' own tickets and
// bed prices, the scenario's parking fee.
InForce prices_of(const std::vector<VillageSpec>& villages, const TourismParams& p) {
  WorldParams world;
  world.villages = villages;
  for (std::size_t v = 1; v < villages.size(); ++v) world.roads.push_back(RoadSpec{villages[v - 1].name, villages[v].name, 1, 5, false});
  return InForce(world, p.parking_yuan, 0.6);
}

void add_party(TouristParties& parties, std::uint64_t id, std::uint8_t persons, float spend, bool car, bool tea,
               std::uint8_t nights, std::uint8_t day_of_stay, std::int32_t lodging,
               std::initializer_list<std::int32_t> visits) {
  parties.append(id, 0, persons, spend, car, /*interest=*/tea ? 1 : 0, tea, nights, 0);
  const std::size_t p = parties.size_count() - 1;
  parties.day_of_stay[p] = day_of_stay;
  parties.lodging[p] = lodging;
  parties.visit_count[p] = static_cast<std::uint8_t>(visits.size());
  std::size_t k = 0;
  for (std::int32_t v : visits) parties.visits[p * kMaxVisitsPerDay + k++] = v;
}

}  // namespace

TEST_CASE("tourist_spending: hand-made parties, summed per village and kind") {
  const auto villages = three_villages();
  const TourismParams p;  // food 30, activities 25, parking 15 yuan; 0.25 kg of tea a buyer
  REQUIRE(p.food_yuan == 30);
  REQUIRE(p.activity_yuan == 25);
  REQUIRE(p.parking_yuan == 15);
  REQUIRE(p.tea_kg_per_buyer == 0.25);
  const std::vector<std::uint8_t> has_restaurants(3, 1);
  const std::vector<std::uint8_t> has_activities = {1, 0, 1};
  TeaProcessors tea;
  tea.retail_stock_kg = {0.6, 0.1, 0.0};
  tea.retail_price_fen_per_kg = {40000, 20000, 30000};

  TouristParties parties;
  // 1: two by car, first day, one night booked in B; visits A then B; buys tea in A.
  add_party(parties, 1, 2, 1.0f, true, true, 1, 0, 1, {0, 1});
  // 2: three, spend 1.5, no car, second of two nights in C; visits C; a tea buyer, but not on day one.
  add_party(parties, 2, 3, 1.5f, false, true, 2, 1, 2, {2});
  // 3: four by car, spend 0.5, its one night is over (leaves today); visits B, C, A.
  add_party(parties, 3, 4, 0.5f, true, false, 1, 1, 2, {1, 2, 0});
  // 4: a lone day tripper buying the last 0.1 kg of B's tea.
  add_party(parties, 4, 1, 1.0f, false, true, 0, 0, -1, {1});
  // 5: a tea buyer who finds B's stock gone.
  add_party(parties, 5, 2, 1.0f, false, true, 0, 0, -1, {1});
  // 6: no visits today: spends nothing.
  add_party(parties, 6, 5, 2.0f, true, true, 0, 0, -1, {});

  std::vector<VillageTourismDay> out;
  tourist_spending(parties, p, prices_of(villages, p), has_restaurants, has_activities, tea, out);
  REQUIRE(out.size() == 3);

  // A: party 1 (food 30 yuan of its 60, tickets 2 x 10, parking, activities 25 of 50, 0.25 kg tea at 400 yuan/kg)
  //  + party 3 (food 20 of 60, tickets 4 x 10, parking, activities 16.67 of 50).
  CHECK(out[0].visitors == 6);
  CHECK(out[0].food == 3000 + 2000);
  CHECK(out[0].tickets == 2000 + 4000);
  CHECK(out[0].parking == 1500 + 1500);
  CHECK(out[0].activities == 2500 + 1667);
  CHECK(out[0].tea == 10000);
  CHECK(out[0].tea_kg == doctest::Approx(0.25));
  CHECK(out[0].lodging == 0);
  CHECK(out[0].overnight_guests == 0);
  // B: parties 1, 3, 4, 5; no activities, no ticket; party 1 sleeps here (2 x 100 yuan).
  CHECK(out[1].visitors == 2 + 4 + 1 + 2);
  CHECK(out[1].food == 3000 + 2000 + 3000 + 6000);
  CHECK(out[1].tickets == 0);
  CHECK(out[1].parking == 1500 + 1500);
  CHECK(out[1].activities == 0);
  CHECK(out[1].tea == 2000);
  CHECK(out[1].tea_kg == doctest::Approx(0.1));
  CHECK(out[1].overnight_guests == 2);
  CHECK(out[1].lodging == 20000);
  // C: party 2 (food 3 x 30 x 1.5, tickets 3 x 5, activities 3 x 25 x 1.5, its second night 3 x 80)
  //  + party 3 (food 20, tickets 4 x 5, parking, activities 16.67; no night: its stay is over).
  CHECK(out[2].visitors == 3 + 4);
  CHECK(out[2].food == 13500 + 2000);
  CHECK(out[2].tickets == 1500 + 2000);
  CHECK(out[2].parking == 1500);
  CHECK(out[2].activities == 11250 + 1667);
  CHECK(out[2].tea == 0);
  CHECK(out[2].overnight_guests == 3);
  CHECK(out[2].lodging == 24000);
  CHECK(out[2].revenue() == 15500 + 3500 + 1500 + 12917 + 24000);

  // Tea came out of the stocks.
  CHECK(tea.retail_stock_kg[0] == doctest::Approx(0.35));
  CHECK(tea.retail_stock_kg[1] == 0.0);
  CHECK(tea.retail_stock_kg[2] == 0.0);

  // Spending again the same day sells no more tea than is left.
  std::vector<VillageTourismDay> again;
  tourist_spending(parties, p, prices_of(villages, p), has_restaurants, has_activities, tea, again);
  CHECK(again[0].tea_kg == doctest::Approx(0.25));
  CHECK(again[1].tea_kg == 0.0);
  CHECK(tea.retail_stock_kg[0] == doctest::Approx(0.10));
  CHECK(again[0].food == out[0].food);  // everything else is the same
}

TEST_CASE("tourist_spending: one village's takings do not depend on the others' visits") {
  const auto villages = three_villages();
  const TourismParams p;
  const std::vector<std::uint8_t> has_restaurants(3, 1);
  const std::vector<std::uint8_t> has_activities = {0, 0, 0};
  TeaProcessors tea;
  tea.retail_stock_kg = {0, 0, 0};
  tea.retail_price_fen_per_kg = {0, 0, 0};
  // Food is split across the day's visits: one party visiting three villages
  // spends as much on food as one visiting only A.
  TouristParties one, three;
  add_party(one, 1, 3, 1.0f, false, false, 0, 0, -1, {0});
  add_party(three, 1, 3, 1.0f, false, false, 0, 0, -1, {0, 1, 2});
  std::vector<VillageTourismDay> a, b;
  tourist_spending(one, p, prices_of(villages, p), has_restaurants, has_activities, tea, a);
  tourist_spending(three, p, prices_of(villages, p), has_restaurants, has_activities, tea, b);
  CHECK(a[0].food == 9000);
  CHECK(b[0].food + b[1].food + b[2].food == 9000);
  CHECK(b[0].tickets == a[0].tickets);  // tickets are per person and village
  CHECK(b[1].visitors == 3);
}

namespace {

// Two villages: A with two homestay households (10 and 30 beds), a homestay
// enterprise (20 beds) and two restaurants (60 and 30 seats); B with a closed
// restaurant and one activity operator.
struct Market {
  Ledger ledger;
  std::vector<AccountId> household_accounts, collectives, processors, outside;
  std::vector<std::vector<std::uint32_t>> hosts{{0, 1}, {}};
  std::vector<std::int32_t> beds{10, 30, 0};
  Firms firms;
  FirmIndex index;
  IncomeBook income{3, 2};

  Market() {
    for (int h = 0; h < 3; ++h) household_accounts.push_back(ledger.open(AccountKind::household, 1000));
    for (int v = 0; v < 2; ++v) {
      collectives.push_back(ledger.open(AccountKind::collective, 500));
      processors.push_back(ledger.open(AccountKind::tea_processor, 700));
      outside.push_back(ledger.open(AccountKind::outside_world, 0));
    }
    auto add = [&](FirmKind kind, std::uint32_t village, double capacity) {
      return firms.add(kind, village, capacity, ledger.open(AccountKind::firm, 0), outside[village], -1, 1);
    };
    add(FirmKind::homestay, 0, 20);
    add(FirmKind::restaurant, 0, 60);
    add(FirmKind::restaurant, 0, 30);
    firms.open[add(FirmKind::restaurant, 1, 60)] = 0;
    add(FirmKind::activity, 1, 200);
    index.rebuild(firms, 2);
  }
  TourismSellers sellers() const {
    return TourismSellers{&hosts, &beds, &household_accounts, &firms, &index, &collectives, &processors, &outside};
  }
};

}  // namespace

TEST_CASE("pay_tourism_revenue: hosts paid by beds, firms by capacity, fees to the collective, money conserved") {
  Market m;
  TourismParams p;
  p.homestay_cost_share = 0.35;
  p.restaurant_cost_share = 0.55;
  p.activity_cost_share = 0.4;
  std::vector<VillageTourismDay> days(2);
  days[0].lodging = 60000;
  days[0].food = 9000;
  days[0].activities = 0;  // no operator in A: nobody spent on activities
  days[0].tickets = 2000;
  days[0].parking = 1500;
  days[0].tea = 3000;
  days[1].food = 0;  // B's only restaurant is closed: nobody spent on food
  days[1].activities = 4000;
  days[1].tickets = 100;
  const Fen opening = m.ledger.audit().opening_total;

  pay_tourism_revenue(days, p, m.sellers(), m.firms, m.ledger, m.income);

  const LedgerAudit audit = m.ledger.audit();
  CHECK(audit.sound());
  CHECK(audit.balance_total == opening);
  // Hosts by beds 10 : 30 : 20, each keeping its takings less the running costs.
  CHECK(m.ledger.balance(m.household_accounts[0]) == 1000 + 10000 - 3500);
  CHECK(m.ledger.balance(m.household_accounts[1]) == 1000 + 30000 - 10500);
  CHECK(m.ledger.balance(m.household_accounts[2]) == 1000);
  CHECK(m.income.this_year_own_business(0) == 6500);
  CHECK(m.income.this_year_own_business(1) == 19500);
  CHECK(m.income.this_year_own_business(2) == 0);
  CHECK(m.income.today(0, IncomeSource::homestay) == 26000);
  CHECK(m.income.today(1, IncomeSource::homestay) == 0);
  CHECK(m.firms.revenue_month[0] == 20000);
  CHECK(m.firms.costs_month[0] == 7000);
  CHECK(m.ledger.balance(m.firms.account[0]) == 13000);
  // Restaurants by seats 60 : 30.
  CHECK(m.firms.revenue_month[1] == 6000);
  CHECK(m.firms.revenue_month[2] == 3000);
  CHECK(m.firms.costs_month[1] == 3300);
  CHECK(m.ledger.balance(m.firms.account[2]) == 3000 - 1650);
  CHECK(m.firms.revenue_month[3] == 0);  // closed
  CHECK(m.firms.revenue_month[4] == 4000);
  CHECK(m.ledger.balance(m.firms.account[4]) == 4000 - 1600);
  // Collectives: tickets and parking, nothing else; processors: tea.
  CHECK(m.ledger.balance(m.collectives[0]) == 500 + 2000 + 1500);
  CHECK(m.ledger.balance(m.collectives[1]) == 500 + 100);
  CHECK(m.ledger.balance(m.processors[0]) == 700 + 3000);
  CHECK(m.ledger.balance(m.processors[1]) == 700);
  // The outside world paid the takings and got the running costs back.
  CHECK(m.ledger.balance(m.outside[0]) == -(6500 + 19500 + 13000 + 2700 + 1350 + 3500 + 3000));
  CHECK(m.ledger.balance(m.outside[1]) == -(100 + 2400));
}

TEST_CASE("food and activity spending never reach a collective: no seller, no spending") {
  // tourist_spending spends nothing on food where no restaurant is open...
  const auto villages = three_villages();
  const TourismParams p;
  TeaProcessors tea;
  tea.retail_stock_kg = {0.0, 0.0, 0.0};
  tea.retail_price_fen_per_kg = {40000, 20000, 30000};
  TouristParties parties;
  add_party(parties, 1, 2, 1.0f, true, false, 0, 0, -1, {0, 1, 2});
  std::vector<VillageTourismDay> all, some;
  tourist_spending(parties, p, prices_of(villages, p), {1, 1, 1}, {1, 1, 1}, tea, all);
  tourist_spending(parties, p, prices_of(villages, p), {1, 0, 1}, {0, 1, 1}, tea, some);
  CHECK(all[1].food > 0);
  CHECK(some[1].food == 0);
  CHECK(some[0].food == all[0].food);
  CHECK(some[0].activities == 0);
  CHECK(some[1].activities == all[1].activities);
  CHECK(some[0].tickets == all[0].tickets);
  // ... and paying food where no restaurant is open is a logic error, not
  // money for the collective.
  Market m;
  std::vector<VillageTourismDay> days(2);
  days[1].food = 7000;
  CHECK_THROWS_AS(pay_tourism_revenue(days, p, m.sellers(), m.firms, m.ledger, m.income), std::logic_error);
}

TEST_CASE("pay_tourism_revenue: lodging is split among hosts by beds whatever the amount (random)") {
  std::mt19937_64 gen(5);
  for (int trial = 0; trial < 200; ++trial) {
    Market m;
    m.beds = {static_cast<std::int32_t>(1 + gen() % 40), static_cast<std::int32_t>(1 + gen() % 40), 0};
    TourismParams p;
    std::vector<VillageTourismDay> days(2);
    days[0].lodging = static_cast<Fen>(gen() % 10'000'000);
    days[0].food = static_cast<Fen>(gen() % 1'000'000);
    days[1].activities = static_cast<Fen>(gen() % 1'000'000);
    const Fen opening = m.ledger.audit().opening_total;
    pay_tourism_revenue(days, p, m.sellers(), m.firms, m.ledger, m.income);
    const LedgerAudit audit = m.ledger.audit();
    CAPTURE(trial);
    CHECK(audit.sound());
    CHECK(audit.balance_total == opening);
    // Gross lodging received by everyone in A adds up to the day's lodging.
    const auto shares = split_proportional(days[0].lodging, {double(m.beds[0]), double(m.beds[1]), 20.0});
    CHECK(m.firms.revenue_month[0] == shares[2]);
    const Fen h0 = m.ledger.balance(m.household_accounts[0]) - 1000;
    const Fen h1 = m.ledger.balance(m.household_accounts[1]) - 1000;
    CHECK(h0 == shares[0] - std::llround(shares[0] * p.homestay_cost_share));
    CHECK(h1 == shares[1] - std::llround(shares[1] * p.homestay_cost_share));
    CHECK(m.income.today(0, IncomeSource::homestay) == h0 + h1);
  }
}
