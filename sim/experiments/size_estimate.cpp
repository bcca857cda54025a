#include "sim/experiments/size_estimate.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "sim/model/shared/series.hpp"
#include "sim/experiments/design.hpp"
#include "sim/core/calendar.hpp"

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
  return r;
}

RunSize larger(const RunSize& a, const RunSize& b) {
  return RunSize{std::max(a.households, b.households), std::max(a.annual_visitors, b.annual_visitors),
                 std::max(a.days, b.days), std::max(a.years, b.years), std::max(a.villages, b.villages)};
}

double summary_bytes_per_run(const RunSize& run) {
  return 8.0 * values_per_day_and_year(run.villages).second * run.years;
}

double full_bytes_per_run(const RunSize& run) {
  return 8.0 * values_per_day_and_year(run.villages).first * run.days + summary_bytes_per_run(run);
}

namespace {
double cpu_seconds_per_run(const RunSize& run) {
  const double years = run.days / 365.25;
  return years * (kCpuSecondsPerHouseholdYear * run.households + kCpuSecondsPerVisitorYear * run.annual_visitors) +
         kCpuSecondsPerRunStart;
}
}  // namespace

SizeEstimate estimate_replicates(const RunSize& run, std::uint64_t replicates) {
  SizeEstimate e;
  e.runs = replicates;
  const double runs = static_cast<double>(replicates);
  e.cpu_seconds = runs * cpu_seconds_per_run(run);
  e.summary_bytes = runs * summary_bytes_per_run(run);
  e.full_bytes = runs * full_bytes_per_run(run);
  e.output_bytes = e.full_bytes;
  return e;
}

SizeEstimate estimate_size(const SweepSpec& spec, const RunSize& run) {
  SizeEstimate e;
  e.runs = run_count(spec);
  const double runs = static_cast<double>(e.runs);
  e.cpu_seconds = runs * cpu_seconds_per_run(run);
  const double k = static_cast<double>(spec.parameters.size());
  e.summary_bytes = runs * (summary_bytes_per_run(run) + kRunVariableBytes + 16.0 * k);
  e.full_bytes = runs * (full_bytes_per_run(run) + kRunVariableBytes + 16.0 * k);
  e.output_bytes = spec.output == OutputLevel::full ? e.full_bytes : e.summary_bytes;
  return e;
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
