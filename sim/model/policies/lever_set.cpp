#include "sim/model/policies/lever_set.hpp"

#include <vector>

namespace yucun {

LeverSet::LeverSet(const PolicyParams& params)
    :
#define YUCUN_LEVER(key, Lever, header) key##_(params.key),
#include "sim/model/policies/levers.def"
#undef YUCUN_LEVER
      active_{} {
}

template <class F> void LeverSet::each(F&& f) {
#define YUCUN_LEVER(key, Lever, header) f(key##_, static_cast<std::size_t>(LeverId::key));
#include "sim/model/policies/levers.def"
#undef YUCUN_LEVER
}

template <class F> void LeverSet::each(F&& f) const {
#define YUCUN_LEVER(key, Lever, header) f(key##_, static_cast<std::size_t>(LeverId::key));
#include "sim/model/policies/levers.def"
#undef YUCUN_LEVER
}

// Levers act in the reported period only: in the spin-up every one is off.
LeverSet::Changes LeverSet::apply(const PolicyParams& params, InForce& in_force, LeverContext& m) {
  std::array<bool, kLeverCount> now{};
#define YUCUN_LEVER(key, Lever, header) \
  now[static_cast<std::size_t>(LeverId::key)] = !m.today.spin_up && params.key.active_on(m.today.date);
#include "sim/model/policies/levers.def"
#undef YUCUN_LEVER
  Changes changes;
  if (now != active_) {
    each([&](auto& lever, std::size_t i) {
      if constexpr (requires { lever.switched(true, m); })
        if (now[i] != active_[i]) lever.switched(now[i], m);
    });
    const std::vector<RoadSpec> roads_before = in_force.road_specs;
    const std::vector<double> attractiveness_before = in_force.attractiveness;
    in_force.reset(m.world);
    in_force.road_specs = m.world.roads;
    each([&](const auto& lever, std::size_t i) {
      if constexpr (requires { lever.put_in_force(in_force, m.world, m.gateway()); })
        if (now[i]) lever.put_in_force(in_force, m.world, m.gateway());
    });
    changes.roads = in_force.road_specs != roads_before;
    changes.attractiveness = in_force.attractiveness != attractiveness_before;
    active_ = now;
  }
  each([&](const auto& lever, std::size_t i) {
    if constexpr (requires { lever.daily_cost(); })
      if (active_[i]) m.spend_public(lever.daily_cost());
  });
  return changes;
}

#define YUCUN_HOOK(hook)                                         \
  void LeverSet::hook(LeverContext& m) {                         \
    each([&](auto& lever, std::size_t i) {                       \
      if constexpr (requires { lever.hook(m); })                 \
        if (active_[i]) lever.hook(m);                           \
    });                                                          \
  }
YUCUN_HOOK(after_tea_market)
YUCUN_HOOK(price_tea_sales)
YUCUN_HOOK(after_spending)
YUCUN_HOOK(month_end)
YUCUN_HOOK(year_end_before_payouts)
YUCUN_HOOK(year_end_after_investment)
#undef YUCUN_HOOK

// Every day, running or not: today's counts start at zero.
void LeverSet::start_day(const LeverContext& m) {
  each([&](auto& lever, std::size_t) {
    if constexpr (requires { lever.start_day(m); }) lever.start_day(m);
  });
}

void LeverSet::record(DayIndicators& d) const {
  each([&](const auto& lever, std::size_t) {
    if constexpr (requires { lever.record(d); }) lever.record(d);
  });
}

}  // namespace yucun
