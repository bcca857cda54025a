// `yucun compare`: indicators of several result files (scenarios), each a
// mean over its replicates with a 95% confidence interval, and each
// scenario's difference from a baseline: paired by replicate where the files
// share their random streams, else Welch's interval. Indicators and periods
// are those of result_indicators.hpp: totals of flows, means of rates.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/io/output/hdf5_file.hpp"
#include "sim/io/output/result_indicators.hpp"

namespace yucun::output {

// Files that cannot be compared: not results, or not of the same villages
// and period. The message names the file.
class CompareError : public OutputError {
 public:
  using OutputError::OutputError;
};

struct CompareOptions {
  std::optional<std::string> baseline;  // default: the first file
  // The years of the period; absent: from the first or to the last
  // simulated year (both absent: the whole run, which holds no spin-up).
  std::optional<int> from_year, to_year;
  bool per_year = false;            // also a row for each year of the period
  std::optional<double> discount;   // also the NPV of money flows at this yearly rate
  // What to compare, each at every level in `levels` (default area); empty:
  // the key indicators (income per capita by township and village).
  std::vector<std::string> indicators;
  std::vector<Level> levels;
};

// Whether a scenario's difference from the baseline stands out of the noise:
// its 95% interval excludes 0 (yes) or not (no); not_available with one
// replicate in either file; baseline for the baseline's own rows.
enum class Distinguishable { baseline, yes, no, not_available };

// One scenario's value of one indicator at one place. Numbers are NaN where
// they do not exist (an interval from one replicate, the baseline's difference).
struct ComparisonRow {
  std::string scenario;   // the file's scenario_name
  std::string file;       // as given on the command line
  std::string indicator;  // e.g. visitors
  std::string where;      // area, a village name, or township:<name>
  std::string units;
  std::string summary;    // total (a flow summed over the period), mean (of its years) or share (of totals)
  std::string period;     // 2027 or 2023-2027, with the days where the runs cover it in part
  std::size_t replicates = 0;
  double mean = 0, ci_low = 0, ci_high = 0;
  double diff = 0, diff_ci_low = 0, diff_ci_high = 0;
  Distinguishable distinguishable = Distinguishable::baseline;
  // How the difference's interval was made: "paired" (both files hold the
  // same seeds and replicates, so replicate r shares its random streams:
  // the t interval of the per-replicate differences) or "welch"; empty for
  // the baseline's rows.
  std::string diff_method;
  double pct_change = 0;  // diff over the baseline's mean, in percent (NaN where that mean is 0)
};

struct Comparison {
  std::vector<std::string> files;  // the baseline first, then the others as given
  std::vector<std::string> labels;  // per file: the scenario name, or the file name where names repeat
  std::vector<std::size_t> replicates;  // per file
  int first_year = 0, last_year = 0;
  std::string period;
  // File by file (the baseline first), each in the order of the indicators,
  // a row per place (area; townships, then villages for income_per_capita by
  // default), each place's period row followed by its years' rows on request.
  std::vector<ComparisonRow> rows;
  std::vector<std::string> notes;  // indicators left out, and why
};

inline constexpr std::string_view kComparisonCsvHeader =
    "scenario,file,indicator,where,units,period,replicates,mean,ci_low,ci_high,diff,diff_ci_low,diff_ci_high,"
    "distinguishable,diff_method,pct_change,summary";

// Reads the files and computes every row. Throws CompareError for files that
// do not share the villages and the period, and for sweeps (their runs are
// not replicates: `yucun table`); IndicatorError for what is not a result or
// an indicator it has.
Comparison compare_results(const std::vector<std::string>& files, const CompareOptions& options = {});

std::string_view to_string(Distinguishable d);  // "", "yes", "no", "n/a"

// CSV (kComparisonCsvHeader, one row per ComparisonRow, numbers in full
// precision, empty where NaN); JSON (an array of objects with the same keys,
// null where empty); a table for a terminal (scenarios side by side).
std::string comparison_csv(const Comparison& c);
std::string comparison_json(const Comparison& c);
std::string comparison_table(const Comparison& c);

}  // namespace yucun::output
