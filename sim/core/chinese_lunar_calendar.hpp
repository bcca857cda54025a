// The Chinese lunar calendar (nongli), 1900-2100: Gregorian dates to lunar
// dates and back, read from the published table of month lengths and leap
// months. The lunar festivals (Spring Festival, Dragon Boat, Mid-Autumn) are
// lunar dates; the statutory holidays follow them.
#pragma once

#include <compare>

#include "sim/core/date.hpp"

namespace yucun {

// A lunar date: year (the Gregorian year in which its first month begins),
// month 1-12, day 1-30; leap_month marks the intercalary month that repeats
// `month`.
struct LunarDate {
  int year = 0;
  int month = 1;
  int day = 1;
  bool leap_month = false;
  auto operator<=>(const LunarDate&) const = default;
};

// The lunar years the table holds, and the Gregorian days they span
// (1900-01-31, lunar 1900/1/1, to the last day of lunar year 2100).
inline constexpr int kFirstLunarYear = 1900;
inline constexpr int kLastLunarYear = 2100;
Date first_lunar_table_day();
Date last_lunar_table_day();

// The lunar date of `d`; throws std::out_of_range outside the table.
LunarDate to_lunar(Date d);

// The Gregorian day of a lunar date; throws std::out_of_range outside the
// table or for a day the lunar year does not have (a 30th of a 29-day month,
// a leap month the year lacks).
Date from_lunar(const LunarDate& lunar);

// Days in a lunar month (29 or 30), and the leap month of a year (0: none).
int lunar_month_days(int lunar_year, int month, bool leap_month = false);
int lunar_leap_month(int lunar_year);

}  // namespace yucun
