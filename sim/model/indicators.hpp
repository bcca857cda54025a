// The indicators a run reports each day: names, units and meaning (model
// knowledge), and one day's values. How they are stored is output's business.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace yucun {

// area: one value a day; village: one per village; decile: one per tenth of
// households ranked by income per capita.
enum class Scope : std::uint8_t { area, village, decile };
inline constexpr std::size_t kDeciles = 10;
enum class ValueKind : std::uint8_t { real, integer };

enum class Series : std::uint8_t {
  // Area-wide, one value a day.
  day_type,
  harvest_day,
  leaf_price,
  dry_tea_price,
  migrant_pickers_wanted,
  migrant_pickers_available,
  migrant_pickers_hired,
  parties_arrived,
  persons_arrived,
  parties_turned_away,
  visitors_total,
  visitors_outside_core_share,
  tourism_revenue_total,
  local_wage,
  gini,
  rural_income_per_capita,
  urban_income_per_capita,
  urban_rural_ratio,
  public_spending,
  money_residual,
  ledger_inconsistent_accounts,
  policy_spending,
  policy_revenue,
  net_public_cost,
  shuttle_riders,
  // Per tenth of households.
  income_decile_share,
  income_decile_per_capita,
  // Per village, one value a day.
  fresh_leaf_available,
  fresh_leaf_picked,
  fresh_leaf_to_traders,
  own_picker_days,
  hired_picker_days,
  households_picking,
  leaf_sales,
  picker_wages,
  dry_tea_made,
  dry_tea_sales,
  tea_sold_to_visitors,
  visitors,
  overnight_guests,
  beds,
  bed_occupancy,
  reputation,
  revenue_lodging,
  revenue_food,
  revenue_activities,
  revenue_tickets,
  revenue_parking,
  revenue_tea,
  homestays_open,
  firms_open,
  workers_own_business,
  workers_local_firm,
  workers_county_job,
  migrants_away,
  income_tea,
  income_homestay,
  income_wage,
  income_business,
  income_dividend,
  income_transfer,
  income_remittance,
  village_income_per_capita,
  collective_income,
  collective_dividends,
  revenue_shared,
  household_deposits,
  count
};

// How a daily series is summarised per year in the output.
enum class Yearly : std::uint8_t { none, sum, mean, last };

struct SeriesSpec {
  Series id;
  std::string_view name;
  std::string_view long_name;
  std::string_view units;
  Scope scope;
  ValueKind kind;
  Yearly yearly = Yearly::none;
};

inline constexpr std::size_t kSeriesCount = static_cast<std::size_t>(Series::count);
extern const std::array<SeriesSpec, kSeriesCount> kSeriesSpecs;

inline const SeriesSpec& spec_of(Series s) { return kSeriesSpecs[static_cast<std::size_t>(s)]; }

// One day's values of every series: area series hold one value, village
// series one per village, decile series one per decile.
class DayIndicators {
 public:
  explicit DayIndicators(std::size_t villages);
  // Values a series holds each day: 1, the number of villages or kDeciles.
  std::size_t width(Scope scope) const;
  std::size_t villages() const { return villages_; }
  double& real(Series s, std::size_t index = 0) { return reals_[slot(s, index)]; }
  double real(Series s, std::size_t index = 0) const { return reals_[slot(s, index)]; }
  std::int64_t& integer(Series s, std::size_t index = 0) { return ints_[slot(s, index)]; }
  std::int64_t integer(Series s, std::size_t index = 0) const { return ints_[slot(s, index)]; }
  void clear();

 private:
  std::size_t slot(Series s, std::size_t index) const { return offset_[static_cast<std::size_t>(s)] + index; }
  std::size_t villages_;
  std::array<std::size_t, kSeriesCount> offset_{};
  std::vector<double> reals_;
  std::vector<std::int64_t> ints_;
};

}  // namespace yucun
