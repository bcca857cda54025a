// What a sweep will cost before it runs: runs, CPU time and output size, and
// the limit above which `yucun sweep` asks for --yes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "sim/model/scenario.hpp"
#include "sim/experiments/sweep_spec.hpp"

namespace yucun::sweep {

// CPU seconds of one run: years * (kCpuSecondsPerHouseholdYear * households
// + kCpuSecondsPerVisitorYear * annual visitors) + kCpuSecondsPerRunStart.
// Measured with `yucun run --threads 1` (user time, Release build, on the
// 2-core build machine) on the baseline (9,260 households, 1.32 M visitors a
// year): 0.46 s for one year, 1.22 s for three; three years took 0.95 s at
// 0.66 M visitors and 1.98 s at 2.64 M. A fit of the four: 0.18 s a year for
// the households, 0.23 s for the tourists, 0.06 s to set up. Meant to be
// within a factor of two; a run with several threads takes about as much CPU.
inline constexpr double kCpuSecondsPerHouseholdYear = 1.9e-5;
inline constexpr double kCpuSecondsPerVisitorYear = 1.75e-7;
inline constexpr double kCpuSecondsPerRunStart = 0.06;

// The largest run of a sweep, as far as cost goes (see load_sweep).
struct RunSize {
  double households = 0;
  double annual_visitors = 0;
  int days = 0;
  int years = 0;  // calendar years the run touches (yearly summaries)
  std::size_t villages = 0;
};
RunSize run_size(const Scenario& scenario);
RunSize larger(const RunSize& a, const RunSize& b);  // the larger of each

struct SizeEstimate {
  std::uint64_t runs = 0;
  double cpu_seconds = 0;     // all runs, on one core
  double summary_bytes = 0;   // yearly summaries of all runs, uncompressed
  double full_bytes = 0;      // daily series and yearly summaries of all runs, uncompressed
  double output_bytes = 0;    // the one of the two the sweep's `output` asks for
};
SizeEstimate estimate_size(const SweepSpec& spec, const RunSize& largest_run);
// `yucun run --replicates N`: N runs of one scenario with their daily series, in
// one file that is built in memory before it is written (output_bytes = full_bytes).
SizeEstimate estimate_replicates(const RunSize& run, std::uint64_t replicates);

// Bytes of one run's values in a result file, uncompressed (8 bytes a value).
double summary_bytes_per_run(const RunSize& run);
double full_bytes_per_run(const RunSize& run);

struct SweepLimits {
  std::uint64_t max_runs = 1000;
  double max_cpu_hours = 2.0;
  double max_output_bytes = 20e9;
};

// Why the sweep is over the limits (runs, CPU time or output), or nothing.
std::optional<std::string> over_limits(const SizeEstimate& estimate, const SweepLimits& limits = {});

// "1.2 GB", "35 kB"; "3 h 20 min", "45 s".
std::string human_bytes(double bytes);
std::string human_duration(double seconds);
// The estimate in one line, e.g. "8 runs, about 4 s of CPU time, 210 kB of output (summary)".
std::string describe(const SizeEstimate& estimate, OutputLevel level);

}  // namespace yucun::sweep
