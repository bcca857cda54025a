// Lever `brand`: a unified "greater Yucun" brand. Each other village's
// attractiveness moves towards the core village's by `spillover` (0 = none,
// 1 = equal pull), for a yearly brand-management cost to the public purse.
#pragma once

#include <algorithm>

#include "sim/model/policies/lever_context.hpp"
#include "sim/model/policies/lever_window.hpp"

namespace yucun {

struct BrandPolicy : LeverWindow {
  double spillover = 0.3;
  double cost_yuan_per_year = 2e6;
};

template <class V> void fields(BrandPolicy& p, V&& v) {
  window_fields(p, v);
  v("spillover", p.spillover, share());
  v("cost_yuan_per_year", p.cost_yuan_per_year, between(0, 1e10));
}

class BrandLever {
 public:
  using Params = BrandPolicy;
  explicit BrandLever(const Params& p) : p_(p) {}
  static void validate(const Params& p, const WorldParams&, LeverProblems& out) { check_window(p, out); }

  void put_in_force(InForce& in, const WorldParams& world, std::size_t gateway) const {
    const double core = world.villages[gateway].attractiveness;
    for (std::size_t v = 0; v < in.attractiveness.size(); ++v)
      if (v != gateway) in.attractiveness[v] += p_.spillover * std::max(0.0, core - in.attractiveness[v]);
  }
  Fen daily_cost() const { return daily_part(p_.cost_yuan_per_year); }

 private:
  const Params& p_;
};

}  // namespace yucun
