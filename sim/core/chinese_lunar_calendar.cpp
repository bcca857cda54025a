#include "sim/core/chinese_lunar_calendar.hpp"

#include <array>
#include <cstdint>
#include <stdexcept>

#include <fmt/format.h>

namespace yucun {

namespace {

// The lunar years 1900-2100, one word each. This is DATA, not computed here:
// the widely used "lunarInfo" table of lunar month lengths and leap months,
// derived from the Hong Kong Observatory's Gregorian-lunar conversion tables
// and the Purple Mountain Observatory's almanac (as transcribed in the
// calendar.js converter by Jea Yang, 2014-2016, whose corrections for 1933,
// 1954, 1956, 1978, 1996, 2033 and 2060 it includes). Bits of a year's word:
//   0x0000f  the leap month (1-12), 0 when the year has none;
//   0x10000  the leap month has 30 days (else 29);
//   0x08000 >> (m - 1)  month m has 30 days (else 29), m = 1..12.
// Lunar 1900/1/1 is Gregorian 1900-01-31; each year starts the day after the
// last day of the previous one.
constexpr std::array<std::uint32_t, kLastLunarYear - kFirstLunarYear + 1> kLunarYears = {
    0x04bd8, 0x04ae0, 0x0a570, 0x054d5, 0x0d260, 0x0d950, 0x16554, 0x056a0, 0x09ad0, 0x055d2,  // 1900-1909
    0x04ae0, 0x0a5b6, 0x0a4d0, 0x0d250, 0x1d255, 0x0b540, 0x0d6a0, 0x0ada2, 0x095b0, 0x14977,  // 1910-1919
    0x04970, 0x0a4b0, 0x0b4b5, 0x06a50, 0x06d40, 0x1ab54, 0x02b60, 0x09570, 0x052f2, 0x04970,  // 1920-1929
    0x06566, 0x0d4a0, 0x0ea50, 0x16a95, 0x05ad0, 0x02b60, 0x186e3, 0x092e0, 0x1c8d7, 0x0c950,  // 1930-1939
    0x0d4a0, 0x1d8a6, 0x0b550, 0x056a0, 0x1a5b4, 0x025d0, 0x092d0, 0x0d2b2, 0x0a950, 0x0b557,  // 1940-1949
    0x06ca0, 0x0b550, 0x15355, 0x04da0, 0x0a5b0, 0x14573, 0x052b0, 0x0a9a8, 0x0e950, 0x06aa0,  // 1950-1959
    0x0aea6, 0x0ab50, 0x04b60, 0x0aae4, 0x0a570, 0x05260, 0x0f263, 0x0d950, 0x05b57, 0x056a0,  // 1960-1969
    0x096d0, 0x04dd5, 0x04ad0, 0x0a4d0, 0x0d4d4, 0x0d250, 0x0d558, 0x0b540, 0x0b6a0, 0x195a6,  // 1970-1979
    0x095b0, 0x049b0, 0x0a974, 0x0a4b0, 0x0b27a, 0x06a50, 0x06d40, 0x0af46, 0x0ab60, 0x09570,  // 1980-1989
    0x04af5, 0x04970, 0x064b0, 0x074a3, 0x0ea50, 0x06b58, 0x05ac0, 0x0ab60, 0x096d5, 0x092e0,  // 1990-1999
    0x0c960, 0x0d954, 0x0d4a0, 0x0da50, 0x07552, 0x056a0, 0x0abb7, 0x025d0, 0x092d0, 0x0cab5,  // 2000-2009
    0x0a950, 0x0b4a0, 0x0baa4, 0x0ad50, 0x055d9, 0x04ba0, 0x0a5b0, 0x15176, 0x052b0, 0x0a930,  // 2010-2019
    0x07954, 0x06aa0, 0x0ad50, 0x05b52, 0x04b60, 0x0a6e6, 0x0a4e0, 0x0d260, 0x0ea65, 0x0d530,  // 2020-2029
    0x05aa0, 0x076a3, 0x096d0, 0x04afb, 0x04ad0, 0x0a4d0, 0x1d0b6, 0x0d250, 0x0d520, 0x0dd45,  // 2030-2039
    0x0b5a0, 0x056d0, 0x055b2, 0x049b0, 0x0a577, 0x0a4b0, 0x0aa50, 0x1b255, 0x06d20, 0x0ada0,  // 2040-2049
    0x14b63, 0x09370, 0x049f8, 0x04970, 0x064b0, 0x168a6, 0x0ea50, 0x06b20, 0x1a6c4, 0x0aae0,  // 2050-2059
    0x092e0, 0x0d2e3, 0x0c960, 0x0d557, 0x0d4a0, 0x0da50, 0x05d55, 0x056a0, 0x0a6d0, 0x055d4,  // 2060-2069
    0x052d0, 0x0a9b8, 0x0a950, 0x0b4a0, 0x0b6a6, 0x0ad50, 0x055a0, 0x0aba4, 0x0a5b0, 0x052b0,  // 2070-2079
    0x0b273, 0x06930, 0x07337, 0x06aa0, 0x0ad50, 0x14b55, 0x04b60, 0x0a570, 0x054e4, 0x0d160,  // 2080-2089
    0x0e968, 0x0d520, 0x0daa0, 0x16aa6, 0x056d0, 0x04ae0, 0x0a9d4, 0x0a2d0, 0x0d150, 0x0f252,  // 2090-2099
    0x0d520,  // 2100
};

std::uint32_t year_word(int lunar_year) {
  if (lunar_year < kFirstLunarYear || lunar_year > kLastLunarYear)
    throw std::out_of_range(fmt::format("lunar year {} is outside the lunar table ({}-{})", lunar_year,
                                        kFirstLunarYear, kLastLunarYear));
  return kLunarYears[static_cast<std::size_t>(lunar_year - kFirstLunarYear)];
}

int year_days(int lunar_year) {
  const std::uint32_t w = year_word(lunar_year);
  int days = 12 * 29;
  for (std::uint32_t bit = 0x8000; bit > 0x8; bit >>= 1) days += (w & bit) ? 1 : 0;
  if (w & 0xf) days += (w & 0x10000) ? 30 : 29;
  return days;
}

// Day 0 of the table, and the first day of each lunar year (built once).
const Date kTableFirst = Date::from_ymd(1900, 1, 31);

const std::array<Date, kLastLunarYear - kFirstLunarYear + 2>& year_starts() {
  static const auto starts = [] {
    std::array<Date, kLastLunarYear - kFirstLunarYear + 2> s{};
    s[0] = kTableFirst;
    for (int y = kFirstLunarYear; y <= kLastLunarYear; ++y) {
      const auto i = static_cast<std::size_t>(y - kFirstLunarYear);
      s[i + 1] = s[i] + year_days(y);
    }
    return s;
  }();
  return starts;
}

}  // namespace

int lunar_leap_month(int lunar_year) { return static_cast<int>(year_word(lunar_year) & 0xf); }

int lunar_month_days(int lunar_year, int month, bool leap_month) {
  const std::uint32_t w = year_word(lunar_year);
  if (month < 1 || month > 12) throw std::out_of_range(fmt::format("lunar month {} is not 1-12", month));
  if (leap_month) {
    if (lunar_leap_month(lunar_year) != month)
      throw std::out_of_range(fmt::format("lunar year {} has no leap month {}", lunar_year, month));
    return (w & 0x10000) ? 30 : 29;
  }
  return (w & (0x10000u >> month)) ? 30 : 29;
}

Date first_lunar_table_day() { return kTableFirst; }
Date last_lunar_table_day() { return year_starts().back() - 1; }

LunarDate to_lunar(Date d) {
  const auto& starts = year_starts();
  if (d < starts.front() || d > last_lunar_table_day())
    throw std::out_of_range(fmt::format("{} is outside the lunar table ({} to {})", d.to_string(),
                                        starts.front().to_string(), last_lunar_table_day().to_string()));
  int year = kFirstLunarYear + (d.year() - 1900);  // the lunar year starts in its Gregorian year, Jan-Feb
  if (year > kLastLunarYear || d < starts[static_cast<std::size_t>(year - kFirstLunarYear)]) --year;
  int offset = d - starts[static_cast<std::size_t>(year - kFirstLunarYear)];
  const int leap = lunar_leap_month(year);
  for (int month = 1; month <= 12; ++month) {
    for (const bool is_leap : {false, true}) {
      if (is_leap && leap != month) continue;
      const int length = lunar_month_days(year, month, is_leap);
      if (offset < length) return LunarDate{year, month, offset + 1, is_leap};
      offset -= length;
    }
  }
  throw std::logic_error("lunar table: a year's months do not add up to its length");
}

Date from_lunar(const LunarDate& lunar) {
  const int leap = lunar_leap_month(lunar.year);  // checks the year
  if (lunar.day < 1 || lunar.day > lunar_month_days(lunar.year, lunar.month, lunar.leap_month))
    throw std::out_of_range(fmt::format("lunar {}/{}{} has no day {}", lunar.year, lunar.leap_month ? "leap " : "",
                                        lunar.month, lunar.day));
  Date d = year_starts()[static_cast<std::size_t>(lunar.year - kFirstLunarYear)];
  for (int month = 1; month < lunar.month; ++month) {
    d = d + lunar_month_days(lunar.year, month);
    if (leap == month) d = d + lunar_month_days(lunar.year, month, true);
  }
  if (lunar.leap_month) d = d + lunar_month_days(lunar.year, lunar.month);
  return d + (lunar.day - 1);
}

}  // namespace yucun
