#include <doctest/doctest.h>

#include "sim/io/scenario/scenario_warnings.hpp"
#include "scenario_fixtures.hpp"

using namespace yucun::scenario;
using yucun::test::errors_of;
using yucun::test::has_error;
using yucun::test::kMiniScenario;

namespace {
std::string replaced(const std::string& from, const std::string& to) {
  std::string text = kMiniScenario;
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}
}  // namespace

TEST_CASE("the mini scenario is valid") { CHECK(errors_of(kMiniScenario).empty()); }

TEST_CASE("dates out of order") {
  CHECK(has_error(errors_of(replaced("end: 2024-04-06", "end: 2024-04-01")),
                  {"test.yaml:7:", "calendar.holidays[0].end", "ends (2024-04-01) before it starts (2024-04-04)"}));
  CHECK(has_error(errors_of(std::string(kMiniScenario) + "tea: {harvest: {open_earliest: \"03-28\", open_latest: \"03-20\"}}\n"),
                  {"tea.harvest.open_latest", "is before its earliest"}));
  CHECK(has_error(errors_of(std::string(kMiniScenario) + "tea: {price: {second_day_yuan_per_kg: 600}}\n"),
                  {"tea.price.second_day_yuan_per_kg", "at most the opening price"}));
  CHECK(has_error(errors_of(std::string(kMiniScenario) + "tea: {price: {floor_yuan_per_kg: 600}}\n"),
                  {"tea.price.floor_yuan_per_kg", "must be below the opening price"}));
}

TEST_CASE("roads must name known villages") {
  const auto d = errors_of(replaced("{from: Middle, to: Lower", "{from: Middle, to: Lowre"));
  CHECK(has_error(d, {"test.yaml:17:", "world.roads[1].to: unknown village 'Lowre'; did you mean 'Lower'?"}));
}

TEST_CASE("duplicate villages and unknown townships") {
  const auto dup = errors_of(replaced("{name: Lower,", "{name: Upper,"));
  CHECK(has_error(dup, {"test.yaml:14:", "world.villages[2].name: duplicate village 'Upper' (first defined at test.yaml:12:"}));
  const auto town = errors_of(replaced("{name: Middle, township: Hill", "{name: Middle, township: Hil"));
  CHECK(has_error(town, {"world.villages[1].township: unknown township 'Hil'; did you mean 'Hill'?"}));
}

TEST_CASE("population smaller than households") {
  CHECK(has_error(errors_of(replaced("households: 80, population: 200", "households: 80, population: 20")),
                  {"world.villages[2].population", "smaller than the number of households (80)"}));
}

TEST_CASE("a road network that is not connected") {
  const auto d = errors_of(replaced("    - {from: Middle, to: Lower, km: 4, minutes: 8}\n", ""));
  CHECK(has_error(d, {"world.roads: the road network is not connected: Lower cannot be reached from Upper"}));
  const auto self = errors_of(replaced("{from: Middle, to: Lower", "{from: Lower, to: Lower"));
  CHECK(has_error(self, {"road from 'Lower' to itself"}));
}

TEST_CASE("several problems are all reported at once") {
  std::string text = replaced("households: 100", "households: -1");
  text += "households: {labour_share: 2}\ntea: {yeild: {}}\n";
  const auto d = errors_of(text);
  CHECK(d.size() >= 3);
}

TEST_CASE("scenario warnings: levers and events that never act, settings of levers that are off") {
  using yucun::scenario::scenario_warnings;
  const auto load = [](const std::vector<std::string>& set) { return yucun::scenario::load_scenario("@baseline", set); };
  CHECK(scenario_warnings(load({})).empty());
  const auto off = scenario_warnings(load({"policies.brand.spillover=0.5"}));
  REQUIRE(off.size() == 1);
  CHECK(off[0].find("policies.brand: the lever is not enabled, so its settings (spillover)") != std::string::npos);
  // On, but only after the run (2021 spin-up to 2027): never acts.
  const auto late = scenario_warnings(load({"policies.brand.enabled=true", "policies.brand.start=2030-01-01"}));
  REQUIRE(late.size() == 1);
  CHECK(late[0].find("outside the simulated days (2021-01-01 to 2027-12-31)") != std::string::npos);
  // On for part of the run: it acts, no warning.
  CHECK(scenario_warnings(load({"policies.brand.enabled=true", "policies.brand.start=2027-06-01"})).empty());
  // Only in the spin-up: it acts, but no reported day shows it.
  const auto spin_up = scenario_warnings(load({"policies.brand.enabled=true", "policies.brand.end=2021-06-30"}));
  REQUIRE(spin_up.size() == 1);
  CHECK(spin_up[0].find("policies.brand: from") != std::string::npos);
  CHECK(spin_up[0].find("acts only during the spin-up") != std::string::npos);
  const auto spin_up_event = scenario_warnings(
      load({"events=[{name: drought, kind: tourist_demand, start: 2022-07-01, end: 2022-07-10, multiplier: 0.5}]"}));
  REQUIRE(spin_up_event.size() == 1);
  CHECK(spin_up_event[0].find("events[0] ('drought'): from 2022-07-01 to 2022-07-10, before calendar.start (2023-01-01)") !=
        std::string::npos);
  const auto event = scenario_warnings(
      load({"events=[{name: flood, kind: tourist_demand, start: 2019-07-01, end: 2019-07-10, multiplier: 0.5}]"}));
  REQUIRE(event.size() == 1);
  CHECK(event[0].find("events[0] ('flood')") != std::string::npos);
}
