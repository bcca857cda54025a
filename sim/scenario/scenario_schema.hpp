// The scenario's YAML keys, declared once: for each parameter struct, the key
// of each field and its allowed range. The loader reads by these declarations
// and the writer emits by them, so the two cannot drift apart.
#pragma once

#include <limits>

#include "sim/engine/scenario.hpp"

namespace yucun::scenario {

struct Bounds {
  double lo = -std::numeric_limits<double>::infinity();
  double hi = std::numeric_limits<double>::infinity();
  bool lo_open = false;  // lo itself not allowed
};
inline constexpr Bounds any() { return {}; }
inline constexpr Bounds at_least(double lo) { return {lo, std::numeric_limits<double>::infinity(), false}; }
inline constexpr Bounds positive() { return {0, std::numeric_limits<double>::infinity(), true}; }
inline constexpr Bounds between(double lo, double hi) { return {lo, hi, false}; }
inline constexpr Bounds share() { return between(0, 1); }

// Each visitor V is called as v(key, field, bounds) for scalars, v(key, sub)
// for nested structs and v(key, vector) for lists of structs or dates.

template <class V> void fields(HolidayPeriod& p, V&& v) {
  v("name", p.name);
  v("start", p.first);
  v("end", p.last);
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
  v("name", p.name);
  v("area_km2", p.area_km2, positive());
  v("registered_residents", p.registered_residents, at_least(0));
}

template <class V> void fields(VillageSpec& p, V&& v) {
  v("name", p.name);
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
}

template <class V> void fields(RoadSpec& p, V&& v) {
  v("from", p.from);
  v("to", p.to);
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
}

template <class V> void fields(TeaParams& p, V&& v) {
  v("harvest", p.harvest);
  v("yield", p.yield);
  v("picking", p.picking);
  v("price", p.price);
  v("processing", p.processing);
}

// The root. `extends` is handled by the loader before decoding.
template <class V> void fields(Scenario& p, V&& v) {
  v("name", p.name);
  v("description", p.description);
  v("seed", p.seed);
  v("calendar", p.calendar);
  v("world", p.world);
  v("households", p.households);
  v("tea", p.tea);
}

}  // namespace yucun::scenario
