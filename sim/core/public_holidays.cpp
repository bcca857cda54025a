#include "sim/core/public_holidays.hpp"

#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <tuple>

#include <fmt/format.h>

#include "sim/core/chinese_lunar_calendar.hpp"
#include "sim/core/solar_terms.hpp"

namespace yucun {

namespace {

constexpr unsigned kMonday = 0, kTuesday = 1, kWednesday = 2, kThursday = 3, kSaturday = 5, kSunday = 6;

void check_year(int year) {
  if (year < kFirstHolidayRuleYear || year > kLastHolidayRuleYear)
    throw std::out_of_range(fmt::format("public holidays by rule are known for {}-{}, not {}", kFirstHolidayRuleYear,
                                        kLastHolidayRuleYear, year));
}

std::vector<Date> consecutive_days(Date first, int count) {
  std::vector<Date> days;
  for (int i = 0; i < count; ++i) days.push_back(first + i);
  return days;
}

// A holiday's break before the make-up days are chosen: the days it gives off
// in a row and how many of them are statutory.
struct Break {
  std::string name;
  Date first;
  Date last;
  int statutory_days = 0;
};

// The three-day break (or the single Wednesday) around a one-day holiday.
Break short_break(const std::string& name, Date day) {
  switch (day.iso_weekday_index()) {
    case kMonday:
    case kTuesday: return {name, day - 2, day, 1};
    case kWednesday: return {name, day, day, 1};
    case kSunday: return {name, day - 1, day + 1, 1};
    default: return {name, day, day + 2, 1};  // Thursday, Friday, Saturday
  }
}

Break labour_day_break(int year, int statutory_days) {
  const Date may_first = Date::from_ymd(year, 5, 1);
  if (year < 2020) return short_break(holiday_names::labour_day, may_first);
  const unsigned weekday = may_first.iso_weekday_index();
  const Date first = (weekday >= kWednesday && weekday <= kSaturday)
                         ? may_first
                         : may_first - static_cast<int>((weekday + 7 - kSaturday) % 7);
  return {holiday_names::labour_day, first, first + 4, statutory_days};
}

// The days of the year's neighbourhood, as the arrangement takes shape.
class DayPlan {
 public:
  explicit DayPlan(int year)
      : first_(Date::from_ymd(year, 1, 1) - 60),
        kind_(static_cast<std::size_t>(Date::from_ymd(year, 12, 31) + 60 - first_ + 1)) {}

  void mark_break(const Break& b) {
    for (Date d = b.first; d <= b.last; d = d + 1) at(d) = Kind::holiday;
  }
  void mark_makeup(Date d) { at(d) = Kind::makeup; }
  void unmark_makeup(Date d) { at(d) = Kind::plain; }

  bool is_off(Date d) const {
    const Kind k = kind(d);
    return k == Kind::holiday || (k == Kind::plain && d.is_weekend());
  }
  // A weekend day neither in a break nor worked.
  bool is_free_weekend(Date d) const { return kind(d) == Kind::plain && d.is_weekend(); }

  // Consecutive days worked, counting d (a workday).
  int work_run_through(Date d) const {
    int run = 1;
    for (Date x = d - 1; x >= first_ && !is_off(x); x = x - 1) ++run;
    for (Date x = d + 1; contains(x) && !is_off(x); x = x + 1) ++run;
    return run;
  }
  // Days off with a workday on either side, in [from, to].
  int lone_days_off(Date from, Date to) const {
    int count = 0;
    for (Date d = from; d <= to; d = d + 1)
      if (is_off(d) && !is_off(d - 1) && !is_off(d + 1)) ++count;
    return count;
  }

 private:
  enum class Kind : std::uint8_t { plain, holiday, makeup };
  bool contains(Date d) const { return d >= first_ && d - first_ < static_cast<int>(kind_.size()); }
  Kind kind(Date d) const { return contains(d) ? kind_[static_cast<std::size_t>(d - first_)] : Kind::plain; }
  Kind& at(Date d) {
    if (!contains(d)) throw std::logic_error("holiday arrangement: a day outside the year's plan");
    return kind_[static_cast<std::size_t>(d - first_)];
  }
  Date first_;
  std::vector<Kind> kind_;
};

// The free weekend days of the `pairs` nearest free weekends before (step
// -1) or after (step +1) a break.
std::vector<Date> nearest_free_weekends(const DayPlan& plan, Date from, int step, int pairs) {
  std::vector<Date> days;
  Date d = from;
  for (int found = 0; found < pairs; ++found) {
    while (!plan.is_free_weekend(d)) d = d + step;
    const Date saturday = d.iso_weekday_index() == kSaturday ? d : d - 1;
    for (const Date w : {saturday, saturday + 1})
      if (plan.is_free_weekend(w)) days.push_back(w);
    d = step < 0 ? saturday - 1 : saturday + 2;
  }
  return days;
}

void for_each_combination(const std::vector<Date>& items, std::size_t k, std::vector<Date>& chosen, std::size_t from,
                          const auto& visit) {
  if (chosen.size() == k) {
    visit(chosen);
    return;
  }
  for (std::size_t i = from; i < items.size(); ++i) {
    chosen.push_back(items[i]);
    for_each_combination(items, k, chosen, i + 1, visit);
    chosen.pop_back();
  }
}

// Chooses the weekend days worked for a break (see holidays_by_rule) and
// marks them in the plan.
std::vector<Date> choose_makeup_days(DayPlan& plan, const Break& b, int count, int longest_work_run) {
  if (count <= 0) return {};
  std::vector<Date> candidates;
  for (int pairs = 1; static_cast<int>(candidates.size()) < count; ++pairs) {
    candidates = nearest_free_weekends(plan, b.first - 1, -1, pairs);
    const auto after = nearest_free_weekends(plan, b.last + 1, +1, pairs);
    candidates.insert(candidates.end(), after.begin(), after.end());
    std::sort(candidates.begin(), candidates.end());
  }
  const Date window_first = std::min(candidates.front(), b.first) - 7;
  const Date window_last = std::max(candidates.back(), b.last) + 7;

  using Score = std::tuple<int, int, int>;  // work beyond the limit, lone days off, distance
  std::vector<Date> best;
  Score best_score{};
  std::vector<Date> chosen;
  for_each_combination(candidates, static_cast<std::size_t>(count), chosen, 0, [&](const std::vector<Date>& days) {
    for (const Date d : days) plan.mark_makeup(d);
    int longest = 0, distance = 0;
    for (const Date d : days) {
      longest = std::max(longest, plan.work_run_through(d));
      distance += d < b.first ? b.first - d : d - b.last;
    }
    const Score score{std::max(0, longest - longest_work_run), plan.lone_days_off(window_first, window_last), distance};
    for (const Date d : days) plan.unmark_makeup(d);
    if (best.empty() || score < best_score) {
      best = days;
      best_score = score;
    }
  });
  for (const Date d : best) plan.mark_makeup(d);
  return best;
}

int weekdays_in(Date first, Date last) {
  int n = 0;
  for (Date d = first; d <= last; d = d + 1) n += d.is_weekend() ? 0 : 1;
  return n;
}

}  // namespace

std::vector<StatutoryHoliday> statutory_holidays(int year) {
  check_year(year);
  namespace n = holiday_names;
  const Date lunar_new_year = from_lunar({year, 1, 1, false});
  const Date eve = lunar_new_year - 1;
  std::vector<Date> spring_festival;
  if (year < 2014) spring_festival = {eve, lunar_new_year, lunar_new_year + 1};
  else if (year < 2025) spring_festival = consecutive_days(lunar_new_year, 3);
  else spring_festival = consecutive_days(eve, 4);
  return {
      {n::new_year, {Date::from_ymd(year, 1, 1)}},
      {n::spring_festival, spring_festival},
      {n::qingming, {qingming_day(year)}},
      {n::labour_day, consecutive_days(Date::from_ymd(year, 5, 1), year < 2025 ? 1 : 2)},
      {n::dragon_boat, {from_lunar({year, 5, 5, false})}},
      {n::mid_autumn, {from_lunar({year, 8, 15, false})}},
      {n::national_day, consecutive_days(Date::from_ymd(year, 10, 1), 3)},
  };
}

HolidayArrangement holidays_by_rule(int year) {
  namespace n = holiday_names;
  HolidayArrangement result{year, statutory_holidays(year), {}, {}};
  auto days_of = [&](const char* name) -> const std::vector<Date>& {
    for (const auto& h : result.statutory)
      if (h.name == name) return h.days;
    throw std::logic_error("statutory holidays without " + std::string(name));
  };
  const int spring_festival_days = static_cast<int>(days_of(n::spring_festival).size());
  const Date eve = from_lunar({year, 1, 1, false}) - 1;
  const Date mid_autumn = days_of(n::mid_autumn).front();
  const Date october_first = Date::from_ymd(year, 10, 1);

  std::vector<Break> breaks = {
      short_break(n::new_year, days_of(n::new_year).front()),
      {n::spring_festival, eve, eve + (year < 2025 ? 6 : 7), spring_festival_days},
      short_break(n::qingming, days_of(n::qingming).front()),
      labour_day_break(year, static_cast<int>(days_of(n::labour_day).size())),
      short_break(n::dragon_boat, days_of(n::dragon_boat).front()),
  };
  if (mid_autumn >= Date::from_ymd(year, 9, 28) && mid_autumn <= Date::from_ymd(year, 10, 8)) {
    const Date first = std::min(mid_autumn, october_first);
    breaks.push_back({n::national_day, first, first + 7, 4});
  } else {
    breaks.push_back(short_break(n::mid_autumn, mid_autumn));
    breaks.push_back({n::national_day, october_first, october_first + 6, 3});
  }
  std::sort(breaks.begin(), breaks.end(), [](const Break& a, const Break& b) { return a.first < b.first; });

  DayPlan plan(year);
  for (const auto& b : breaks) plan.mark_break(b);
  const int longest_work_run = year < 2025 ? 7 : 6;
  for (const auto& b : breaks) {
    const int owed = weekdays_in(b.first, b.last) - b.statutory_days;
    const auto worked = choose_makeup_days(plan, b, owed, longest_work_run);
    result.makeup_workdays.insert(result.makeup_workdays.end(), worked.begin(), worked.end());
  }
  for (const auto& b : breaks) {
    Date first = b.first, last = b.last;
    while (plan.is_free_weekend(first - 1)) first = first - 1;
    while (plan.is_free_weekend(last + 1)) last = last + 1;
    result.periods.push_back({b.name, first, last});
  }
  std::sort(result.makeup_workdays.begin(), result.makeup_workdays.end());
  return result;
}

}  // namespace yucun
