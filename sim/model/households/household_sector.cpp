#include "sim/model/households/household_sector.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_sort.h>

namespace yucun {

HouseholdSector::HouseholdSector(const WorldParams& world, const HouseholdParams& params,
                                 const HouseholdBudgetParams& budgets, const CollectiveParams& collective,
                                 const EnterpriseParams& enterprise_params, const TeaSkillRanges& tea,
                                 const Frame& frame)
    : households(build_households(world.villages, params, tea, frame.rng, frame.ledger)),
      income(households.size(), world.villages.size()),
      collectives(world.villages.size()),
      enterprises(world, enterprise_params, households, frame.rng),
      frame_(frame),
      world_(world),
      params_(params),
      budgets_(budgets),
      collective_(collective),
      income_per_capita_(world.villages.size(), kMissing) {
  grants_yuan_per_year_.assign(world.villages.size(), 0.0);
  for (std::size_t v = 0; v < world.villages.size(); ++v) {
    collectives.assets_yuan[v] = world.villages[v].collective_assets_yuan;
    for (const CollectiveGrantSpec& g : collective.grants)
      if (g.village == world.villages[v].name) grants_yuan_per_year_[v] += g.yuan_per_year;
  }
}

// Assets earn a return from outside the area (leases paid by firms and
// tenants from elsewhere, dividends of companies whose business is mostly
// with visitors); grants arrive and are spent on projects at once.
void HouseholdSector::collect_asset_returns_and_grants() {
  const double price = frame_.today.price_level;
  for (std::size_t v = 0; v < villages(); ++v) {
    const AccountId collective = collectives.account[v];
    const AccountId outside = frame_.accounts.outside_world[v];
    const Fen returns = to_fen(collectives.assets_yuan[v] * collective_.asset_return_rate / 12.0 * price);
    frame_.ledger.transfer(outside, collective, returns);
    collectives.book_income(v, returns);
    collectives.asset_income_today[v] = checked_add(collectives.asset_income_today[v], returns, "a collective's asset income");
    if (grants_yuan_per_year_[v] > 0) {
      const Fen grant = to_fen(grants_yuan_per_year_[v] / 12.0 * price);
      frame_.ledger.transfer(outside, collective, grant);
      collectives.book_income(v, grant);
      frame_.ledger.transfer(collective, outside, grant);
      collectives.costs_year[v] = checked_add(collectives.costs_year[v], grant, "a collective's costs this year");
      collectives.grants_today[v] = checked_add(collectives.grants_today[v], grant, "a collective's grants today");
    }
  }
}

void HouseholdSector::invest_collective_savings() {
  if (collective_.reinvest_share <= 0) return;
  for (std::size_t v = 0; v < villages(); ++v) {
    const Fen kept = checked_sub(checked_sub(collectives.income_year[v], collectives.costs_year[v], "a collective's surplus"),
                                 collectives.dividends_today[v], "a collective's surplus");
    const Fen invest = std::min(static_cast<Fen>(std::llround(collective_.reinvest_share * static_cast<double>(std::max<Fen>(0, kept)))),
                                frame_.ledger.balance(collectives.account[v]));
    if (invest <= 0) continue;
    frame_.ledger.transfer(collectives.account[v], frame_.accounts.outside_world[v], invest);
    collectives.assets_yuan[v] += static_cast<double>(invest) / kFenPerYuan / frame_.today.price_level;
  }
}

std::int64_t HouseholdSector::village_population(std::size_t v) const {
  std::int64_t people = 0;
  for (std::size_t i = households.begin_of(v); i != households.end_of(v); ++i) people += households.members[i];
  return people;
}

double HouseholdSector::transfers_yuan_month(std::size_t h) const {
  return budgets_.transfer_yuan_per_dependant_month * (households.members[h] - households.labour[h]);
}

// Where consume() holds a household's savings S at a steady monthly income
// y from work and transfers (prices at the start, members at home m), with
// interest i S on top (i the monthly deposit rate): income = spending, that is
//   Y = floor m + share Y + (draw_down / 12) (S - target_months Y), Y = y + i S,
// so S = ((1 - share) y - floor m + d T y) / (d (1 - T i) - (1 - share) i),
// d = draw_down / 12, T = target_months (without interest: the buffer T y
// plus 12 ((1 - share) y - floor m) / draw_down) when the surplus is
// positive. A household without a surplus runs its savings down, so it
// settles at none. Where savings never settle (no draw-down, or interest
// outrunning it): the buffer alone.
double HouseholdSector::settled_savings_yuan(std::size_t h, double income_yuan_month) const {
  const double buffer = budgets_.savings_target_months * income_yuan_month;
  const double at_home = households.members[h] - households.migrants[h];
  const double surplus = (1.0 - budgets_.consumption_income_share) * income_yuan_month -
                         budgets_.consumption_yuan_per_person_month * at_home;
  if (surplus <= 0) return 0.0;
  const double d = budgets_.savings_spend_share_per_year / 12.0;
  const double i = budgets_.deposit_rate_per_year / 12.0;
  const double denominator = d * (1.0 - budgets_.savings_target_months * i) - (1.0 - budgets_.consumption_income_share) * i;
  if (!(denominator > 0)) return buffer;
  return (surplus + d * buffer) / denominator;
}

void HouseholdSector::open_savings(const std::vector<double>& expected_earnings_yuan_month) {
  // Owners also expect their enterprises' profits (7.27).
  std::vector<double> profits(households.size(), 0.0);
  const double profit = enterprises.profit_yuan_month(frame_.today, frame_.calendar.start());
  for (std::size_t e = 0; e < enterprises.size(); ++e) profits[enterprises.owner(e)] += profit;
  const double s = params_.savings_log_sd;
  for (std::size_t h = 0; h < households.size(); ++h) {
    // Lognormal with mean 1: exp(s z - s^2 / 2).
    const double z = frame_.rng.draw(Stream::population, 0, h, Purpose::savings).normal(0);
    const double income = std::max(0.0, expected_earnings_yuan_month[h] + transfers_yuan_month(h) + profits[h]);
    const double level = params_.opening_savings == OpeningSavings::settled ? settled_savings_yuan(h, income)
                                                                             : params_.savings_months_of_income * income;
    // (At most a trillion yuan: far above any household, so that extreme
    // parameters cannot overflow the ledger.)
    const Fen savings = to_fen(std::min(1e12, level * std::exp(s * z - 0.5 * s * s)));
    // Savings built before the run, held outside the area's accounts until now.
    frame_.ledger.transfer(frame_.accounts.outside_world[households.village[h]], households.account[h], savings);
  }
}

void HouseholdSector::start_day() {
  income.start_day();
  std::fill(collectives.income_today.begin(), collectives.income_today.end(), 0);
  std::fill(collectives.dividends_today.begin(), collectives.dividends_today.end(), 0);
  std::fill(collectives.grants_today.begin(), collectives.grants_today.end(), 0);
  std::fill(collectives.asset_income_today.begin(), collectives.asset_income_today.end(), 0);
}

void HouseholdSector::pay_transfers() {
  const Fen transfer = to_fen(budgets_.transfer_yuan_per_dependant_month * frame_.today.price_level);
  for (std::size_t h = 0; h < households.size(); ++h) {
    const std::size_t v = households.village[h];
    const AccountId account = households.account[h];
    const Fen benefits = transfer * (households.members[h] - households.labour[h]);
    frame_.ledger.transfer(frame_.accounts.government[v], account, benefits);
    income.credit(h, v, IncomeSource::transfer, benefits);
    frame_.public_money.public_spending += benefits;
  }
}

// Interest on the month's closing deposits, at today's rate (a twelfth of
// the yearly one), from banks outside the area.
void HouseholdSector::pay_interest() {
  const double monthly = budgets_.deposit_rate_per_year / 12.0;
  if (monthly <= 0) return;
  for (std::size_t h = 0; h < households.size(); ++h) {
    const std::size_t v = households.village[h];
    const Fen balance = frame_.ledger.balance(households.account[h]);
    if (balance <= 0) continue;
    const auto interest = static_cast<Fen>(std::llround(monthly * static_cast<double>(balance)));
    frame_.ledger.transfer(frame_.accounts.outside_world[v], households.account[h], interest);
    income.credit(h, v, IncomeSource::interest, interest);
  }
}

void HouseholdSector::pay_enterprise_profits() { enterprises.pay_profits(frame_, households, income); }

void HouseholdSector::pay_collective_services() {
  for (std::size_t v = 0; v < villages(); ++v) {
    const Fen services =
        to_fen(collective_.service_cost_yuan_per_resident_year * frame_.today.price_level / 12.0 *
               static_cast<double>(village_population(v)));
    const Fen paid = std::min(services, frame_.ledger.balance(collectives.account[v]));
    frame_.ledger.transfer(collectives.account[v], frame_.accounts.outside_world[v], paid);
    collectives.costs_year[v] = checked_add(collectives.costs_year[v], paid, "a collective's costs this year");
  }
}

// A floor per member at home (at today's prices) plus a share of the
// month's income, plus a share of the savings above a buffer of months of
// income, as far as savings allow. The buffer is measured in the mean
// monthly income of the months recorded (at most the past twelve), so
// savings follow income rather than pile up.
void HouseholdSector::consume() {
  const double floor_yuan = budgets_.consumption_yuan_per_person_month * frame_.today.price_level;
  const double draw_down = budgets_.savings_spend_share_per_year / 12.0;
  const double months = static_cast<double>(std::max(1, income.months_recorded()));
  for (std::size_t h = 0; h < households.size(); ++h) {
    const AccountId account = households.account[h];
    const double month_income = static_cast<double>(std::max<Fen>(0, income.this_month(h)));
    const double mean_month_income = static_cast<double>(std::max<Fen>(0, income.rolling_year(h))) / months;
    const double buffer = budgets_.savings_target_months * mean_month_income;
    const double above_buffer = std::max(0.0, static_cast<double>(frame_.ledger.balance(account)) - buffer);
    const Fen spend = to_fen(floor_yuan * (households.members[h] - households.migrants[h])) +
                      static_cast<Fen>(std::llround(budgets_.consumption_income_share * month_income)) +
                      static_cast<Fen>(std::llround(draw_down * above_buffer));
    frame_.ledger.transfer(account, frame_.accounts.outside_world[households.village[h]], std::min(spend, frame_.ledger.balance(account)));
  }
}

// Every registered resident is a member, through their household; the rule
// in force may split by household instead.
void HouseholdSector::pay_collective_dividends() {
  const double payout_ratio = frame_.in_force.dividend_payout_ratio;
  const bool by_household = frame_.in_force.dividend_basis == DividendBasis::households;
  for (std::size_t v = 0; v < villages(); ++v) {
    const Fen profit = collectives.income_year[v] - collectives.costs_year[v];
    const Fen dividend = std::min(static_cast<Fen>(std::llround(payout_ratio * static_cast<double>(std::max<Fen>(0, profit)))),
                                  frame_.ledger.balance(collectives.account[v]));
    if (dividend <= 0) continue;
    if (households.end_of(v) == households.begin_of(v)) continue;  // no members to pay
    std::vector<double> members;
    for (std::size_t i = households.begin_of(v); i != households.end_of(v); ++i)
      members.push_back(by_household ? 1.0 : households.members[i]);
    const auto shares = split_proportional(dividend, members);
    for (std::size_t k = 0; k < shares.size(); ++k) {
      const std::size_t h = households.begin_of(v) + k;
      frame_.ledger.transfer(collectives.account[v], households.account[h], shares[k]);
      income.credit(h, v, IncomeSource::dividend, shares[k]);
    }
    collectives.dividends_today[v] = dividend;
  }
}

// Per-capita income over the past twelve months, its Gini across households,
// and area and village means. Until twelve months are booked (a run without
// spin-up) they are missing values: a part-year sum is not a yearly income.
void HouseholdSector::update_income_statistics() {
  if (income.months_recorded() < 12) {
    const double missing = std::numeric_limits<double>::quiet_NaN();
    gini_ = rural_income_per_capita_ = missing;
    std::fill(income_per_capita_.begin(), income_per_capita_.end(), missing);
    decile_share_.fill(missing);
    decile_per_capita_.fill(missing);
    return;
  }
  std::vector<double> per_capita(households.size());
  double area_income = 0, area_people = 0;
  for (std::size_t v = 0; v < villages(); ++v) {
    double village_income = 0, people = 0;
    for (std::size_t h = households.begin_of(v); h != households.end_of(v); ++h) {
      const double yuan = static_cast<double>(income.rolling_year(h)) / kFenPerYuan;
      per_capita[h] = std::max(0.0, yuan / households.members[h]);
      village_income += yuan;
      people += households.members[h];
    }
    income_per_capita_[v] = people > 0 ? village_income / people : 0.0;
    area_income += village_income;
    area_people += people;
  }
  rural_income_per_capita_ = area_people > 0 ? area_income / area_people : 0.0;
  // Households ranked by per-capita income, for the Gini and the deciles.
  // (Sorted doubles are one sequence however the sort splits the work.)
  tbb::parallel_sort(per_capita.begin(), per_capita.end());
  gini_ = gini_of_sorted(per_capita);
  double total = 0;
  for (double x : per_capita) total += x;
  const std::size_t n = per_capita.size();
  for (std::size_t d = 0; d < kDeciles; ++d) {
    const std::size_t first = d * n / kDeciles, last = (d + 1) * n / kDeciles;
    double sum = 0;
    for (std::size_t i = first; i < last; ++i) sum += per_capita[i];
    decile_share_[d] = total > 0 ? sum / total : 0.0;
    decile_per_capita_[d] = last > first ? sum / static_cast<double>(last - first) : 0.0;
  }
}

void HouseholdSector::close_month(bool year_end) {
  income.close_month();
  if (!year_end) return;
  income.close_year();
  std::fill(collectives.income_year.begin(), collectives.income_year.end(), 0);
  std::fill(collectives.costs_year.begin(), collectives.costs_year.end(), 0);
}

void HouseholdSector::record(DayIndicators& d) const {
  d.real(series::gini) = gini_;
  d.real(series::rural_income_per_capita) = rural_income_per_capita_;
  for (std::size_t q = 0; q < kDeciles; ++q) {
    d.real(series::income_decile_share, q) = decile_share_[q];
    d.real(series::income_decile_per_capita, q) = decile_per_capita_[q];
  }
  d.integer(series::public_spending) = frame_.public_money.public_spending;
  // Each village's sums run in household order, so the same whatever the
  // thread count; tasks of about 4,096 households.
  const std::size_t n = villages();
  const std::size_t grain = std::max<std::size_t>(1, n * 4096 / std::max<std::size_t>(1, households.size()));
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n, grain), [&](const tbb::blocked_range<std::size_t>& r) {
    for (std::size_t v = r.begin(); v != r.end(); ++v) {
      d.integer(series::income_tea, v) = income.today(v, IncomeSource::tea);
      d.integer(series::income_homestay, v) = income.today(v, IncomeSource::homestay);
      d.integer(series::income_wage, v) = income.today(v, IncomeSource::wage);
      d.integer(series::income_business, v) = income.today(v, IncomeSource::business);
      d.integer(series::income_dividend, v) = income.today(v, IncomeSource::dividend);
      d.integer(series::income_transfer, v) = income.today(v, IncomeSource::transfer);
      d.integer(series::income_remittance, v) = income.today(v, IncomeSource::remittance);
      d.integer(series::income_interest, v) = income.today(v, IncomeSource::interest);
      d.integer(series::income_enterprise, v) = income.today(v, IncomeSource::enterprise);
      d.real(series::village_income_per_capita, v) = income_per_capita_[v];
      d.integer(series::collective_income, v) = collectives.income_today[v];
      d.integer(series::collective_dividends, v) = collectives.dividends_today[v];
      d.integer(series::collective_grants, v) = collectives.grants_today[v];
      d.integer(series::collective_asset_income, v) = collectives.asset_income_today[v];
      d.real(series::collective_assets, v) = collectives.assets_yuan[v];
      Fen deposits = 0;
      for (std::size_t i = households.begin_of(v); i != households.end_of(v); ++i)
        deposits = checked_add(deposits, frame_.ledger.balance(households.account[i]), "a village's household deposits");
      d.integer(series::household_deposits, v) = deposits;
    }
  });
}

}  // namespace yucun
