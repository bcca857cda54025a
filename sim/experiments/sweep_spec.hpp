// A sweep: the scenario it starts from, what it varies and over which values,
// how the points are chosen and how many replicates run at each. A plain value,
// read from YAML by sweep_loader and turned into points by design.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace yucun::sweep {

enum class DesignKind { grid, lhs, sobol, morris };
// What each run keeps in the result file: the yearly summaries only, or the
// daily series as well.
enum class OutputLevel { summary, full };

std::string_view to_string(DesignKind kind);
std::string_view to_string(OutputLevel level);

// A value every run gets, exactly as `--set key.path=value` would set it.
struct FixedOverride {
  std::string key_path;
  std::string value;  // YAML text of the value
  std::string assignment() const { return key_path + "=" + value; }
};

// What a parameter varies: a number; a date (as whole days since 1970-01-01);
// or one of a list of levels: true or false (a flag), an option's words, or
// whole scenario files (the key path `scenario`: a policy lever of a policy x
// uncertainty design).
enum class ParameterKind { number, date, flag, option, scenario };
std::string_view to_string(ParameterKind kind);

// The key path of a parameter whose levels are whole scenario files.
inline constexpr std::string_view kScenarioKey = "scenario";

// One varied scenario value.
struct Parameter {
  std::string name;      // names result variables (param_<name>); default: the key path's last part
  std::string key_path;  // a scenario key (tourism.annual_visitors, policies.fees.start), or `scenario`
  ParameterKind kind = ParameterKind::number;
  // grid: the values, in the order written (from `values` or `range`; dates
  // as days since 1970-01-01); for levels, their indices 0, 1, ...
  std::vector<double> values;
  // lhs, sobol, morris: sampled uniformly between lo and hi (in log space with
  // `log`); `integer` rounds to whole numbers for keys that take them (dates
  // always). Levels are drawn evenly instead (value_at_unit).
  double lo = 0;
  double hi = 0;
  bool log = false;
  bool integer = false;
  // flag, option, scenario: the levels' words ("false"/"true", an option's
  // words, a scenario file's name), in the order written.
  std::vector<std::string> levels{};
  // scenario: each level's file (usable from here), or @baseline.
  std::vector<std::string> files{};

  bool has_levels() const { return !levels.empty(); }
};

struct DesignSpec {
  DesignKind kind = DesignKind::grid;
  std::uint64_t n = 0;     // lhs: points; sobol: base samples N (N * (k + 2) points)
  std::uint64_t r = 0;     // morris: trajectories (r * (k + 1) points)
  int levels = 4;          // morris: p, the levels of the grid (even)
  std::uint64_t skip = 1;  // sobol: points of Boost's sequence left out (it starts at the centre, where A = B)
};

struct SweepSpec {
  std::string name;
  std::string description;
  std::string file;                // the sweep file it was read from
  std::string base = "@baseline";  // scenario file (as a path usable from here) or @baseline
  std::vector<FixedOverride> fixed;
  std::vector<Parameter> parameters;
  DesignSpec design;
  std::uint32_t replicates = 1;  // K runs per point
  std::uint64_t seed = 1;        // the sweep seed: every run's seed derives from it
  // Replicate r of every point gets the same seed (paired differences between
  // points); otherwise every run its own.
  bool common_random_numbers = false;
  OutputLevel output = OutputLevel::summary;

  // The overrides of every run, before the point's own values.
  std::vector<std::string> fixed_assignments() const;
};

}  // namespace yucun::sweep
