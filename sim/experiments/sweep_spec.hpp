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

// One varied scenario value.
struct Parameter {
  std::string name;      // names result variables (param_<name>); default: the key path's last part
  std::string key_path;  // any numeric scenario key, e.g. tourism.annual_visitors, or an option
  // grid: the values, in the order written (from `values` or `range`); for
  // an option, the indices 0, 1, ... of `levels`.
  std::vector<double> values;
  // lhs, sobol, morris: sampled uniformly between lo and hi (in log space with
  // `log`); `integer` rounds to whole numbers for keys that take them.
  double lo = 0;
  double hi = 0;
  bool log = false;
  bool integer = false;
  // grid over an option (policies.dividends.basis): its words, in the order written.
  std::vector<std::string> levels{};
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
  OutputLevel output = OutputLevel::summary;

  // The overrides of every run, before the point's own values.
  std::vector<std::string> fixed_assignments() const;
};

}  // namespace yucun::sweep
