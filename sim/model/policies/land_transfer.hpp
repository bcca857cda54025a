// Lever `land_transfer`: land transfer to the tea cooperatives. Households of
// the listed villages lease `share` of their tea land to the village
// processor for a rent while the lever runs (and get it back after); the
// cooperative picks it with hired pickers at `yield_factor` times the
// households' yield and makes dry tea of it; the public purse adds a subsidy
// per transferred mu.
#pragma once

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "sim/model/policies/lever_context.hpp"
#include "sim/model/policies/lever_window.hpp"

namespace yucun {

struct LandTransferPolicy : LeverWindow {
  std::vector<std::string> villages;
  double share = 0.3;
  double rent_yuan_per_mu_year = 600;
  double yield_factor = 1.1;
  double subsidy_yuan_per_mu_year = 100;
};

template <class V> void fields(LandTransferPolicy& p, V&& v) {
  window_fields(p, v);
  v("villages", p.villages);
  v("share", p.share, share());
  v("rent_yuan_per_mu_year", p.rent_yuan_per_mu_year, between(0, 1e5));
  v("yield_factor", p.yield_factor, between(0, 10));
  v("subsidy_yuan_per_mu_year", p.subsidy_yuan_per_mu_year, between(0, 1e5));
}

class LandTransferLever {
 public:
  using Params = LandTransferPolicy;
  explicit LandTransferLever(const Params& p) : p_(p) {}
  static void validate(const Params& p, const WorldParams& world, LeverProblems& out) {
    check_window(p, out);
    check_villages("villages", p.villages, world, out);
  }

  // The window opens or closes: land is leased, or given back.
  void switched(bool on, LeverContext& m) {
    Households& households = m.households.households;
    if (owned_mu_.empty()) owned_mu_.assign(households.tea_mu.begin(), households.tea_mu.end());
    transferred_mu_.assign(m.villages(), 0.0);
    for (std::size_t v = 0; v < m.villages(); ++v) {
      const bool applies = on && lever_applies(p_.villages, m.world, v);
      for (std::size_t h = households.begin_of(v); h != households.end_of(v); ++h) {
        const double leased = applies ? owned_mu_[h] * p_.share : 0.0;
        households.tea_mu[h] = static_cast<float>(owned_mu_[h] - leased);
        transferred_mu_[v] += leased;
      }
    }
  }

  // After the day's tea market: hired pickers (from outside the area's
  // picker pool) bring in the cooperative's leaf; it is made into dry tea and
  // sold outside.
  void after_tea_market(LeverContext& m) {
    if (!m.today.harvest) return;
    const TeaParams& tea = m.tea_params;
    std::vector<VillageTeaDay>& day = m.tea.day();
    const AccountId* processor = m.tea.processors().account.data();
    for (std::size_t v = 0; v < m.villages(); ++v) {
      if (transferred_mu_[v] <= 0) continue;
      VillageTeaDay& t = day[v];
      const double leaf = transferred_mu_[v] * m.tea.fresh_kg_per_mu()[v] * p_.yield_factor;
      const double picker_days = std::ceil(leaf / tea.picking.hired_kg_per_day);
      const Fen wages = to_fen(picker_days * tea.picking.picker_wage_yuan_per_day);
      const double dry = leaf / tea.yield.fresh_to_dry_ratio;
      const Fen sales = static_cast<Fen>(std::llround(dry * m.tea.market().dry_price_fen_per_kg)) -
                        to_fen(dry * tea.processing.processing_cost_yuan_per_kg_dry);
      m.ledger.transfer(m.accounts.outside_world[v], processor[v], std::max<Fen>(0, sales));
      m.ledger.transfer(processor[v], m.accounts.outside_world[v], std::min(wages, m.ledger.balance(processor[v])));
      t.leaf_available_kg += leaf;
      t.leaf_picked_kg += leaf;
      t.hired_picker_days += static_cast<std::int64_t>(picker_days);
      t.dry_tea_kg += dry;
      t.dry_tea_sales_fen += std::max<Fen>(0, sales);
    }
  }

  // Month end: the public subsidy to the cooperative, and its rent to the
  // households by the land each leased.
  void month_end(LeverContext& m) {
    Households& households = m.households.households;
    for (std::size_t v = 0; v < m.villages(); ++v) {
      if (transferred_mu_[v] <= 0) continue;
      const AccountId coop = m.tea.processors().account[v];
      const Fen subsidy = to_fen(p_.subsidy_yuan_per_mu_year / 12.0 * transferred_mu_[v]);
      m.ledger.transfer(m.public_purse(), coop, subsidy);
      m.public_money.policy_spending += subsidy;
      std::vector<double> leased;
      for (std::size_t h = households.begin_of(v); h != households.end_of(v); ++h)
        leased.push_back(owned_mu_[h] - households.tea_mu[h]);
      const Fen rent = std::min(to_fen(p_.rent_yuan_per_mu_year / 12.0 * transferred_mu_[v]), m.ledger.balance(coop));
      const std::vector<Fen> parts = split_proportional(rent, leased);
      for (std::size_t k = 0; k < parts.size(); ++k) {
        if (parts[k] == 0) continue;
        const std::size_t h = households.begin_of(v) + k;
        m.ledger.transfer(coop, households.account[h], parts[k]);
        m.households.income.credit(h, v, IncomeSource::tea, parts[k]);
      }
    }
  }

 private:
  const Params& p_;
  std::vector<float> owned_mu_;         // households' own tea land, leased or not
  std::vector<double> transferred_mu_;  // per village, leased to the cooperative
};

}  // namespace yucun
