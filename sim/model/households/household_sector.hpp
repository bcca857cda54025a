// Households and their village collectives as one mechanism (docs/ODD.md 7.15,
// 7.19-7.21): the household and worker columns, the income book, public
// transfers, consumption, the collectives' services and dividends, and the
// income statistics the run reports.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "sim/core/ledger.hpp"
#include "sim/core/random_streams.hpp"
#include "sim/core/series.hpp"
#include "sim/model/households/budget_params.hpp"
#include "sim/model/households/collectives.hpp"
#include "sim/model/households/household_params.hpp"
#include "sim/model/households/households.hpp"
#include "sim/model/households/income_book.hpp"
#include "sim/model/households/workers.hpp"
#include "sim/model/shared/frame.hpp"
#include "sim/model/shared/in_force.hpp"
#include "sim/model/shared/series.hpp"
#include "sim/model/shared/village_accounts.hpp"
#include "sim/world/world_params.hpp"

namespace yucun {

class HouseholdSector {
 public:
  // Builds every village's households (opening their savings accounts).
  HouseholdSector(const WorldParams& world, const HouseholdParams& params, const HouseholdBudgetParams& budgets,
                  const CollectiveParams& collective, const TeaSkillRanges& tea, const Frame& frame);

  Households households;
  Workers workers;
  IncomeBook income;
  Collectives collectives;

  std::size_t villages() const { return world_.villages.size(); }
  std::int64_t village_population(std::size_t v) const;

  // Start of a day: today's income and collective books are empty.
  void start_day();
  // Month end: pensions and child benefits from the village's public purse.
  void pay_transfers();
  // Month end: the collectives pay for village services.
  void pay_collective_services();
  // Month end, after every income of the month: consumption.
  void consume();
  // Year end: the collectives pay a share of the year's profit to members.
  void pay_collective_dividends();
  // Month end: rolling-year incomes, their Gini and deciles.
  void update_income_statistics();
  // After the month's (and year's) last payment: the books turn.
  void close_month(bool year_end);
  // The day's values of the series households and collectives record.
  void record(DayIndicators& d) const;

  double gini() const { return gini_; }
  double rural_income_per_capita() const { return rural_income_per_capita_; }
  double village_income_per_capita(std::size_t v) const { return income_per_capita_[v]; }
  const std::array<double, kDeciles>& decile_share() const { return decile_share_; }
  const std::array<double, kDeciles>& decile_per_capita() const { return decile_per_capita_; }

 private:
  Frame frame_;
  const WorldParams& world_;
  const HouseholdBudgetParams& budgets_;
  const CollectiveParams& collective_;

  double gini_ = 0;
  std::vector<double> income_per_capita_;  // per village, rolling year, yuan
  double rural_income_per_capita_ = 0;
  std::array<double, kDeciles> decile_share_{}, decile_per_capita_{};
};

}  // namespace yucun
