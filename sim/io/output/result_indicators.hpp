// Indicators of a result file, run by run: a key indicator (visitors, gini,
// income per capita, ...) or any yearly variable the file holds, at area,
// township or village level, over a period of years. `yucun compare` and
// `yucun table` both read their numbers through here, so a number means the
// same in both.
//
// Over a period, flows (variables whose yearly summary is a sum: visits,
// incomes, costs) are totals, with an optional discounted total (NPV) for
// money; rates and stocks (per-capita incomes, Gini, occupancy, beds) are
// means of the years. Across villages, flows and counts add up; rates and
// shares are weighted by population. Money is in yuan.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/core/date.hpp"
#include "sim/io/output/hdf5_file.hpp"

namespace yucun::output {

class ResultReader;

// A file, an indicator or a period that cannot give numbers; the message
// names the file or the indicator and says what would work.
class IndicatorError : public OutputError {
 public:
  using OutputError::OutputError;
};

enum class Level { area, township, village };
std::string_view to_string(Level level);  // "area", "township", "village"

// Years first..last (inclusive); the days of them a file covers are what count.
struct Period {
  int first_year = 0, last_year = 0;
  std::string label() const;  // "2027" or "2023-2027"
};

// A result file (one run, replicates, a posterior set or a sweep) opened for
// its indicators.
class IndicatorFile {
 public:
  // Throws IndicatorError naming the file when it is not a complete yucun result.
  explicit IndicatorFile(std::string path);
  ~IndicatorFile();
  IndicatorFile(IndicatorFile&&) noexcept;
  IndicatorFile& operator=(IndicatorFile&&) noexcept;

  std::string path;
  std::string scenario;
  std::vector<std::string> villages, townships;
  std::vector<double> population;
  std::optional<std::size_t> gateway;  // absent in files older than the attribute
  std::size_t runs = 1;
  std::string posterior;  // the calibration whose posterior the runs drew from, or empty
  std::string design;     // a sweep's design (grid, lhs, ...); empty for other files
  // Each run's (seed, replicate): what keys its random streams. Empty when
  // the file does not say (then its runs cannot be paired).
  std::vector<std::pair<std::uint64_t, std::uint64_t>> streams;
  std::vector<int> years;
  Date start;
  int days = 0;

  Date end() const { return start + (days - 1); }
  bool is_sweep() const { return !design.empty(); }
  bool has(const std::string& name) const;
  const ResultReader& reader() const { return *reader_; }
  // The townships in order of their first village.
  std::vector<std::string> township_order() const;
  // The days of `period` this file covers, first and last.
  std::pair<Date, Date> covered(const Period& period) const;
  // A yearly variable, checked to be [run,] year[, village]; values [run][year][index].
  std::vector<double> yearly(const std::string& name, bool per_village) const;

 private:
  void open();
  std::unique_ptr<ResultReader> reader_;
};

// One indicator at one place over one period: a value per run.
struct IndicatorValues {
  std::string indicator;  // as asked, or <name>_npv for a discounted total
  Level level = Level::area;
  std::string where;      // "area", a township's or a village's name
  std::string units;      // yuan, person-visits, yuan/year, 1, ...
  std::string summary;    // how the period's years combine: "total", "mean" or "share" (of totals)
  std::vector<double> per_run;
};

struct IndicatorRequest {
  std::string name;
  // The places: area, each township, or each village; an indicator without a
  // value at a level (gini for a village) is refused there.
  Level level = Level::area;
  // Also the total discounted at this yearly rate (a year's flows by
  // (1 + rate)^-(year - discount_to_year)), as <name>_npv, for money flows;
  // other indicators ignore it.
  std::optional<double> discount;
  // The year it discounts to; default the period's first (a year's row of a
  // longer period discounts to the longer period's first year).
  std::optional<int> discount_to_year;
};

// The indicator's values at every place of the request's level (one row
// for the area), over the period, which the file must cover (in whole or
// part). Throws IndicatorError for a name that is neither a key indicator nor
// a variable with yearly summaries in the file, or a level it has no value at.
std::vector<IndicatorValues> indicator_values(const IndicatorFile& file, const IndicatorRequest& request,
                                              const Period& period);

// The key indicators, in the order compare shows them.
inline constexpr std::string_view kKeyIndicators[] = {
    "visitors",          "visitors_outside_core_share", "visitor_spread",  "overnight_share",
    "rural_income_per_capita", "gini",                  "urban_rural_ratio", "collective_income",
    "net_public_cost",   "tea_income",                  "income_per_capita"};

bool is_key_indicator(std::string_view name);
// Whether a key indicator has values at `level` (area-wide ones only at area).
bool key_indicator_at(std::string_view name, Level level);
// Whether `name` (a key indicator or a series) has values at `level` in the file.
bool indicator_at(const IndicatorFile& file, std::string_view name, Level level);
// The variables of the file a key indicator reads; empty for other names.
std::vector<std::string> key_indicator_inputs(std::string_view name);

// What indicators a file offers: the key indicators and every variable with
// yearly summaries, with the levels each has values at. For error messages
// and `yucun table --list`.
struct OfferedIndicator {
  std::string name;
  std::string units;
  std::vector<Level> levels;
  std::string summary;  // total, mean or share
  std::string meaning;
};
std::vector<OfferedIndicator> offered_indicators(const IndicatorFile& file);

}  // namespace yucun::output
