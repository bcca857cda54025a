#include "sim/engine/income.hpp"

#include <algorithm>

namespace yucun {

IncomeBook::IncomeBook(std::size_t households, std::size_t villages)
    : households_(households),
      month_(12 * households, 0),
      today_(villages * kIncomeSources, 0),
      own_year_(households, 0),
      own_last_year_(households, 0) {}

void IncomeBook::close_year() {
  own_last_year_.swap(own_year_);
  std::fill(own_year_.begin(), own_year_.end(), 0);
}

void IncomeBook::start_day() { std::fill(today_.begin(), today_.end(), 0); }

void IncomeBook::close_month() {
  month_slot_ = (month_slot_ + 1) % 12;
  std::fill_n(&month_[month_slot_ * households_], households_, 0);
  months_recorded_ = std::min(12, months_recorded_ + 1);
}

Fen IncomeBook::rolling_year(std::size_t household) const {
  Fen total = 0;
  for (std::size_t m = 0; m < 12; ++m) total += month_[m * households_ + household];
  return total;
}

double gini(std::vector<double> values) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  double weighted = 0, total = 0;
  const double n = static_cast<double>(values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    weighted += (2.0 * static_cast<double>(i + 1) - n - 1.0) * values[i];
    total += values[i];
  }
  return total > 0 ? weighted / (n * total) : 0.0;
}

}  // namespace yucun
