// Lever `marketing`: joint marketing. A yearly budget raises the area's
// visitor demand by (1 + budget / reference)^elasticity, and the brand's reach
// adds `outside_core_boost` (a share) to the other villages' attractiveness.
#pragma once

#include <cmath>

#include "sim/model/policies/lever_context.hpp"
#include "sim/model/policies/lever_window.hpp"

namespace yucun {

struct MarketingPolicy : LeverWindow {
  double budget_yuan_per_year = 5e6;
  double reference_budget_yuan = 10e6;
  double demand_elasticity = 0.15;
  double outside_core_boost = 0.1;
};

template <class V> void fields(MarketingPolicy& p, V&& v) {
  window_fields(p, v);
  v("budget_yuan_per_year", p.budget_yuan_per_year, between(0, 1e11));
  v("reference_budget_yuan", p.reference_budget_yuan, Bounds{0, 1e12, true});
  v("demand_elasticity", p.demand_elasticity, between(0, 2));
  v("outside_core_boost", p.outside_core_boost, between(0, 10));
}

class MarketingLever {
 public:
  using Params = MarketingPolicy;
  explicit MarketingLever(const Params& p) : p_(p) {}
  static void validate(const Params& p, const WorldParams&, LeverProblems& out) { check_window(p, out); }

  void put_in_force(InForce& in, const WorldParams&, std::size_t gateway) const {
    for (std::size_t v = 0; v < in.attractiveness.size(); ++v)
      if (v != gateway) in.attractiveness[v] *= 1.0 + p_.outside_core_boost;
    in.demand_multiplier = std::pow(1.0 + p_.budget_yuan_per_year / p_.reference_budget_yuan, p_.demand_elasticity);
  }
  Fen daily_cost() const { return daily_part(p_.budget_yuan_per_year); }

 private:
  const Params& p_;
};

}  // namespace yucun
