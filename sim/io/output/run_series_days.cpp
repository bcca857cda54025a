#include "sim/io/output/run_series_days.hpp"

#include <cmath>
#include <cstdint>
#include <vector>

#include <fmt/format.h>

#include "sim/io/output/hdf5_file.hpp"
#include "sim/io/output/run_series_data.hpp"

namespace yucun::output {

void for_each_day(const RunSeries& series, const DayVisitor& f) {
  const RunSeries::Data& d = *series.data_;
  if (!d.keep_daily) throw OutputError("the run's series keep no daily values (yearly summaries only)");
  if (d.days_dropped != 0)
    throw OutputError(fmt::format("the run's first {} days were written to a file and are no longer held", d.days_dropped));
  DayIndicators day(kSeriesSpecs, d.villages);
  for (int t = 0; t < d.buffered; ++t) {
    for (std::size_t i = 0; i < kSeriesCount; ++i) {
      const SeriesSpec& spec = kSeriesSpecs[i];
      const std::size_t width = d.width(spec);
      const std::size_t row = static_cast<std::size_t>(t) * width;
      if (spec.kind == ValueKind::real)
        for (std::size_t k = 0; k < width; ++k) day.real(RealSeries(i), k) = d.real[i][row + k];
      else
        for (std::size_t k = 0; k < width; ++k) day.integer(IntegerSeries(i), k) = d.integer[i][row + k];
    }
    f(d.start + t, day);
  }
}

void for_each_day(const ResultReader& file, const DayVisitor& f, std::size_t run) {
  if (!file.daily_series())
    throw OutputError(fmt::format("'{}' holds no daily series (yearly summaries only)", file.path()));
  if (file.has_run_dimension()) {
    for_each_day(file.read_run(run), f);
    return;
  }
  if (run != 0) throw OutputError(fmt::format("'{}' holds one run, not run {}", file.path(), run));
  const auto start = file.start();
  if (!start)
    throw OutputError(fmt::format("'{}': time has units '{}', not 'days since YYYY-MM-DD'", file.path(), file.time_units()));
  const auto days = static_cast<std::size_t>(file.day_count());
  const std::size_t villages = file.village_count();
  // Every series whole (a few MB for years of a county), then day by day.
  // Integer series come back as doubles, exact below 2^53.
  std::vector<std::vector<double>> values(kSeriesCount);
  for (std::size_t i = 0; i < kSeriesCount; ++i) {
    const SeriesSpec& spec = kSeriesSpecs[i];
    std::vector<std::size_t> shape;
    values[i] = file.numbers(std::string(spec.name), &shape);
    std::vector<std::size_t> expected = {days};
    if (spec.scope != Scope::area) expected.push_back(values_per_day(spec.scope, villages));
    if (shape != expected)
      throw OutputError(fmt::format("'{}': variable {} does not have the shape of its series", file.path(), spec.name));
  }
  DayIndicators day(kSeriesSpecs, villages);
  for (std::size_t t = 0; t < days; ++t) {
    for (std::size_t i = 0; i < kSeriesCount; ++i) {
      const SeriesSpec& spec = kSeriesSpecs[i];
      const std::size_t width = values_per_day(spec.scope, villages);
      const double* row = values[i].data() + t * width;
      if (spec.kind == ValueKind::real)
        for (std::size_t k = 0; k < width; ++k) day.real(RealSeries(i), k) = row[k];
      else
        for (std::size_t k = 0; k < width; ++k)
          day.integer(IntegerSeries(i), k) = std::isnan(row[k]) ? kMissingInteger : static_cast<std::int64_t>(row[k]);
    }
    f(*start + static_cast<int>(t), day);
  }
}

}  // namespace yucun::output
