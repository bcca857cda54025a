// Typed parameters of the world outside the area: urban incomes, consumer
// prices and the tea market's level; and the two paths they give, day by day.
#pragma once

#include <algorithm>
#include <cmath>
#include <vector>

#include "sim/core/date.hpp"
#include "sim/core/field_bounds.hpp"

namespace yucun {

struct OutsideParams {
  double urban_income_yuan = 71704;   // Anji urban per-capita disposable income in calendar.start's year (a yearly figure)
  double urban_income_growth = 0.045; // its nominal growth a year
  double tea_price_index = 1.0;       // outside dry-tea market level
  // Consumer prices: yearly CPI inflation of the years from cpi_first_year on,
  // one value a year; other years take cpi_inflation_later. The defaults hold
  // prices still; the baseline sets China's published rates.
  int cpi_first_year = 2023;
  std::vector<double> cpi_inflation;
  double cpi_inflation_later = 0.0;
};

// The YAML keys of these parameters and their allowed ranges (the loader,
// the writer, validation and sweeps read them; docs/scenarios.md lists them).
template <class V> void fields(OutsideParams& p, V&& v) {
  v("urban_income_yuan", p.urban_income_yuan, positive());
  v("urban_income_growth", p.urban_income_growth, between(-0.5, 1));
  v("tea_price_index", p.tea_price_index, between(0, 10));
  v("cpi_first_year", p.cpi_first_year, between(1900, 2200));
  v("cpi_inflation", p.cpi_inflation, between(-0.5, 1));
  v("cpi_inflation_later", p.cpi_inflation_later, between(-0.5, 1));
}

// CPI inflation of a calendar year.
inline double cpi_inflation_in(const OutsideParams& p, int year) {
  const int k = year - p.cpi_first_year;
  return k >= 0 && k < static_cast<int>(p.cpi_inflation.size()) ? p.cpi_inflation[static_cast<std::size_t>(k)]
                                                                 : p.cpi_inflation_later;
}

// Consumer prices on `date` relative to `start` (1 on start, and before it:
// the spin-up holds prices at their start level). Within each calendar year
// prices grow at that year's rate, compounded day by day, so the level has
// no step on 1 January and rises by exactly the year's rate from one
// 1 January to the next.
inline double price_level(const OutsideParams& p, Date start, Date date) {
  if (date <= start) return 1.0;
  // Log of the level relative to 1 January of start's year.
  const auto log_level = [&](Date d) {
    double x = 0;
    for (int y = start.year(); y < d.year(); ++y) x += std::log1p(cpi_inflation_in(p, y));
    const Date jan1 = Date::from_ymd(d.year(), 1, 1);
    const double days_in_year = Date::from_ymd(d.year() + 1, 1, 1) - jan1;
    return x + std::log1p(cpi_inflation_in(p, d.year())) * (d - jan1) / days_in_year;
  };
  return std::exp(log_level(date) - log_level(start));
}

// Urban per-capita income on `date`, yuan a year. Published urban incomes
// are yearly figures: urban_income_yuan in start's year, growing by
// urban_income_growth a year. The daily path grows continuously at that rate
// and is placed so that the mean of each calendar year's daily values is the
// year's figure: no step on 1 January. Before start (the spin-up) it is held
// at start's value.
inline double urban_income_on(const OutsideParams& p, Date start, Date date) {
  if (date < start) date = start;
  const int year = date.year();
  const Date jan1 = Date::from_ymd(year, 1, 1);
  const int days_in_year = Date::from_ymd(year + 1, 1, 1) - jan1;
  const double rate = std::log1p(p.urban_income_growth);  // continuous, a year
  const double yearly = p.urban_income_yuan * std::exp(rate * (year - start.year()));
  const double per_day = rate / days_in_year;
  // The mean of exp(per_day * d) over the year's days d = 0 .. days - 1.
  const double mean = per_day == 0 ? 1.0 : std::expm1(rate) / std::expm1(per_day) / days_in_year;
  return yearly * std::exp(per_day * (date - jan1)) / mean;
}

// Urban per-capita income over the year ending on `date` (from the day
// after the same date a year before), yuan a year: the mean of the daily
// path above over those days. Like the rural figure it is set against (the
// households' income over the past twelve months), on 31 December it is the
// calendar year's figure; day by day it moves smoothly.
inline double urban_income_past_year(const OutsideParams& p, Date start, Date date) {
  const Date year_before = Date::from_ymd(date.year() - 1, date.month(), std::min(date.day(), date.month() == 2 ? 28u : 31u));
  double sum = 0;
  int days = 0;
  for (Date d = year_before + 1; d <= date; d = d + 1, ++days) sum += urban_income_on(p, start, d);
  return sum / days;
}

}  // namespace yucun
