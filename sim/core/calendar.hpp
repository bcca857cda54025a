// The simulation calendar: which days are weekends, public holidays, school
// summer holidays and tea-harvest days. Tourist demand and tea work key off it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/core/field_bounds.hpp"
#include "sim/core/date.hpp"

namespace yucun {

// A named public holiday period, both ends inclusive (from the State Council's
// yearly schedule, which moves with the lunar calendar).
struct HolidayPeriod {
  std::string name;
  Date first;
  Date last;
};

struct CalendarParams {
  Date start = Date::from_ymd(2023, 1, 1);
  int years = 1;
  std::vector<HolidayPeriod> holidays;
  // Weekend days declared working days to compensate for long holidays (tiaoxiu).
  std::vector<Date> makeup_workdays;
  MonthDay summer_first{7, 1};
  MonthDay summer_last{8, 31};
};

enum class DayType : std::int8_t { workday = 0, weekend = 1, public_holiday = 2 };

// The days of one year's tea harvest, both ends inclusive.
struct HarvestWindow {
  Date first;
  int length_days = 0;
  Date last() const { return first + (length_days - 1); }
  bool contains(Date d) const { return d >= first && d <= last(); }
};

class Calendar {
 public:
  explicit Calendar(const CalendarParams& params);

  Date start() const { return start_; }
  Date end() const { return start_ + (day_count_ - 1); }  // last simulated day
  int day_count() const { return day_count_; }
  Date date_of(int day_index) const { return start_ + day_index; }
  int first_year() const { return start_.year(); }
  int last_year() const { return end().year(); }

  DayType day_type(Date d) const;
  bool is_public_holiday(Date d) const;
  bool is_summer_holiday(Date d) const;
  // Name of the public holiday covering d, or empty.
  const std::string& holiday_name(Date d) const;

  void set_harvest_windows(std::vector<HarvestWindow> windows);
  const std::vector<HarvestWindow>& harvest_windows() const { return harvest_windows_; }
  // The harvest window containing d, or nullptr outside the harvest.
  const HarvestWindow* harvest_window_on(Date d) const;

 private:
  Date start_;
  int day_count_ = 0;
  std::vector<HolidayPeriod> holidays_;
  std::vector<Date> makeup_workdays_;
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
}

}  // namespace yucun
