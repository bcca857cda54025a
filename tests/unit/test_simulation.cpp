#include <doctest/doctest.h>

#include <algorithm>

#include <tbb/global_control.h>

#include "scenario_fixtures.hpp"
#include "sim/model/simulation.hpp"

using namespace yucun;

namespace {
Scenario mini() { return scenario::load_scenario_text(test::kMiniScenario, "mini.yaml", "."); }

struct Totals {
  double picked_kg = 0, available_kg = 0, dry_kg = 0;
  Fen leaf_sales = 0, wages = 0;
  std::int64_t harvest_days = 0, hired = 0;
  std::vector<double> picked_by_day;
};

Totals run(const Scenario& s, RunIdentity id) {
  Simulation sim(s, id);
  Totals t;
  while (!sim.finished()) {
    sim.step();
    const auto& d = sim.indicators();
    t.harvest_days += d.integer(series::harvest_day);
    t.hired += d.integer(series::migrant_pickers_hired);
    double day_kg = 0;
    for (std::size_t v = 0; v < d.villages(); ++v) {
      day_kg += d.real(series::fresh_leaf_picked, v);
      t.available_kg += d.real(series::fresh_leaf_available, v);
      t.dry_kg += d.real(series::dry_tea_made, v);
      t.leaf_sales += d.integer(series::leaf_sales, v);
      t.wages += d.integer(series::picker_wages, v);
    }
    t.picked_kg += day_kg;
    t.picked_by_day.push_back(day_kg);
    CHECK(d.integer(series::money_residual) == 0);
    CHECK(d.integer(series::ledger_inconsistent_accounts) == 0);
  }
  return t;
}
}  // namespace

TEST_CASE("households are built from the village totals") {
  const Scenario s = mini();
  const Simulation sim(s, RunIdentity{s.seed, 0});
  const Households& h = sim.households();
  CHECK(h.size() == 300);
  CHECK(h.end_of(0) - h.begin_of(0) == 100);
  CHECK(h.end_of(2) - h.begin_of(2) == 80);
  for (std::size_t v = 0; v < 3; ++v) {
    double mu = 0;
    for (std::size_t i = h.begin_of(v); i != h.end_of(v); ++i) {
      CHECK(h.village[i] == v);
      mu += h.tea_mu[i];
    }
    CHECK(mu == doctest::Approx(s.world.villages[v].tea_area_mu).epsilon(1e-4));
  }
  for (std::size_t i = 0; i < h.size(); ++i) {
    CHECK(h.labour[i] <= h.members[i]);
    CHECK(h.own_kg_per_day[i] >= 1.5f);
    CHECK(h.own_kg_per_day[i] <= 2.0f);
  }
}

TEST_CASE("the tea season: leaf is picked and sold only in the harvest window") {
  const Scenario s = mini();
  const Totals t = run(s, RunIdentity{s.seed, 0});
  CHECK(t.harvest_days == s.tea.harvest.length_days);
  CHECK(t.picked_kg > 0);
  CHECK(t.picked_kg <= t.available_kg);
  CHECK(t.leaf_sales > 0);
  CHECK(t.hired > 0);
  CHECK(t.wages == t.hired * 20000);  // 200 yuan a picker-day
  CHECK(t.dry_kg <= t.picked_kg / 4.5 + 1e-6);
  for (std::size_t day = 0; day < t.picked_by_day.size(); ++day) {
    const Date date = s.calendar.start + static_cast<int>(day);
    if (t.picked_by_day[day] > 0) CHECK((date.month() == 3 || date.month() == 4));
  }
}

TEST_CASE("hiring stops when a picker's leaf is worth less than the wage") {
  Scenario s = mini();
  s.tea.picking.picker_wage_yuan_per_day = 10'000;  // never worth it
  CHECK(run(s, RunIdentity{s.seed, 0}).hired == 0);
  s.tea.picking.migrant_pickers_per_mu = 0;  // no pool at all
  s.tea.picking.picker_wage_yuan_per_day = 1;
  CHECK(run(s, RunIdentity{s.seed, 0}).hired == 0);
}

TEST_CASE("a scarce picker pool is rationed, never exceeded") {
  Scenario s = mini();
  s.tea.picking.migrant_pickers_per_mu = 0.05;  // 45 pickers for 900 mu
  Simulation sim(s, RunIdentity{s.seed, 0});
  bool rationed = false;
  while (!sim.finished()) {
    sim.step();
    const auto& d = sim.indicators();
    CHECK(d.integer(series::migrant_pickers_hired) <= d.integer(series::migrant_pickers_available));
    if (d.integer(series::migrant_pickers_wanted) > d.integer(series::migrant_pickers_available)) rationed = true;
  }
  CHECK(rationed);
}

TEST_CASE("processors short of cash send leaf to outside traders, money still conserved") {
  Scenario s = mini();
  s.tea.processing.working_capital_yuan_per_mu = 0;
  Simulation sim(s, RunIdentity{s.seed, 0});
  double to_traders = 0;
  while (!sim.finished()) {
    sim.step();
    for (std::size_t v = 0; v < 3; ++v) to_traders += sim.indicators().real(series::fresh_leaf_to_traders, v);
  }
  CHECK(to_traders > 0);
  CHECK(sim.ledger().audit().sound());
}

TEST_CASE("same seed, same results at any thread count, and another seed differs") {
  const Scenario s = mini();
  Totals one, two;
  {
    tbb::global_control c(tbb::global_control::max_allowed_parallelism, 1);
    one = run(s, RunIdentity{s.seed, 0});
  }
  {
    tbb::global_control c(tbb::global_control::max_allowed_parallelism, 4);
    two = run(s, RunIdentity{s.seed, 0});
  }
  CHECK(one.picked_by_day == two.picked_by_day);
  CHECK(one.leaf_sales == two.leaf_sales);
  CHECK(one.dry_kg == two.dry_kg);
  const Totals other = run(s, RunIdentity{s.seed + 1, 0});
  CHECK(other.picked_by_day != one.picked_by_day);
  const Totals replicate = run(s, RunIdentity{s.seed, 1});
  CHECK(replicate.picked_by_day != one.picked_by_day);
}

TEST_CASE("processors buy no leaf when processing does not pay, and nothing overdraws") {
  Scenario s = mini();
  s.tea.price = TeaPriceParams{5, 4, 3};  // dry tea worth less than its processing
  s.tea.processing.working_capital_yuan_per_mu = 1;
  Simulation sim(s, RunIdentity{s.seed, 0});
  double processed = 0, to_traders = 0;
  while (!sim.finished()) {
    sim.step();
    for (std::size_t v = 0; v < 3; ++v) {
      processed += sim.indicators().real(series::dry_tea_made, v);
      to_traders += sim.indicators().real(series::fresh_leaf_to_traders, v);
    }
  }
  CHECK(processed == 0);
  CHECK(to_traders > 0);
  CHECK(sim.ledger().audit().sound());
}

TEST_CASE("a day timed phase by phase is the same day, and every phase's time is counted") {
  const Scenario s = mini();
  Simulation plain(s, RunIdentity{s.seed, 0}), timed(s, RunIdentity{s.seed, 0});
  std::vector<double> seconds(Simulation::daily_phases().size(), 0.0);
  for (int day = 0; day < 40; ++day) {
    plain.step();
    timed.step(seconds);
    for (std::size_t k = 0; k < kSeriesCount; ++k) {
      if (kSeriesSpecs[k].kind == ValueKind::real) {
        const auto a = plain.indicators().reals(k), b = timed.indicators().reals(k);
        CHECK(std::equal(a.begin(), a.end(), b.begin(), b.end()));
      } else {
        const auto a = plain.indicators().integers(k), b = timed.indicators().integers(k);
        CHECK(std::equal(a.begin(), a.end(), b.begin(), b.end()));
      }
    }
  }
  CHECK(timed.days_done() == plain.days_done());
  for (double t : seconds) CHECK(t >= 0.0);
  CHECK(*std::max_element(seconds.begin(), seconds.end()) > 0.0);
  std::vector<double> too_few(Simulation::daily_phases().size() - 1, 0.0);
  CHECK_THROWS_AS(timed.step(too_few), std::logic_error);
}
