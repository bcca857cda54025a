// China's public holidays for any year 2008-2100 by rule: the statutory days
// of the State Council's "全国年节及纪念日放假办法" (Measures on National
// Holidays) in force that year, and the holiday periods and make-up workdays
// (调休) its yearly schedule customarily builds from them. The scenario's
// listed schedules stay authoritative where they exist (calendar.hpp).
#pragma once

#include <string>
#include <vector>

#include "sim/core/calendar.hpp"
#include "sim/core/date.hpp"

namespace yucun {

// The years the rule covers: the Measures as revised in 2007 (in force from
// 2008) and in 2024 (from 2025), with lunar dates from the 1900-2100 table.
inline constexpr int kFirstHolidayRuleYear = 2008;
inline constexpr int kLastHolidayRuleYear = 2100;

// The holiday names, as the scenario's calendar.holidays use them.
namespace holiday_names {
inline constexpr const char* new_year = "new_year";
inline constexpr const char* spring_festival = "spring_festival";
inline constexpr const char* qingming = "qingming";
inline constexpr const char* labour_day = "labour_day";
inline constexpr const char* dragon_boat = "dragon_boat";
inline constexpr const char* mid_autumn = "mid_autumn";
inline constexpr const char* national_day = "national_day";
}  // namespace holiday_names

// One holiday's statutory days off in a year (Spring Festival's three or four,
// National Day's three, one for the others; Labour Day two from 2025).
struct StatutoryHoliday {
  std::string name;
  std::vector<Date> days;
};

// The statutory holidays of `year`, in the order of the Measures:
//   2008-2024: New Year's Day (1 Jan); Spring Festival 3 days (lunar new
//     year's eve, 1/1 and 1/2 until 2013; 1/1-1/3 from 2014); Qingming (the
//     solar term); Labour Day (1 May); Dragon Boat (lunar 5/5); Mid-Autumn
//     (lunar 8/15); National Day (1-3 Oct).
//   from 2025 (State Council decision of 12 Nov 2024): Spring Festival 4 days
//     (the eve and 1/1-1/3), Labour Day 2 days (1-2 May); the rest unchanged.
// Throws std::out_of_range outside kFirstHolidayRuleYear-kLastHolidayRuleYear.
std::vector<StatutoryHoliday> statutory_holidays(int year);

// A year's holidays arranged the customary way: the periods off (each
// holiday's break, weekends joined) and the weekend days worked in exchange.
struct HolidayArrangement {
  int year = 0;
  std::vector<StatutoryHoliday> statutory;
  std::vector<HolidayPeriod> periods;  // by first day
  std::vector<Date> makeup_workdays;   // ascending
};

// The State Council's customary arrangement, as its schedules of 2016-2026
// show it (docs/ODD.md section 6, "Calendar", lists where it and the
// published schedules differ):
//   - a one-day holiday makes a three-day break with a weekend: on a Monday,
//     Saturday-Monday; Friday, Friday-Sunday; on a Saturday or Sunday, the
//     weekend and the Monday after; on a Tuesday, Sunday-Tuesday with the
//     Saturday before worked; on a Thursday, Thursday-Saturday with the Sunday
//     after worked; on a Wednesday, that day alone;
//   - Spring Festival: 7 days from the eve (until 2024), 8 from 2025;
//   - Labour Day from 2020: 5 days, from 1 May when that is a Wednesday to a
//     Saturday, else from the Saturday before (one day until 2019);
//   - National Day: 1-7 October; when Mid-Autumn falls 28 September to
//     8 October the two make one 8-day break from the earlier of the two;
//   - each break's weekdays beyond its statutory days are paid back by
//     working weekend days next to it, from the nearest free weekend before
//     and after: the choice keeps every stretch of work at most 7 days (6
//     from 2025: since the 2024 revision the schedules avoid more than six
//     days' work in a row around a holiday), then leaves the fewest lone days
//     off, then works the days nearest the break;
//   - a break's period takes in the free weekend days next to it.
// Throws std::out_of_range outside kFirstHolidayRuleYear-kLastHolidayRuleYear.
HolidayArrangement holidays_by_rule(int year);

}  // namespace yucun
