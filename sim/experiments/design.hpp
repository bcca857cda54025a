// Experiment designs: the points of a sweep (grid, Latin hypercube, Saltelli's
// Sobol' design, Morris trajectories), the runs at each point and their seeds.
// Everything is a pure function of the sweep spec: the same sweep file gives
// the same points and seeds on any machine, in any process of a shard or MPI job.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "sim/experiments/sweep_spec.hpp"

namespace yucun::sweep {

// Counts beyond this are refused outright (even with --yes): seeds pack the
// point into 40 bits, and a design this big would not fit in memory anyway.
inline constexpr std::uint64_t kMaxRuns = 100'000'000;
// Seeds pack the replicate into 24 bits.
inline constexpr std::uint32_t kMaxReplicates = (1u << 24) - 1;

// The points of a design, row by row: for each point the design's coordinate
// in the unit cube [0, 1]^k and the parameter values it maps to.
struct Design {
  DesignKind kind = DesignKind::grid;
  std::size_t points = 0;
  std::size_t parameters = 0;  // k
  std::vector<double> unit;    // points * k, row-major
  std::vector<double> values;  // points * k, row-major

  double unit_at(std::size_t point, std::size_t parameter) const { return unit[point * parameters + parameter]; }
  double value_at(std::size_t point, std::size_t parameter) const { return values[point * parameters + parameter]; }
  std::span<const double> point_values(std::size_t point) const {
    return {values.data() + point * parameters, parameters};
  }
};

// Saltelli's layout: base sample j of N gives k + 2 consecutive points,
// block 0 = row j of A, blocks 1..k = row j of AB_i (A with column i = block - 1
// taken from B), block k + 1 = row j of B (the order SALib uses).
struct SaltelliPosition {
  std::uint64_t sample = 0;
  std::size_t block = 0;
};
inline std::uint64_t saltelli_point(std::uint64_t sample, std::size_t block, std::size_t k) {
  return sample * (k + 2) + block;
}
inline SaltelliPosition saltelli_position(std::uint64_t point, std::size_t k) {
  return {point / (k + 2), static_cast<std::size_t>(point % (k + 2))};
}

// Morris: trajectory t gives k + 1 consecutive points; step s > 0 moves one
// parameter by +-delta (in the unit cube) from step s - 1.
struct MorrisPosition {
  std::uint64_t trajectory = 0;
  std::size_t step = 0;
};
inline MorrisPosition morris_position(std::uint64_t point, std::size_t k) {
  return {point / (k + 1), static_cast<std::size_t>(point % (k + 1))};
}
// delta = p / (2 (p - 1)) for p levels.
double morris_delta(int levels);

// Points of the design, computed without building it; saturates at UINT64_MAX.
std::uint64_t design_point_count(const SweepSpec& spec);
// Runs: points * replicates, saturating.
std::uint64_t run_count(const SweepSpec& spec);

// Builds the design. The spec must be valid (as load_sweep returns it) and
// run_count(spec) at most kMaxRuns; throws std::invalid_argument otherwise.
Design make_design(const SweepSpec& spec);

// A parameter's value at unit coordinate u in [0, 1]: lo..hi linearly, or
// geometrically with `log`; with `integer`, lo + floor(u (hi - lo + 1)) capped
// at hi (each whole number equally likely), or the rounded log value. A
// parameter with levels gets the index of level floor(u L), capped at L - 1.
double value_at_unit(const Parameter& parameter, double u);

// Run r of a sweep is point r / K, replicate r % K. Its seed is
// run_seed(sweep seed, point, replicate), or with common random numbers
// run_seed(sweep seed, 0, replicate): replicate r of every point alike.
struct SweepRun {
  std::uint64_t run = 0;
  std::uint64_t point = 0;
  std::uint32_t replicate = 0;
  std::uint64_t seed = 0;
};
SweepRun sweep_run(const SweepSpec& spec, std::uint64_t run);

// The seed of run (point, replicate) of a sweep:
//   x    = point * 2^24 + replicate                  (point < 2^40, replicate < 2^24)
//   seed = mix64(mix64(sweep_seed + 0x9e3779b97f4a7c15) ^ x)
// where mix64 is splitmix64's finaliser, a bijection of 64-bit words. For a
// given sweep seed distinct (point, replicate) thus get distinct seeds, and a
// run's seed does not depend on the number of points or replicates.
std::uint64_t run_seed(std::uint64_t sweep_seed, std::uint64_t point, std::uint32_t replicate);
std::uint64_t mix64(std::uint64_t x);

}  // namespace yucun::sweep
