// Lever `subsidies`: from the public purse, a yearly payment per mu of tea to
// growers, and a share of the cost of new homestay beds.
#pragma once

#include "sim/model/policies/lever_context.hpp"
#include "sim/model/policies/lever_window.hpp"

namespace yucun {

struct SubsidyPolicy : LeverWindow {
  double tea_yuan_per_mu_year = 0;
  double homestay_investment_share = 0;
};

template <class V> void fields(SubsidyPolicy& p, V&& v) {
  window_fields(p, v);
  v("tea_yuan_per_mu_year", p.tea_yuan_per_mu_year, between(0, 1e5));
  v("homestay_investment_share", p.homestay_investment_share, share());
}

class SubsidiesLever {
 public:
  using Params = SubsidyPolicy;
  explicit SubsidiesLever(const Params& p) : p_(p) {}
  static void validate(const Params& p, const WorldParams&, LeverProblems& out) { check_window(p, out); }

  void put_in_force(InForce& in, const WorldParams&, std::size_t) const {
    in.homestay_subsidy_share = p_.homestay_investment_share;
  }

  // Year end, before the cooperatives' payout: the tea subsidy by tea area.
  void year_end_before_payouts(LeverContext& m) {
    if (p_.tea_yuan_per_mu_year <= 0) return;
    Households& households = m.households.households;
    for (std::size_t h = 0; h < households.size(); ++h) {
      const Fen subsidy = to_fen(p_.tea_yuan_per_mu_year * households.tea_mu[h]);
      if (subsidy <= 0) continue;
      m.ledger.transfer(m.public_purse(), households.account[h], subsidy);
      m.households.income.credit(h, households.village[h], IncomeSource::transfer, subsidy);
      m.public_money.policy_spending += subsidy;
    }
  }

 private:
  const Params& p_;
};

}  // namespace yucun
