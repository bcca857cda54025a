#include "sim/core/calendar.hpp"

#include <algorithm>

namespace yucun {

namespace {
const std::string kNoHoliday;
}

Calendar::Calendar(const CalendarParams& params)
    : start_(params.start),
      holidays_(params.holidays),
      makeup_workdays_(params.makeup_workdays),
      summer_first_(params.summer_first),
      summer_last_(params.summer_last) {
  const Date stop = Date::from_ymd(start_.year() + params.years, start_.month(), start_.day());
  day_count_ = stop - start_;
  std::sort(makeup_workdays_.begin(), makeup_workdays_.end());
}

const std::string& Calendar::holiday_name(Date d) const {
  for (const auto& h : holidays_)
    if (d >= h.first && d <= h.last) return h.name;
  return kNoHoliday;
}

bool Calendar::is_public_holiday(Date d) const { return !holiday_name(d).empty(); }

bool Calendar::is_summer_holiday(Date d) const {
  const Date first = summer_first_.in_year(d.year());
  const Date last = summer_last_.in_year(d.year());
  return d >= first && d <= last;
}

DayType Calendar::day_type(Date d) const {
  if (is_public_holiday(d)) return DayType::public_holiday;
  if (std::binary_search(makeup_workdays_.begin(), makeup_workdays_.end(), d)) return DayType::workday;
  return d.is_weekend() ? DayType::weekend : DayType::workday;
}

void Calendar::set_harvest_windows(std::vector<HarvestWindow> windows) {
  harvest_windows_ = std::move(windows);
  std::sort(harvest_windows_.begin(), harvest_windows_.end(),
            [](const HarvestWindow& a, const HarvestWindow& b) { return a.first < b.first; });
}

const HarvestWindow* Calendar::harvest_window_on(Date d) const {
  for (const auto& w : harvest_windows_)
    if (w.contains(d)) return &w;
  return nullptr;
}

}  // namespace yucun
