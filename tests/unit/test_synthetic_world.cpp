#include <doctest/doctest.h>

#include <set>

#include "sim/io/scenario/scenario_loader.hpp"
#include "sim/io/scenario/scenario_writer.hpp"
#include "sim/io/scenario/synthetic_world.hpp"
#include "sim/world/road_network.hpp"

using namespace yucun;
using yucun::scenario::SyntheticWorldSpec;

namespace {
std::int64_t total_households(const Scenario& s) {
  std::int64_t h = 0;
  for (const auto& v : s.world.villages) h += v.households;
  return h;
}
}  // namespace

TEST_CASE("a synthetic world has the households, villages and townships asked for") {
  const Scenario base = scenario::load_scenario("@baseline");
  const Scenario s = scenario::make_synthetic_world(base, SyntheticWorldSpec{.households = 10'000, .seed = 3});
  CHECK(total_households(s) == 10'000);
  CHECK(s.world.villages.size() == 20);  // households / 500
  CHECK(s.world.townships.size() == 2);  // villages / 8
  std::set<std::string> names, townships;
  for (const auto& t : s.world.townships) townships.insert(t.name);
  for (const auto& v : s.world.villages) {
    names.insert(v.name);
    CHECK(townships.count(v.township) == 1);
    CHECK(v.households >= 1);
    CHECK(v.population >= v.households);
    CHECK(v.attractiveness > 0);
  }
  CHECK(names.size() == s.world.villages.size());

  // The gateway is the most attractive village.
  double best = 0;
  std::string most_attractive;
  for (const auto& v : s.world.villages)
    if (v.attractiveness > best) {
      best = v.attractiveness;
      most_attractive = v.name;
    }
  CHECK(s.tourism.gateway == most_attractive);
  // Visitors per household as in the baseline; everything else inherited.
  CHECK(s.tourism.annual_visitors / 10'000.0 == doctest::Approx(base.tourism.annual_visitors / static_cast<double>(total_households(base))));
  CHECK(s.tourism.choice_minutes == base.tourism.choice_minutes);
  // Private enterprises per household as in the baseline, most in the gateway.
  std::int64_t enterprises = 0, base_enterprises = 0, in_gateway = 0, most = 0;
  for (const auto& v : s.world.villages) {
    enterprises += v.private_enterprises;
    most = std::max(most, v.private_enterprises);
    if (v.name == s.tourism.gateway) in_gateway = v.private_enterprises;
  }
  for (const auto& v : base.world.villages) base_enterprises += v.private_enterprises;
  REQUIRE(base_enterprises > 0);
  CHECK(static_cast<double>(enterprises) == doctest::Approx(10'000.0 * static_cast<double>(base_enterprises) / static_cast<double>(total_households(base))).epsilon(0.01));
  CHECK(in_gateway == most);
  CHECK(in_gateway > 0);
  CHECK(s.calendar.years == base.calendar.years);

  const Scenario explicit_counts =
      scenario::make_synthetic_world(base, SyntheticWorldSpec{.households = 5'000, .villages = 37, .townships = 4, .seed = 3, .years = 2});
  CHECK(total_households(explicit_counts) == 5'000);
  CHECK(explicit_counts.world.villages.size() == 37);
  CHECK(explicit_counts.world.townships.size() == 4);
  CHECK(explicit_counts.calendar.years == 2);
  CHECK_THROWS_AS(scenario::make_synthetic_world(base, SyntheticWorldSpec{.households = 10, .villages = 11}), std::invalid_argument);
}

TEST_CASE("a synthetic road network is connected, whatever the seed and size") {
  const Scenario base = scenario::load_scenario("@baseline");
  for (std::uint64_t seed : {1u, 2u, 99u})
    for (std::int64_t villages : {1, 2, 7, 20, 101, 400}) {
      const Scenario s = scenario::make_synthetic_world(base, SyntheticWorldSpec{.households = villages * 50, .villages = villages, .seed = seed});
      const RoadNetwork roads(s.world.villages, s.world.roads);
      CAPTURE(seed);
      CAPTURE(villages);
      CHECK(roads.village_count() == static_cast<std::size_t>(villages));
      CHECK(roads.is_connected());
      // Planar grid links and diagonals: fewer than 3 roads per village.
      CHECK(roads.road_count() < 3 * static_cast<std::size_t>(villages));
    }
}

TEST_CASE("a synthetic world is deterministic in its seed and loads back from YAML") {
  const Scenario base = scenario::load_scenario("@baseline");
  const SyntheticWorldSpec spec{.households = 20'000, .seed = 11};
  const std::string a = scenario::to_yaml(scenario::make_synthetic_world(base, spec));
  const std::string b = scenario::to_yaml(scenario::make_synthetic_world(base, spec));
  CHECK(a == b);
  const std::string other = scenario::to_yaml(scenario::make_synthetic_world(base, SyntheticWorldSpec{.households = 20'000, .seed = 12}));
  CHECK(a != other);
  // The written scenario validates and loads to the same world.
  const Scenario loaded = scenario::load_scenario_text(a, "synthetic.yaml", ".");
  CHECK(scenario::to_yaml(loaded) == a);
}
