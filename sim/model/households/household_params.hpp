// Typed parameters for building the household population.
#pragma once

#include "sim/core/field_bounds.hpp"

namespace yucun {

struct HouseholdParams {
  // Household size is drawn around each village's population / households.
  double size_sd = 1.0;
  // Probability that a member is of working age and able to pick tea.
  double labour_share = 0.6;
  // Share of households holding a tea plot; the village tea area is split
  // among them with lognormal weights of this log-sd.
  double tea_grower_share = 0.8;
  double tea_plot_log_sd = 0.6;
  // Opening savings: this many months of the household's expected income at
  // the start, times a lognormal factor of mean 1 and this log-sd.
  double savings_months_of_income = 18;
  double savings_log_sd = 0.8;
};

// The YAML keys of these parameters and their allowed ranges (the loader,
// the writer, validation and sweeps read them; docs/scenarios.md lists them).
template <class V> void fields(HouseholdParams& p, V&& v) {
  v("size_sd", p.size_sd, between(0, 10));
  v("labour_share", p.labour_share, share());
  v("tea_grower_share", p.tea_grower_share, share());
  v("tea_plot_log_sd", p.tea_plot_log_sd, between(0, 5));
  v("savings_months_of_income", p.savings_months_of_income, between(0, 1200));
  v("savings_log_sd", p.savings_log_sd, between(0, 5));
}

}  // namespace yucun
