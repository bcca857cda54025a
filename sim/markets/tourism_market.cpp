#include "sim/markets/tourism_market.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include <tbb/parallel_for.h>

namespace yucun {

std::vector<Fen> split_proportional(Fen total, const std::vector<double>& weights) {
  std::vector<Fen> out(weights.size(), 0);
  const double sum = std::accumulate(weights.begin(), weights.end(), 0.0);
  if (weights.empty() || sum <= 0 || total <= 0) return out;
  std::vector<std::pair<double, std::size_t>> remainders;
  Fen given = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    const double exact = static_cast<double>(total) * weights[i] / sum;
    out[i] = static_cast<Fen>(std::floor(exact));
    given += out[i];
    remainders.emplace_back(exact - static_cast<double>(out[i]), i);
  }
  std::stable_sort(remainders.begin(), remainders.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  for (std::size_t k = 0; given < total; k = (k + 1) % remainders.size(), ++given) ++out[remainders[k].second];
  return out;
}

void tourist_spending(const TouristParties& parties, const TourismParams& p, const std::vector<VillageSpec>& villages,
                      const std::vector<std::uint8_t>& has_activities, TeaProcessors& retail,
                      std::vector<VillageTourismDay>& out) {
  out.assign(villages.size(), VillageTourismDay{});
  auto fen = [](double yuan) { return static_cast<Fen>(std::llround(yuan * kFenPerYuan)); };
  for (std::size_t i = 0; i < parties.size_count(); ++i) {
    const int count = parties.visit_count[i];
    if (count == 0) continue;
    const std::int32_t* visits = &parties.visits[i * kMaxVisitsPerDay];
    const double persons = parties.size[i];
    const double spend = parties.spend_index[i];
    for (int k = 0; k < count; ++k) {
      VillageTourismDay& v = out[static_cast<std::size_t>(visits[k])];
      v.visitors += parties.size[i];
      v.food += fen(p.food_yuan * spend * persons / count);
      v.tickets += fen(villages[static_cast<std::size_t>(visits[k])].ticket_yuan * persons);
      if (parties.car[i]) v.parking += fen(p.parking_yuan);
      if (has_activities[static_cast<std::size_t>(visits[k])]) v.activities += fen(p.activity_yuan * spend * persons / count);
    }
    // Tea: some parties buy dry tea on their first day, where they first stop.
    const std::size_t first = static_cast<std::size_t>(visits[0]);
    if (parties.day_of_stay[i] == 0 && parties.tea_buyer[i] && retail.retail_stock_kg[first] > 0) {
      const double kg = std::min(retail.retail_stock_kg[first], p.tea_kg_per_buyer);
      retail.retail_stock_kg[first] -= kg;
      out[first].tea_kg += kg;
      out[first].tea += static_cast<Fen>(std::llround(kg * retail.retail_price_fen_per_kg[first]));
    }
    if (parties.lodging[i] >= 0 && parties.day_of_stay[i] < parties.nights[i]) {
      const auto v = static_cast<std::size_t>(parties.lodging[i]);
      out[v].overnight_guests += parties.size[i];
      out[v].lodging += fen(villages[v].bed_price_yuan * persons);
    }
  }
}

void pay_tourism_revenue(const std::vector<VillageTourismDay>& days, const TourismParams& p,
                         const TourismSellers& s, Firms& firms, Ledger& ledger, IncomeBook& income) {
  auto cost_of = [](Fen revenue, double share) { return static_cast<Fen>(std::llround(static_cast<double>(revenue) * share)); };
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
    // Food goes to restaurants; where there are none, to the collective's canteen.
    if (!pay_firms(FirmKind::restaurant, day.food, p.restaurant_cost_share) && day.food > 0)
      ledger.transfer(outside, (*s.collectives)[v], day.food);
    if (!pay_firms(FirmKind::activity, day.activities, p.activity_cost_share) && day.activities > 0)
      ledger.transfer(outside, (*s.collectives)[v], day.activities);
    ledger.transfer(outside, (*s.collectives)[v], day.tickets + day.parking);
    ledger.transfer(outside, (*s.tea_processors)[v], day.tea);
  });
}

}  // namespace yucun
