// Typed parameters for building the household population.
#pragma once

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
  // Opening savings: lognormal with this mean and log-sd.
  double savings_mean_yuan = 80000;
  double savings_log_sd = 0.8;
};

}  // namespace yucun
