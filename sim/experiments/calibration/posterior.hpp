// Reading a posterior from its weighted particles beyond summarise()
// (abc_smc.hpp): the mode (for a point estimate) and draws (for runs over the
// posterior).
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "sim/io/output/calibration_file.hpp"
#include "sim/experiments/calibration/abc_smc.hpp"
#include "sim/experiments/calibration/prior.hpp"

namespace yucun::calibration {

// A calibration file's posterior: its last generation, and its priors.
Generation posterior_of(const output::CalibrationResults& results);
std::vector<Prior> priors_of(const output::CalibrationResults& results);

// The particle of highest posterior density, estimated by a weighted Gaussian
// kernel density in the kernel space (log for log-uniform priors), with
// Scott's bandwidth per parameter. Ties: the lowest index.
std::size_t posterior_mode(const Generation& generation, const std::vector<Prior>& priors);

// n draws from the weighted particles by systematic resampling (Kitagawa
// 1996): particle indices, each drawn in proportion to its weight; the same
// seed gives the same draws.
std::vector<std::size_t> resample(const Generation& generation, std::size_t n, std::uint64_t seed);

}  // namespace yucun::calibration
