// From a sweep's design to runs: the scenario of each run, and what a sweep
// result file records about the runs (the contract of docs/output.md, "Sweep
// files", which analysis/sensitivity.py reads).
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "sim/model/scenario.hpp"
#include "sim/experiments/design.hpp"
#include "sim/experiments/sweep_spec.hpp"

namespace yucun::sweep {

// A parameter's value as the scenario loader takes it: the level's word
// (true, false, an option's word, a scenario file's name), a date as
// YYYY-MM-DD, a whole number for `integer` parameters, else the shortest text
// that reads back to the same double.
std::string format_value(const Parameter& parameter, double value);
// "key.path=value", as `--set` takes it.
std::string assignment(const Parameter& parameter, double value);

// The overrides of a point: the sweep's fixed ones, then the point's values
// (all but a `scenario` parameter's, which chooses the file instead).
std::vector<std::string> point_overrides(const SweepSpec& spec, const Design& design, std::size_t point);
// The scenario file a point starts from: its level of the `scenario`
// parameter, or the sweep's base.
std::string point_base(const SweepSpec& spec, const Design& design, std::size_t point);

// The scenario of run `run` (point run / K, replicate run % K): the point's
// base scenario, the fixed overrides and the point's values, with the run's seed.
// Simulate it with RunIdentity{scenario.seed, replicate}: the same run as
// `yucun run BASE --set ... --seed SEED --run REPLICATE`. Each value alone was
// checked when the sweep was loaded; a combination the scenario refuses (two
// dates out of order) throws ScenarioError, and the run is a failed run.
Scenario build_run_scenario(const SweepSpec& spec, const Design& design, std::uint64_t run);

// A variable on the `run` dimension of a sweep result file.
struct RunVariable {
  std::string name;
  std::string long_name;
  std::string units;
  std::vector<double> reals;            // float64 variables
  std::vector<std::int64_t> integers;   // int64 variables (when reals is empty)
  std::vector<std::string> texts;       // string variables (when both are empty)
};

// point(run), and for each parameter param_<name>(run) (its value: a date's
// as int64 days since 1970-01-01, a level's as its index) and unit_<name>(run)
// (the design's coordinate in [0, 1]), and for a parameter with levels
// level_<name>(run) (the level's word or scenario name); run(run), seed(run),
// replicate(run), status(run) and run_status(run) are the writer's own.
std::vector<RunVariable> run_variables(const SweepSpec& spec, const Design& design);

// Root attributes of a sweep result file: design, sweep_name, sweep_seed,
// replicates, common_random_numbers (0 or 1), points, parameters,
// parameter_keys and parameter_kinds (comma-separated, design order),
// output_level, and per design sobol_n, sobol_skip / morris_r,
// morris_levels, morris_delta / lhs_n.
struct SweepAttribute {
  std::string name;
  std::variant<std::string, std::int64_t, std::uint64_t, double> value;
};
std::vector<SweepAttribute> sweep_attributes(const SweepSpec& spec, const Design& design);

}  // namespace yucun::sweep
