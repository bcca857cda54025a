#include "sim/model/households/income_book.hpp"

#include <algorithm>

namespace yucun {

IncomeBook::IncomeBook(std::size_t households, std::size_t villages)
    : households_(households),
      month_(households, 0),
      past_(kPastMonths * households, 0),
      today_(villages * kIncomeSources, 0),
      own_year_(households, 0),
      own_last_year_(households, 0) {}

void IncomeBook::close_year() {
  own_last_year_.swap(own_year_);
  std::fill(own_year_.begin(), own_year_.end(), 0);
}

void IncomeBook::start_day() { std::fill(today_.begin(), today_.end(), 0); }

void IncomeBook::close_month() {
  // This month replaces the oldest closed month.
  const std::size_t slot = past_slot_;
  wide_.erase(wide_.lower_bound(slot * households_), wide_.lower_bound((slot + 1) * households_));
  std::int32_t* past = &past_[slot * households_];
  for (std::size_t h = 0; h < households_; ++h) {
    const Fen fen = month_[h];
    if (fen > std::numeric_limits<std::int32_t>::min() && fen <= std::numeric_limits<std::int32_t>::max()) {
      past[h] = static_cast<std::int32_t>(fen);
    } else {
      past[h] = kWide;
      wide_.emplace(slot * households_ + h, fen);
    }
  }
  std::fill(month_.begin(), month_.end(), 0);
  past_slot_ = (past_slot_ + 1) % kPastMonths;
  months_recorded_ = std::min(12, months_recorded_ + 1);
}

Fen IncomeBook::rolling_year(std::size_t household) const {
  Fen total = month_[household];
  for (std::size_t m = 0; m < kPastMonths; ++m) total = checked_add(total, past(m, household), "a household's income over twelve months");
  return total;
}

double gini(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return gini_of_sorted(values);
}

double gini_of_sorted(const std::vector<double>& values) {
  if (values.empty()) return 0;
  double weighted = 0, total = 0;
  const double n = static_cast<double>(values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    weighted += (2.0 * static_cast<double>(i + 1) - n - 1.0) * values[i];
    total += values[i];
  }
  return total > 0 ? weighted / (n * total) : 0.0;
}

}  // namespace yucun
