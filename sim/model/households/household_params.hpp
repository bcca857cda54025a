// Typed parameters for building the household population.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <utility>

#include "sim/core/enum_names.hpp"
#include "sim/core/field_bounds.hpp"

namespace yucun {

// How opening savings are set (households.opening_savings):
//   settled: where the savings rule (budgets.savings_*) holds each household
//     at its expected income: the buffer plus the yearly surplus over the
//     share of the excess spent a year, or nothing for a household that
//     spends more than it earns; so deposits over income start where the
//     model keeps them rather than drifting for years;
//   months_of_income: savings_months_of_income months of expected income.
// Either times the lognormal spread of savings_log_sd (mean 1).
enum class OpeningSavings : std::uint8_t { settled, months_of_income };

template <> struct EnumNames<OpeningSavings> {
  static constexpr std::string_view noun = "value";
  static constexpr std::string_view list_label = "one of";
  static constexpr std::array<std::pair<std::string_view, OpeningSavings>, 2> names{{
      {"settled", OpeningSavings::settled},
      {"months_of_income", OpeningSavings::months_of_income},
  }};
};

struct HouseholdParams {
  // Household size is drawn around each village's population / households.
  double size_sd = 1.0;
  // Probability that a member is of working age and able to pick tea.
  double labour_share = 0.6;
  // Share of households holding a tea plot; the village tea area is split
  // among them with lognormal weights of this log-sd.
  double tea_grower_share = 0.8;
  double tea_plot_log_sd = 0.6;
  // Opening savings (see OpeningSavings), times a lognormal factor of mean 1
  // and this log-sd.
  OpeningSavings opening_savings = OpeningSavings::settled;
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
  v("opening_savings", p.opening_savings);
  v("savings_months_of_income", p.savings_months_of_income, between(0, 1200));
  v("savings_log_sd", p.savings_log_sd, between(0, 5));
}

}  // namespace yucun
