// Lever `shuttle`: a shuttle bus. On roads flagged `shuttle` (or, if
// `villages` is given, on the roads between those villages) tourists travel
// `minutes_factor` times the road minutes. Riders are persons without a car
// who visit a village other than the gateway, up to the daily capacity; they
// pay the fare to the public purse. The purse pays, to suppliers outside the
// area and booked as policy spending, the vehicles, `capital_cost_yuan`, once
// on the day the lever first switches on, and the operating cost every day
// it runs.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "sim/model/policies/lever_context.hpp"
#include "sim/model/policies/lever_window.hpp"
#include "sim/model/shared/series.hpp"

namespace yucun {

struct ShuttlePolicy : LeverWindow {
  std::vector<std::string> villages;
  double minutes_factor = 0.6;
  double fare_yuan = 5;
  double capacity_persons_per_day = 3000;
  // ASSUMPTION: about 8 electric mid-size buses at ~600,000 yuan each.
  double capital_cost_yuan = 5e6;
  double operating_cost_yuan_per_day = 6000;
};

template <class V> void fields(ShuttlePolicy& p, V&& v) {
  window_fields(p, v);
  v("villages", p.villages);
  v("minutes_factor", p.minutes_factor, Bounds{0, 1, true});
  v("fare_yuan", p.fare_yuan, between(0, 1e4));
  v("capacity_persons_per_day", p.capacity_persons_per_day, between(0, 1e8));
  v("capital_cost_yuan", p.capital_cost_yuan, between(0, 1e11));
  v("operating_cost_yuan_per_day", p.operating_cost_yuan_per_day, between(0, 1e9));
}

class ShuttleLever {
 public:
  using Params = ShuttlePolicy;
  explicit ShuttleLever(const Params& p) : p_(p) {}
  static void validate(const Params& p, const WorldParams& world, LeverProblems& out) {
    check_window(p, out);
    check_villages("villages", p.villages, world, out);
  }

  void put_in_force(InForce& in, const WorldParams&, std::size_t) const {
    const auto listed = [&](const std::string& name) {
      return std::find(p_.villages.begin(), p_.villages.end(), name) != p_.villages.end();
    };
    for (RoadSpec& r : in.road_specs)
      if (p_.villages.empty() ? r.shuttle : listed(r.from) && listed(r.to)) r.minutes *= p_.minutes_factor;
  }
  Fen daily_cost() const { return to_fen(p_.operating_cost_yuan_per_day); }
  // The vehicles are bought when the lever first switches on, once.
  void switched(bool on, LeverContext& m) {
    if (!on || bought_) return;
    m.spend_public(to_fen(p_.capital_cost_yuan));
    bought_ = true;
  }
  void start_day(const LeverContext&) { riders_today_ = 0; }

  // After the day's spending: visitors without a car who go beyond the
  // gateway ride, up to the bus's capacity, and pay the fare.
  void after_spending(LeverContext& m) {
    const TouristParties& parties = m.tourism.parties();
    std::int64_t riders = 0;
    for (std::size_t i = 0; i < parties.size_count(); ++i) {
      if (parties.car[i]) continue;
      const std::size_t first = i * kMaxVisitsPerDay;
      bool beyond = false;
      for (std::size_t k = 0; k < parties.visit_count[i]; ++k)
        beyond = beyond || static_cast<std::size_t>(parties.visits[first + k]) != m.gateway();
      if (beyond) riders += parties.size[i];
    }
    riders_today_ = std::min<std::int64_t>(riders, static_cast<std::int64_t>(p_.capacity_persons_per_day));
    const Fen fares = to_fen(p_.fare_yuan * static_cast<double>(riders_today_));
    m.ledger.transfer(m.accounts.outside_world[m.gateway()], m.public_purse(), fares);
    m.public_money.policy_revenue += fares;
  }
  void record(DayIndicators& d) const { d.integer(series::shuttle_riders) = riders_today_; }

 private:
  const Params& p_;
  std::int64_t riders_today_ = 0;
  bool bought_ = false;
 public:
  // The state that changes as the run goes on, for checkpoints (sim/io/checkpoint).
  template <class Archive> void serialize(Archive& ar) { ar(riders_today_, bought_); }
};

}  // namespace yucun
