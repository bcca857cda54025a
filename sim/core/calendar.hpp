// The simulation calendar: which days are weekends, public holidays, school
// summer holidays and tea-harvest days. Tourist demand and tea work key off it.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <utility>
#include <string>
#include <vector>

#include "sim/core/date.hpp"
#include "sim/core/enum_names.hpp"
#include "sim/core/field_bounds.hpp"

namespace yucun {

// A named public holiday period, both ends inclusive (from the State Council's
// yearly schedule, which moves with the lunar calendar). It is the holiday of
// the year of its last day (a New Year break may start in late December).
struct HolidayPeriod {
  std::string name;
  Date first;
  Date last;
};

// Where the holidays of a year come from. A year is tabulated when a listed
// holiday period ends in it: then the listed periods and make-up workdays are
// its holidays, as published. Every other year the calendar covers gets
//   published_then_rule: the statutory holidays and the State Council's
//     customary arrangement of them (public_holidays.hpp), 2008-2100;
//   listed_only: nothing but what is listed (no holidays in other years).
enum class HolidayRule : std::uint8_t { published_then_rule, listed_only };

template <> struct EnumNames<HolidayRule> {
  static constexpr std::string_view noun = "value";
  static constexpr std::string_view list_label = "one of";
  static constexpr std::array<std::pair<std::string_view, HolidayRule>, 2> names{{
      {"published_then_rule", HolidayRule::published_then_rule},
      {"listed_only", HolidayRule::listed_only},
  }};
};

struct CalendarParams {
  Date start = Date::from_ymd(2023, 1, 1);
  int years = 1;
  std::vector<HolidayPeriod> holidays;
  // Weekend days declared working days to compensate for long holidays (tiaoxiu).
  std::vector<Date> makeup_workdays;
  MonthDay summer_first{7, 1};
  MonthDay summer_last{8, 31};
  HolidayRule holiday_rule = HolidayRule::published_then_rule;
  // Days simulated before `start` (the model's spin-up; not a YAML key): the
  // calendar covers [start - lead_days, end].
  int lead_days = 0;
};

// The last day a calendar with these parameters covers (the day before the
// same date `years` later).
Date calendar_end(const CalendarParams& params);

// The years whose holidays the calendar takes from the rule: those it covers,
// [start - lead_days, end], that are not tabulated, and the next year (whose
// New Year break may start in December) when the rule has it. Empty when
// holiday_rule is listed_only.
std::vector<int> years_by_rule(const CalendarParams& params);

enum class DayType : std::int8_t { workday = 0, weekend = 1, public_holiday = 2 };

// The days of one year's tea harvest, both ends inclusive.
struct HarvestWindow {
  Date first;
  int length_days = 0;
  Date last() const { return first + (length_days - 1); }
  bool contains(Date d) const { return d >= first && d <= last(); }
};

// The reported period is [start, end], day indexes 0 to day_count - 1; a
// spin-up runs over [first_covered, start), negative day indexes. Holidays
// and make-up workdays are known for every covered year, and day types
// answer for any date.
class Calendar {
 public:
  // Throws std::invalid_argument when holidays by rule are needed for a year
  // the rule does not cover (validation refuses such a scenario first).
  explicit Calendar(const CalendarParams& params);

  Date start() const { return start_; }
  Date end() const { return start_ + (day_count_ - 1); }  // last simulated day
  int day_count() const { return day_count_; }
  Date date_of(int day_index) const { return start_ + day_index; }
  int first_year() const { return start_.year(); }
  // The first simulated day (before start by the spin-up) and its year.
  Date first_covered() const { return start_ - lead_days_; }
  int first_covered_year() const { return first_covered().year(); }
  int last_year() const { return end().year(); }

  DayType day_type(Date d) const;
  bool is_public_holiday(Date d) const;
  bool is_summer_holiday(Date d) const;
  // Name of the public holiday covering d, or empty.
  const std::string& holiday_name(Date d) const;
  // The holiday periods and make-up workdays in use: the listed ones, then
  // those by rule for the years in years_by_rule().
  const std::vector<HolidayPeriod>& holidays() const { return holidays_; }
  const std::vector<Date>& makeup_workdays() const { return makeup_workdays_; }

  void set_harvest_windows(std::vector<HarvestWindow> windows);
  const std::vector<HarvestWindow>& harvest_windows() const { return harvest_windows_; }
  // The harvest window containing d, or nullptr outside the harvest.
  const HarvestWindow* harvest_window_on(Date d) const;

 private:
  Date start_;
  int day_count_ = 0;
  int lead_days_ = 0;
  std::vector<HolidayPeriod> holidays_;
  std::vector<Date> makeup_workdays_;  // ascending
  // For each day from holiday_index_first_: the index in holidays_ of the
  // (first listed) period covering it, or -1.
  Date holiday_index_first_;
  std::vector<std::int32_t> holiday_index_;
  MonthDay summer_first_, summer_last_;
  std::vector<HarvestWindow> harvest_windows_;
};

// The YAML keys of these parameters and their allowed ranges (the loader,
// the writer, validation and sweeps read them; docs/scenarios.md lists them).
template <class V> void fields(HolidayPeriod& p, V&& v) {
  v("name", p.name, required());
  v("start", p.first, required());
  v("end", p.last, required());
}

template <class V> void fields(CalendarParams& p, V&& v) {
  v("start", p.start);
  v("years", p.years, between(1, 200));
  v("summer_holiday_start", p.summer_first);
  v("summer_holiday_end", p.summer_last);
  v("holidays", p.holidays);
  v("makeup_workdays", p.makeup_workdays);
  v("holiday_rule", p.holiday_rule);
}

}  // namespace yucun
