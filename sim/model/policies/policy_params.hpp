// Typed parameters of the policy levers a planner can pull. Each lever is off
// unless `enabled`, and acts on the days from `start` to `end` (inclusive;
// by default the whole run), so that a lever can switch on or off mid-run.
// Where a lever names `villages`, it applies to those only; an empty list
// means every village the lever makes sense for (docs/ODD.md section 7.24).
#pragma once

#include <string>
#include <vector>

#include "sim/core/date.hpp"

namespace yucun {

struct LeverWindow {
  bool enabled = false;
  Date start = Date::from_ymd(1900, 1, 1);
  Date end = Date::from_ymd(2199, 12, 31);
  bool active_on(Date d) const { return enabled && d >= start && d <= end; }
};

// A unified "greater Yucun" brand: each other village's attractiveness moves
// towards the core village's by `spillover` (0 = none, 1 = equal pull).
struct BrandPolicy : LeverWindow {
  double spillover = 0.3;
  double cost_yuan_per_year = 2e6;  // brand management, paid by the public purse
};

// Joint marketing: a yearly budget raises demand for the whole area as
// (1 + budget / reference)^elasticity, and the brand's reach adds to the
// other villages' attractiveness by `outside_core_boost` (share).
struct MarketingPolicy : LeverWindow {
  double budget_yuan_per_year = 5e6;
  double reference_budget_yuan = 10e6;
  double demand_elasticity = 0.15;
  double outside_core_boost = 0.1;
};

// A shuttle bus: on roads flagged `shuttle` (or, if `villages` is given, on
// the roads between those villages) tourists travel `minutes_factor` times
// the road minutes. Riders are persons without a car who visit a village
// other than the gateway, up to `capacity_persons_per_day`; they pay the
// fare to the public purse, which pays the operating cost.
struct ShuttlePolicy : LeverWindow {
  std::vector<std::string> villages;
  double minutes_factor = 0.6;
  double fare_yuan = 5;
  double capacity_persons_per_day = 3000;
  double operating_cost_yuan_per_day = 6000;
};

// A greenway or new road: links added to the network (or replacing the
// minutes of an existing road between the same villages) while active.
struct GreenwayLink {
  std::string from;
  std::string to;
  double km = 1;
  double minutes = 5;
};
struct GreenwayPolicy : LeverWindow {
  std::vector<GreenwayLink> links;
  double cost_yuan_per_year = 1e6;  // upkeep, public purse
};

// Revenue sharing: at each month's end the core village's collective passes
// `share` of the month's collective income to the other villages'
// collectives, by their registered population (or equally).
struct RevenueSharingPolicy : LeverWindow {
  double share = 0.2;
  std::string split = "population";  // population | equal
};

// Homestay licensing: no village may exceed `max_beds_per_village` beds
// (households stop investing, homestay enterprises stop entering), and a
// quality standard raises the bed price by `quality_price_premium` and
// visitor satisfaction by `quality_satisfaction`, at an upkeep of
// `quality_cost_yuan_per_bed_year` to the operators.
struct HomestayPolicy : LeverWindow {
  std::vector<std::string> villages;
  double max_beds_per_village = 1e9;
  double quality_price_premium = 0;
  double quality_satisfaction = 0;
  double quality_cost_yuan_per_bed_year = 0;
};

// Entry and parking fees charged by the villages' collectives: a negative
// value keeps the village's own fee.
struct FeePolicy : LeverWindow {
  std::vector<std::string> villages;
  double ticket_yuan = -1;
  double parking_yuan = -1;
};

// Tea brand certification: certified villages' dry tea fetches
// `price_premium` more on the outside market, under a quality rule that
// picks only the finest leaf (`yield_factor` of the usual leaf), for a
// yearly fee per mu paid by the processor to the public purse.
struct TeaCertificationPolicy : LeverWindow {
  std::vector<std::string> villages;
  double price_premium = 0.25;
  double yield_factor = 0.9;
  double fee_yuan_per_mu_year = 10;
};

// Subsidies from the public purse: a yearly payment per mu of tea to
// growers, and a share of the cost of new homestay beds.
struct SubsidyPolicy : LeverWindow {
  double tea_yuan_per_mu_year = 0;
  double homestay_investment_share = 0;
};

// A talent programme: each year `entrepreneurs_per_year` migrant members
// return home (villages other than the core first) and open an activity
// operator or restaurant with a start-up grant from the public purse.
struct TalentPolicy : LeverWindow {
  double entrepreneurs_per_year = 20;
  double startup_grant_yuan = 100000;
  std::string business = "activity";  // activity | restaurant
};

// The collectives' dividend rule: the share of the year's profit paid out,
// and whether it is split by registered members or equally by household.
struct DividendPolicy : LeverWindow {
  double payout_ratio = 0.8;
  std::string basis = "members";  // members | households
};

// Land transfer to the tea cooperatives: households lease `share` of their
// tea land to the village processor for a rent; the cooperative picks it
// with hired pickers at `yield_factor` times the households' yield and
// makes dry tea of it; the public purse adds a subsidy per transferred mu.
struct LandTransferPolicy : LeverWindow {
  std::vector<std::string> villages;
  double share = 0.3;
  double rent_yuan_per_mu_year = 600;
  double yield_factor = 1.1;
  double subsidy_yuan_per_mu_year = 100;
};

struct PolicyParams {
  BrandPolicy brand;
  MarketingPolicy marketing;
  ShuttlePolicy shuttle;
  GreenwayPolicy greenway;
  RevenueSharingPolicy revenue_sharing;
  HomestayPolicy homestays;
  FeePolicy fees;
  TeaCertificationPolicy tea_certification;
  SubsidyPolicy subsidies;
  TalentPolicy talent;
  DividendPolicy dividends;
  LandTransferPolicy land_transfer;
};

}  // namespace yucun
