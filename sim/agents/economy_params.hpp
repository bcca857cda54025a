// Typed parameters of firms, jobs, household budgets, collectives, the outside
// world and scheduled events.
#pragma once

#include <string>
#include <vector>

#include "sim/world/date.hpp"

namespace yucun {

struct FirmParams {
  // Initial firms are built from each village's capacities.
  double seats_per_restaurant = 60;
  double firm_bed_share = 0.3;            // of a village's beds run by homestay enterprises
  double beds_per_homestay_firm = 24;
  double beds_per_household_homestay = 10;
  double activity_slots_per_operator = 200;  // visitors an operator serves a day
  // Staff needed.
  double staff_per_restaurant = 5;
  double staff_per_homestay_firm = 4;
  double staff_per_activity_operator = 6;
  // Rent to the village collective, per unit of capacity and month.
  double lease_yuan_per_seat_month = 20;
  double lease_yuan_per_bed_month = 40;
  double lease_yuan_per_activity_operator_month = 3000;
  // Entry and exit, reviewed monthly.
  double opening_cash_yuan = 100000;
  double entry_profit_yuan_per_year = 200000;  // expected profit that draws a new firm
  int loss_months_to_exit = 6;
  double cash_buffer_months = 3;  // costs kept in hand; profit above it goes to the owner
  double local_owner_share = 0.5; // firms owned by a village household (else outside investors)
};

struct LabourParams {
  // Monthly wages, yuan, in the first simulated year.
  double local_wage_yuan = 4500;    // local firms (tourism, services)
  double county_wage_yuan = 5200;   // commuting jobs in the county's industries
  double city_wage_yuan = 8500;     // migrant work in Hangzhou, Shanghai
  double wage_growth_per_year = 0.05;  // county and city wages
  double commute_yuan_per_minute = 25;  // monthly cost of commuting, per minute from the gateway
  double commute_radius_minutes = 30;   // local firms hire from villages this close
  double remittance_share = 0.35;   // of a migrant's wage sent home
  double migrant_penalty = 0.35;    // utility cost of living away (log-income units)
  double switching_cost = 0.3;      // inertia (log-income units)
  double choice_sensitivity = 4.0;  // logit scale on log income
  double own_business_floor_yuan = 1500;  // monthly value of own farm and business work
  double wage_adjustment = 0.03;    // local wage change per quarter per unit of excess demand
};

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

struct OutsideParams {
  double urban_income_yuan = 71704;      // Anji urban per-capita disposable income, first year
  double urban_income_growth = 0.055;
  double tea_price_index = 1.0;          // outside dry-tea market level
};

// A scheduled shock: between start and end (inclusive) the named quantity is
// multiplied, in one village or (village empty) everywhere.
struct EventSpec {
  std::string name;
  std::string kind;  // tourist_demand | tea_yield | tea_price | city_wage
  Date start;
  Date end;
  double multiplier = 1;
  std::string village;
};

}  // namespace yucun
