// Typed parameters of the labour market: wages, commuting and job choice.
#pragma once

namespace yucun {

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

}  // namespace yucun
