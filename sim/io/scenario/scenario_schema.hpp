// The scenario's YAML keys, declared once: for each parameter struct, the key
// of each field and its allowed range. The loader reads by these declarations
// and the writer emits by them, so the two cannot drift apart.
#pragma once

#include <limits>

#include "sim/model/scenario.hpp"

namespace yucun::scenario {

struct Bounds {
  double lo = -std::numeric_limits<double>::infinity();
  double hi = std::numeric_limits<double>::infinity();
  bool lo_open = false;  // lo itself not allowed
  bool required = false; // must be written (no usable default)
};
inline constexpr Bounds any() { return {}; }
inline constexpr Bounds at_least(double lo) { return {lo, std::numeric_limits<double>::infinity(), false}; }
inline constexpr Bounds positive() { return {0, std::numeric_limits<double>::infinity(), true}; }
inline constexpr Bounds between(double lo, double hi) { return {lo, hi, false}; }
inline constexpr Bounds share() { return between(0, 1); }
inline constexpr Bounds required() {
  Bounds b;
  b.required = true;
  return b;
}

// Each visitor V is called as v(key, field, bounds) for scalars, v(key, sub)
// for nested structs and v(key, vector) for lists of structs or dates.

template <class V> void fields(HolidayPeriod& p, V&& v) {
  v("name", p.name, required());
  v("start", p.first, required());
  v("end", p.last, required());
}

template <class V> void fields(CalendarParams& p, V&& v) {
  v("start", p.start);
  v("years", p.years, between(1, 200));
  v("summer_holiday_start", p.summer_first);
  v("summer_holiday_end", p.summer_last);
  v("holidays", p.holidays);
  v("makeup_workdays", p.makeup_workdays);
}

template <class V> void fields(TownshipSpec& p, V&& v) {
  v("name", p.name, required());
  v("area_km2", p.area_km2, positive());
  v("registered_residents", p.registered_residents, at_least(0));
}

template <class V> void fields(VillageSpec& p, V&& v) {
  v("name", p.name, required());
  v("township", p.township);
  v("x_km", p.x_km, between(-1e4, 1e4));
  v("y_km", p.y_km, between(-1e4, 1e4));
  v("households", p.households, between(0, 1e7));
  v("population", p.population, between(0, 1e8));
  v("area_km2", p.area_km2, positive());
  v("tea_area_mu", p.tea_area_mu, between(0, 1e8));
  v("homestay_beds", p.homestay_beds, between(0, 1e7));
  v("restaurant_seats", p.restaurant_seats, between(0, 1e7));
  v("attractiveness", p.attractiveness, positive());
  v("collective_assets_yuan", p.collective_assets_yuan, at_least(0));
  v("visitor_capacity", p.visitor_capacity, positive());
  v("ticket_yuan", p.ticket_yuan, between(0, 1e4));
  v("bed_price_yuan", p.bed_price_yuan, between(0, 1e5));
  v("activity_operators", p.activity_operators, between(0, 1e5));
}

template <class V> void fields(RoadSpec& p, V&& v) {
  v("from", p.from, required());
  v("to", p.to, required());
  v("km", p.km, positive());
  v("minutes", p.minutes, positive());
  v("shuttle", p.shuttle);
}

template <class V> void fields(WorldParams& p, V&& v) {
  v("townships", p.townships);
  v("villages", p.villages);
  v("roads", p.roads);
}

template <class V> void fields(HouseholdParams& p, V&& v) {
  v("size_sd", p.size_sd, between(0, 10));
  v("labour_share", p.labour_share, share());
  v("tea_grower_share", p.tea_grower_share, share());
  v("tea_plot_log_sd", p.tea_plot_log_sd, between(0, 5));
  v("savings_mean_yuan", p.savings_mean_yuan, at_least(0));
  v("savings_log_sd", p.savings_log_sd, between(0, 5));
}

template <class V> void fields(TeaHarvestParams& p, V&& v) {
  v("open_earliest", p.open_earliest);
  v("open_latest", p.open_latest);
  v("length_days", p.length_days, between(1, 90));
}

template <class V> void fields(TeaYieldParams& p, V&& v) {
  v("dry_kg_per_mu", p.dry_kg_per_mu, between(0, 1000));
  v("fresh_to_dry_ratio", p.fresh_to_dry_ratio, between(1, 20));
  v("year_log_sd", p.year_log_sd, between(0, 2));
  v("plot_log_sd", p.plot_log_sd, between(0, 2));
}

template <class V> void fields(TeaPickingParams& p, V&& v) {
  v("own_kg_per_day_min", p.own_kg_per_day_min, positive());
  v("own_kg_per_day_max", p.own_kg_per_day_max, positive());
  v("hired_kg_per_day", p.hired_kg_per_day, positive());
  v("picker_wage_yuan_per_day", p.picker_wage_yuan_per_day, between(0, 1e5));
  v("employed_pick_share", p.employed_pick_share, share());
  v("migrant_pickers_per_mu", p.migrant_pickers_per_mu, between(0, 100));
}

template <class V> void fields(TeaPriceParams& p, V&& v) {
  v("open_yuan_per_kg", p.open_yuan_per_kg, between(0, 1e6));
  v("second_day_yuan_per_kg", p.second_day_yuan_per_kg, between(0, 1e6));
  v("floor_yuan_per_kg", p.floor_yuan_per_kg, between(0, 1e6));
}

template <class V> void fields(TeaProcessingParams& p, V&& v) {
  v("dry_markup", p.dry_markup, between(0, 100));
  v("processing_cost_yuan_per_kg_dry", p.processing_cost_yuan_per_kg_dry, between(0, 1e6));
  v("working_capital_yuan_per_mu", p.working_capital_yuan_per_mu, between(0, 1e7));
  v("trader_price_share", p.trader_price_share, share());
  v("retail_share", p.retail_share, share());
}

template <class V> void fields(TeaParams& p, V&& v) {
  v("harvest", p.harvest);
  v("yield", p.yield);
  v("picking", p.picking);
  v("price", p.price);
  v("processing", p.processing);
}

template <class V> void fields(SourceMarketSpec& p, V&& v) {
  v("name", p.name, required());
  Bounds market_share = share();
  market_share.required = true;
  v("share", p.share, market_share);
  v("distance_km", p.distance_km, between(0, 2e4));
  v("spend_index", p.spend_index, between(0.01, 100));
  v("car_share", p.car_share, share());
}

template <class V> void fields(TourismParams& p, V&& v) {
  v("gateway", p.gateway);
  v("annual_visitors", p.annual_visitors, between(0, 1e10));
  v("growth_per_year", p.growth_per_year, between(-0.9, 10));
  v("month_weights", p.month_weights, at_least(0));
  v("weekend_multiplier", p.weekend_multiplier, between(0, 100));
  v("holiday_multiplier", p.holiday_multiplier, between(0, 100));
  v("summer_multiplier", p.summer_multiplier, between(0, 100));
  v("mean_party_size", p.mean_party_size, between(1, 50));
  v("max_party_size", p.max_party_size, between(1, 100));
  v("markets", p.markets);
  v("choice_attractiveness", p.choice_attractiveness, between(0, 100));
  v("choice_minutes", p.choice_minutes, between(0, 100));
  v("choice_crowding", p.choice_crowding, between(0, 100));
  v("tea_interest_share", p.tea_interest_share, share());
  v("tea_interest_pull", p.tea_interest_pull, between(0, 100));
  v("visit_hours", p.visit_hours, between(0.1, 24));
  v("day_hours", p.day_hours, between(0.1, 24));
  v("max_villages_per_day", p.max_villages_per_day, between(1, 10));
  v("overnight_intercept", p.overnight_intercept, between(-50, 50));
  v("overnight_per_100km", p.overnight_per_100km, between(-50, 50));
  v("overnight_holiday", p.overnight_holiday, between(-50, 50));
  v("overnight_spend", p.overnight_spend, between(-50, 50));
  v("second_night_share", p.second_night_share, share());
  v("third_night_share", p.third_night_share, share());
  v("lodging_radius_minutes", p.lodging_radius_minutes, between(0, 1e4));
  v("food_yuan", p.food_yuan, between(0, 1e5));
  v("activity_yuan", p.activity_yuan, between(0, 1e5));
  v("parking_yuan", p.parking_yuan, between(0, 1e4));
  v("tea_buyer_share", p.tea_buyer_share, share());
  v("tea_kg_per_buyer", p.tea_kg_per_buyer, between(0, 100));
  v("tea_retail_markup", p.tea_retail_markup, between(0, 100));
  v("homestay_cost_share", p.homestay_cost_share, share());
  v("restaurant_cost_share", p.restaurant_cost_share, share());
  v("activity_cost_share", p.activity_cost_share, share());
  v("crowding_dissatisfaction", p.crowding_dissatisfaction, between(0, 100));
  v("fee_dissatisfaction", p.fee_dissatisfaction, between(0, 100));
  v("reputation_memory", p.reputation_memory, share());
  v("reputation_elasticity", p.reputation_elasticity, between(0, 10));
}

template <class V> void fields(FirmParams& p, V&& v) {
  v("seats_per_restaurant", p.seats_per_restaurant, between(1, 1e4));
  v("firm_bed_share", p.firm_bed_share, share());
  v("beds_per_homestay_firm", p.beds_per_homestay_firm, between(1, 1e4));
  v("beds_per_household_homestay", p.beds_per_household_homestay, between(1, 1e3));
  v("activity_slots_per_operator", p.activity_slots_per_operator, between(1, 1e6));
  v("staff_per_restaurant", p.staff_per_restaurant, between(0, 1e3));
  v("staff_per_homestay_firm", p.staff_per_homestay_firm, between(0, 1e3));
  v("staff_per_activity_operator", p.staff_per_activity_operator, between(0, 1e3));
  v("lease_yuan_per_seat_month", p.lease_yuan_per_seat_month, between(0, 1e5));
  v("lease_yuan_per_bed_month", p.lease_yuan_per_bed_month, between(0, 1e5));
  v("lease_yuan_per_activity_operator_month", p.lease_yuan_per_activity_operator_month, between(0, 1e7));
  v("opening_cash_yuan", p.opening_cash_yuan, between(0, 1e10));
  v("entry_profit_yuan_per_year", p.entry_profit_yuan_per_year, between(0, 1e10));
  v("loss_months_to_exit", p.loss_months_to_exit, between(1, 600));
  v("cash_buffer_months", p.cash_buffer_months, between(0, 120));
  v("local_owner_share", p.local_owner_share, share());
}

template <class V> void fields(LabourParams& p, V&& v) {
  v("local_wage_yuan", p.local_wage_yuan, positive());
  v("county_wage_yuan", p.county_wage_yuan, positive());
  v("city_wage_yuan", p.city_wage_yuan, positive());
  v("wage_growth_per_year", p.wage_growth_per_year, between(-0.5, 1));
  v("commute_yuan_per_minute", p.commute_yuan_per_minute, between(0, 1e4));
  v("commute_radius_minutes", p.commute_radius_minutes, between(0, 1e4));
  v("remittance_share", p.remittance_share, share());
  v("migrant_penalty", p.migrant_penalty, between(-10, 10));
  v("switching_cost", p.switching_cost, between(0, 10));
  v("choice_sensitivity", p.choice_sensitivity, between(0, 100));
  v("own_business_floor_yuan", p.own_business_floor_yuan, between(1, 1e6));
  v("wage_adjustment", p.wage_adjustment, between(0, 1));
}

template <class V> void fields(HouseholdBudgetParams& p, V&& v) {
  v("consumption_yuan_per_person_month", p.consumption_yuan_per_person_month, between(0, 1e6));
  v("consumption_income_share", p.consumption_income_share, share());
  v("transfer_yuan_per_dependant_month", p.transfer_yuan_per_dependant_month, between(0, 1e6));
  v("investment_review_share", p.investment_review_share, share());
  v("homestay_cost_per_bed_yuan", p.homestay_cost_per_bed_yuan, between(0, 1e8));
  v("homestay_beds_per_investment", p.homestay_beds_per_investment, between(1, 1000));
  v("homestay_payback_years", p.homestay_payback_years, between(0, 100));
}

template <class V> void fields(CollectiveParams& p, V&& v) {
  v("payout_ratio", p.payout_ratio, share());
  v("service_cost_yuan_per_resident_year", p.service_cost_yuan_per_resident_year, between(0, 1e6));
  v("opening_cash_share_of_assets", p.opening_cash_share_of_assets, share());
}

template <class V> void fields(OutsideParams& p, V&& v) {
  v("urban_income_yuan", p.urban_income_yuan, positive());
  v("urban_income_growth", p.urban_income_growth, between(-0.5, 1));
  v("tea_price_index", p.tea_price_index, between(0, 100));
}

template <class V> void fields(EventSpec& p, V&& v) {
  v("name", p.name, required());
  v("kind", p.kind, required());
  v("start", p.start, required());
  v("end", p.end, required());
  v("multiplier", p.multiplier, between(0, 1000));
  v("village", p.village);
}

// Policy levers: every lever has the same switch and dates.
template <class V> void window_fields(LeverWindow& p, V&& v) {
  v("enabled", p.enabled);
  v("start", p.start);
  v("end", p.end);
}

template <class V> void fields(BrandPolicy& p, V&& v) {
  window_fields(p, v);
  v("spillover", p.spillover, share());
  v("cost_yuan_per_year", p.cost_yuan_per_year, between(0, 1e10));
}

template <class V> void fields(MarketingPolicy& p, V&& v) {
  window_fields(p, v);
  v("budget_yuan_per_year", p.budget_yuan_per_year, between(0, 1e11));
  v("reference_budget_yuan", p.reference_budget_yuan, Bounds{0, 1e12, true});
  v("demand_elasticity", p.demand_elasticity, between(0, 2));
  v("outside_core_boost", p.outside_core_boost, between(0, 10));
}

template <class V> void fields(ShuttlePolicy& p, V&& v) {
  window_fields(p, v);
  v("villages", p.villages);
  v("minutes_factor", p.minutes_factor, Bounds{0, 1, true});
  v("fare_yuan", p.fare_yuan, between(0, 1e4));
  v("capacity_persons_per_day", p.capacity_persons_per_day, between(0, 1e8));
  v("operating_cost_yuan_per_day", p.operating_cost_yuan_per_day, between(0, 1e9));
}

template <class V> void fields(GreenwayLink& p, V&& v) {
  v("from", p.from, required());
  v("to", p.to, required());
  v("km", p.km, positive());
  v("minutes", p.minutes, positive());
}

template <class V> void fields(GreenwayPolicy& p, V&& v) {
  window_fields(p, v);
  v("links", p.links);
  v("cost_yuan_per_year", p.cost_yuan_per_year, between(0, 1e10));
}

template <class V> void fields(RevenueSharingPolicy& p, V&& v) {
  window_fields(p, v);
  v("share", p.share, share());
  v("split", p.split);
}

template <class V> void fields(HomestayPolicy& p, V&& v) {
  window_fields(p, v);
  v("villages", p.villages);
  v("max_beds_per_village", p.max_beds_per_village, between(0, 1e9));
  v("quality_price_premium", p.quality_price_premium, between(0, 10));
  v("quality_satisfaction", p.quality_satisfaction, share());
  v("quality_cost_yuan_per_bed_year", p.quality_cost_yuan_per_bed_year, between(0, 1e6));
}

template <class V> void fields(FeePolicy& p, V&& v) {
  window_fields(p, v);
  v("villages", p.villages);
  v("ticket_yuan", p.ticket_yuan, between(-1, 1e4));
  v("parking_yuan", p.parking_yuan, between(-1, 1e4));
}

template <class V> void fields(TeaCertificationPolicy& p, V&& v) {
  window_fields(p, v);
  v("villages", p.villages);
  v("price_premium", p.price_premium, between(0, 10));
  v("yield_factor", p.yield_factor, Bounds{0, 1, true});
  v("fee_yuan_per_mu_year", p.fee_yuan_per_mu_year, between(0, 1e5));
}

template <class V> void fields(SubsidyPolicy& p, V&& v) {
  window_fields(p, v);
  v("tea_yuan_per_mu_year", p.tea_yuan_per_mu_year, between(0, 1e5));
  v("homestay_investment_share", p.homestay_investment_share, share());
}

template <class V> void fields(TalentPolicy& p, V&& v) {
  window_fields(p, v);
  v("entrepreneurs_per_year", p.entrepreneurs_per_year, between(0, 1e5));
  v("startup_grant_yuan", p.startup_grant_yuan, between(0, 1e9));
  v("business", p.business);
}

template <class V> void fields(DividendPolicy& p, V&& v) {
  window_fields(p, v);
  v("payout_ratio", p.payout_ratio, share());
  v("basis", p.basis);
}

template <class V> void fields(LandTransferPolicy& p, V&& v) {
  window_fields(p, v);
  v("villages", p.villages);
  v("share", p.share, share());
  v("rent_yuan_per_mu_year", p.rent_yuan_per_mu_year, between(0, 1e5));
  v("yield_factor", p.yield_factor, between(0, 10));
  v("subsidy_yuan_per_mu_year", p.subsidy_yuan_per_mu_year, between(0, 1e5));
}

template <class V> void fields(PolicyParams& p, V&& v) {
  v("brand", p.brand);
  v("marketing", p.marketing);
  v("shuttle", p.shuttle);
  v("greenway", p.greenway);
  v("revenue_sharing", p.revenue_sharing);
  v("homestays", p.homestays);
  v("fees", p.fees);
  v("tea_certification", p.tea_certification);
  v("subsidies", p.subsidies);
  v("talent", p.talent);
  v("dividends", p.dividends);
  v("land_transfer", p.land_transfer);
}

// The root. `extends` is handled by the loader before decoding.
template <class V> void fields(Scenario& p, V&& v) {
  v("name", p.name);
  v("description", p.description);
  v("seed", p.seed);
  v("calendar", p.calendar);
  v("world", p.world);
  v("households", p.households);
  v("budgets", p.budgets);
  v("tea", p.tea);
  v("tourism", p.tourism);
  v("firms", p.firms);
  v("labour", p.labour);
  v("collectives", p.collectives);
  v("outside", p.outside);
  v("events", p.events);
  v("policies", p.policies);
}

}  // namespace yucun::scenario
