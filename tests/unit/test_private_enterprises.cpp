// Private enterprises outside tourism and tea (docs/ODD.md 7.27): each pays
// its owning household a twelfth of the year's profit at every month end,
// from outside the area, growing at profit_growth_per_year from the reported
// period's start; owners are distinct households of the village until every
// household owns one; the profit is not own-business work, so it draws no
// member home.
#include <doctest/doctest.h>

#include <cmath>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "sim/io/scenario/scenario_loader.hpp"
#include "sim/model/simulation.hpp"
#include "tests/unit/scenario_fixtures.hpp"

using namespace yucun;

namespace {

Scenario mini(std::vector<std::string> overrides) {
  overrides.push_back("spin_up.years=0");
  return scenario::load_scenario_text(test::kMiniScenario, "mini.yaml", ".", overrides);
}

// One integer series per village on every day of a run.
struct Daily {
  std::vector<Date> dates;
  std::vector<std::vector<std::int64_t>> values;  // [day][village]
};

Daily run(const Scenario& s, IntegerSeries series) {
  Simulation sim(s, RunIdentity{s.seed, 0});
  Daily out;
  while (!sim.finished()) {
    out.dates.push_back(sim.today());
    sim.step();
    const auto row = sim.indicators().integers(series.index());
    out.values.emplace_back(row.begin(), row.end());
    REQUIRE(sim.indicators().integers(series::money_residual.index())[0] == 0);
  }
  return out;
}

}  // namespace

TEST_CASE("enterprises: each owner is paid the month's profit at month ends, growing from the start") {
  const Scenario s = mini({"calendar.years=2", "world.villages.0.private_enterprises=3",
                           "enterprises.profit_yuan_per_year=120000", "enterprises.profit_growth_per_year=0.05"});
  const Daily d = run(s, series::income_enterprise);
  REQUIRE(d.dates.size() == 731);
  std::map<int, Fen> year_total;
  int paid_days = 0;
  for (std::size_t day = 0; day < d.dates.size(); ++day) {
    const Date date = d.dates[day];
    const bool month_end = (date + 1).day() == 1;
    CHECK(d.values[day][1] == 0);  // Middle and Lower own none
    CHECK(d.values[day][2] == 0);
    if (!month_end) {
      CHECK(d.values[day][0] == 0);
      continue;
    }
    ++paid_days;
    const double years = static_cast<double>(date - s.calendar.start) / 365.25;
    CHECK(d.values[day][0] == 3 * to_fen(10000.0 * std::pow(1.05, years)));
    year_total[date.year()] += d.values[day][0];
  }
  CHECK(paid_days == 24);
  // About the year's profit of three enterprises, and 5 % more the next year.
  CHECK(static_cast<double>(year_total[2024]) / 100 == doctest::Approx(3 * 120000 * 1.025).epsilon(0.01));
  CHECK(static_cast<double>(year_total[2025]) / year_total[2024] == doctest::Approx(1.05).epsilon(0.001));
}

TEST_CASE("enterprises: owners are distinct households of their village until every one owns one") {
  const Scenario s = mini({"world.villages.0.private_enterprises=3", "world.villages.2.private_enterprises=90",
                           "enterprises.profit_yuan_per_year=1000"});
  const Simulation sim(s, RunIdentity{s.seed, 0});
  const Households& h = sim.households();
  const PrivateEnterprises& e = sim.enterprises();
  REQUIRE(e.size() == 93);
  std::set<std::uint32_t> upper;
  std::map<std::uint32_t, int> lower;
  for (std::size_t k = 0; k < e.size(); ++k) {
    const std::uint32_t owner = e.owner(k);
    if (k < 3) {
      CHECK(h.village[owner] == 0);
      upper.insert(owner);
    } else {
      CHECK(h.village[owner] == 2);
      ++lower[owner];
    }
  }
  CHECK(upper.size() == 3);
  // Lower has 80 households: each owns one, ten own two.
  REQUIRE(lower.size() == h.end_of(2) - h.begin_of(2));
  int twice = 0;
  for (const auto& [owner, n] : lower) {
    CHECK((n == 1 || n == 2));
    twice += n == 2;
  }
  CHECK(twice == 10);
  // The same seed draws the same owners; another draws others.
  const Simulation again(s, RunIdentity{s.seed, 0});
  const Simulation other(s, RunIdentity{s.seed + 1, 0});
  bool same = true, differs = false;
  for (std::size_t k = 0; k < 3; ++k) {
    same = same && again.enterprises().owner(k) == e.owner(k);
    differs = differs || other.enterprises().owner(k) != e.owner(k);
  }
  CHECK(same);
  CHECK(differs);
}

TEST_CASE("enterprises: the profit is not own-business work, so nobody's job changes with it") {
  // Homestay investment off: savings (which the profit raises) then change nothing else.
  const std::vector<std::string> common = {"calendar.years=1", "world.villages.0.private_enterprises=40",
                                           "budgets.investment_review_share=0"};
  auto with = common;
  with.push_back("enterprises.profit_yuan_per_year=5000000");
  const Daily none = run(mini(common), series::workers_own_business);
  const Daily rich = run(mini(with), series::workers_own_business);
  CHECK(none.values == rich.values);
  const Daily none_county = run(mini(common), series::workers_county_job);
  const Daily rich_county = run(mini(with), series::workers_county_job);
  CHECK(none_county.values == rich_county.values);
  // The profit was paid (the two runs differ where they should).
  const Daily profits = run(mini(with), series::income_enterprise);
  Fen paid = 0;
  for (const auto& day : profits.values) paid += day[0];
  CHECK(paid > 0);
}
