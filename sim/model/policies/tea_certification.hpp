// Lever `tea_certification`: a certified "greater Yucun" grade of Anji white
// tea. Anji white tea is already a protected origin brand, so certification
// earns a premium only where buyers pay for the extra grade, and only as much
// of it as they take:
// - the quality rule picks only the finest leaf: certified villages' ready
//   leaf x `yield_factor` (through InForce);
// - the premium market: certified-premium buyers take
//   `premium_market_kg_per_year` x (1 + `price_premium`)^(-`price_elasticity`)
//   kg of dry tea a year across the area. They buy the season's first
//   certified tea sold outside (the early, dearest pickings) until that is
//   filled, shared among the certified villages each day in proportion to
//   their dry tea sold outside, and pay `price_premium` over the day's dry
//   price on it; the rest sells at the ordinary price;
// - the cost: each month the processor pays `compliance_cost_yuan_per_mu_year`
//   / 12 per mu of its village's tea (inspections, record keeping, residue
//   testing) to suppliers outside the area, and at year end
//   `fee_yuan_per_mu_year` per mu to the public purse (both capped at its cash).
#pragma once

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "sim/model/policies/lever_context.hpp"
#include "sim/model/policies/lever_window.hpp"
#include "sim/model/shared/series.hpp"

namespace yucun {

struct TeaCertificationPolicy : LeverWindow {
  std::vector<std::string> villages;
  double price_premium = 0.25;
  // ASSUMPTION: certified-premium buyers (gift and traceable-origin buyers)
  // would take about 40 t of dry tea a year at no premium, about a tenth of
  // greater Yucun's ~340 t.
  double premium_market_kg_per_year = 40000;
  // ASSUMPTION: premium tea demand is price-elastic (gift tea has close
  // substitutes in the uncertified origin brand).
  double price_elasticity = 1.5;
  double yield_factor = 0.9;
  double fee_yuan_per_mu_year = 10;
  // ASSUMPTION: residue tests, inspections and record keeping, about 30 yuan
  // per mu a year.
  double compliance_cost_yuan_per_mu_year = 30;
};

template <class V> void fields(TeaCertificationPolicy& p, V&& v) {
  window_fields(p, v);
  v("villages", p.villages);
  v("price_premium", p.price_premium, between(0, 10));
  v("premium_market_kg_per_year", p.premium_market_kg_per_year, between(0, 1e9));
  v("price_elasticity", p.price_elasticity, between(0, 20));
  v("yield_factor", p.yield_factor, Bounds{0, 1, true});
  v("fee_yuan_per_mu_year", p.fee_yuan_per_mu_year, between(0, 1e5));
  v("compliance_cost_yuan_per_mu_year", p.compliance_cost_yuan_per_mu_year, between(0, 1e5));
}

// Dry tea the premium market takes in a year at a premium: market x (1 + premium)^(-elasticity).
inline double certified_premium_demand_kg(const TeaCertificationPolicy& p) {
  return p.premium_market_kg_per_year * std::pow(1.0 + p.price_premium, -p.price_elasticity);
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

  void start_day(const LeverContext& m) {
    premium_kg_.assign(m.villages(), 0.0);
    premium_fen_.assign(m.villages(), 0);
  }

  // After the day's tea market (and the cooperatives' own harvest): the
  // premium buyers take certified dry tea sold outside, up to what is left
  // of their year's demand, and pay the premium on it.
  void price_tea_sales(LeverContext& m) {
    if (!m.today.harvest) return;
    if (m.today.date.year() != year_) {
      year_ = m.today.date.year();
      taken_kg_ = 0;
    }
    std::vector<VillageTeaDay>& day = m.tea.day();
    std::vector<double> sold(m.villages(), 0.0);
    double certified = 0;
    for (std::size_t v = 0; v < m.villages(); ++v) {
      if (!lever_applies(p_.villages, m.world, v)) continue;
      sold[v] = std::max(0.0, day[v].dry_tea_kg - day[v].dry_tea_kept_kg);
      certified += sold[v];
    }
    const double left = std::max(0.0, certified_premium_demand_kg(p_) - taken_kg_);
    if (certified <= 0 || left <= 0) return;
    const double share = std::min(1.0, left / certified);
    const double price = m.tea.market().dry_price_fen_per_kg;
    for (std::size_t v = 0; v < m.villages(); ++v) {
      if (sold[v] <= 0) continue;
      const double kg = sold[v] * share;
      const Fen premium = static_cast<Fen>(std::llround(kg * price * p_.price_premium));
      m.ledger.transfer(m.accounts.outside_world[v], m.tea.processors().account[v], premium);
      day[v].dry_tea_sales_fen += premium;
      premium_kg_[v] = kg;
      premium_fen_[v] = premium;
      taken_kg_ += kg;
    }
  }

  // Month end: the compliance costs, to suppliers outside the area.
  void month_end(LeverContext& m) {
    for (std::size_t v = 0; v < m.villages(); ++v) {
      if (!lever_applies(p_.villages, m.world, v)) continue;
      const AccountId coop = m.tea.processors().account[v];
      const Fen cost = std::min(to_fen(p_.compliance_cost_yuan_per_mu_year / 12.0 * m.world.villages[v].tea_area_mu),
                                m.ledger.balance(coop));
      m.ledger.transfer(coop, m.accounts.outside_world[v], cost);
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

  void record(DayIndicators& d) const {
    for (std::size_t v = 0; v < premium_kg_.size(); ++v) {
      d.real(series::certified_premium_kg, v) = premium_kg_[v];
      d.integer(series::certified_premium, v) = premium_fen_[v];
    }
  }

 private:
  const Params& p_;
  int year_ = 0;          // the harvest year the premium market's take counts in
  double taken_kg_ = 0;   // taken this year so far
  std::vector<double> premium_kg_;  // today, per village
  std::vector<Fen> premium_fen_;    // today, per village
 public:
  // The state that changes as the run goes on, for checkpoints (sim/io/checkpoint).
  template <class Archive> void serialize(Archive& ar) { ar(year_, taken_kg_, premium_kg_, premium_fen_); }
};

}  // namespace yucun
