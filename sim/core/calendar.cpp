#include "sim/core/calendar.hpp"

#include <algorithm>
#include <set>
#include <stdexcept>

#include <fmt/format.h>

#include "sim/core/public_holidays.hpp"

namespace yucun {

namespace {
const std::string kNoHoliday;
}

Date calendar_end(const CalendarParams& params) {
  const Date stop = Date::from_ymd(params.start.year() + params.years, params.start.month(), params.start.day());
  return stop - 1;
}

std::vector<int> years_by_rule(const CalendarParams& params) {
  if (params.holiday_rule == HolidayRule::listed_only) return {};
  std::set<int> tabulated;
  for (const auto& h : params.holidays) tabulated.insert(h.last.year());
  const int first = (params.start - params.lead_days).year();
  const int last = calendar_end(params).year();
  std::vector<int> years;
  for (int year = first; year <= last + 1; ++year) {
    if (tabulated.count(year)) continue;
    if (year == last + 1 && year > kLastHolidayRuleYear) continue;  // its breaks start in January
    years.push_back(year);
  }
  return years;
}

Calendar::Calendar(const CalendarParams& params)
    : start_(params.start),
      lead_days_(params.lead_days),
      holidays_(params.holidays),
      makeup_workdays_(params.makeup_workdays),
      summer_first_(params.summer_first),
      summer_last_(params.summer_last) {
  if (lead_days_ < 0)
    throw std::invalid_argument(fmt::format("calendar lead of {} days; it cannot be negative", lead_days_));
  day_count_ = calendar_end(params) - start_ + 1;
  for (const int year : years_by_rule(params)) {
    if (year < kFirstHolidayRuleYear || year > kLastHolidayRuleYear)
      throw std::invalid_argument(fmt::format(
          "the calendar covers {} to {} and lists no holidays for {}; public holidays by rule are known for {}-{}",
          first_covered().to_string(), end().to_string(), year, kFirstHolidayRuleYear, kLastHolidayRuleYear));
    const HolidayArrangement by_rule = holidays_by_rule(year);
    holidays_.insert(holidays_.end(), by_rule.periods.begin(), by_rule.periods.end());
    makeup_workdays_.insert(makeup_workdays_.end(), by_rule.makeup_workdays.begin(), by_rule.makeup_workdays.end());
  }
  std::sort(makeup_workdays_.begin(), makeup_workdays_.end());

  if (holidays_.empty()) return;
  Date lo = holidays_.front().first, hi = holidays_.front().last;
  for (const auto& h : holidays_) {
    lo = std::min(lo, h.first);
    hi = std::max(hi, h.last);
  }
  holiday_index_first_ = lo;
  holiday_index_.assign(static_cast<std::size_t>(hi - lo + 1), -1);
  for (std::size_t i = holidays_.size(); i-- > 0;)  // the first listed wins where periods overlap
    for (Date d = holidays_[i].first; d <= holidays_[i].last; d = d + 1)
      holiday_index_[static_cast<std::size_t>(d - lo)] = static_cast<std::int32_t>(i);
}

const std::string& Calendar::holiday_name(Date d) const {
  const int offset = d - holiday_index_first_;
  if (offset < 0 || offset >= static_cast<int>(holiday_index_.size())) return kNoHoliday;
  const std::int32_t i = holiday_index_[static_cast<std::size_t>(offset)];
  return i < 0 ? kNoHoliday : holidays_[static_cast<std::size_t>(i)].name;
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
