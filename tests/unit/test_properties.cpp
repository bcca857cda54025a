// Property tests: random valid scenarios (parameter values drawn within their
// declared ranges, from scenario_schema.hpp) keep the model's invariants:
// money conserved exactly, no negative stocks, beds never over capacity,
// finite indicators, identical results at 1 and 2 threads.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <random>
#include <type_traits>

#include <tbb/global_control.h>

#include "scenario_fixtures.hpp"
#include "sim/model/simulation.hpp"
#include "sim/io/scenario/scenario_schema.hpp"
#include "sim/io/scenario/scenario_writer.hpp"

using namespace yucun;

namespace {

template <class T>
concept Described = requires(T& t) { fields(t, [](const char*, auto&, auto...) {}); };

// Draws every number of a parameter struct uniformly within its declared
// range. Open-ended ranges are drawn up to ten times the default (or 10).
struct Randomiser {
  std::mt19937_64* gen;
  template <class T>
  void operator()(const char*, T& field, scenario::Bounds b = {}) const {
    if constexpr (Described<T>) {
      fields(field, *this);
    } else if constexpr (std::is_arithmetic_v<T> && !std::is_same_v<T, bool>) {
      const double lo = std::isfinite(b.lo) ? b.lo : 0.0;
      const double hi = std::isfinite(b.hi) ? b.hi : std::max(10.0, 10.0 * std::abs(static_cast<double>(field)));
      double x = std::uniform_real_distribution<double>(lo, hi)(*gen);
      if (b.lo_open && x <= lo) x = lo + (hi - lo) * 1e-6;
      if constexpr (std::is_integral_v<T>) field = static_cast<T>(std::llround(std::max(x, b.lo_open ? lo + 1 : lo)));
      else field = static_cast<T>(x);
    }
  }
};

Scenario random_scenario(std::uint64_t seed) {
  Scenario s = scenario::load_scenario_text(test::kMiniScenario, "mini.yaml", ".");
  std::mt19937_64 gen(seed);
  const Randomiser r{&gen};
  fields(s.households, r);
  fields(s.budgets, r);
  fields(s.tea.yield, r);
  fields(s.tea.picking, r);
  fields(s.tea.price, r);
  fields(s.tea.processing, r);
  fields(s.tourism, r);
  fields(s.firms, r);
  fields(s.labour, r);
  fields(s.collectives, r);
  fields(s.outside, r);
  // The world and calendar stay the mini scenario's, with tourist trade added;
  // sizes are capped so that a run takes a fraction of a second.
  s.seed = seed;
  s.tourism.annual_visitors = std::uniform_real_distribution<double>(0, 4e5)(gen);
  s.tourism.mean_party_size = std::uniform_real_distribution<double>(1, 6)(gen);
  s.tourism.max_party_size = std::max(s.tourism.max_party_size, static_cast<int>(std::ceil(s.tourism.mean_party_size)));
  s.tourism.month_weights.assign(12, 0.0);
  for (double& w : s.tourism.month_weights) w = std::uniform_real_distribution<double>(0, 3)(gen);
  s.tourism.markets = {{"near", 0.6, 60, 1.0, 0.8}, {"far", 0.4, 400, 1.3, 0.5}};
  s.tourism.gateway = "Middle";
  if (s.tourism.second_night_share + s.tourism.third_night_share > 1) s.tourism.third_night_share = 1 - s.tourism.second_night_share;
  if (s.labour.skill_share_secondary + s.labour.skill_share_tertiary > 1)
    s.labour.skill_share_tertiary = 1 - s.labour.skill_share_secondary;
  // Orderings the validator requires.
  auto& price = s.tea.price;
  double p[3] = {price.open_yuan_per_kg, price.second_day_yuan_per_kg, price.floor_yuan_per_kg};
  std::sort(p, p + 3);
  price = TeaPriceParams{p[2] + 1, p[1] + 0.5, p[0]};
  if (s.tea.picking.own_kg_per_day_max < s.tea.picking.own_kg_per_day_min)
    std::swap(s.tea.picking.own_kg_per_day_max, s.tea.picking.own_kg_per_day_min);
  s.households.size_sd = std::min(s.households.size_sd, 3.0);
  std::uniform_int_distribution<int> beds(0, 300), seats(0, 300), operators(0, 3);
  for (auto& v : s.world.villages) {
    v.homestay_beds = beds(gen);
    v.restaurant_seats = seats(gen);
    v.activity_operators = operators(gen);
    v.visitor_capacity = std::uniform_real_distribution<double>(50, 3000)(gen);
    v.ticket_yuan = std::uniform_real_distribution<double>(0, 200)(gen);
    v.bed_price_yuan = std::uniform_real_distribution<double>(0, 1000)(gen);
  }
  // Policy levers: numbers from their ranges, each on with even odds over a
  // random stretch of the run (the mini scenario covers 2024).
  fields(s.policies, r);
  const Date year_start = Date::from_ymd(2024, 1, 1);
  auto window = [&](LeverWindow& lever) {
    lever.enabled = std::uniform_int_distribution<int>(0, 1)(gen) == 1;
    const int a = std::uniform_int_distribution<int>(0, 365)(gen), b = std::uniform_int_distribution<int>(0, 365)(gen);
    lever.start = year_start + std::min(a, b);
    lever.end = year_start + std::max(a, b);
  };
  PolicyParams& pol = s.policies;
  for (LeverWindow* lever : std::initializer_list<LeverWindow*>{
           &pol.brand, &pol.marketing, &pol.shuttle, &pol.greenway, &pol.revenue_sharing, &pol.homestays, &pol.fees,
           &pol.tea_certification, &pol.subsidies, &pol.talent, &pol.dividends, &pol.land_transfer})
    window(*lever);
  pol.greenway.links = {{"Upper", "Lower", 2.0, 4.0}};
  pol.shuttle.villages = {"Upper", "Middle"};
  pol.talent.entrepreneurs_per_year = std::min(pol.talent.entrepreneurs_per_year, 50.0);
  // It must be a scenario a user could write: it passes validation.
  return scenario::load_scenario_text(scenario::to_yaml(s), "random.yaml", ".");
}

// Runs a scenario and checks the invariants every day; returns a digest of
// every indicator for comparing runs.
std::uint64_t run_checked(const Scenario& s, int threads) {
  tbb::global_control control(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
  Simulation sim(s, RunIdentity{s.seed, 0});
  std::uint64_t digest = 1469598103934665603ULL;
  auto mix = [&](std::uint64_t x) { digest = (digest ^ x) * 1099511628211ULL; };
  while (!sim.finished()) {
    sim.step();
    const DayIndicators& d = sim.indicators();
    REQUIRE(d.integer(series::money_residual) == 0);
    REQUIRE(d.integer(series::ledger_inconsistent_accounts) == 0);
    for (std::size_t i = 0; i < kSeriesCount; ++i) {
      if (kSeriesSpecs[i].kind == ValueKind::real) {
        for (const double x : d.reals(i)) {
          REQUIRE(std::isfinite(x));
          std::uint64_t bits;
          std::memcpy(&bits, &x, sizeof bits);
          mix(bits);
        }
      } else {
        for (const std::int64_t x : d.integers(i)) mix(static_cast<std::uint64_t>(x));
      }
    }
    for (std::size_t v = 0; v < d.villages(); ++v) {
      REQUIRE(d.integer(series::overnight_guests, v) <= d.integer(series::beds, v));
      REQUIRE(d.integer(series::household_deposits, v) >= 0);
      REQUIRE(d.integer(series::beds, v) >= 0);
      // Per-household amounts are single precision: allow their rounding.
      REQUIRE(d.real(series::fresh_leaf_picked, v) <= d.real(series::fresh_leaf_available, v) * (1 + 1e-5) + 1e-6);
    }
  }
  // No account that may not run negative ever did.
  for (std::size_t a = 0; a < sim.ledger().size(); ++a)
    if (!may_run_negative(sim.ledger().kind(static_cast<AccountId>(a)))) REQUIRE(sim.ledger().balance(static_cast<AccountId>(a)) >= 0);
  return digest;
}

}  // namespace

TEST_CASE("properties: random valid scenarios conserve money, keep stocks and beds sound, and ignore thread count") {
  for (std::uint64_t seed = 1; seed <= 30; ++seed) {
    CAPTURE(seed);
    const Scenario s = random_scenario(seed);
    const std::uint64_t one = run_checked(s, 1);
    const std::uint64_t two = run_checked(s, 2);
    CHECK(one == two);
  }
}
