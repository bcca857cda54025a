// Households and their village collectives as one mechanism (docs/ODD.md 7.15,
// 7.19-7.21): the household and worker columns, the income book, public
// transfers, consumption, the collectives' services and dividends, and the
// income statistics the run reports.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

#include "sim/core/ledger.hpp"
#include "sim/core/random_streams.hpp"
#include "sim/core/series.hpp"
#include "sim/model/households/budget_params.hpp"
#include "sim/model/households/collectives.hpp"
#include "sim/model/households/household_params.hpp"
#include "sim/model/households/households.hpp"
#include "sim/model/households/income_book.hpp"
#include "sim/model/households/private_enterprises.hpp"
#include "sim/model/households/workers.hpp"
#include "sim/model/shared/frame.hpp"
#include "sim/model/shared/in_force.hpp"
#include "sim/model/shared/series.hpp"
#include "sim/model/shared/village_accounts.hpp"
#include "sim/world/world_params.hpp"

namespace yucun {

// Own-business income expected before any has been seen, yuan.
struct ExpectedOwnIncome {
  std::vector<double> month_yuan;   // [household * 12 + month - 1]: on the days of each calendar month outside the tea harvest
  // [household]: on the days of one tea harvest, with every working member
  // picking each day, and with every one picking on the employed share of days.
  std::vector<double> season_yuan, season_employed_yuan;

  // The state that changes as the run goes on, for checkpoints (sim/io/checkpoint).
  template <class Archive> void serialize(Archive& ar) { ar(month_yuan, season_yuan, season_employed_yuan); }
};

class HouseholdSector {
 public:
  // Builds every village's households (opening their savings accounts).
  HouseholdSector(const WorldParams& world, const HouseholdParams& params, const HouseholdBudgetParams& budgets,
                  const CollectiveParams& collective, const EnterpriseParams& enterprises, const TeaSkillRanges& tea,
                  const Frame& frame);

  Households households;
  Workers workers;
  IncomeBook income;
  Collectives collectives;
  // Fixed once built: which households own the private enterprises.
  PrivateEnterprises enterprises;
  // Own-business income each household expects before it has seen a year,
  // filled while the run is built by the mechanisms that pay it (a tea
  // season on paper; beds at the expected occupancy); job choice starts from
  // it (7.16).
  ExpectedOwnIncome expected_own_income;

  std::size_t villages() const { return world_.villages.size(); }
  std::int64_t village_population(std::size_t v) const;

  // Once jobs are known at the start: each household's savings account
  // opens (from the outside world) at the level households.opening_savings
  // names, from its expected income (its members' earnings, yuan a month,
  // given, and the transfers it will receive), times its own lognormal draw.
  void open_savings(const std::vector<double>& expected_earnings_yuan_month);
  // The savings consume() holds a household at, at a steady income.
  double settled_savings_yuan(std::size_t household, double income_yuan_month) const;
  // Expected transfers of a household, yuan a month at start prices.
  double transfers_yuan_month(std::size_t household) const;
  // Start of a day: today's income and collective books are empty.
  void start_day();
  // Month end: pensions and child benefits from the village's public purse.
  void pay_transfers();
  // Month end: interest on households' deposits (budgets.deposit_rate_per_year).
  void pay_interest();
  // Month end: the private enterprises' profits to their owners.
  void pay_enterprise_profits();
  // Month end: the collectives pay for village services.
  void pay_collective_services();
  // Month end, after every income of the month: consumption (a floor per
  // member at home, a share of the month's income, and a share of savings
  // above a buffer of months of income).
  void consume();
  // Year end: the collectives pay a share of the year's profit to members.
  void pay_collective_dividends();
  // Month end: the collectives' asset returns, and grants in and out again.
  void collect_asset_returns_and_grants();
  // Year end, after dividends: part of the profit kept is invested in assets.
  void invest_collective_savings();
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
  const HouseholdParams& params_;
  const HouseholdBudgetParams& budgets_;
  const CollectiveParams& collective_;
  std::vector<double> grants_yuan_per_year_;  // per village

  // Missing (NaN) until the income book holds twelve months.
  static constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();
  double gini_ = kMissing;
  std::vector<double> income_per_capita_;  // per village, rolling year, yuan
  double rural_income_per_capita_ = kMissing;
  std::array<double, kDeciles> decile_share_ = filled(kMissing), decile_per_capita_ = filled(kMissing);
  static std::array<double, kDeciles> filled(double x) { std::array<double, kDeciles> a; a.fill(x); return a; }
 public:
  // The state that changes as the run goes on, for checkpoints (sim/io/checkpoint).
  template <class Archive> void serialize(Archive& ar) { ar(households, workers, income, collectives, expected_own_income, grants_yuan_per_year_, gini_, income_per_capita_, rural_income_per_capita_, decile_share_, decile_per_capita_); }
};

}  // namespace yucun
