// A published calibration target as a plain value: the figure, its source,
// how it is measured from a run's daily series and how close a run must come.
// Read from YAML by targets_loader (scenarios/data/targets.yaml); measured by
// target_measures, with the definitions of analysis/calibrate_check.py.
#pragma once

#include <array>
#include <cmath>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace yucun::calibration {

// The measures of calibrate_check.py, one per function there.
enum class MeasureKind {
  village_sum,         // yearly sum of a village series (less `subtract`), times scale
  season_village_sum,  // the same from `first` to `last` (into the next year when earlier)
  village_last,        // a village series on the year's last day
  area_income_share,   // share of households' income (all villages) from `sources`
  village_ratio,       // sum of `numerator` series over sum of `denominator` ones, times scale
  per_resident,        // yearly sum (fen) per registered resident, in yuan
  area_last,           // an area series (summarised by its last value) on the year's last day
  period_peak,         // mean daily value over `first`..`last` / mean over the year
  harvest_open_day,    // first harvest day of the year, as day of March
  harvest_length,      // harvest days in the year
  leaf_price_falls,    // 1 when the leaf price falls every harvest day, else 0
  dry_tea_per_mu,      // dry tea made in the year per mu of tea
};

// The kinds as targets files write them, in MeasureKind order.
inline constexpr std::array<std::string_view, 12> kMeasureKindNames = {
    "village_sum",  "season_village_sum", "village_last",     "area_income_share", "village_ratio",    "per_resident",
    "area_last",    "period_peak",        "harvest_open_day", "harvest_length",    "leaf_price_falls", "dry_tea_per_mu"};
inline constexpr std::string_view name_of(MeasureKind kind) { return kMeasureKindNames[static_cast<std::size_t>(kind)]; }

// The income sources households' income is booked under, each the series
// income_<source>, in the order calibrate_check.py sums them.
inline constexpr std::array<std::string_view, 9> kIncomeSources = {"tea",      "homestay", "wage",       "business",  "dividend",
                                                                   "transfer", "remittance", "interest", "enterprise"};

// A day of the calendar without a year ("04-01").
struct MonthDay {
  int month = 1;
  int day = 1;
};

// What is measured. Only the fields the kind uses are set (see MeasureKind);
// every field has a default, so designated initializers may name just those.
struct Measure {
  MeasureKind kind = MeasureKind::village_sum;
  std::string variable{};  // a series of kSeriesSpecs
  std::string village{};
  // Sums over the villages of a township instead of one (village_sum,
  // season_village_sum, village_ratio, per_resident); neither: over all villages.
  std::string township{};
  std::vector<std::string> numerator{}, denominator{}, subtract{};  // series names
  std::vector<std::string> sources{};  // income sources: tea, homestay, wage, ...
  MonthDay first{}, last{};
  double scale = 1.0;
};

struct Tolerance {
  enum class Kind { relative, absolute, range } kind = Kind::relative;
  double value = 0;  // relative: share of |published|; absolute: the distance
  double low = 0, high = 0;  // range
};

struct TargetSpec {
  std::string name, figure, units, source, note;
  std::optional<double> published;  // nullopt for a descriptive figure such as "few"
  Tolerance tolerance;
  Measure measure;
  bool open = false;  // a known gap: reported, not failed

  // The value aimed at: the range's middle for a range, else the published figure.
  double centre() const {
    if (tolerance.kind == Tolerance::Kind::range) return (tolerance.low + tolerance.high) / 2;
    return published.value_or(std::nan(""));
  }
  // The tolerance's half-width, to scale distances: relative * |published|,
  // absolute, or (high - low) / 2. May be 0 (an exact target).
  double scale() const {
    switch (tolerance.kind) {
      case Tolerance::Kind::relative: return tolerance.value * std::fabs(published.value_or(std::nan("")));
      case Tolerance::Kind::absolute: return tolerance.value;
      case Tolerance::Kind::range: return (tolerance.high - tolerance.low) / 2;
    }
    return std::nan("");
  }
  // calibrate_check.py's verdict; a NaN value is never met.
  bool met(double value) const {
    switch (tolerance.kind) {
      case Tolerance::Kind::range: return tolerance.low <= value && value <= tolerance.high;
      case Tolerance::Kind::relative:
        return published && std::fabs(value - *published) <= tolerance.value * std::fabs(*published);
      case Tolerance::Kind::absolute: return published && std::fabs(value - *published) <= tolerance.value;
    }
    return false;
  }
};

struct TargetsFile {
  std::string path;
  int calibration_year = 0;
  std::vector<TargetSpec> targets;

  // The target of that name, or nullptr.
  const TargetSpec* find(std::string_view name) const {
    for (const TargetSpec& t : targets)
      if (t.name == name) return &t;
    return nullptr;
  }
};

}  // namespace yucun::calibration
