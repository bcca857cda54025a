// Typed parameters of the labour market: wages, commuting and job choice.
// Wages grow on their own path (wage_growth_per_year); the other amounts in
// yuan follow the consumer price level.
#pragma once

#include "sim/core/field_bounds.hpp"

namespace yucun {

struct LabourParams {
  // Monthly wages, yuan, in the first simulated year.
  double local_wage_yuan = 4500;    // local firms (tourism, services)
  double county_wage_yuan = 5200;   // commuting jobs in the county's industries
  double city_wage_yuan = 8500;     // migrant work in Hangzhou, Shanghai
  double wage_growth_per_year = 0.05;  // county and city wages
  double commute_yuan_per_minute = 25;  // monthly cost of commuting, per minute from the gateway (at start prices)
  double commute_radius_minutes = 30;   // local firms hire from villages this close
  double remittance_share = 0.35;   // of a migrant's wage sent home
  double migrant_penalty = 0.35;    // utility cost of living away (log-income units)
  double switching_cost = 0.3;      // inertia (log-income units)
  double choice_sensitivity = 4.0;  // logit scale on log income
  double own_business_floor_yuan = 1500;  // monthly value of own farm and business work (at start prices)
  // Share of nights a household's homestay beds are expected to be let,
  // for the own-business income expected before a year has been seen.
  double own_business_bed_occupancy = 0.2;
  double wage_adjustment = 0.03;    // local wage change per quarter per unit of excess demand
  // How far the local wage follows the county wage's growth between two
  // quarterly reviews (1: in step, 0: it moves only with excess demand), so
  // that the local market need not run short of workers to keep up.
  double local_wage_indexation = 1.0;
  // Skill (workers.hpp): the shares of working members with senior
  // secondary and with college schooling (the rest: junior secondary or
  // less), and their wages relative to the basic level, in every job (the
  // wages above are the basic level's).
  double skill_share_secondary = 0.15;
  double skill_share_tertiary = 0.15;
  double skill_wage_secondary = 1.26;
  double skill_wage_tertiary = 1.73;
};

// The YAML keys of these parameters and their allowed ranges (the loader,
// the writer, validation and sweeps read them; docs/scenarios.md lists them).
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
  v("own_business_bed_occupancy", p.own_business_bed_occupancy, share());
  v("wage_adjustment", p.wage_adjustment, between(0, 1));
  v("local_wage_indexation", p.local_wage_indexation, share());
  v("skill_share_secondary", p.skill_share_secondary, share());
  v("skill_share_tertiary", p.skill_share_tertiary, share());
  v("skill_wage_secondary", p.skill_wage_secondary, between(0.1, 10));
  v("skill_wage_tertiary", p.skill_wage_tertiary, between(0.1, 10));
}

}  // namespace yucun
