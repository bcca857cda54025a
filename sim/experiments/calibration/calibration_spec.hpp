// A calibration as a plain value: the scenario it starts from, the values it
// estimates with their priors, the published targets it fits and how (ABC-SMC
// settings, replicates, seed). Read from YAML by calibration_loader; run by
// calibration_runner.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/experiments/calibration/abc_smc.hpp"
#include "sim/experiments/calibration/prior.hpp"
#include "sim/experiments/calibration/target_spec.hpp"
#include "sim/experiments/sweep_spec.hpp"

namespace yucun::calibration {

// One estimated scenario value: where it goes (as `--set` takes it) and its prior.
struct EstimatedParameter {
  std::string name;      // names the output's columns; default: the key path's last part
  std::string key_path;  // a numeric scenario key, e.g. labour.county_wage_yuan
  Prior prior;
};

// One target in the fit: the published figure and its measure (from the
// targets file), and its weight in the distance.
struct FittedTarget {
  TargetSpec spec;
  double weight = 1.0;
};

struct CalibrationSpec {
  std::string name;
  std::string description;
  std::string file;                // the calibration file it was read from
  std::string base = "@baseline";  // scenario file (usable from here) or @baseline
  std::vector<sweep::FixedOverride> fixed;
  std::vector<EstimatedParameter> parameters;
  std::string targets_file;        // as resolved
  int year = 0;                    // the calibration year the targets describe
  std::vector<FittedTarget> targets;
  std::uint32_t replicates = 1;    // runs per candidate (their targets averaged)
  std::uint64_t seed = 1;          // every candidate's proposal and its runs' seeds derive from it
  AbcSettings abc;                 // abc.seed == seed

  std::vector<std::string> fixed_assignments() const;
};

// Distance between simulated target values and the published ones:
//   sqrt( sum_k w_k ((s_k - c_k) / h_k)^2 / sum_k w_k )
// with c_k the target's centre and h_k its tolerance's half-width, so a
// candidate that meets every target exactly at its tolerance's edge is at 1.
// A NaN value (a run that failed, a measure undefined) gives +infinity.
double target_distance(const std::vector<FittedTarget>& targets, const std::vector<double>& values);

}  // namespace yucun::calibration
