#include <doctest/doctest.h>

#include "scenario_fixtures.hpp"
#include "sim/io/scenario/scenario_writer.hpp"

using namespace yucun;
using namespace yucun::scenario;
using yucun::test::errors_of;
using yucun::test::has_error;
using yucun::test::kMiniScenario;
using yucun::test::TempDir;

TEST_CASE("the built-in baseline is the greater Yucun world") {
  const Scenario s = load_scenario("");
  CHECK(s.name == "greater-yucun-baseline");
  REQUIRE(s.world.villages.size() == 24);
  CHECK(s.world.townships.size() == 3);
  CHECK(s.world.villages[0].name == "Yucun");
  CHECK(s.world.villages[0].households == 280);
  CHECK(s.world.villages[0].population == 1100);
  int per_township[3] = {0, 0, 0};
  for (const auto& v : s.world.villages) {
    if (v.township == "Tianhuangping") ++per_township[0];
    if (v.township == "Shanchuan") ++per_township[1];
    if (v.township == "Shangshu") ++per_township[2];
  }
  CHECK(per_township[0] == 11);
  CHECK(per_township[1] == 6);
  CHECK(per_township[2] == 7);
  CHECK(s.tea.price.open_yuan_per_kg == 520);
  CHECK(s.tea.price.second_day_yuan_per_kg == 360);
  CHECK(s.calendar.start == Date::from_ymd(2023, 1, 1));
  // The same text from the file on disk.
  const Scenario from_file = load_scenario(std::string(YUCUN_SOURCE_DIR) + "/scenarios/baseline.yaml");
  CHECK(to_yaml(from_file) == to_yaml(s));
}

TEST_CASE("the resolved YAML loads back to the same scenario") {
  const Scenario s = load_scenario("@baseline");
  const std::string yaml = to_yaml(s);
  const Scenario again = load_scenario_text(yaml, "shown.yaml", ".");
  CHECK(to_yaml(again) == yaml);
  CHECK(again.world.roads.size() == s.world.roads.size());
  CHECK(again.calendar.holidays.size() == s.calendar.holidays.size());
  CHECK(again.calendar.makeup_workdays == s.calendar.makeup_workdays);
  CHECK(again.tea.harvest.open_earliest == s.tea.harvest.open_earliest);
  CHECK(again.households.savings_log_sd == s.households.savings_log_sd);
}

TEST_CASE("extends inherits, overrides scalars, patches and replaces lists") {
  TempDir dir;
  dir.write("parent.yaml", kMiniScenario);
  const std::string child = dir.write("child.yaml", R"(extends: parent.yaml
name: child
tea:
  price: {floor_yuan_per_kg: 150}
world:
  villages:
    Middle: {homestay_beds: 40}
    2: {tea_area_mu: 250}
)");
  const Scenario s = load_scenario(child);
  CHECK(s.name == "child");
  CHECK(s.seed == 5);  // inherited
  CHECK(s.tea.price.floor_yuan_per_kg == 150);
  CHECK(s.tea.price.open_yuan_per_kg == 520);  // default kept
  REQUIRE(s.world.villages.size() == 3);
  CHECK(s.world.villages[1].homestay_beds == 40);
  CHECK(s.world.villages[1].households == 120);  // rest of the item inherited
  CHECK(s.world.villages[2].tea_area_mu == 250);

  const std::string replace = dir.write("replace.yaml", R"(extends: parent.yaml
calendar:
  holidays: []
)");
  CHECK(load_scenario(replace).calendar.holidays.empty());
}

TEST_CASE("extends of the built-in baseline from anywhere") {
  TempDir dir;
  const std::string file = dir.write("mine.yaml", "extends: \"@baseline\"\ncalendar: {years: 2}\n");
  const Scenario s = load_scenario(file);
  CHECK(s.calendar.years == 2);
  CHECK(s.world.villages.size() == 24);
}

TEST_CASE("--set overrides scalars and list items, in order") {
  const Scenario s = load_scenario_text(kMiniScenario, "mini.yaml", ".",
                                        {"seed=99", "tea.price.floor_yuan_per_kg=120",
                                         "world.villages.Lower.households=90", "world.roads.1.minutes=5",
                                         "seed=100"});
  CHECK(s.seed == 100);
  CHECK(s.tea.price.floor_yuan_per_kg == 120);
  CHECK(s.world.villages[2].households == 90);
  CHECK(s.world.roads[1].minutes == 5);
}

TEST_CASE("--set errors name the override") {
  auto d = errors_of(kMiniScenario, {"tea.price.floor=3"});
  CHECK(has_error(d, {"--set tea.price.floor=3", "tea.price.floor", "unknown key 'floor'", "did you mean 'floor_yuan_per_kg'"}));
  d = errors_of(kMiniScenario, {"seed"});
  CHECK(has_error(d, {"expected key.path=value"}));
  d = errors_of(kMiniScenario, {"world.villages.Lowr.households=3"});
  CHECK(has_error(d, {"no item 'Lowr'", "did you mean 'Lower'"}));
  d = errors_of(kMiniScenario, {"calendar.years=abc"});
  CHECK(has_error(d, {"calendar.years", "expected a whole number, got 'abc'"}));
}

TEST_CASE("unknown keys are refused with a suggestion and their position") {
  const std::string text = std::string(kMiniScenario) + "tea:\n  prise: {open_yuan_per_kg: 500}\n";
  const auto d = errors_of(text);
  CHECK(has_error(d, {"test.yaml:19:3: error: tea.prise: unknown key 'prise'; did you mean 'price'?"}));
  const auto far = errors_of(std::string(kMiniScenario) + "zzzzzz: 1\n");
  CHECK(has_error(far, {"unknown key 'zzzzzz' (known keys: name, description, seed"}));
}

TEST_CASE("wrong types, ranges and non-finite numbers are refused") {
  auto with = [](const std::string& extra) { return errors_of(std::string(kMiniScenario) + extra); };
  CHECK(has_error(with("households: {labour_share: 1.5}\n"),
                  {"test.yaml:18:", "households.labour_share: must be between 0 and 1, got 1.5"}));
  CHECK(has_error(with("households: {size_sd: -1}\n"), {"households.size_sd: must be between 0 and 10, got -1"}));
  CHECK(has_error(with("tea: {harvest: {length_days: many}}\n"),
                  {"tea.harvest.length_days: expected a whole number, got 'many'"}));
  CHECK(has_error(with("tea: {yield: {dry_kg_per_mu: .nan}}\n"), {"must be a finite number, got '.nan'"}));
  CHECK(has_error(with("tea: {yield: {dry_kg_per_mu: .inf}}\n"), {"must be a finite number"}));
  CHECK(has_error(with("tea: {harvest: {open_earliest: 03-40}}\n"), {"expected a month and day MM-DD"}));
  CHECK(has_error(with("tea: [1, 2]\n"), {"tea: expected a map of keys, got a list"}));
  CHECK(has_error(errors_of(std::string(kMiniScenario).replace(std::string(kMiniScenario).find("households: 100"), 15,
                                                               "households: -3")),
                  {"world.villages[0].households: must be between 0 and 10000000, got -3"}));
  CHECK(has_error(errors_of(std::string(kMiniScenario).replace(std::string(kMiniScenario).find("2024-01-01"), 10,
                                                               "2024-02-30")),
                  {"calendar.start: expected a date YYYY-MM-DD, got '2024-02-30'"}));
}

TEST_CASE("duplicate keys, malformed YAML and bad documents are refused") {
  CHECK(has_error(errors_of("name: a\nname: b\n"), {"test.yaml:2:1: error: name: duplicate key 'name' (first written on line 1)"}));
  CHECK(has_error(errors_of("world: {villages: [\n"), {"test.yaml:", "malformed YAML"}));
  CHECK(has_error(errors_of(""), {"the scenario is empty"}));
  CHECK(has_error(errors_of("- a\n- b\n"), {"expected a map of keys at the top, got a list"}));
}

TEST_CASE("extends problems: missing parent, cycles, depth") {
  TempDir dir;
  const std::string missing = dir.write("m.yaml", "extends: nowhere.yaml\n");
  try {
    load_scenario(missing);
    FAIL("expected an error");
  } catch (const ScenarioError& e) {
    CHECK(has_error(e.diagnostics(), {"m.yaml:1:10: error: extends: scenario file", "nowhere.yaml' does not exist"}));
  }
  dir.write("a.yaml", "extends: b.yaml\n");
  const std::string b = dir.write("b.yaml", "extends: a.yaml\n");
  try {
    load_scenario(b);
    FAIL("expected an error");
  } catch (const ScenarioError& e) {
    CHECK(has_error(e.diagnostics(), {"'extends' cycle"}));
  }
  const std::string self = dir.write("self.yaml", "extends: self.yaml\n");
  CHECK_THROWS_AS(load_scenario(self), ScenarioError);
  CHECK_THROWS_WITH_AS(load_scenario((dir.path / "absent.yaml").string()), doctest::Contains("does not exist"),
                       ScenarioError);
}

TEST_CASE("files over the size limit are refused before parsing") {
  TempDir dir;
  const std::string big = dir.write("big.yaml", std::string(2000, '#'));
  LoadLimits limits;
  limits.max_file_bytes = 1000;
  CHECK_THROWS_WITH_AS(load_scenario(big, {}, limits), doctest::Contains("over the limit of 1000 bytes"), ScenarioError);
}

TEST_CASE("many --set overrides all apply, the last one winning") {
  const Scenario s = load_scenario_text(kMiniScenario, "mini.yaml", ".",
                                        {"seed=1", "name=x", "description=y", "calendar.years=2",
                                         "households.size_sd=0.5", "tea.price.floor_yuan_per_kg=100", "name=z"});
  CHECK(s.seed == 1);
  CHECK(s.name == "z");
  CHECK(s.description == "y");
  CHECK(s.calendar.years == 2);
  CHECK(s.households.size_sd == 0.5);
  CHECK(s.tea.price.floor_yuan_per_kg == 100);
}

TEST_CASE("keys without an allowed default are required") {
  const std::string text = std::string(kMiniScenario) + "    - {from: Upper, to: Lower}\n";
  const auto d = errors_of(text);
  CHECK(has_error(d, {"world.roads[2].km: missing required key 'km' (a number greater than 0)"}));
  CHECK(has_error(d, {"world.roads[2].minutes: missing required key 'minutes'"}));
}

TEST_CASE("near misses of extends and negative seeds get plain messages") {
  CHECK(has_error(errors_of(std::string("extend: x.yaml\n") + kMiniScenario), {"unknown key 'extend'; did you mean 'extends'?"}));
  const std::string negative = std::string(kMiniScenario).replace(std::string(kMiniScenario).find("seed: 5"), 7, "seed: -1");
  CHECK(has_error(errors_of(negative), {"seed: must not be negative, got '-1'"}));
}
