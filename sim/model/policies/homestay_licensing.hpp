// Lever `homestays`: homestay licensing. No village may exceed
// `max_beds_per_village` beds (households stop investing, homestay
// enterprises stop entering), and a quality standard raises the bed price by
// `quality_price_premium` and visitor satisfaction by `quality_satisfaction`,
// at an upkeep of `quality_cost_yuan_per_bed_year` to the operators.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "sim/model/policies/lever_context.hpp"
#include "sim/model/policies/lever_window.hpp"

namespace yucun {

struct HomestayPolicy : LeverWindow {
  std::vector<std::string> villages;
  double max_beds_per_village = 1e9;
  double quality_price_premium = 0;
  double quality_satisfaction = 0;
  double quality_cost_yuan_per_bed_year = 0;
};

template <class V> void fields(HomestayPolicy& p, V&& v) {
  window_fields(p, v);
  v("villages", p.villages);
  v("max_beds_per_village", p.max_beds_per_village, between(0, 1e9));
  v("quality_price_premium", p.quality_price_premium, between(0, 10));
  v("quality_satisfaction", p.quality_satisfaction, share());
  v("quality_cost_yuan_per_bed_year", p.quality_cost_yuan_per_bed_year, between(0, 1e6));
}

class HomestayLicensingLever {
 public:
  using Params = HomestayPolicy;
  explicit HomestayLicensingLever(const Params& p) : p_(p) {}
  static void validate(const Params& p, const WorldParams& world, LeverProblems& out) {
    check_window(p, out);
    check_villages("villages", p.villages, world, out);
  }

  void put_in_force(InForce& in, const WorldParams& world, std::size_t) const {
    for (std::size_t v = 0; v < in.bed_cap.size(); ++v) {
      if (!lever_applies(p_.villages, world, v)) continue;
      in.bed_price_yuan[v] *= 1.0 + p_.quality_price_premium;
      in.bed_cap[v] = p_.max_beds_per_village;
      in.satisfaction_bonus[v] = p_.quality_satisfaction;
    }
  }

  // Month end: the quality standard's upkeep, per bed, from household hosts
  // and enterprises (in the enterprise's month's books, settled next).
  void month_end(LeverContext& m) {
    if (p_.quality_cost_yuan_per_bed_year <= 0) return;
    const double per_bed = p_.quality_cost_yuan_per_bed_year / 12.0;
    Households& households = m.households.households;
    Firms& firms = m.firms.firms;
    for (std::size_t v = 0; v < m.villages(); ++v) {
      if (!lever_applies(p_.villages, m.world, v)) continue;
      for (auto h : m.tourism.homestay_households()[v]) {
        const Fen due = std::min(to_fen(per_bed * households.homestay_beds[h]), m.ledger.balance(households.account[h]));
        m.ledger.transfer(households.account[h], m.accounts.outside_world[v], due);
        m.households.income.credit(h, v, IncomeSource::homestay, -due);
      }
      for (auto f : m.firms.index.of(v, FirmKind::homestay)) {
        const Fen due = to_fen(per_bed * firms.capacity[f]);
        m.ledger.transfer(firms.account[f], m.accounts.outside_world[v], std::min(due, m.ledger.balance(firms.account[f])));
        firms.costs_month[f] += due;
      }
    }
  }

 private:
  const Params& p_;
};

}  // namespace yucun
