// Lever `land_transfer`: land transfer to the tea cooperatives. Households of
// the listed villages lease `share` of their tea land to the village
// processor for a rent while the lever runs (and get it back after). The
// cooperative's leased land gives `yield_factor` times the households' leaf
// per mu; having no hands of its own, it hires pickers for all of it from the
// area's limited migrant picker pool (tea/picker_market), as a buyer next to
// the households, at the same wage and rationed by the same rule: when the
// pool is short, less of its leaf is picked and households get fewer
// pickers. The wages go where other migrant pickers' go (to the outside
// world). Its picked leaf is made into dry tea and sold outside. The public
// purse adds a subsidy per transferred mu.
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
    // The cooperatives farm the leased land; it hires from the picker pool.
    m.tea.set_processor_land(on ? transferred_mu_ : std::vector<double>{}, p_.yield_factor);
  }

  // After the day's tea market: the pickers the cooperative got from the
  // pool (TeaSector::hire_pickers) bring in what they can of its leaf; it is
  // made into dry tea and sold outside. The pickers' wages, like the
  // households' migrant pickers', go to the outside world.
  void after_tea_market(LeverContext& m) {
    if (!m.today.harvest) return;
    const TeaParams& tea = m.tea.prices_today();
    std::vector<VillageTeaDay>& day = m.tea.day();
    const AccountId* processor = m.tea.processors().account.data();
    const Fen wage = to_fen(tea.picking.picker_wage_yuan_per_day);
    for (std::size_t v = 0; v < m.villages(); ++v) {
      if (transferred_mu_[v] <= 0) continue;
      VillageTeaDay& t = day[v];
      const double available = m.tea.processor_leaf_kg()[v];
      const std::int64_t pickers = m.tea.processor_pickers_hired()[v];
      const double leaf = std::min(available, static_cast<double>(pickers) * tea.picking.hired_kg_per_day);
      const double dry = leaf / tea.yield.fresh_to_dry_ratio;
      const Fen sales = static_cast<Fen>(std::llround(dry * m.tea.market().dry_price_fen_per_kg));
      m.ledger.transfer(m.accounts.outside_world[v], processor[v], sales);
      const Fen processing = std::min(to_fen(dry * tea.processing.processing_cost_yuan_per_kg_dry),
                                      m.ledger.balance(processor[v]));
      m.ledger.transfer(processor[v], m.accounts.outside_world[v], processing);
      const Fen wages = std::min(wage * pickers, m.ledger.balance(processor[v]));
      m.ledger.transfer(processor[v], m.accounts.outside_world[v], wages);
      t.leaf_available_kg += available;
      t.leaf_picked_kg += leaf;
      t.hired_picker_days += pickers;
      t.picker_wages_fen += wages;
      t.dry_tea_kg += dry;
      t.dry_tea_sales_fen += sales;
      t.processing_cost_fen += processing;
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
 public:
  // The state that changes as the run goes on, for checkpoints (sim/io/checkpoint).
  template <class Archive> void serialize(Archive& ar) { ar(owned_mu_, transferred_mu_); }
};

}  // namespace yucun
