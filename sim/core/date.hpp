// Calendar dates as whole days, the model's unit of time.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace yucun {

// A civil date (proleptic Gregorian), stored as days since 1970-01-01 so that
// arithmetic and comparison are plain integer operations.
class Date {
 public:
  constexpr Date() = default;
  static Date from_ymd(int year, unsigned month, unsigned day);
  static Date from_days(std::int32_t days_since_epoch) { return Date(days_since_epoch); }
  // Parses "YYYY-MM-DD"; nullopt when malformed or not a real date (2023-02-30).
  static std::optional<Date> parse(std::string_view text);

  std::int32_t days_since_epoch() const { return days_; }
  int year() const;
  unsigned month() const;
  unsigned day() const;
  // 0 = Monday ... 6 = Sunday (ISO order).
  unsigned iso_weekday_index() const;
  bool is_weekend() const { return iso_weekday_index() >= 5; }
  int day_of_year() const;  // 0-based
  std::string to_string() const;

  Date operator+(int days) const { return Date(days_ + days); }
  Date operator-(int days) const { return Date(days_ - days); }
  int operator-(Date other) const { return days_ - other.days_; }
  auto operator<=>(const Date&) const = default;

  template <class Archive> void serialize(Archive& ar) { ar(days_); }

 private:
  constexpr explicit Date(std::int32_t days) : days_(days) {}
  std::chrono::year_month_day ymd() const;
  std::int32_t days_ = 0;
};

// A month and day without a year ("03-20"), for windows that recur every year.
struct MonthDay {
  unsigned month = 1;
  unsigned day = 1;
  // Parses "MM-DD"; nullopt when malformed or not a day of a leap year.
  static std::optional<MonthDay> parse(std::string_view text);
  Date in_year(int year) const;  // 02-29 falls back to 02-28 in common years
  std::string to_string() const;
  auto operator<=>(const MonthDay&) const = default;
};

}  // namespace yucun
