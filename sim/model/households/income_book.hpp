// Household income by source: every payment to a household is booked here as
// well as in the ledger, by household (this month, the eleven months before,
// and this and last year's own-business income that job choice weighs) and
// by village and source (today), for the indicators.
//
// Memory per household is 68 bytes: closed months are kept as 32-bit fen
// (a month's income up to 21 million yuan); the rare month beyond that is
// kept exactly in a side table, so every figure stays exact.
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <map>
#include <vector>

#include "sim/core/ledger.hpp"

namespace yucun {

// `interest`: on deposits (with dividends, the statistics' property income);
// `enterprise`: profits of the private enterprises outside tourism and tea
// that households own (with tea, homestay and business, the statistics'
// business income; not own-business work, 7.16).
enum class IncomeSource : std::uint8_t { tea, homestay, wage, business, dividend, transfer, remittance, interest, enterprise, count };
inline constexpr std::size_t kIncomeSources = static_cast<std::size_t>(IncomeSource::count);
// Closed months kept besides the current one: together a rolling year.
inline constexpr std::size_t kPastMonths = 11;

class IncomeBook {
 public:
  IncomeBook(std::size_t households, std::size_t villages);
  // Memory per household (for the benchmarks' accounting).
  static constexpr std::size_t kBytesPerHousehold = 3 * sizeof(Fen) + kPastMonths * sizeof(std::int32_t);

  // Not synchronised: callers partition households (and their villages) among tasks.
  void credit(std::size_t household, std::size_t village, IncomeSource source, Fen amount) {
    const auto s = static_cast<std::size_t>(source);
    // Checked (money overflow: a scenario grown past the int64 fen range).
    month_[household] = checked_add(month_[household], amount, "a household's income this month");
    if (own_business(source))
      own_year_[household] = checked_add(own_year_[household], amount, "a household's own-business income this year");
    Fen& today = today_[village * kIncomeSources + s];
    today = checked_add(today, amount, "a village's income today");
  }
  // Income from the household's own farm and businesses: tea, homestay and
  // the firms it owns (what a worker in own-business work earns, 7.16).
  static constexpr bool own_business(IncomeSource s) {
    return s == IncomeSource::tea || s == IncomeSource::homestay || s == IncomeSource::business;
  }
  // Income booked so far this month.
  Fen this_month(std::size_t household) const { return month_[household]; }
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
  static constexpr std::int32_t kWide = std::numeric_limits<std::int32_t>::min();  // see wide_
  Fen past(std::size_t slot, std::size_t household) const {
    const std::int32_t v = past_[slot * households_ + household];
    return v != kWide ? v : wide_.at(slot * households_ + household);
  }

  std::size_t households_;
  std::vector<Fen> month_;  // [household]: this month so far
  // [kPastMonths][household], a ring: slot past_slot_ is the oldest month.
  // A month outside the 32-bit range holds kWide and its value is in wide_.
  std::vector<std::int32_t> past_;
  std::map<std::size_t, Fen> wide_;  // slot x households + household -> fen
  std::vector<Fen> today_;  // [village][source]
  std::vector<Fen> own_year_;       // [household]
  std::vector<Fen> own_last_year_;  // [household]
  std::size_t past_slot_ = 0;
  int months_recorded_ = 1;
 public:
  // The state that changes as the run goes on, for checkpoints (sim/io/checkpoint).
  template <class Archive> void serialize(Archive& ar) { ar(households_, month_, past_, wide_, today_, own_year_, own_last_year_, past_slot_, months_recorded_); }
};

// Gini coefficient of non-negative values (0 = equal, 1 = one holds all).
double gini(std::vector<double> values);
// The same, of values already sorted in ascending order (no copy, no sort).
double gini_of_sorted(const std::vector<double>& sorted);

}  // namespace yucun
