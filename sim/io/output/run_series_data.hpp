// The buffers behind RunSeries: one run's daily values and yearly summaries.
// Internal to sim/output (the writer, the reader and the binary codec).
#pragma once

#include <cstdint>
#include <vector>

#include "sim/model/shared/series.hpp"
#include "sim/io/output/result_writer.hpp"
#include "sim/core/date.hpp"

namespace yucun::output {

struct RunSeries::Data {
  Date start;
  int day_count = 0;
  std::size_t villages = 0;
  bool keep_daily = true;
  int first_year = 0;
  int year_count = 0;
  std::vector<int> days_in_year;
  int days_dropped = 0;  // days already written to a file and dropped from the buffers
  int buffered = 0;      // days held in the buffers, from day `days_dropped` on
  // Per series (in kSeriesSpecs order), row-major [buffered day][index]; a
  // series uses the buffer of its kind.
  std::vector<std::vector<double>> real;
  std::vector<std::vector<std::int64_t>> integer;
  // Yearly summaries per series, [year][index]: sums and lasts keep the
  // series' type (integers stay exact); means are real, summed here and
  // divided by the year's days when written.
  std::vector<std::vector<double>> year_real;
  std::vector<std::vector<std::int64_t>> year_int;
  // Set for a run read back from a file (ResultReader): its yearly means are
  // the stored quotients, written again as they are (dividing a quotient back
  // into a sum would not give the same bits).
  bool yearly_means_final = false;

  std::size_t width(const SeriesSpec& spec) const {
    return values_per_day(spec.scope, villages);
  }
  int days_appended() const { return days_dropped + buffered; }
  void drop_buffered() {
    for (auto& b : real) b.clear();
    for (auto& b : integer) b.clear();
    days_dropped += buffered;
    buffered = 0;
  }
};

}  // namespace yucun::output
