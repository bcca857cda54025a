// Typed parameters of household budgets (consumption, transfers, homestay
// investment) and of the village collectives.
#pragma once

namespace yucun {

struct HouseholdBudgetParams {
  double consumption_yuan_per_person_month = 1100;  // for members at home
  double consumption_income_share = 0.3;            // of the month's income, on top
  double transfer_yuan_per_dependant_month = 180;   // pensions and child benefits
  // Homestay investment, reviewed at each year's end (31 December).
  double investment_review_share = 0.1;  // households that consider it each year
  double homestay_cost_per_bed_yuan = 25000;
  double homestay_beds_per_investment = 8;
  double homestay_payback_years = 5;
};

struct CollectiveParams {
  double payout_ratio = 0.6;                 // of the year's profit paid as dividends
  double service_cost_yuan_per_resident_year = 250;
  double opening_cash_share_of_assets = 0.05;
};

}  // namespace yucun
