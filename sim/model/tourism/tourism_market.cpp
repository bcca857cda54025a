#include "sim/model/tourism/tourism_market.hpp"

#include <stdexcept>

#include <algorithm>
#include <cmath>
#include <numeric>

#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

namespace yucun {

namespace {
// std::llround inline: half away from zero, exact for |x| < 2^63 (the
// fractional part x - trunc(x) of a double is exact).
inline std::int64_t round_half_away(double x) {
  auto whole = static_cast<std::int64_t>(x);
  const double rest = x - static_cast<double>(whole);
  if (rest >= 0.5) ++whole;
  else if (rest <= -0.5) --whole;
  return whole;
}

// The hot loop's yuan to fen: the same rounding and range as to_fen, inline.
// Beyond ±2^62 fen (or NaN) it gives 0 and sets `wrapped` (checked after
// the loop: a money overflow), never converting out of range.
inline Fen round_fen_fast(double fen, bool& wrapped) {
  const bool out = !(std::fabs(fen) <= kMaxFenAmount);
  wrapped |= out;
  return round_half_away(out ? 0.0 : fen);
}
inline Fen to_fen_fast(double yuan, bool& wrapped) { return round_fen_fast(yuan * kFenPerYuan, wrapped); }

// sum += x, remembering (not throwing, in the hot loop) a sum that overflowed.
inline void add_fen(Fen& sum, Fen x, bool& wrapped) { wrapped |= __builtin_add_overflow(sum, x, &sum); }
}  // namespace

void tourist_spending(const TouristParties& parties, const TourismParams& p, const InForce& prices,
                      const std::vector<std::uint8_t>& has_restaurants, const std::vector<std::uint8_t>& has_activities,
                      TeaProcessors& retail, std::vector<VillageTourismDay>& out, double price_level,
                      const AreaDemand* entries) {
  const std::size_t n_villages = prices.ticket_yuan.size();
  const double food_yuan = p.food_yuan * price_level, activity_yuan = p.activity_yuan * price_level;
  const double parking_yuan = prices.parking_yuan * price_level;
  out.assign(n_villages, VillageTourismDay{});
  // Visits and nights: integer fen and persons, exact in any order, so each
  // thread sums its parties and the sums are added up.
  tbb::enumerable_thread_specific<std::vector<VillageTourismDay>> partial(
      [&] { return std::vector<VillageTourismDay>(n_villages); });
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, parties.size_count(), 1024), [&](const auto& r) {
    std::vector<VillageTourismDay>& sums = partial.local();
    bool wrapped = false;
    for (std::size_t i = r.begin(); i != r.end(); ++i) {
      const int count = parties.visit_count[i];
      if (count == 0) continue;
      const std::int32_t* visits = &parties.visits[i * kMaxVisitsPerDay];
      const double persons = parties.size[i];
      const double spend = parties.spend_index[i];
      for (int k = 0; k < count; ++k) {
        const auto at = static_cast<std::size_t>(visits[k]);
        VillageTourismDay& v = sums[at];
        v.visitors += parties.size[i];
        if (has_restaurants[at]) add_fen(v.food, to_fen_fast(food_yuan * spend * persons / count, wrapped), wrapped);
        add_fen(v.tickets, to_fen_fast(prices.ticket_yuan[at] * price_level * persons, wrapped), wrapped);
        if (parties.car[i]) add_fen(v.parking, to_fen_fast(parking_yuan, wrapped), wrapped);
        if (has_activities[at]) add_fen(v.activities, to_fen_fast(activity_yuan * spend * persons / count, wrapped), wrapped);
      }
      if (entries && parties.day_of_stay[i] == 0 && parties.entry[i] >= 0) {
        const auto a = static_cast<std::size_t>(parties.entry[i]);
        const AttractionSpec& spec = entries->spec(a);
        VillageTourismDay& v = sums[entries->village(a)];
        v.attraction_entrants += parties.size[i];
        const Fen ticket = to_fen_fast(spec.ticket_yuan * price_level * persons, wrapped);
        add_fen(v.attraction_tickets, ticket, wrapped);
        add_fen(v.attraction_collective, round_half_away(static_cast<double>(ticket) * spec.collective_share), wrapped);
        if (spec.kind == AttractionKind::tea_garden) {
          v.tea_garden_entrants += parties.size[i];
          add_fen(v.tea_experiences, to_fen_fast(p.tea_experience_yuan * price_level * persons, wrapped), wrapped);
        }
      }
      if (parties.lodging[i] >= 0 && parties.day_of_stay[i] < parties.nights[i]) {
        const auto v = static_cast<std::size_t>(parties.lodging[i]);
        sums[v].overnight_guests += parties.size[i];
        add_fen(sums[v].lodging, to_fen_fast(prices.bed_price_yuan[v] * price_level * persons, wrapped), wrapped);
      }
    }
    if (wrapped) throw_money_overflow("a village's tourist spending in a day");
  });
  bool wrapped = false;
  for (const auto& sums : partial)
    for (std::size_t v = 0; v < n_villages; ++v) {
      out[v].visitors += sums[v].visitors;
      out[v].overnight_guests += sums[v].overnight_guests;
      add_fen(out[v].lodging, sums[v].lodging, wrapped);
      add_fen(out[v].food, sums[v].food, wrapped);
      add_fen(out[v].activities, sums[v].activities, wrapped);
      add_fen(out[v].tickets, sums[v].tickets, wrapped);
      add_fen(out[v].parking, sums[v].parking, wrapped);
      out[v].attraction_entrants += sums[v].attraction_entrants;
      out[v].tea_garden_entrants += sums[v].tea_garden_entrants;
      add_fen(out[v].attraction_tickets, sums[v].attraction_tickets, wrapped);
      add_fen(out[v].attraction_collective, sums[v].attraction_collective, wrapped);
      add_fen(out[v].tea_experiences, sums[v].tea_experiences, wrapped);
    }
  if (wrapped) throw_money_overflow("a village's tourist spending in a day");
  // Tea: some parties buy dry tea on their first day, where they first stop,
  // while the village's stock lasts: in the parties' stored order. The stock
  // is the members' tea the village processor holds; at a tea garden the
  // farmers sell it themselves and keep the retail margin.
  const double farm_margin = p.tea_retail_markup / (1.0 + p.tea_retail_markup);
  for (std::size_t i = 0; i < parties.size_count(); ++i) {
    if (parties.visit_count[i] == 0 || parties.day_of_stay[i] != 0 || !parties.tea_buyer[i]) continue;
    const auto first = static_cast<std::size_t>(parties.visits[i * kMaxVisitsPerDay]);
    if (retail.retail_stock_kg[first] <= 0) continue;
    const double kg = std::min(retail.retail_stock_kg[first], p.tea_kg_per_buyer);
    retail.retail_stock_kg[first] -= kg;
    out[first].tea_kg += kg;
    const Fen paid = round_fen_fast(kg * retail.retail_price_fen_per_kg[first], wrapped);
    add_fen(out[first].tea, paid, wrapped);
    if (entries && parties.entry[i] >= 0 && entries->is_tea_garden(static_cast<std::size_t>(parties.entry[i])))
      add_fen(out[first].farm_gate_tea, round_half_away(static_cast<double>(paid) * farm_margin), wrapped);
  }
  if (wrapped) throw_money_overflow("a village's tea sales to visitors in a day");
}

void pay_tourism_revenue(const std::vector<VillageTourismDay>& days, const TourismParams& p,
                         const TourismSellers& s, Firms& firms, Ledger& ledger, IncomeBook& income) {
  auto cost_of = [](Fen revenue, double share) { return round_half_away(static_cast<double>(revenue) * share); };
  tbb::parallel_for(std::size_t{0}, days.size(), [&](std::size_t v) {
    const VillageTourismDay& day = days[v];
    const AccountId outside = (*s.outside_world)[v];

    // Pays a firm its share and its suppliers their part.
    auto pay_firm = [&](std::uint32_t f, Fen amount, double cost_share) {
      if (amount <= 0) return;
      ledger.transfer(outside, firms.account[f], amount);
      const Fen cost = cost_of(amount, cost_share);
      ledger.transfer(firms.account[f], outside, cost);
      firms.revenue_month[f] += amount;
      firms.costs_month[f] += cost;
    };
    auto pay_firms = [&](FirmKind kind, Fen total, double cost_share) {
      const auto& ids = s.firm_index->of(v, kind);
      std::vector<double> weights;
      for (auto f : ids) weights.push_back(firms.capacity[f]);
      const auto shares = split_proportional(total, weights);
      for (std::size_t k = 0; k < ids.size(); ++k) pay_firm(ids[k], shares[k], cost_share);
      return !ids.empty();
    };

    // Lodging: household homestays and homestay enterprises, by beds.
    if (day.lodging > 0) {
      const auto& hosts = (*s.homestay_households)[v];
      const auto& firm_ids = s.firm_index->of(v, FirmKind::homestay);
      std::vector<double> beds;
      for (auto h : hosts) beds.push_back((*s.household_beds)[h]);
      for (auto f : firm_ids) beds.push_back(firms.capacity[f]);
      const auto shares = split_proportional(day.lodging, beds);
      for (std::size_t k = 0; k < hosts.size(); ++k) {
        if (shares[k] == 0) continue;
        const AccountId account = (*s.household_accounts)[hosts[k]];
        ledger.transfer(outside, account, shares[k]);
        const Fen cost = cost_of(shares[k], p.homestay_cost_share);
        ledger.transfer(account, outside, cost);
        income.credit(hosts[k], v, IncomeSource::homestay, shares[k] - cost);
      }
      for (std::size_t k = 0; k < firm_ids.size(); ++k) pay_firm(firm_ids[k], shares[hosts.size() + k], p.homestay_cost_share);
    }
    // Food and activities go to the village's restaurants and operators; where
    // there are none nobody spent on them (tourist_spending).
    if (!pay_firms(FirmKind::restaurant, day.food, p.restaurant_cost_share) && day.food > 0)
      throw std::logic_error("food spending in a village without a restaurant");
    if (!pay_firms(FirmKind::activity, day.activities, p.activity_cost_share) && day.activities > 0)
      throw std::logic_error("activity spending in a village without an operator");
    ledger.transfer(outside, (*s.collectives)[v], day.tickets + day.parking + day.attraction_collective);
    // Tea, tea experiences and farm-gate sales go to the village cooperative
    // (its processor); it settles the farmers' part (experiences and margins)
    // at the month end (TourismSector::settle_tea_tourism).
    ledger.transfer(outside, (*s.tea_processors)[v], day.tea + day.tea_experiences);
  });
}

}  // namespace yucun
