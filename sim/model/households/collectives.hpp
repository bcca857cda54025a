// The village collectives (cun jiti): each owns land and assets, collects
// entry fees, parking and rent, pays for village services and pays its
// members a dividend at the year's end.
#pragma once

#include <cstddef>
#include <vector>

#include "sim/core/ledger.hpp"

namespace yucun {

struct Collectives {
  std::vector<AccountId> account;  // per village
  // Income booked today, this month (for revenue sharing) and this year (for
  // the dividend); costs this year.
  std::vector<Fen> income_today, income_month, income_year, costs_year;
  std::vector<Fen> dividends_today;
  // Assets (start-year yuan: they earn in today's prices), and today's
  // non-operating grants (part of income_today).
  std::vector<double> assets_yuan;
  std::vector<Fen> grants_today, asset_income_today;

  explicit Collectives(std::size_t villages = 0)
      : income_today(villages, 0), income_month(villages, 0), income_year(villages, 0), costs_year(villages, 0),
        dividends_today(villages, 0), assets_yuan(villages, 0.0), grants_today(villages, 0),
        asset_income_today(villages, 0) {}

  void book_income(std::size_t village, Fen amount) {
    income_today[village] = checked_add(income_today[village], amount, "a collective's income today");
    income_year[village] = checked_add(income_year[village], amount, "a collective's income this year");
    income_month[village] = checked_add(income_month[village], amount, "a collective's income this month");
  }

  // The state that changes as the run goes on, for checkpoints (sim/io/checkpoint).
  template <class Archive> void serialize(Archive& ar) { ar(account, income_today, income_month, income_year, costs_year, dividends_today, assets_yuan, grants_today, asset_income_today); }
};

}  // namespace yucun
