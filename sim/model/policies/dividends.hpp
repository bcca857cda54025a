// Lever `dividends`: the collectives' dividend rule, the share of the year's
// profit paid out and whether it is split by registered members or equally
// by household.
#pragma once

#include "sim/model/policies/lever_context.hpp"
#include "sim/model/policies/lever_window.hpp"

namespace yucun {

struct DividendPolicy : LeverWindow {
  double payout_ratio = 0.8;
  DividendBasis basis = DividendBasis::members;
};

template <class V> void fields(DividendPolicy& p, V&& v) {
  window_fields(p, v);
  v("payout_ratio", p.payout_ratio, share());
  v("basis", p.basis);
}

class DividendsLever {
 public:
  using Params = DividendPolicy;
  explicit DividendsLever(const Params& p) : p_(p) {}
  static void validate(const Params& p, const WorldParams&, LeverProblems& out) { check_window(p, out); }

  void put_in_force(InForce& in, const WorldParams&, std::size_t) const {
    in.dividend_payout_ratio = p_.payout_ratio;
    in.dividend_basis = p_.basis;
  }

 private:
  const Params& p_;
};

}  // namespace yucun
