#include "sim/core/date.hpp"

#include <charconv>

#include <fmt/format.h>

namespace yucun {

namespace {
std::optional<unsigned> parse_digits(std::string_view text) {
  if (text.empty()) return std::nullopt;
  for (char c : text)
    if (c < '0' || c > '9') return std::nullopt;
  unsigned value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return value;
}
}  // namespace

Date Date::from_ymd(int year, unsigned month, unsigned day) {
  const std::chrono::sys_days d{std::chrono::year{year} / std::chrono::month{month} / std::chrono::day{day}};
  return Date(static_cast<std::int32_t>(d.time_since_epoch().count()));
}

std::optional<Date> Date::parse(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  auto y = parse_digits(text.substr(0, 4));
  auto m = parse_digits(text.substr(5, 2));
  auto d = parse_digits(text.substr(8, 2));
  if (!y || !m || !d) return std::nullopt;
  const std::chrono::year_month_day ymd{std::chrono::year{static_cast<int>(*y)}, std::chrono::month{*m},
                                        std::chrono::day{*d}};
  if (!ymd.ok()) return std::nullopt;
  return from_ymd(static_cast<int>(*y), *m, *d);
}

std::chrono::year_month_day Date::ymd() const {
  return std::chrono::year_month_day{std::chrono::sys_days{std::chrono::days{days_}}};
}

int Date::year() const { return static_cast<int>(ymd().year()); }
unsigned Date::month() const { return static_cast<unsigned>(ymd().month()); }
unsigned Date::day() const { return static_cast<unsigned>(ymd().day()); }

unsigned Date::iso_weekday_index() const {
  return std::chrono::weekday{std::chrono::sys_days{std::chrono::days{days_}}}.iso_encoding() - 1;
}

int Date::day_of_year() const { return *this - from_ymd(year(), 1, 1); }

std::string Date::to_string() const { return fmt::format("{:04d}-{:02d}-{:02d}", year(), month(), day()); }

std::optional<MonthDay> MonthDay::parse(std::string_view text) {
  if (text.size() != 5 || text[2] != '-') return std::nullopt;
  auto m = parse_digits(text.substr(0, 2));
  auto d = parse_digits(text.substr(3, 2));
  if (!m || !d) return std::nullopt;
  // Checked against a leap year so that 02-29 is accepted.
  const std::chrono::year_month_day ymd{std::chrono::year{2024}, std::chrono::month{*m}, std::chrono::day{*d}};
  if (!ymd.ok()) return std::nullopt;
  return MonthDay{*m, *d};
}

Date MonthDay::in_year(int year) const {
  const std::chrono::year_month_day ymd{std::chrono::year{year}, std::chrono::month{month}, std::chrono::day{day}};
  if (!ymd.ok()) return Date::from_ymd(year, month, day - 1);
  return Date::from_ymd(year, month, day);
}

std::string MonthDay::to_string() const { return fmt::format("{:02d}-{:02d}", month, day); }

}  // namespace yucun
