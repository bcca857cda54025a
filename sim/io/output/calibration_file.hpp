// A calibration's result file (docs/output.md, "Calibration files"): every
// generation's particles, weights, distances and the targets' simulated
// values, with the priors, the targets and the settings that made them. The
// one place that knows its HDF5 layout; it holds plain numbers and names, so
// the output layer need not know the calibration code that fills it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace yucun::output {

struct CalibrationGeneration {
  double epsilon = 0;            // the tolerance of the generation (inf for the first)
  std::uint64_t candidates = 0;  // candidates evaluated to fill it
  double acceptance_rate = 0;
  std::vector<double> theta;     // particles x parameters, row-major
  std::vector<double> weight;    // particles
  std::vector<double> distance;  // particles
  std::vector<double> value;     // particles x targets: the targets' simulated values (replicates' mean)
};

struct CalibrationResults {
  std::string name;
  std::string calibration_yaml;   // the calibration file's text
  std::string base_scenario_yaml; // the resolved base scenario with its fixed values
  std::string base;               // the base as the file named it (path or @baseline)
  std::string targets_file;
  std::string model_version;
  std::string stop_reason;
  std::uint64_t seed = 0;
  std::uint32_t replicates = 1;
  std::int32_t year = 0;
  std::uint64_t particles = 0;
  std::uint64_t runs = 0;         // model runs over all generations
  std::uint64_t failed_runs = 0;  // of those, runs that failed (their candidates were rejected)
  // Parameters.
  std::vector<std::string> parameter_name, parameter_key, prior_kind;
  std::vector<double> prior_lo, prior_hi, prior_mean, prior_sd;
  // Targets.
  std::vector<std::string> target_name, target_figure, target_source;
  std::vector<double> target_centre, target_scale, target_weight, target_low, target_high;
  std::vector<CalibrationGeneration> generations;
};

// Writes under a temporary name beside `path`, renamed when complete; the
// same results give the same bytes. Throws OutputError.
void write_calibration_file(const std::string& path, const CalibrationResults& results, bool overwrite);
// Reads a file written by write_calibration_file; throws OutputError for
// another kind of file or a damaged one.
CalibrationResults read_calibration_file(const std::string& path);

}  // namespace yucun::output
