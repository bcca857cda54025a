#include <doctest/doctest.h>

#include "sim/core/calendar.hpp"
#include "sim/core/date.hpp"

using namespace yucun;

TEST_CASE("dates parse strictly and do arithmetic in days") {
  CHECK(Date::parse("2024-02-29").has_value());
  CHECK_FALSE(Date::parse("2023-02-29").has_value());
  CHECK_FALSE(Date::parse("2023-13-01").has_value());
  CHECK_FALSE(Date::parse("2023-1-01").has_value());
  CHECK_FALSE(Date::parse("23-01-01x").has_value());
  const Date d = *Date::parse("2023-12-31");
  CHECK((d + 1).to_string() == "2024-01-01");
  CHECK(*Date::parse("2024-03-01") - *Date::parse("2024-02-01") == 29);
  CHECK(Date::from_ymd(2023, 1, 1).iso_weekday_index() == 6);  // a Sunday
  CHECK(Date::from_ymd(2023, 1, 2).iso_weekday_index() == 0);  // a Monday
  CHECK(Date::from_ymd(2024, 12, 31).day_of_year() == 365);
}

TEST_CASE("month-days recur each year; 02-29 falls back in common years") {
  CHECK(MonthDay::parse("03-20")->in_year(2025) == Date::from_ymd(2025, 3, 20));
  CHECK(MonthDay::parse("02-29")->in_year(2023) == Date::from_ymd(2023, 2, 28));
  CHECK_FALSE(MonthDay::parse("02-30").has_value());
  CHECK_FALSE(MonthDay::parse("3-20").has_value());
}

TEST_CASE("calendar: weekends, public holidays, make-up workdays, summer") {
  CalendarParams p;
  p.start = Date::from_ymd(2023, 1, 1);
  p.years = 2;
  p.holidays = {{"spring_festival", Date::from_ymd(2023, 1, 21), Date::from_ymd(2023, 1, 27)},
                {"national_day", Date::from_ymd(2023, 9, 29), Date::from_ymd(2023, 10, 6)}};
  p.makeup_workdays = {Date::from_ymd(2023, 1, 28), Date::from_ymd(2023, 1, 29)};
  const Calendar c(p);
  CHECK(c.day_count() == 365 + 366);
  CHECK(c.end() == Date::from_ymd(2024, 12, 31));
  CHECK(c.day_type(Date::from_ymd(2023, 1, 4)) == DayType::workday);    // Wednesday
  CHECK(c.day_type(Date::from_ymd(2023, 1, 7)) == DayType::weekend);    // Saturday
  CHECK(c.day_type(Date::from_ymd(2023, 1, 24)) == DayType::public_holiday);  // Tuesday in the holiday
  CHECK(c.day_type(Date::from_ymd(2023, 1, 28)) == DayType::workday);   // Saturday worked (tiaoxiu)
  CHECK(c.holiday_name(Date::from_ymd(2023, 10, 1)) == "national_day");
  CHECK(c.holiday_name(Date::from_ymd(2023, 10, 7)).empty());
  CHECK(c.is_summer_holiday(Date::from_ymd(2024, 7, 1)));
  CHECK(c.is_summer_holiday(Date::from_ymd(2024, 8, 31)));
  CHECK_FALSE(c.is_summer_holiday(Date::from_ymd(2024, 9, 1)));
}

TEST_CASE("calendar: harvest windows") {
  CalendarParams p;
  p.years = 2;
  Calendar c(p);
  c.set_harvest_windows({{Date::from_ymd(2024, 3, 22), 18}, {Date::from_ymd(2023, 3, 26), 18}});
  REQUIRE(c.harvest_windows().size() == 2);
  CHECK(c.harvest_windows()[0].first.year() == 2023);  // sorted
  CHECK(c.harvest_window_on(Date::from_ymd(2023, 3, 25)) == nullptr);
  CHECK(c.harvest_window_on(Date::from_ymd(2023, 3, 26)) != nullptr);
  CHECK(c.harvest_window_on(Date::from_ymd(2023, 4, 12)) != nullptr);  // day 18
  CHECK(c.harvest_window_on(Date::from_ymd(2023, 4, 13)) == nullptr);
}
