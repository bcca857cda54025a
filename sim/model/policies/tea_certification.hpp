// Lever `tea_certification`: certified villages' dry tea fetches
// `price_premium` more on the outside market, under a quality rule that picks
// only the finest leaf (`yield_factor` of the usual leaf), for a yearly fee
// per mu paid by the processor to the public purse.
#pragma once

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "sim/model/policies/lever_context.hpp"
#include "sim/model/policies/lever_window.hpp"

namespace yucun {

struct TeaCertificationPolicy : LeverWindow {
  std::vector<std::string> villages;
  double price_premium = 0.25;
  double yield_factor = 0.9;
  double fee_yuan_per_mu_year = 10;
};

template <class V> void fields(TeaCertificationPolicy& p, V&& v) {
  window_fields(p, v);
  v("villages", p.villages);
  v("price_premium", p.price_premium, between(0, 10));
  v("yield_factor", p.yield_factor, Bounds{0, 1, true});
  v("fee_yuan_per_mu_year", p.fee_yuan_per_mu_year, between(0, 1e5));
}

class TeaCertificationLever {
 public:
  using Params = TeaCertificationPolicy;
  explicit TeaCertificationLever(const Params& p) : p_(p) {}
  static void validate(const Params& p, const WorldParams& world, LeverProblems& out) {
    check_window(p, out);
    check_villages("villages", p.villages, world, out);
  }

  void put_in_force(InForce& in, const WorldParams& world, std::size_t) const {
    for (std::size_t v = 0; v < in.tea_yield_factor.size(); ++v)
      if (lever_applies(p_.villages, world, v)) in.tea_yield_factor[v] = p_.yield_factor;
  }

  // After the day's tea market (and the cooperatives' own harvest): the
  // premium outside buyers pay for certified dry tea.
  void price_tea_sales(LeverContext& m) {
    if (!m.today.harvest) return;
    std::vector<VillageTeaDay>& day = m.tea.day();
    for (std::size_t v = 0; v < m.villages(); ++v) {
      if (!lever_applies(p_.villages, m.world, v)) continue;
      const Fen premium = static_cast<Fen>(std::llround(p_.price_premium * static_cast<double>(day[v].dry_tea_sales_fen)));
      m.ledger.transfer(m.accounts.outside_world[v], m.tea.processors().account[v], premium);
      day[v].dry_tea_sales_fen += premium;
    }
  }

  // Year end, before the cooperatives' payout: the certification fee.
  void year_end_before_payouts(LeverContext& m) {
    for (std::size_t v = 0; v < m.villages(); ++v) {
      if (!lever_applies(p_.villages, m.world, v)) continue;
      const AccountId coop = m.tea.processors().account[v];
      const Fen fee = std::min(to_fen(p_.fee_yuan_per_mu_year * m.world.villages[v].tea_area_mu), m.ledger.balance(coop));
      m.ledger.transfer(coop, m.public_purse(), fee);
      m.public_money.policy_revenue += fee;
    }
  }

 private:
  const Params& p_;
};

}  // namespace yucun
