// Typed parameters of the tea season: harvest timing, yield, picking, prices.
#pragma once

#include "sim/core/field_bounds.hpp"
#include "sim/core/date.hpp"

namespace yucun {

struct TeaHarvestParams {
  // The harvest opens on a day drawn uniformly in [open_earliest, open_latest].
  MonthDay open_earliest{3, 20};
  MonthDay open_latest{3, 28};
  int length_days = 18;
};

struct TeaYieldParams {
  double dry_kg_per_mu = 15;       // potential; Anji realises 11-15 kg of dry tea per mu
  double fresh_to_dry_ratio = 4.5; // kg of fresh leaf per kg of dry tea
  double year_log_sd = 0.1;        // season-to-season weather, per village
  double plot_log_sd = 0.15;       // plot-to-plot quality, fixed per household
};

struct TeaPickingParams {
  // A household member picks between these kg of fresh leaf a day (skill is
  // fixed per household); a hired migrant picker picks hired_kg_per_day.
  double own_kg_per_day_min = 1.5;
  double own_kg_per_day_max = 2.0;
  double hired_kg_per_day = 1.75;
  double picker_wage_yuan_per_day = 200;
  // Members with a job (local firm or county) pick on this share of harvest
  // days (weekends, leave); members in own business pick every day; migrants
  // are away.
  double employed_pick_share = 0.5;
  // Migrant pickers available each harvest day per mu of tea in the area.
  double migrant_pickers_per_mu = 1.5;
};

struct TeaPriceParams {
  // Fresh-leaf price: open on day one, second_day on day two, then decaying
  // geometrically at the same rate towards the floor.
  double open_yuan_per_kg = 520;
  double second_day_yuan_per_kg = 360;
  double floor_yuan_per_kg = 140;
};

struct TeaProcessingParams {
  // Dry tea sells at the leaf cost per kg of dry tea times (1 + markup).
  double dry_markup = 0.25;
  double processing_cost_yuan_per_kg_dry = 60;
  // Each village's processor starts the season with this cash per mu of tea;
  // leaf it cannot pay for goes to outside traders at a discount.
  double working_capital_yuan_per_mu = 300;
  double trader_price_share = 0.9;
  // Share of dry tea kept back to sell to visitors through the year; what is
  // left at the year's end goes to the outside market.
  double retail_share = 0.15;
};

struct TeaParams {
  TeaHarvestParams harvest;
  TeaYieldParams yield;
  TeaPickingParams picking;
  TeaPriceParams price;
  TeaProcessingParams processing;
};

// The YAML keys of these parameters and their allowed ranges (the loader,
// the writer, validation and sweeps read them; docs/scenarios.md lists them).
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

// Prices are bounded where a season's money stays far inside the ledger's
// range: processors reinvest their takings day by day, so with extreme prices
// and markups their cash compounds within a harvest.
template <class V> void fields(TeaPriceParams& p, V&& v) {
  v("open_yuan_per_kg", p.open_yuan_per_kg, between(0, 1e4));
  v("second_day_yuan_per_kg", p.second_day_yuan_per_kg, between(0, 1e4));
  v("floor_yuan_per_kg", p.floor_yuan_per_kg, between(0, 1e4));
}

template <class V> void fields(TeaProcessingParams& p, V&& v) {
  v("dry_markup", p.dry_markup, between(0, 10));
  v("processing_cost_yuan_per_kg_dry", p.processing_cost_yuan_per_kg_dry, between(0, 1e5));
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

}  // namespace yucun
