// Household income by source: every payment to a household is booked here as
// well as in the ledger, by household (this year, and month by month for the
// past twelve months) and by village (today), for the indicators.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "sim/engine/ledger.hpp"

namespace yucun {

enum class IncomeSource : std::uint8_t { tea, homestay, wage, business, dividend, transfer, remittance, count };
inline constexpr std::size_t kIncomeSources = static_cast<std::size_t>(IncomeSource::count);

class IncomeBook {
 public:
  IncomeBook(std::size_t households, std::size_t villages);

  // Not synchronised: callers partition households (and their villages) among tasks.
  void credit(std::size_t household, std::size_t village, IncomeSource source, Fen amount) {
    const auto s = static_cast<std::size_t>(source);
    month_[month_slot_ * households_ + household] += amount;
    year_[s * households_ + household] += amount;
    today_[village * kIncomeSources + s] += amount;
  }
  // Income booked so far this month.
  Fen this_month(std::size_t household) const { return month_[month_slot_ * households_ + household]; }
  // This calendar year's income of a household from one source.
  Fen this_year(std::size_t household, IncomeSource source) const {
    return year_[static_cast<std::size_t>(source) * households_ + household];
  }
  Fen last_year(std::size_t household, IncomeSource source) const {
    return last_year_[static_cast<std::size_t>(source) * households_ + household];
  }
  // Closes the year: this year's income by source becomes last year's.
  void close_year();

  Fen today(std::size_t village, IncomeSource source) const {
    return today_[village * kIncomeSources + static_cast<std::size_t>(source)];
  }
  void start_day();
  // Closes the month: the oldest month drops out of the rolling year.
  void close_month();
  // Income over the past twelve months (fewer at the start of a run).
  Fen rolling_year(std::size_t household) const;
  int months_recorded() const { return months_recorded_; }

 private:
  std::size_t households_;
  std::vector<Fen> month_;  // [12 months][household], ring indexed by month_slot_
  std::vector<Fen> today_;  // [village][source]
  std::vector<Fen> year_;       // [source][household]
  std::vector<Fen> last_year_;  // [source][household]
  std::size_t month_slot_ = 0;
  int months_recorded_ = 1;
};

// Gini coefficient of non-negative values (0 = equal, 1 = one holds all).
double gini(std::vector<double> values);

}  // namespace yucun
