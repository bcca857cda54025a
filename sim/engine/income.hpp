// Household income by source: every payment to a household is booked here as
// well as in the ledger, by household (month by month for the past twelve
// months, and this and last year's own-business income that job choice
// weighs) and by village and source (today), for the indicators. Per
// household it keeps 14 numbers (112 bytes): the by-source yearly totals
// nothing reads are not kept.
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
    if (own_business(source)) own_year_[household] += amount;
    today_[village * kIncomeSources + s] += amount;
  }
  // Income from the household's own farm and businesses: tea, homestay and
  // the firms it owns (what a worker in own-business work earns, 7.16).
  static constexpr bool own_business(IncomeSource s) {
    return s == IncomeSource::tea || s == IncomeSource::homestay || s == IncomeSource::business;
  }
  // Income booked so far this month.
  Fen this_month(std::size_t household) const { return month_[month_slot_ * households_ + household]; }
  // This and last calendar year's own-business income of a household.
  Fen this_year_own_business(std::size_t household) const { return own_year_[household]; }
  Fen last_year_own_business(std::size_t household) const { return own_last_year_[household]; }
  // Closes the year: this year's own-business income becomes last year's.
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
  std::vector<Fen> own_year_;       // [household]
  std::vector<Fen> own_last_year_;  // [household]
  std::size_t month_slot_ = 0;
  int months_recorded_ = 1;
};

// Gini coefficient of non-negative values (0 = equal, 1 = one holds all).
double gini(std::vector<double> values);

}  // namespace yucun
