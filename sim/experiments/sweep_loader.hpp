// Reading sweep files: YAML -> a validated SweepSpec. The schema says what
// each varied key takes (describe_key), and its extreme values are applied to
// the base scenario through the scenario loader's own `--set` machinery, so a
// sweep file gets the same messages as a scenario ("did you mean", the
// schema's ranges), pointed at the sweep's lines.
#pragma once

#include <string>
#include <string_view>

#include "sim/model/scenario.hpp"
#include "sim/io/scenario/diagnostics.hpp"
#include "sim/experiments/size_estimate.hpp"
#include "sim/experiments/sweep_spec.hpp"

namespace yucun::sweep {

// Errors in a sweep file: the same shape as ScenarioError (every diagnostic
// with file:line:column, key path and message; exit code 2) and caught as one.
class SweepError : public scenario::ScenarioError {
 public:
  using scenario::ScenarioError::ScenarioError;
};

struct SweepLoadLimits {
  std::size_t max_file_bytes = 1u << 20;
  std::size_t max_values_per_parameter = 100'000;
};

struct LoadedSweep {
  SweepSpec spec;
  Scenario base;        // the base scenario with the fixed overrides applied
  RunSize largest_run;  // the largest run any single parameter value makes (for estimates)
  RunSize typical_run;  // the mean run, as far as CPU time goes (moved_by_mean)
};

// Reads, checks and resolves a sweep file. Throws SweepError listing every
// problem found, or a ScenarioError from the base scenario itself.
LoadedSweep load_sweep(const std::string& path, const SweepLoadLimits& limits = {});
// Same, from text in memory; relative `base` paths resolve against base_dir.
LoadedSweep load_sweep_text(std::string_view yaml, const std::string& display_name, const std::string& base_dir,
                            const SweepLoadLimits& limits = {});

}  // namespace yucun::sweep
