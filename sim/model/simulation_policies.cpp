// Policy levers (docs/ODD.md section 7.24): switching them on and off, and
// the money they move. Public money is paid from and to the gateway
// village's public purse, so each scenario's net public cost is a series.
#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>

#include "sim/model/simulation.hpp"

namespace yucun {

namespace {
Fen to_fen(double yuan) { return static_cast<Fen>(std::llround(yuan * kFenPerYuan)); }

// A yearly amount paid in daily parts.
Fen daily_part(double yuan_per_year) { return to_fen(yuan_per_year / 365.0); }
}  // namespace

bool Simulation::lever_applies(const std::vector<std::string>& villages, std::size_t v) const {
  if (villages.empty()) return true;
  return std::find(villages.begin(), villages.end(), scenario_.world.villages[v].name) != villages.end();
}

// Phase `apply_policies`: levers whose window opens or closes today change
// the network, prices and attractiveness (all start off: active_ is all
// false before the first day); the destination tables are then
// rebuilt from them and from reputation and crowding.
void Simulation::apply_policies() {
  const PolicyParams& p = scenario_.policies;
  const Date d = today();
  const ActiveLevers now{p.brand.active_on(d),     p.marketing.active_on(d),    p.shuttle.active_on(d),
                         p.greenway.active_on(d),  p.revenue_sharing.active_on(d), p.homestays.active_on(d),
                         p.fees.active_on(d),      p.tea_certification.active_on(d), p.subsidies.active_on(d),
                         p.talent.active_on(d),    p.dividends.active_on(d),    p.land_transfer.active_on(d)};
  if (now.shuttle != active_.shuttle || now.greenway != active_.greenway) rebuild_network(now);
  if (now.brand != active_.brand || now.marketing != active_.marketing) {
    std::vector<double> attractiveness;
    const double core = scenario_.world.villages[gateway_].attractiveness;
    for (std::size_t v = 0; v < villages_; ++v) {
      double a = scenario_.world.villages[v].attractiveness;
      if (v != gateway_) {
        if (now.brand) a += p.brand.spillover * std::max(0.0, core - a);
        if (now.marketing) a *= 1.0 + p.marketing.outside_core_boost;
      }
      attractiveness.push_back(a);
    }
    choice_.set_attractiveness(std::move(attractiveness));
  }
  if (now.fees != active_.fees || now.homestays != active_.homestays) {
    villages_now_ = scenario_.world.villages;
    tourism_now_ = scenario_.tourism;
    for (std::size_t v = 0; v < villages_; ++v) {
      VillageSpec& spec = villages_now_[v];
      if (now.fees && p.fees.ticket_yuan >= 0 && lever_applies(p.fees.villages, v)) spec.ticket_yuan = p.fees.ticket_yuan;
      if (now.homestays && lever_applies(p.homestays.villages, v))
        spec.bed_price_yuan *= 1.0 + p.homestays.quality_price_premium;
    }
    if (now.fees && p.fees.parking_yuan >= 0) tourism_now_.parking_yuan = p.fees.parking_yuan;
  }
  if (now.land_transfer != active_.land_transfer) transfer_land(now.land_transfer);
  active_ = now;

  demand_multiplier_ = now.marketing ? std::pow(1.0 + p.marketing.budget_yuan_per_year / p.marketing.reference_budget_yuan,
                                                p.marketing.demand_elasticity)
                                     : 1.0;
  if (harvest_ && now.tea_certification)
    for (std::size_t v = 0; v < villages_; ++v)
      if (lever_applies(p.tea_certification.villages, v)) fresh_kg_per_mu_[v] *= p.tea_certification.yield_factor;

  // Running costs paid by the public purse, a day at a time.
  Fen costs = 0;
  if (now.brand) costs += daily_part(p.brand.cost_yuan_per_year);
  if (now.marketing) costs += daily_part(p.marketing.budget_yuan_per_year);
  if (now.greenway) costs += daily_part(p.greenway.cost_yuan_per_year);
  if (now.shuttle) costs += to_fen(p.shuttle.operating_cost_yuan_per_day);
  spend_public(costs);

  choice_.update(scenario_.tourism, reputation_, crowding_);
}

void Simulation::spend_public(Fen amount) {
  if (amount <= 0) return;
  ledger_.transfer(government_[gateway_], outside_world_[gateway_], amount);
  policy_spending_today_ += amount;
}

// The network tourists and commuters travel on: the scenario's roads, with
// shuttle roads faster and greenway links added while those levers run.
void Simulation::rebuild_network(const ActiveLevers& now) {
  const PolicyParams& p = scenario_.policies;
  std::vector<RoadSpec> roads = scenario_.world.roads;
  if (now.shuttle) {
    for (RoadSpec& r : roads) {
      const bool listed = !p.shuttle.villages.empty() &&
                          std::find(p.shuttle.villages.begin(), p.shuttle.villages.end(), r.from) != p.shuttle.villages.end() &&
                          std::find(p.shuttle.villages.begin(), p.shuttle.villages.end(), r.to) != p.shuttle.villages.end();
      if (p.shuttle.villages.empty() ? r.shuttle : listed) r.minutes *= p.shuttle.minutes_factor;
    }
  }
  if (now.greenway) {
    for (const GreenwayLink& link : p.greenway.links) {
      auto same = [&](const RoadSpec& r) {
        return (r.from == link.from && r.to == link.to) || (r.from == link.to && r.to == link.from);
      };
      auto it = std::find_if(roads.begin(), roads.end(), same);
      if (it != roads.end()) {
        it->km = std::min(it->km, link.km);
        it->minutes = std::min(it->minutes, link.minutes);
      } else {
        roads.push_back(RoadSpec{link.from, link.to, link.km, link.minutes, false});
      }
    }
  }
  // The destination tables read travel times from roads_ at every update.
  roads_ = RoadNetwork(scenario_.world.villages, roads);
  nearby_ = nearby_villages(roads_, scenario_.tourism.lodging_radius_minutes);
  commute_area_ = nearby_villages(roads_, scenario_.labour.commute_radius_minutes);
}

// Households of the listed villages lease a share of their tea land to the
// village cooperative while the lever runs, and get it back after.
void Simulation::transfer_land(bool on) {
  const LandTransferPolicy& p = scenario_.policies.land_transfer;
  if (tea_mu_owned_.empty()) tea_mu_owned_.assign(households_.tea_mu.begin(), households_.tea_mu.end());
  transferred_mu_.assign(villages_, 0.0);
  for (std::size_t v = 0; v < villages_; ++v) {
    const bool applies = on && lever_applies(p.villages, v);
    for (std::size_t h = households_.begin_of(v); h != households_.end_of(v); ++h) {
      const double leased = applies ? tea_mu_owned_[h] * p.share : 0.0;
      households_.tea_mu[h] = static_cast<float>(tea_mu_owned_[h] - leased);
      transferred_mu_[v] += leased;
    }
  }
}

// In `clear_tea_market`: certified dry tea fetches a premium from outside
// buyers, and cooperatives pick and process the land leased to them.
void Simulation::run_tea_policies() {
  const PolicyParams& p = scenario_.policies;
  if (!harvest_) return;
  const TeaParams& tea = scenario_.tea;
  for (std::size_t v = 0; v < villages_; ++v) {
    VillageTeaDay& t = tea_day_[v];
    if (active_.land_transfer && transferred_mu_[v] > 0) {
      // Hired pickers (from outside the area's picker pool) bring in the
      // cooperative's leaf; it is made into dry tea and sold outside.
      const double leaf = transferred_mu_[v] * fresh_kg_per_mu_[v] * p.land_transfer.yield_factor;
      const double picker_days = std::ceil(leaf / tea.picking.hired_kg_per_day);
      const Fen wages = to_fen(picker_days * tea.picking.picker_wage_yuan_per_day);
      const double dry = leaf / tea.yield.fresh_to_dry_ratio;
      const Fen sales = static_cast<Fen>(std::llround(dry * market_.dry_price_fen_per_kg)) -
                        to_fen(dry * tea.processing.processing_cost_yuan_per_kg_dry);
      ledger_.transfer(outside_world_[v], processors_.account[v], std::max<Fen>(0, sales));
      ledger_.transfer(processors_.account[v], outside_world_[v],
                       std::min(wages, ledger_.balance(processors_.account[v])));
      t.leaf_available_kg += leaf;
      t.leaf_picked_kg += leaf;
      t.hired_picker_days += static_cast<std::int64_t>(picker_days);
      t.dry_tea_kg += dry;
      t.dry_tea_sales_fen += std::max<Fen>(0, sales);
    }
    if (active_.tea_certification && lever_applies(p.tea_certification.villages, v)) {
      const Fen premium = static_cast<Fen>(std::llround(p.tea_certification.price_premium *
                                                        static_cast<double>(t.dry_tea_sales_fen)));
      ledger_.transfer(outside_world_[v], processors_.account[v], premium);
      t.dry_tea_sales_fen += premium;
    }
  }
}

// In `spend_and_pay`: visitors without a car who go beyond the gateway ride
// the shuttle, up to its capacity, and pay the fare to the public purse.
void Simulation::collect_shuttle_fares() {
  shuttle_riders_today_ = 0;
  if (!active_.shuttle) return;
  const ShuttlePolicy& p = scenario_.policies.shuttle;
  std::int64_t riders = 0;
  for (std::size_t i = 0; i < parties_.size_count(); ++i) {
    if (parties_.car[i]) continue;
    const std::size_t first = i * kMaxVisitsPerDay;
    bool beyond = false;
    for (std::size_t k = 0; k < parties_.visit_count[i]; ++k)
      beyond = beyond || static_cast<std::size_t>(parties_.visits[first + k]) != gateway_;
    if (beyond) riders += parties_.size[i];
  }
  shuttle_riders_today_ = std::min<std::int64_t>(riders, static_cast<std::int64_t>(p.capacity_persons_per_day));
  const Fen fares = to_fen(p.fare_yuan * static_cast<double>(shuttle_riders_today_));
  ledger_.transfer(outside_world_[gateway_], government_[gateway_], fares);
  policy_revenue_today_ += fares;
}

// In `close_month`: revenue sharing, the homestay quality upkeep and the
// cooperatives' land rent.
void Simulation::run_monthly_policies() {
  const PolicyParams& p = scenario_.policies;
  if (active_.revenue_sharing) {
    const Fen pool = std::min(static_cast<Fen>(std::llround(p.revenue_sharing.share *
                                                            static_cast<double>(std::max<Fen>(0, collective_income_month_[gateway_])))),
                              ledger_.balance(collectives_[gateway_]));
    std::vector<double> weights;
    for (std::size_t v = 0; v < villages_; ++v)
      weights.push_back(v == gateway_ ? 0.0
                        : p.revenue_sharing.split == "equal"
                            ? 1.0
                            : static_cast<double>(scenario_.world.villages[v].population));
    if (pool > 0 && std::any_of(weights.begin(), weights.end(), [](double w) { return w > 0; })) {
      const std::vector<Fen> parts = split_proportional(pool, weights);
      for (std::size_t v = 0; v < villages_; ++v) {
        if (parts[v] == 0) continue;
        ledger_.transfer(collectives_[gateway_], collectives_[v], parts[v]);
        revenue_shared_today_[v] += parts[v];
        revenue_shared_today_[gateway_] -= parts[v];
        collective_income_year_[v] += parts[v];
        collective_income_year_[gateway_] -= parts[v];
      }
    }
  }
  std::fill(collective_income_month_.begin(), collective_income_month_.end(), 0);

  if (active_.homestays && p.homestays.quality_cost_yuan_per_bed_year > 0) {
    const double per_bed = p.homestays.quality_cost_yuan_per_bed_year / 12.0;
    for (std::size_t v = 0; v < villages_; ++v) {
      if (!lever_applies(p.homestays.villages, v)) continue;
      for (auto h : homestay_households_[v]) {
        const Fen due = std::min(to_fen(per_bed * households_.homestay_beds[h]), ledger_.balance(households_.account[h]));
        ledger_.transfer(households_.account[h], outside_world_[v], due);
        income_.credit(h, v, IncomeSource::homestay, -due);
      }
      for (auto f : firm_index_.of(v, FirmKind::homestay)) {
        const Fen due = to_fen(per_bed * firms_.capacity[f]);
        ledger_.transfer(firms_.account[f], outside_world_[v], std::min(due, ledger_.balance(firms_.account[f])));
        firms_.costs_month[f] += due;  // in this month's books (settled next)
      }
    }
  }

  if (active_.land_transfer) {
    const LandTransferPolicy& l = p.land_transfer;
    for (std::size_t v = 0; v < villages_; ++v) {
      if (transferred_mu_[v] <= 0) continue;
      const AccountId coop = processors_.account[v];
      const Fen subsidy = to_fen(l.subsidy_yuan_per_mu_year / 12.0 * transferred_mu_[v]);
      ledger_.transfer(government_[gateway_], coop, subsidy);
      policy_spending_today_ += subsidy;
      std::vector<double> leased;
      for (std::size_t h = households_.begin_of(v); h != households_.end_of(v); ++h)
        leased.push_back(tea_mu_owned_[h] - households_.tea_mu[h]);
      const Fen rent = std::min(to_fen(l.rent_yuan_per_mu_year / 12.0 * transferred_mu_[v]), ledger_.balance(coop));
      const std::vector<Fen> parts = split_proportional(rent, leased);
      for (std::size_t k = 0; k < parts.size(); ++k) {
        if (parts[k] == 0) continue;
        const std::size_t h = households_.begin_of(v) + k;
        ledger_.transfer(coop, households_.account[h], parts[k]);
        income_.credit(h, v, IncomeSource::tea, parts[k]);
      }
    }
  }
}

// In `close_year`, before the cooperatives' payout: certification fees and
// the tea subsidy.
void Simulation::run_yearly_tea_policies() {
  const PolicyParams& p = scenario_.policies;
  if (active_.tea_certification) {
    for (std::size_t v = 0; v < villages_; ++v) {
      if (!lever_applies(p.tea_certification.villages, v)) continue;
      const AccountId coop = processors_.account[v];
      const Fen fee = std::min(to_fen(p.tea_certification.fee_yuan_per_mu_year * scenario_.world.villages[v].tea_area_mu),
                               ledger_.balance(coop));
      ledger_.transfer(coop, government_[gateway_], fee);
      policy_revenue_today_ += fee;
    }
  }
  if (active_.subsidies && p.subsidies.tea_yuan_per_mu_year > 0) {
    for (std::size_t h = 0; h < households_.size(); ++h) {
      const Fen subsidy = to_fen(p.subsidies.tea_yuan_per_mu_year * households_.tea_mu[h]);
      if (subsidy <= 0) continue;
      ledger_.transfer(government_[gateway_], households_.account[h], subsidy);
      income_.credit(h, households_.village[h], IncomeSource::transfer, subsidy);
      policy_spending_today_ += subsidy;
    }
  }
}

// In `close_year`, after homestay investment: the talent programme brings
// migrant members home to open a business with a start-up grant. Returnees
// come from villages other than the core first, in an order drawn each year.
void Simulation::run_talent_programme() {
  if (!active_.talent) return;
  const TalentPolicy& p = scenario_.policies.talent;
  const Draws count_draw = rng_.draw(Stream::jobs, static_cast<std::uint64_t>(day_), 0, Purpose::talent);
  const double whole = std::floor(p.entrepreneurs_per_year);
  const auto wanted = static_cast<std::size_t>(whole + (count_draw.uniform(0) < p.entrepreneurs_per_year - whole ? 1 : 0));
  std::vector<std::tuple<int, std::uint64_t, std::size_t>> candidates;  // core last, then by draw
  for (std::size_t i = 0; i < workers_.size(); ++i) {
    if (workers_.state[i] != JobState::migrant) continue;
    const std::size_t v = households_.village[workers_.household[i]];
    candidates.emplace_back(v == gateway_ ? 1 : 0,
                            rng_.draw(Stream::jobs, static_cast<std::uint64_t>(day_), i, Purpose::talent).word(0), i);
  }
  std::sort(candidates.begin(), candidates.end());
  const FirmKind kind = p.business == "restaurant" ? FirmKind::restaurant : FirmKind::activity;
  const FirmParams& f = scenario_.firms;
  const double capacity = kind == FirmKind::restaurant ? f.seats_per_restaurant : f.activity_slots_per_operator;
  const Fen grant = to_fen(p.startup_grant_yuan);
  const Fen opening = to_fen(f.opening_cash_yuan);
  bool opened = false;
  for (std::size_t k = 0; k < std::min(wanted, candidates.size()); ++k) {
    const std::size_t i = std::get<2>(candidates[k]);
    const std::size_t h = workers_.household[i];
    const std::size_t v = households_.village[h];
    workers_.state[i] = JobState::own_business;
    workers_.employer[i] = -1;
    ledger_.transfer(government_[gateway_], households_.account[h], grant);
    income_.credit(h, v, IncomeSource::transfer, grant);
    policy_spending_today_ += grant;
    if (ledger_.balance(households_.account[h]) >= opening) {
      open_firm(kind, static_cast<std::uint32_t>(v), capacity, static_cast<std::int32_t>(h));
      opened = true;
    }
  }
  if (wanted > 0) refresh_household_labour();
  if (opened) {
    firm_index_.rebuild(firms_, villages_);
    refresh_bed_capacity();
  }
}

// The most beds a village may have under the licensing cap.
double Simulation::bed_cap(std::size_t v) const {
  const HomestayPolicy& p = scenario_.policies.homestays;
  return active_.homestays && lever_applies(p.villages, v) ? p.max_beds_per_village
                                                           : std::numeric_limits<double>::infinity();
}

}  // namespace yucun
