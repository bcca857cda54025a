// Sweeps: reading sweep files, the designs (grid, Latin hypercube, Saltelli,
// Morris), run seeds and the scenarios of runs.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <set>

#include <fmt/format.h>

#include "scenario_fixtures.hpp"
#include "sim/experiments/design.hpp"
#include "sim/experiments/sweep_points.hpp"
#include "sim/io/scenario/scenario_keys.hpp"
#include "sim/experiments/size_estimate.hpp"
#include "sim/experiments/sweep_loader.hpp"

using namespace yucun;
using namespace yucun::sweep;
using yucun::test::has_error;
using yucun::test::TempDir;

namespace {

// A sweep of `params` (YAML list items) over the baseline with `design`.
std::string sweep_text(const std::string& design, const std::string& params, const std::string& extra = "") {
  return "base: \"@baseline\"\nset:\n  calendar.years: 1\nseed: 42\n" + extra + "design: " + design +
         "\nparameters:\n" + params;
}

// `text` with the first `from` replaced by `to` (which must be there).
std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.substr(0, at) + to + text.substr(at + from.size());
}

LoadedSweep load(const std::string& text) { return load_sweep_text(text, "sweep.yaml", "."); }

scenario::Diagnostics errors_of(const std::string& text) {
  try {
    load(text);
  } catch (const scenario::ScenarioError& e) {
    return e.diagnostics();
  }
  return {};
}

Parameter sampled(double lo, double hi, std::string name = "x") {
  return Parameter{.name = name, .key_path = name, .values = {}, .lo = lo, .hi = hi};
}

SweepSpec spec_of(DesignKind kind, std::size_t k, std::uint64_t n, std::uint64_t seed = 9) {
  SweepSpec s;
  s.design.kind = kind;
  s.design.n = n;
  s.design.r = n;
  s.seed = seed;
  for (std::size_t i = 0; i < k; ++i) {
    s.parameters.push_back(sampled(-1.0 - static_cast<double>(i), 2.0 + static_cast<double>(i), fmt::format("p{}", i)));
  }
  return s;
}

}  // namespace

TEST_CASE("grid: every combination, the last parameter varying fastest") {
  const LoadedSweep s = load(sweep_text("grid", R"(  - key: tourism.annual_visitors
    values: [1000000, 2000000]
  - key: tourism.choice_minutes
    range: {lo: 0.02, hi: 0.06, count: 3}
  - key: tourism.food_yuan
    range: {lo: 30, hi: 40, step: 5}
)", "replicates: 2\n"));
  REQUIRE(s.spec.parameters.size() == 3);
  CHECK(s.spec.parameters[1].values == std::vector<double>{0.02, 0.04, 0.06});
  CHECK(s.spec.parameters[2].values == std::vector<double>{30, 35, 40});
  CHECK(design_point_count(s.spec) == 18);
  CHECK(run_count(s.spec) == 36);
  const Design d = make_design(s.spec);
  REQUIRE(d.points == 18);
  CHECK(d.value_at(0, 0) == 1000000);
  CHECK(d.value_at(0, 1) == 0.02);
  CHECK(d.value_at(0, 2) == 30);
  CHECK(d.value_at(1, 2) == 35);
  CHECK(d.value_at(3, 1) == 0.04);
  CHECK(d.value_at(9, 0) == 2000000);
  CHECK(d.value_at(17, 0) == 2000000);
  CHECK(d.value_at(17, 1) == 0.06);
  CHECK(d.value_at(17, 2) == 40);
  std::set<std::vector<double>> distinct;
  for (std::size_t p = 0; p < d.points; ++p) distinct.insert({d.point_values(p).begin(), d.point_values(p).end()});
  CHECK(distinct.size() == 18);
  // Run r is point r / K, replicate r % K.
  CHECK(sweep_run(s.spec, 7).point == 3);
  CHECK(sweep_run(s.spec, 7).replicate == 1);
}

TEST_CASE("Latin hypercube: one point in each stratum of each parameter") {
  for (std::uint64_t n : {2u, 7u, 50u}) {
    const SweepSpec spec = spec_of(DesignKind::lhs, 4, n);
    const Design d = make_design(spec);
    REQUIRE(d.points == n);
    for (std::size_t i = 0; i < 4; ++i) {
      std::vector<int> hits(n, 0);
      for (std::size_t p = 0; p < n; ++p) {
        const double u = d.unit_at(p, i);
        REQUIRE(u >= 0.0);
        REQUIRE(u < 1.0);
        ++hits[static_cast<std::size_t>(u * static_cast<double>(n))];
        CHECK(d.value_at(p, i) >= spec.parameters[i].lo);
        CHECK(d.value_at(p, i) <= spec.parameters[i].hi);
      }
      CHECK(std::all_of(hits.begin(), hits.end(), [](int h) { return h == 1; }));
    }
  }
  // Reproducible from the sweep seed, and different for another seed.
  CHECK(make_design(spec_of(DesignKind::lhs, 3, 20, 5)).unit == make_design(spec_of(DesignKind::lhs, 3, 20, 5)).unit);
  CHECK(make_design(spec_of(DesignKind::lhs, 3, 20, 5)).unit != make_design(spec_of(DesignKind::lhs, 3, 20, 6)).unit);
}

TEST_CASE("Saltelli design: AB_i is A with column i from B") {
  const std::size_t k = 3;
  const SweepSpec spec = spec_of(DesignKind::sobol, k, 64);
  const Design d = make_design(spec);
  REQUIRE(d.points == 64 * (k + 2));
  std::set<std::vector<double>> a_rows;
  for (std::uint64_t j = 0; j < 64; ++j) {
    const std::size_t a = saltelli_point(j, 0, k), b = saltelli_point(j, k + 1, k);
    CHECK(saltelli_position(a, k).sample == j);
    CHECK(saltelli_position(b, k).block == k + 1);
    a_rows.insert({d.unit.begin() + static_cast<long>(a * k), d.unit.begin() + static_cast<long>((a + 1) * k)});
    for (std::size_t i = 0; i < k; ++i) {
      const std::size_t ab = saltelli_point(j, i + 1, k);
      for (std::size_t c = 0; c < k; ++c) {
        CHECK(d.unit_at(ab, c) == (c == i ? d.unit_at(b, c) : d.unit_at(a, c)));
        CHECK(d.value_at(ab, c) == (c == i ? d.value_at(b, c) : d.value_at(a, c)));
      }
    }
    // A and B are different points of the sequence (not the centre twice).
    bool differs = false;
    for (std::size_t c = 0; c < k; ++c) differs = differs || d.unit_at(a, c) != d.unit_at(b, c);
    CHECK(differs);
  }
  CHECK(a_rows.size() == 64);
  // A low-discrepancy sequence: each column of A fills its four quarters evenly.
  for (std::size_t c = 0; c < k; ++c) {
    int quarters[4] = {0, 0, 0, 0};
    for (std::uint64_t j = 0; j < 64; ++j) ++quarters[static_cast<int>(d.unit_at(saltelli_point(j, 0, k), c) * 4)];
    for (int q : quarters) CHECK(std::abs(q - 16) <= 1);
  }
}

// Issue 18, "Minor": a `skip` near 2^32. The sequence is Boost's 64-bit one, so
// sample j of `skip` S is point S + j + 1 of the Sobol' sequence (after the
// origin) however far past 2^32 that is: in the first dimension the bit-reversed
// Gray code of the index (its top 53 bits), never a 32-bit index that wraps to
// the sequence's start. Bounds beyond what the loader accepts are refused.
TEST_CASE("Saltelli design: a skip near 2^32 continues the 64-bit sequence, and larger skips are refused") {
  const auto first_coordinate = [](std::uint64_t index) {
    std::uint64_t gray = index ^ (index >> 1), reversed = 0;
    for (int b = 0; b < 64; ++b) reversed |= ((gray >> b) & 1u) << (63 - b);
    return static_cast<double>(reversed >> 11) * 0x1p-53;
  };
  const std::size_t k = 2;
  for (const std::uint64_t skip : {std::uint64_t{0}, std::uint64_t{1}, (std::uint64_t{1} << 32) - 2,
                                   std::uint64_t{1} << 32}) {
    CAPTURE(skip);
    SweepSpec spec = spec_of(DesignKind::sobol, k, 8);
    spec.design.skip = skip;
    const Design d = make_design(spec);
    for (std::uint64_t j = 0; j < 8; ++j) CHECK(d.unit_at(saltelli_point(j, 0, k), 0) == first_coordinate(skip + j + 1));
    // one more skipped: the same samples, one later
    spec.design.skip = skip + 1;
    const Design later = make_design(spec);
    for (std::uint64_t j = 0; j + 1 < 8; ++j)
      for (std::size_t c = 0; c < k; ++c)
        CHECK(later.unit_at(saltelli_point(j, 0, k), c) == d.unit_at(saltelli_point(j + 1, 0, k), c));
  }
  // 2^32 - 1 and 2^32 + 1: the points either side of 2^32 are not the sequence's first ones again
  CHECK(first_coordinate((std::uint64_t{1} << 32) + 1) != first_coordinate(1));
  const std::string visitors = "  - key: tourism.annual_visitors\n    lo: 1000000\n    hi: 2000000\n";
  CHECK(load(sweep_text("{kind: sobol, n: 4, skip: 4294967296}", visitors)).spec.design.skip == (std::uint64_t{1} << 32));
  CHECK(has_error(errors_of(sweep_text("{kind: sobol, n: 4, skip: 4294967297}", visitors)),
                  {"design.skip: must be between 0 and 4294967296, got 4294967297"}));
}

TEST_CASE("Morris trajectories move one parameter by +-delta at each step") {
  const std::size_t k = 5;
  SweepSpec spec = spec_of(DesignKind::morris, k, 12);
  spec.design.levels = 6;
  const double delta = morris_delta(6);
  CHECK(delta == doctest::Approx(0.6));
  const Design d = make_design(spec);
  REQUIRE(d.points == 12 * (k + 1));
  for (std::uint64_t t = 0; t < 12; ++t) {
    std::set<std::size_t> moved;
    for (std::size_t s = 0; s <= k; ++s) {
      const std::size_t p = t * (k + 1) + s;
      CHECK(morris_position(p, k).trajectory == t);
      for (std::size_t i = 0; i < k; ++i) {
        const double u = d.unit_at(p, i);
        CHECK(u >= 0.0);
        CHECK(u <= 1.0);
        CHECK(std::abs(u * 5 - std::round(u * 5)) < 1e-12);  // on the 6-level grid
      }
      if (s == 0) continue;
      std::vector<std::size_t> changed;
      for (std::size_t i = 0; i < k; ++i)
        if (d.unit_at(p, i) != d.unit_at(p - 1, i)) changed.push_back(i);
      REQUIRE(changed.size() == 1);
      CHECK(std::abs(d.unit_at(p, changed[0]) - d.unit_at(p - 1, changed[0])) == doctest::Approx(delta));
      moved.insert(changed[0]);
    }
    CHECK(moved.size() == k);  // each parameter moves once per trajectory
  }
}

TEST_CASE("run seeds: distinct, reproducible, independent of the sweep's size") {
  std::set<std::uint64_t> seeds;
  for (std::uint64_t p = 0; p < 2000; ++p)
    for (std::uint32_t r = 0; r < 10; ++r) seeds.insert(run_seed(1, p, r));
  CHECK(seeds.size() == 20000);
  // Pinned: a change here changes every sweep's results.
  CHECK(run_seed(0, 0, 0) == mix64(mix64(0x9e3779b97f4a7c15ULL)));
  CHECK(run_seed(42, 3, 1) == run_seed(42, 3, 1));
  CHECK(run_seed(42, 3, 1) != run_seed(43, 3, 1));
  CHECK(run_seed(42, 3, 1) != run_seed(42, 1, 3));
  SweepSpec a = spec_of(DesignKind::lhs, 2, 10), b = a;
  a.replicates = 2;
  b.replicates = 5;
  CHECK(sweep_run(a, 7).seed == run_seed(a.seed, 3, 1));
  CHECK(sweep_run(b, 16).seed == sweep_run(a, 7).seed);  // point 3, replicate 1 in both
}

TEST_CASE("parameter values from unit coordinates: linear, log, whole numbers") {
  Parameter p = sampled(0.1, 0.3);
  CHECK(value_at_unit(p, 0) == 0.1);
  CHECK(value_at_unit(p, 1) == 0.3);
  CHECK(value_at_unit(p, 0.5) == doctest::Approx(0.2));
  p = sampled(10, 1000);
  p.log = true;
  CHECK(value_at_unit(p, 0.5) == doctest::Approx(100));
  CHECK(value_at_unit(p, 1) == 1000);
  p = sampled(1, 3);
  p.integer = true;
  std::vector<int> hits(4, 0);
  for (int i = 0; i < 300; ++i) ++hits[static_cast<std::size_t>(value_at_unit(p, (i + 0.5) / 300))];
  CHECK(hits[0] == 0);
  CHECK(hits[1] == 100);
  CHECK(hits[2] == 100);
  CHECK(hits[3] == 100);
}

TEST_CASE("a run's scenario: base, fixed overrides, the point's values and its seed") {
  const LoadedSweep s = load(sweep_text("{kind: lhs, n: 4}", R"(  - key: tourism.annual_visitors
    lo: 1000000
    hi: 2000000
  - key: world.villages.Yucun.homestay_beds
    name: yucun_beds
    lo: 100
    hi: 3000
    integer: true
)", "replicates: 3\n"));
  CHECK(s.base.calendar.years == 1);
  const Design d = make_design(s.spec);
  const Scenario run = build_run_scenario(s.spec, d, 5);  // point 1, replicate 2
  CHECK(run.calendar.years == 1);
  CHECK(run.tourism.annual_visitors == doctest::Approx(d.value_at(1, 0)));
  CHECK(run.world.villages[0].name == "Yucun");
  CHECK(run.world.villages[0].homestay_beds == static_cast<std::int64_t>(d.value_at(1, 1)));
  CHECK(run.seed == run_seed(42, 1, 2));
  const auto vars = run_variables(s.spec, d);
  REQUIRE(vars.size() == 5);
  CHECK(vars[0].name == "point");
  CHECK(vars[0].integers.size() == 12);
  CHECK(vars[0].integers[5] == 1);
  CHECK(vars[1].name == "param_annual_visitors");
  CHECK(vars[3].name == "param_yucun_beds");
  CHECK(vars[3].reals[5] == d.value_at(1, 1));
  CHECK(vars[4].name == "unit_yucun_beds");
}

TEST_CASE("size estimate and the limit") {
  const LoadedSweep s = load(sweep_text("{kind: sobol, n: 512}", R"(  - key: tourism.annual_visitors
    lo: 3000000
    hi: 4000000
  - key: tourism.choice_minutes
    lo: 0.02
    hi: 0.1
)"));
  const SizeEstimate e = estimate_size(s.spec, s.largest_run);
  CHECK(e.runs == 512 * 4);
  CHECK(s.largest_run.annual_visitors == 4000000);  // the largest value of the parameter
  CHECK(e.cpu_seconds > 0);
  CHECK(e.full_bytes > e.summary_bytes);
  CHECK(e.output_bytes == e.summary_bytes);
  REQUIRE(over_limits(e));
  CHECK(over_limits(e)->find("more than 1000 runs") != std::string::npos);
  SweepLimits generous;
  generous.max_runs = 10000;
  generous.max_cpu_hours = 100;
  CHECK(!over_limits(e, generous));
  // Where it runs: 32 shards of 16 threads; CPU time from the mean run (3.5 M
  // visitors), bytes and memory from the largest.
  const SizeEstimate c = estimate_size(s.spec, s.largest_run, s.typical_run, Layout{.shards = 32, .threads = 16});
  CHECK(s.typical_run.annual_visitors == 3500000);
  CHECK(c.cpu_seconds_per_run < e.cpu_seconds_per_run);
  CHECK(c.runs_per_shard == 64);
  CHECK(c.shard_wall_seconds == doctest::Approx(4 * c.cpu_seconds_per_run));  // 64 runs on 16 threads
  CHECK(c.shard_file_bytes < c.file_bytes);
  CHECK(c.work_folder_bytes == doctest::Approx(64 * (c.summary_bytes / 2048 + kCheckpointFixedBytes)));
  CHECK(c.process_rss_bytes > kRssProcessBytes + 16 * kRssBytesPerHousehold * s.largest_run.households);
  CHECK(c.merge_rss_bytes > kMergeRssBytes);
}

TEST_CASE("bad sweep files are refused with where and why") {
  const std::string visitors = "  - key: tourism.annual_visitors\n    lo: 1000000\n    hi: 2000000\n";
  // Unknown sweep keys, with a suggestion.
  CHECK(has_error(errors_of(sweep_text("grid", "  - key: tourism.annual_visitors\n    values: [1, 2]\n", "replicate: 2\n")),
                  {"sweep.yaml:5:1: error: replicate: unknown key 'replicate'; did you mean 'replicates'?"}));
  // An unknown scenario key path: the scenario's own suggestion, at the sweep's line.
  CHECK(has_error(errors_of(sweep_text("{kind: lhs, n: 4}", "  - key: tourism.annual_visitor\n    lo: 1\n    hi: 2\n")),
                  {"sweep.yaml:7:10: error: tourism.annual_visitor: unknown key 'annual_visitor'; did you mean 'annual_visitors'?"}));
  CHECK(has_error(errors_of(sweep_text("{kind: lhs, n: 4}", "  - key: world.villages.Yucn.homestay_beds\n    lo: 1\n    hi: 2\n    integer: true\n")),
                  {"sweep.yaml:7:10:", "no item 'Yucn'", "did you mean 'Yucun'?"}));
  // Out of the schema's range: its message, at the bound.
  CHECK(has_error(errors_of(sweep_text("{kind: lhs, n: 4}", "  - key: tourism.choice_minutes\n    lo: 0.01\n    hi: 120\n")),
                  {"sweep.yaml:9:9: error: tourism.choice_minutes: must be between 0 and 100, got 120"}));
  // Bounds and lists.
  CHECK(has_error(errors_of(sweep_text("{kind: lhs, n: 4}", "  - key: tourism.choice_minutes\n    lo: 0.5\n    hi: 0.5\n")),
                  {"sweep.yaml:9:9: error: parameters[0].hi: hi (0.5) must be above lo (0.5)"}));
  CHECK(has_error(errors_of(sweep_text("grid", "  - key: tourism.choice_minutes\n    values: []\n")),
                  {"parameters[0].values: the list is empty"}));
  CHECK(has_error(errors_of(sweep_text("grid", "  - key: tourism.choice_minutes\n    values: [0.1, 0.2, 0.1]\n")),
                  {"parameters[0].values[2]: value 0.1 is already in the list (item 0)"}));
  CHECK(has_error(errors_of(sweep_text("grid", "  - key: tourism.choice_minutes\n    lo: 0.1\n    hi: 0.2\n")),
                  {"lo and hi bound sampled designs"}));
  CHECK(has_error(errors_of(sweep_text("{kind: sobol, n: 8}", "  - key: tourism.choice_minutes\n    values: [0.1, 0.2]\n")),
                  {"values is for grid designs; a sobol design samples between `lo` and `hi`"}));
  CHECK(has_error(errors_of(sweep_text("{kind: lhs, n: 4}", "  - key: tourism.annual_visitors\n    lo: 0\n    hi: 2\n    log: true\n")),
                  {"log: true needs lo above 0"}));
  // Duplicates.
  CHECK(has_error(errors_of(sweep_text("{kind: lhs, n: 4}", visitors + visitors)),
                  {"sweep.yaml:10:10: error: parameters[1].key: tourism.annual_visitors is already varied by parameters[0] (line 7)"}));
  CHECK(has_error(errors_of(replaced(sweep_text("{kind: lhs, n: 4}", visitors, ""), 
                      "set:\n  calendar.years: 1", "set:\n  calendar.years: 1\n  tourism.annual_visitors: 5")),
                  {"tourism.annual_visitors is both varied here and fixed in `set`"}));
  // Design sizes.
  CHECK(has_error(errors_of(sweep_text("{kind: lhs, n: 1}", visitors)), {"design.n: must be between 2 and"}));
  CHECK(has_error(errors_of(sweep_text("{kind: morris, r: 4, levels: 5}", visitors)), {"design.levels: must be an even number"}));
  CHECK(has_error(errors_of(sweep_text("{kind: morris, n: 4}", visitors)), {"design.n: 'n' does not apply to a morris design"}));
  CHECK(has_error(errors_of(sweep_text("{kind: sobel, n: 4}", visitors)), {"unknown value 'sobel'; did you mean 'sobol'?"}));
  CHECK(has_error(errors_of(sweep_text("{kind: lhs}", visitors)), {"design.n: missing required key 'n'"}));
  CHECK(has_error(errors_of(sweep_text("grid", "  []\n")), {"parameters: the list is empty"}));
  // Keys a sweep cannot vary: the seed, text, whole numbers without `integer`.
  CHECK(has_error(errors_of(sweep_text("{kind: lhs, n: 4}", "  - key: seed\n    lo: 1\n    hi: 9\n")),
                  {"'seed' cannot be varied"}));
  CHECK(has_error(errors_of(sweep_text("{kind: lhs, n: 4}", "  - key: tourism.gateway\n    lo: 1\n    hi: 9\n")),
                  {"sweep.yaml:7:10: error: tourism.gateway: takes text, not a number"}));
  CHECK(has_error(errors_of(replaced(sweep_text("{kind: lhs, n: 4}", "  - key: calendar.years\n    lo: 1\n    hi: 3\n"), 
                      "set:\n  calendar.years: 1\n", "")),
                  {"calendar.years: takes whole numbers only: add `integer: true`"}));
  CHECK(has_error(errors_of(sweep_text("{kind: lhs, n: 4}", "  - key: calendar.years\n    lo: 1\n    hi: 3\n    integer: true\n")),
                  {"calendar.years is both varied here and fixed in `set`"}));
  // A bad fixed override, at its line in the sweep.
  CHECK(has_error(errors_of(replaced(sweep_text("{kind: lhs, n: 4}", visitors), "calendar.years: 1", "calendar.years: 0")),
                  {"sweep.yaml:3:19: error: calendar.years: must be between 1 and 200, got 0"}));
  CHECK(has_error(errors_of(replaced(sweep_text("{kind: lhs, n: 4}", visitors), "calendar.years: 1", "calendar.yaers: 1")),
                  {"sweep.yaml:3:3: error: calendar.yaers: unknown key 'yaers'; did you mean 'years'?"}));
  // The base scenario.
  CHECK(has_error(errors_of(replaced(sweep_text("{kind: lhs, n: 4}", visitors), "\"@baseline\"", "\"@basline\"")),
                  {"sweep.yaml:1:7: error: base: unknown built-in scenario '@basline'; did you mean '@baseline'?"}));
  CHECK(has_error(errors_of(replaced(sweep_text("{kind: lhs, n: 4}", visitors), "\"@baseline\"", "nowhere.yaml")),
                  {"sweep.yaml:1:7: error: base: scenario file", "does not exist"}));
  // Malformed YAML and empty files.
  CHECK(has_error(errors_of("design: [grid\n"), {"sweep.yaml:", "malformed YAML"}));
  CHECK(has_error(errors_of(""), {"the sweep file is empty"}));
  CHECK(has_error(errors_of("design: grid\n"), {"missing required key 'parameters'"}));
}

TEST_CASE("an option is swept over its levels, each read as the scenario reads the key") {
  const LoadedSweep s = load(sweep_text("grid", R"(  - key: policies.dividends.basis
    levels: [households, members]
  - key: tourism.choice_minutes
    values: [0.05, 0.1]
)"));
  REQUIRE(s.spec.parameters.size() == 2);
  const Parameter& basis = s.spec.parameters[0];
  CHECK(basis.name == "basis");
  CHECK(basis.levels == std::vector<std::string>{"households", "members"});
  CHECK(basis.values == std::vector<double>{0, 1});  // the design runs over the levels' indices
  const Design d = make_design(s.spec);
  REQUIRE(d.points == 4);
  CHECK(format_value(basis, d.value_at(2, 0)) == "members");
  CHECK(point_overrides(s.spec, d, 1)[1] == "policies.dividends.basis=households");
  CHECK(build_run_scenario(s.spec, d, 1).policies.dividends.basis == DividendBasis::households);
  CHECK(build_run_scenario(s.spec, d, 3).policies.dividends.basis == DividendBasis::members);
  const auto variables = run_variables(s.spec, d);
  const auto param = std::find_if(variables.begin(), variables.end(), [](const RunVariable& v) { return v.name == "param_basis"; });
  REQUIRE(param != variables.end());
  CHECK(param->reals == std::vector<double>{0, 0, 1, 1});
  CHECK(param->long_name.find("(0 households, 1 members)") != std::string::npos);

  // A misspelt level: the scenario loader's own message, at the level in the sweep.
  std::string scenario_message;
  try {
    scenario::load_scenario("", {"policies.dividends.basis=housholds"});
  } catch (const scenario::ScenarioError& e) {
    scenario_message = e.diagnostics().list().at(0).message;
  }
  CHECK(scenario_message == "unknown value 'housholds'; did you mean 'households'? (one of: members, households)");
  CHECK(has_error(errors_of(sweep_text("grid", "  - key: policies.dividends.basis\n    levels: [members, housholds]\n")),
                  {"sweep.yaml:8:23: error: policies.dividends.basis: " + scenario_message}));
  // Other options name their words as the scenario does.
  CHECK(has_error(errors_of(replaced(sweep_text("grid", "  - key: events.0.kind\n    levels: [tea_yield, tea_prize]\n"),
                                     "seed: 42", "  events: [{name: drought, kind: tea_yield, start: 2024-05-01, "
                                                 "end: 2024-06-30}]\nseed: 42")),
                  {"events.0.kind: unknown event kind 'tea_prize'; did you mean 'tea_price'? (kinds: "}));
  // Levels only where the key takes words, and only in a grid; words only as levels.
  CHECK(has_error(errors_of(sweep_text("grid", "  - key: tourism.choice_minutes\n    levels: [low, high]\n")),
                  {"sweep.yaml:7:10: error: tourism.choice_minutes: takes a number, not one of a set of words"}));
  CHECK(has_error(errors_of(sweep_text("grid", "  - key: policies.revenue_sharing.split\n    values: [1, 2]\n")),
                  {"sweep.yaml:8:5: error: parameters[0].values: policies.revenue_sharing.split takes one of population,"}));
  CHECK(has_error(errors_of(sweep_text("{kind: lhs, n: 4}", "  - key: policies.talent.business\n    lo: 0\n    hi: 1\n")),
                  {"sweep.yaml:8:5: error: parameters[0].lo: policies.talent.business takes one of activity, restaurant: "
                   "list the levels to run as `levels: [activity, restaurant]`, not `lo` (the lhs design draws evenly"}));
  // A sampled design draws the levels evenly.
  const LoadedSweep drawn =
      load(sweep_text("{kind: lhs, n: 4}", "  - key: policies.talent.business\n    levels: [activity, restaurant]\n"));
  const Design drawn_design = make_design(drawn.spec);
  int restaurants = 0;
  for (std::size_t p = 0; p < 4; ++p) restaurants += format_value(drawn.spec.parameters[0], drawn_design.value_at(p, 0)) == "restaurant";
  CHECK(restaurants == 2);
  CHECK(has_error(errors_of(sweep_text("grid", "  - key: policies.dividends.basis\n    levels: [members, members]\n")),
                  {"sweep.yaml:8:23: error: parameters[0].levels[1]: level 'members' is already in the list (item 0)"}));
}

TEST_CASE("a date factor: dates in a grid, whole days between lo and hi in sampled designs") {
  const LoadedSweep grid = load(sweep_text("grid", "  - key: policies.fees.start\n    values: [2024-01-01, 2025-01-01]\n"));
  const Parameter& start = grid.spec.parameters[0];
  CHECK(start.kind == ParameterKind::date);
  CHECK(start.values == std::vector<double>{19723, 20089});  // days since 1970-01-01
  const Design d = make_design(grid.spec);
  CHECK(point_overrides(grid.spec, d, 1).back() == "policies.fees.start=2025-01-01");
  CHECK(build_run_scenario(grid.spec, d, 1).policies.fees.start == Date::from_ymd(2025, 1, 1));
  const auto vars = run_variables(grid.spec, d);
  const auto param = std::find_if(vars.begin(), vars.end(), [](const RunVariable& v) { return v.name == "param_start"; });
  REQUIRE(param != vars.end());
  CHECK(param->integers == std::vector<std::int64_t>{19723, 20089});
  CHECK(param->units == "days since 1970-01-01");
  // A range of dates steps in days.
  const LoadedSweep range =
      load(sweep_text("grid", "  - key: policies.fees.start\n    range: {lo: 2024-01-01, hi: 2024-01-21, step: 10}\n"));
  CHECK(range.spec.parameters[0].values == std::vector<double>{19723, 19733, 19743});
  // Sampled: whole days, lo and hi included.
  const LoadedSweep lhs =
      load(sweep_text("{kind: lhs, n: 50}", "  - key: policies.fees.start\n    lo: 2024-01-01\n    hi: 2024-12-31\n"));
  const Design ld = make_design(lhs.spec);
  for (std::size_t p = 0; p < ld.points; ++p) {
    const double v = ld.value_at(p, 0);
    CHECK(v == std::floor(v));
    CHECK(v >= 19723);
    CHECK(v <= 20088);
  }
  CHECK(format_value(lhs.spec.parameters[0], 19723) == "2024-01-01");
  // Not a date; log.
  CHECK(has_error(errors_of(sweep_text("grid", "  - key: policies.fees.start\n    values: [2024-01-01, 2024-02-30]\n")),
                  {"sweep.yaml:8:26: error: parameters[0].values[1]: expected a date YYYY-MM-DD, got '2024-02-30'"}));
  CHECK(has_error(errors_of(sweep_text("{kind: lhs, n: 4}", "  - key: policies.fees.start\n    lo: 1\n    hi: 9\n")),
                  {"parameters[0].lo: expected a date"}));
  CHECK(has_error(errors_of(sweep_text("{kind: lhs, n: 4}",
                                       "  - key: policies.fees.start\n    lo: 2024-01-01\n    hi: 2025-01-01\n    log: true\n")),
                  {"policies.fees.start takes a date: log: true applies to numbers"}));
}

TEST_CASE("a flag factor: true and false as levels, in a grid or drawn evenly") {
  const LoadedSweep grid = load(sweep_text("grid", "  - key: policies.fees.enabled\n    values: [true, false]\n"));
  const Parameter& enabled = grid.spec.parameters[0];
  CHECK(enabled.kind == ParameterKind::flag);
  CHECK(enabled.levels == std::vector<std::string>{"true", "false"});
  const Design d = make_design(grid.spec);
  CHECK(point_overrides(grid.spec, d, 0).back() == "policies.fees.enabled=true");
  CHECK(build_run_scenario(grid.spec, d, 0).policies.fees.enabled);
  CHECK_FALSE(build_run_scenario(grid.spec, d, 1).policies.fees.enabled);
  const auto vars = run_variables(grid.spec, d);
  const auto level = std::find_if(vars.begin(), vars.end(), [](const RunVariable& v) { return v.name == "level_enabled"; });
  REQUIRE(level != vars.end());
  CHECK(level->texts == std::vector<std::string>{"true", "false"});
  // Sobol: level floor(2u), so half the coordinates give each.
  const LoadedSweep sobol = load(sweep_text("{kind: sobol, n: 8}", "  - key: policies.fees.enabled\n    values: [false, true]\n"));
  const Design sd = make_design(sobol.spec);
  for (std::size_t p = 0; p < sd.points; ++p) CHECK(sd.value_at(p, 0) == (sd.unit_at(p, 0) < 0.5 ? 0.0 : 1.0));
  CHECK(has_error(errors_of(sweep_text("grid", "  - key: policies.fees.enabled\n    values: [true, maybe]\n")),
                  {"parameters[0].values[1]: expected true or false"}));
  CHECK(has_error(errors_of(sweep_text("grid", "  - key: policies.fees.enabled\n    values: [true, true]\n")),
                  {"parameters[0].values[1]: value true is already in the list (item 0)"}));
  CHECK(has_error(errors_of(sweep_text("{kind: lhs, n: 4}", "  - key: policies.fees.enabled\n    lo: 0\n    hi: 1\n")),
                  {"sweep.yaml:8:5: error: parameters[0].lo: policies.fees.enabled takes true or false: list the levels to "
                   "run as `values: [false, true]`, not `lo`"}));
}

TEST_CASE("a scenario factor: whole scenario files as levels, crossed with numbers") {
  TempDir dir;
  dir.write("mini.yaml", yucun::test::kMiniScenario);
  dir.write("cheap.yaml", "extends: mini.yaml\nname: cheap\ntea:\n  price:\n    floor_yuan_per_kg: 60\n");
  const std::string file = dir.write("sweep.yaml", R"(base: mini.yaml
design: grid
parameters:
  - key: scenario
    name: policy
    files: [mini.yaml, cheap.yaml]
  - key: tourism.choice_minutes
    values: [0.05, 0.1]
)");
  const LoadedSweep s = load_sweep(file);
  const Parameter& policy = s.spec.parameters[0];
  CHECK(policy.kind == ParameterKind::scenario);
  CHECK(policy.levels == std::vector<std::string>{"mini", "cheap"});
  const Design d = make_design(s.spec);
  REQUIRE(d.points == 4);
  CHECK(point_overrides(s.spec, d, 3) == std::vector<std::string>{"tourism.choice_minutes=0.1"});
  const Scenario first = build_run_scenario(s.spec, d, 1), last = build_run_scenario(s.spec, d, 3);
  CHECK(first.name == "mini");
  CHECK(last.name == "cheap");
  CHECK(last.tea.price.floor_yuan_per_kg == 60);
  CHECK(last.tourism.choice_minutes == 0.1);
  const auto vars = run_variables(s.spec, d);
  const auto level = std::find_if(vars.begin(), vars.end(), [](const RunVariable& v) { return v.name == "level_policy"; });
  REQUIRE(level != vars.end());
  CHECK(level->texts == std::vector<std::string>{"mini", "mini", "cheap", "cheap"});
  // A file that is not there; the same name twice; files on another key.
  const std::string missing = dir.write("missing.yaml", "base: mini.yaml\ndesign: grid\nparameters:\n  - key: scenario\n    files: [nope.yaml]\n");
  try {
    load_sweep(missing);
    FAIL("a missing scenario level loaded");
  } catch (const SweepError& e) {
    CHECK(has_error(e.diagnostics(), {"missing.yaml:5:13: error: parameters[0].files[0]: scenario file", "does not exist"}));
  }
  const std::string twice =
      dir.write("twice.yaml", "base: mini.yaml\ndesign: grid\nparameters:\n  - key: scenario\n    files: [mini.yaml, ./mini.yaml]\n");
  CHECK_THROWS_AS(load_sweep(twice), SweepError);
  CHECK(has_error(errors_of(sweep_text("grid", "  - key: tourism.choice_minutes\n    files: [a.yaml]\n")),
                  {"parameters[0].files: `files` lists whole scenario files"}));
}

TEST_CASE("common random numbers: replicate r of every point has the same seed") {
  SweepSpec s = spec_of(DesignKind::lhs, 2, 5);
  s.replicates = 3;
  s.common_random_numbers = true;
  for (std::uint64_t run = 0; run < run_count(s); ++run) {
    const SweepRun r = sweep_run(s, run);
    CHECK(r.seed == run_seed(s.seed, 0, r.replicate));
  }
  CHECK(sweep_run(s, 0).seed != sweep_run(s, 1).seed);
  s.common_random_numbers = false;
  CHECK(sweep_run(s, 3).seed == run_seed(s.seed, 1, 0));
  const LoadedSweep loaded = load(sweep_text("grid", "  - key: tourism.choice_minutes\n    values: [0.05, 0.1]\n",
                                             "common_random_numbers: true\n"));
  CHECK(loaded.spec.common_random_numbers);
  const auto attributes = sweep_attributes(loaded.spec, make_design(loaded.spec));
  const auto crn = std::find_if(attributes.begin(), attributes.end(),
                                [](const SweepAttribute& a) { return a.name == "common_random_numbers"; });
  REQUIRE(crn != attributes.end());
  CHECK(std::get<std::int64_t>(crn->value) == 1);
}

TEST_CASE("a relative base resolves against the sweep file's folder") {
  TempDir dir;
  dir.write("mini.yaml", yucun::test::kMiniScenario);
  const std::string file = dir.write("sweep.yaml", R"(base: mini.yaml
design: {kind: morris, r: 3}
parameters:
  - key: world.villages.Middle.tea_area_mu
    lo: 100
    hi: 500
  - key: tea.price.floor_yuan_per_kg
    lo: 50
    hi: 150
)");
  const LoadedSweep s = load_sweep(file);
  CHECK(s.base.name == "mini");
  CHECK(s.spec.parameters[0].name == "tea_area_mu");
  CHECK(s.spec.design.levels == 4);
  CHECK(run_count(s.spec) == 9);
  const Scenario run = build_run_scenario(s.spec, make_design(s.spec), 4);
  CHECK(run.world.villages.size() == 3);
  CHECK_THROWS_AS(load_sweep((dir.path / "missing.yaml").string()), SweepError);
}

TEST_CASE("the schema describes a key path: its kind and bounds, unknown keys with a suggestion") {
  using scenario::describe_key;
  using Kind = scenario::KeyDescription::Kind;
  const auto crowding = describe_key("tourism.choice_crowding");
  REQUIRE(crowding.found);
  CHECK(crowding.key.kind == Kind::number);
  CHECK(crowding.key.bounds.lo == 0);
  CHECK(crowding.key.bounds.hi == 100);
  const auto beds = describe_key("world.villages.Yucun.homestay_beds");  // a list item by name
  REQUIRE(beds.found);
  CHECK(beds.key.kind == Kind::whole_number);
  CHECK(describe_key("world.villages.0.homestay_beds").key.kind == Kind::whole_number);  // by index
  CHECK(describe_key("calendar.start").key.kind == Kind::date);
  CHECK(describe_key("world.villages").key.kind == Kind::list);
  CHECK(describe_key("tourism").key.kind == Kind::map);
  CHECK(describe_key("tourism.gateway").key.kind == Kind::text);
  const auto basis = describe_key("policies.dividends.basis");  // an enum of the model
  REQUIRE(basis.found);
  CHECK(basis.key.kind == Kind::option);
  CHECK(basis.key.options.words == std::vector<std::string>{"members", "households"});
  CHECK(describe_key("events.0.kind").key.options.noun == "event kind");
  const auto typo = describe_key("tourism.choice_crowdin");
  CHECK_FALSE(typo.found);
  CHECK(typo.error_path == "tourism.choice_crowdin");
  CHECK(typo.error == "unknown key 'choice_crowdin'; did you mean 'choice_crowding'?");
  const auto deeper = describe_key("tourism.choice_crowding.x");
  CHECK_FALSE(deeper.found);
  CHECK(deeper.error.find("takes a number, not a map") != std::string::npos);
}
