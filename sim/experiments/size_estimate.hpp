// What a sweep will cost before it runs: runs, CPU and wall time, memory per
// process and for the merge, disk for the output and the work folder; and the
// limit above which `yucun sweep` asks for --yes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/model/scenario.hpp"
#include "sim/experiments/sweep_spec.hpp"

namespace yucun::sweep {

// The coefficients of the estimate, each measured on this project's 2-core
// build machine (Release build, quiet) by bench/sweep_costs.py, which reruns
// every measurement below and prints the fitted values to paste here: re-measure
// after a change to the model, the writer or the run record. The e2e test
// tests/e2e/test_plan_estimate.py holds --plan within 30% of a measured sweep.
//
// CPU seconds of one run of a sweep (user + system, one thread): simulated
// years (the spin-up's too: it runs the whole model) x (households and
// visitors), plus a start. Fit (of relative errors) of sweeps of 2 runs each
// (summary output) of the baseline (9,260 households) for 1 and 3 years, 1 year
// after a 2-year spin-up, 3 years after it at 1.5 M visitors, 1 year at 0.7,
// 1.0, 1.32, 1.98 and 2.64 M visitors, and of `yucun generate` worlds of 20,000
// and 40,000 households (the latter also at 1.98 M visitors): every point
// within 4%, measured on a quiet machine (load 0.2). CPU time is load-sensitive:
// on a busy one (load 5 on 2 cores) the same runs took up to 15% longer.
inline constexpr double kCpuSecondsPerHouseholdYear = 9.5e-6;
inline constexpr double kCpuSecondsPerVisitorYear = 1.21e-7;
inline constexpr double kCpuSecondsPerRunStart = 0.057;
// CPU seconds per byte of daily series a run keeps (output: full), collecting,
// compressing and writing them: sweeps of 8 runs with summary and full output.
inline constexpr double kCpuSecondsPerFullSeriesByte = 6.9e-9;

// Peak resident memory of one sweep process (a whole sweep or one shard):
//   kRssProcessBytes
//   + threads x (kRssRunBytes + kRssBytesPerHousehold x households)
//   + (threads + 1) x kRssPerKeptSeriesByte x the series a run keeps,
//     uncompressed (each running run's, and a finished one's on its way out)
//   + kRssBytesPerRun x its runs (what each run's plan and status hold)
//   + kRssPerOutputFileByte x the bytes of its output file (0: the writer
//     streams to disk; 1.5 when the file was built in memory).
// From sweeps of the 4-point test grid (summary and full output, 1 and 3 years,
// 8 and 24 runs, 1 and 2 threads) of the baseline and of a 40,000-household
// world, and of an 80- and a 10,240-run Sobol' sweep each stopped after its
// first run (the per-run part: 60 to 550 bytes in repeated measurements).
// Memory per thread is what glibc's per-thread arenas make of it: the
// full-output points give 2.5 to 3.0 bytes a byte of series.
inline constexpr double kRssProcessBytes = 22.0e6;
inline constexpr double kRssRunBytes = 1.9e6;
inline constexpr double kRssBytesPerHousehold = 532;
inline constexpr double kRssPerKeptSeriesByte = 2.78;
inline constexpr double kRssBytesPerRun = 300;
inline constexpr double kRssPerOutputFileByte = 0;

// Bytes on disk of a sweep (or shard) file: a fixed part (the layout, the
// scenario, provenance) and per run its series, compressed, as a share of their
// uncompressed bytes. Fit of files of 8 and 24 runs, summary and full.
inline constexpr double kFileFixedBytesSummary = 123.5e3;
inline constexpr double kFileFixedBytesFull = 428.6e3;
inline constexpr double kFileShareSummary = 0.986;
inline constexpr double kFileShareFull = 0.100;
// A run's checkpoint in the work folder: its series uncompressed and a header
// (a checkpoint of a stopped sweep: 12,547 bytes for 10,000 of series).
inline constexpr double kCheckpointFixedBytes = 2.5e3;

// Peak resident memory of `yucun merge`: a fixed part, one for full output,
// per byte of one run's series (uncompressed; it copies a run at a time) and
// per byte of the merged file. Merges of two shards of 24 runs with summary
// output and of 8 one-year and 4 three-year runs with full output; the part
// per byte of file, too small to see in those, from merges of 108 (41.4 MB,
// 47.4 MB of memory) and 300 one-year full runs (111.5 MB, 66.3 MB).
inline constexpr double kMergeRssBytes = 26.3e6;
inline constexpr double kMergeFullOutputBytes = 7.9e6;
inline constexpr double kMergeRssPerKeptSeriesByte = 1.97;
inline constexpr double kMergeRssPerOutputFileByte = 0.21;

// The largest run of a sweep, as far as cost goes (see load_sweep).
struct RunSize {
  double households = 0;
  double annual_visitors = 0;
  int days = 0;
  int years = 0;  // calendar years the run touches (yearly summaries)
  std::size_t villages = 0;
  int spin_up_days = 0;  // simulated before the calendar's start (spin_up.years)
};
RunSize run_size(const Scenario& scenario);
RunSize larger(const RunSize& a, const RunSize& b);  // the larger of each
// The mean run of a sweep, for its CPU time: `typical` moved by the mean of
// what one parameter's tried values (its extremes, or levels) make of
// households, visitors and spin-up, against `base`. The mean of a uniform
// range's ends is its mean; a grid's extremes stand for its values.
RunSize moved_by_mean(const RunSize& typical, const RunSize& base, const std::vector<RunSize>& tried);

// Where a sweep runs, for the per-process figures: `shards` processes (SLURM
// array tasks, `--shard I/N`) of `threads` cores each.
struct Layout {
  std::uint64_t shards = 1;
  int threads = 1;
};

struct SizeEstimate {
  std::uint64_t runs = 0;
  double cpu_seconds = 0;     // all runs, on one core
  double summary_bytes = 0;   // yearly summaries of all runs, uncompressed
  double full_bytes = 0;      // daily series and yearly summaries of all runs, uncompressed
  double output_bytes = 0;    // the one of the two the sweep's `output` asks for
  // From the coefficients above (a sweep's estimate_size only):
  double cpu_seconds_per_run = 0;  // the mean run, one core
  Layout layout;
  std::uint64_t runs_per_shard = 0;  // the largest shard
  double shard_wall_seconds = 0;     // the largest shard on its threads
  double process_rss_bytes = 0;      // peak memory of one sweep process (the largest shard)
  double file_bytes = 0;             // the result file on disk (the merged file of shards)
  double shard_file_bytes = 0;       // one shard's file (the largest)
  double work_folder_bytes = 0;      // one shard's checkpoints, at most (all its runs finished)
  double merge_rss_bytes = 0;        // peak memory of `yucun merge` of the shards
};
// The sweep's cost: the output from its largest run, the CPU time from its
// mean run (`typical_run`; the largest when not given).
SizeEstimate estimate_size(const SweepSpec& spec, const RunSize& largest_run, const RunSize& typical_run,
                           const Layout& layout = {});
SizeEstimate estimate_size(const SweepSpec& spec, const RunSize& largest_run);
// `yucun run --replicates N`: N runs of one scenario with their daily series, in
// one file written to disk as the runs finish (output_bytes = full_bytes).
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
