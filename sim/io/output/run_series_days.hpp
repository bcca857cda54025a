// A stored run's days handed back one by one, as the DayIndicators the run
// recorded, so that what measures a run as it goes (calibration targets)
// measures a run read from a file the same way.
#pragma once

#include <cstddef>
#include <functional>

#include "sim/core/date.hpp"
#include "sim/core/series.hpp"
#include "sim/io/output/result_reader.hpp"
#include "sim/io/output/result_writer.hpp"

namespace yucun::output {

using DayVisitor = std::function<void(Date date, const DayIndicators& day)>;

// Each day `series` holds, in order, with its date, as a DayIndicators of
// kSeriesSpecs: the values the run recorded, bit for bit. Throws OutputError
// when it keeps no daily values (keep_daily = false) or has already written
// some of its days away (a ResultWriter's).
void for_each_day(const RunSeries& series, const DayVisitor& f);

// Each day of run `run` of a result file, as above: a file of one run (no
// `run` dimension; `run` must be 0) or of several (ResultReader::read_run).
// Throws OutputError when the file holds no daily series (a summary sweep),
// its time units name no first day, or a series does not have its shape.
void for_each_day(const ResultReader& file, const DayVisitor& f, std::size_t run = 0);

}  // namespace yucun::output
