// Typed parameters of the tea season: harvest timing, yield, picking, prices.
#pragma once

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

}  // namespace yucun
