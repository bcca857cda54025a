#include "sim/experiments/size_estimate.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "sim/model/shared/series.hpp"
#include "sim/experiments/design.hpp"
#include "sim/core/calendar.hpp"
#include "sim/model/spin_up.hpp"

namespace yucun::sweep {

namespace {

double width(Scope scope, std::size_t villages) {
  switch (scope) {
    case Scope::area: return 1;
    case Scope::village: return static_cast<double>(villages);
    case Scope::decile: return static_cast<double>(kDeciles);
  }
  return 1;
}

// Values a day (all series) and values a year (the yearly summaries).
std::pair<double, double> values_per_day_and_year(std::size_t villages) {
  double daily = 0, yearly = 0;
  for (const SeriesSpec& s : kSeriesSpecs) {
    daily += width(s.scope, villages);
    if (s.yearly != Yearly::none) yearly += width(s.scope, villages);
  }
  return {daily, yearly};
}

// Per-run variables of a sweep file (run, point, replicate, seed, status and
// two per parameter), a small constant against the series.
constexpr double kRunVariableBytes = 8.0 * 5;

}  // namespace

RunSize run_size(const Scenario& s) {
  RunSize r;
  for (const auto& v : s.world.villages) r.households += static_cast<double>(v.households);
  r.annual_visitors = s.tourism.annual_visitors;
  r.villages = s.world.villages.size();
  const Calendar calendar(s.calendar);
  r.days = calendar.day_count();
  r.years = calendar.last_year() - calendar.start().year() + 1;
  r.spin_up_days = spin_up_days(s.calendar.start, s.spin_up.years);
  return r;
}

RunSize larger(const RunSize& a, const RunSize& b) {
  return RunSize{std::max(a.households, b.households), std::max(a.annual_visitors, b.annual_visitors),
                 std::max(a.days, b.days), std::max(a.years, b.years), std::max(a.villages, b.villages),
                 std::max(a.spin_up_days, b.spin_up_days)};
}

RunSize moved_by_mean(const RunSize& typical, const RunSize& base, const std::vector<RunSize>& tried) {
  if (tried.empty()) return typical;
  RunSize moved = typical;
  const double n = static_cast<double>(tried.size());
  double spin_up_days = 0;
  for (const RunSize& t : tried) {
    moved.households += (t.households - base.households) / n;
    moved.annual_visitors += (t.annual_visitors - base.annual_visitors) / n;
    spin_up_days += (t.spin_up_days - base.spin_up_days) / n;
  }
  moved.spin_up_days += static_cast<int>(std::lround(spin_up_days));
  return moved;
}

double summary_bytes_per_run(const RunSize& run) {
  return 8.0 * values_per_day_and_year(run.villages).second * run.years;
}

double full_bytes_per_run(const RunSize& run) {
  return 8.0 * values_per_day_and_year(run.villages).first * run.days + summary_bytes_per_run(run);
}

namespace {

double simulated_years(const RunSize& run) { return (run.days + run.spin_up_days) / 365.25; }

double cpu_seconds_per_run(const RunSize& run) {
  return simulated_years(run) * (kCpuSecondsPerHouseholdYear * run.households +
                                 kCpuSecondsPerVisitorYear * run.annual_visitors) +
         kCpuSecondsPerRunStart;
}

double ceil_div(std::uint64_t a, std::uint64_t b) { return static_cast<double>(b == 0 ? a : (a + b - 1) / b); }

}  // namespace

SizeEstimate estimate_replicates(const RunSize& run, std::uint64_t replicates) {
  SizeEstimate e;
  e.runs = replicates;
  const double runs = static_cast<double>(replicates);
  e.cpu_seconds = runs * (cpu_seconds_per_run(run) + kCpuSecondsPerFullSeriesByte * full_bytes_per_run(run));
  e.summary_bytes = runs * summary_bytes_per_run(run);
  e.full_bytes = runs * full_bytes_per_run(run);
  e.output_bytes = e.full_bytes;
  return e;
}

SizeEstimate estimate_size(const SweepSpec& spec, const RunSize& largest, const RunSize& typical,
                           const Layout& layout) {
  SizeEstimate e;
  e.runs = run_count(spec);
  const double runs = static_cast<double>(e.runs);
  const bool full = spec.output == OutputLevel::full;
  const double k = static_cast<double>(spec.parameters.size());
  // The series a run keeps until it is written, uncompressed, with its row of
  // the per-run variables.
  const double run_variables = kRunVariableBytes + 16.0 * k;
  const double summary_run = summary_bytes_per_run(largest) + run_variables;
  const double full_run = full_bytes_per_run(largest) + run_variables;
  const double kept = full ? full_run : summary_run;
  e.summary_bytes = runs * summary_run;
  e.full_bytes = runs * full_run;
  e.output_bytes = full ? e.full_bytes : e.summary_bytes;

  e.cpu_seconds_per_run = cpu_seconds_per_run(typical) + (full ? kCpuSecondsPerFullSeriesByte * full_run : 0.0);
  e.cpu_seconds = runs * e.cpu_seconds_per_run;

  e.layout.shards = std::max<std::uint64_t>(1, std::min<std::uint64_t>(layout.shards, std::max<std::uint64_t>(e.runs, 1)));
  e.layout.threads = std::max(1, layout.threads);
  e.runs_per_shard = static_cast<std::uint64_t>(ceil_div(e.runs, e.layout.shards));
  const double shard_runs = static_cast<double>(e.runs_per_shard);
  // Runs are handed out one at a time to the shard's threads; fewer runs than
  // threads still take a run's time (its own parallel phases are not counted).
  e.shard_wall_seconds =
      ceil_div(e.runs_per_shard, static_cast<std::uint64_t>(e.layout.threads)) * e.cpu_seconds_per_run;

  const double file_share = full ? kFileShareFull : kFileShareSummary;
  const double file_fixed = full ? kFileFixedBytesFull : kFileFixedBytesSummary;
  e.file_bytes = file_fixed + runs * file_share * kept;
  e.shard_file_bytes = file_fixed + shard_runs * file_share * kept;
  e.work_folder_bytes = shard_runs * (kept + kCheckpointFixedBytes);
  const double threads_busy = std::min(static_cast<double>(e.layout.threads), std::max(shard_runs, 1.0));
  e.process_rss_bytes =
      kRssProcessBytes +
      threads_busy * (kRssRunBytes + kRssBytesPerHousehold * largest.households) +
      (threads_busy + 1) * kRssPerKeptSeriesByte * kept +
      kRssBytesPerRun * shard_runs + kRssPerOutputFileByte * e.shard_file_bytes;
  e.merge_rss_bytes = kMergeRssBytes + (full ? kMergeFullOutputBytes : 0.0) + kMergeRssPerKeptSeriesByte * kept +
                      kMergeRssPerOutputFileByte * e.file_bytes;
  return e;
}

SizeEstimate estimate_size(const SweepSpec& spec, const RunSize& largest) {
  return estimate_size(spec, largest, largest);
}

std::optional<std::string> over_limits(const SizeEstimate& e, const SweepLimits& limits) {
  std::vector<std::string> reasons;
  if (e.runs > limits.max_runs) reasons.push_back(fmt::format("more than {} runs", limits.max_runs));
  if (e.cpu_seconds > limits.max_cpu_hours * 3600)
    reasons.push_back(fmt::format("more than {} CPU-hours", limits.max_cpu_hours));
  if (e.output_bytes > limits.max_output_bytes)
    reasons.push_back(fmt::format("more than {} of output", human_bytes(limits.max_output_bytes)));
  if (reasons.empty()) return std::nullopt;
  return fmt::format("{}", fmt::join(reasons, ", "));
}

std::string human_bytes(double bytes) {
  const char* units[] = {"B", "kB", "MB", "GB", "TB", "PB"};
  int u = 0;
  while (bytes >= 1000 && u < 5) {
    bytes /= 1000;
    ++u;
  }
  return u == 0 ? fmt::format("{:.0f} B", bytes) : fmt::format("{:.{}f} {}", bytes, bytes < 10 ? 1 : 0, units[u]);
}

std::string human_duration(double seconds) {
  if (seconds < 60) return fmt::format("{:.0f} s", std::max(1.0, std::ceil(seconds)));
  const double minutes = seconds / 60;
  if (minutes < 60) return fmt::format("{:.0f} min", std::ceil(minutes));
  const double hours = std::floor(minutes / 60);
  if (hours < 48) return fmt::format("{:.0f} h {:.0f} min", hours, std::floor(minutes - hours * 60));
  return fmt::format("{:.0f} days", std::ceil(hours / 24));
}

std::string describe(const SizeEstimate& e, OutputLevel level) {
  return fmt::format("{} run{}, about {} of CPU time, up to {} of output ({}, before compression)", e.runs,
                     e.runs == 1 ? "" : "s", human_duration(e.cpu_seconds), human_bytes(e.output_bytes),
                     to_string(level));
}

}  // namespace yucun::sweep
