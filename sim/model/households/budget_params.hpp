// Typed parameters of household budgets (consumption, savings, transfers,
// homestay investment) and of the village collectives. Amounts in yuan are
// at calendar.start's prices and follow the consumer price level.
#pragma once

#include <string>
#include <vector>

#include "sim/core/field_bounds.hpp"

namespace yucun {

struct HouseholdBudgetParams {
  double consumption_yuan_per_person_month = 1100;  // for members at home
  double consumption_income_share = 0.3;            // of the month's income, on top
  // Savings above a buffer of this many months of income (the past twelve
  // months' mean) are spent down at this share a year, a month at a time.
  double savings_target_months = 18;
  double savings_spend_share_per_year = 0.3;
  double transfer_yuan_per_dependant_month = 180;   // pensions and child benefits
  // Interest on households' deposits, paid monthly by banks outside the area.
  double deposit_rate_per_year = 0;
  // Homestay investment, reviewed at every month end (a twelfth of the yearly
  // review share each month, ODD 7.20).
  double investment_review_share = 0.1;  // households that consider it each year
  double homestay_cost_per_bed_yuan = 25000;
  double homestay_beds_per_investment = 8;
  double homestay_payback_years = 5;
};

// Non-operating money a collective receives each year and spends on village
// projects in the same month (project funds from higher levels): it counts in
// the collective's income, as published figures do, but not in its profit.
struct CollectiveGrantSpec {
  std::string village;
  double yuan_per_year = 0;  // start-year yuan
};

struct CollectiveParams {
  double payout_ratio = 0.6;                 // of the year's profit paid as dividends
  double service_cost_yuan_per_resident_year = 250;
  double opening_cash_share_of_assets = 0.05;
  // Collective assets (buildings, land leases, shares in village companies)
  // earn asset_return_rate a year, paid monthly; at the year end
  // reinvest_share of the profit left after dividends is invested in assets.
  // So dividends have a cost: what is paid out earns nothing later.
  double asset_return_rate = 0;
  double reinvest_share = 0;
  std::vector<CollectiveGrantSpec> grants;
};

// The YAML keys of these parameters and their allowed ranges (the loader,
// the writer, validation and sweeps read them; docs/scenarios.md lists them).
template <class V> void fields(HouseholdBudgetParams& p, V&& v) {
  v("consumption_yuan_per_person_month", p.consumption_yuan_per_person_month, between(0, 1e6));
  v("consumption_income_share", p.consumption_income_share, share());
  v("savings_target_months", p.savings_target_months, between(0, 1200));
  v("savings_spend_share_per_year", p.savings_spend_share_per_year, share());
  v("transfer_yuan_per_dependant_month", p.transfer_yuan_per_dependant_month, between(0, 1e6));
  v("deposit_rate_per_year", p.deposit_rate_per_year, between(0, 0.5));
  v("investment_review_share", p.investment_review_share, share());
  v("homestay_cost_per_bed_yuan", p.homestay_cost_per_bed_yuan, between(0, 1e8));
  v("homestay_beds_per_investment", p.homestay_beds_per_investment, between(1, 1000));
  v("homestay_payback_years", p.homestay_payback_years, between(0, 100));
}

template <class V> void fields(CollectiveGrantSpec& p, V&& v) {
  v("village", p.village, required());
  v("yuan_per_year", p.yuan_per_year, between(0, 1e11));
}

template <class V> void fields(CollectiveParams& p, V&& v) {
  v("payout_ratio", p.payout_ratio, share());
  v("service_cost_yuan_per_resident_year", p.service_cost_yuan_per_resident_year, between(0, 1e6));
  v("opening_cash_share_of_assets", p.opening_cash_share_of_assets, share());
  v("asset_return_rate", p.asset_return_rate, between(0, 1));
  v("reinvest_share", p.reinvest_share, share());
  v("grants", p.grants);
}

}  // namespace yucun
