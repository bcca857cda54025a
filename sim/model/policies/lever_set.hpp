// The levers of a run, in the order of levers.def, and the points of the day
// where they act. Each lever implements only the hooks it needs (see the
// lever headers); a hook runs only on the days the lever's window is open.
// The schedule (sim/model/schedule.cpp) says when each hook point comes.
#pragma once

#include <array>
#include <cstddef>

#include "sim/core/series.hpp"
#include "sim/model/policies/lever_context.hpp"
#include "sim/model/policies/policy_params.hpp"

namespace yucun {

enum class LeverId : std::uint8_t {
#define YUCUN_LEVER(key, Lever, header) key,
#include "sim/model/policies/levers.def"
#undef YUCUN_LEVER
  count
};
inline constexpr std::size_t kLeverCount = static_cast<std::size_t>(LeverId::count);

class LeverSet {
 public:
  explicit LeverSet(const PolicyParams& params);

  // What switching levers on or off today changed in the parameters in force.
  struct Changes {
    bool roads = false;
    bool attractiveness = false;
  };
  // Start of `apply_policies`: levers whose window opens or closes today act
  // on the switch; if any did, the parameters in force are rebuilt from the
  // scenario's and the running levers, in list order. Then each running
  // lever's daily cost is paid.
  Changes apply(const PolicyParams& params, InForce& in_force, LeverContext& m);

  void start_day(const LeverContext& m);
  void after_tea_market(LeverContext& m);
  void price_tea_sales(LeverContext& m);
  void after_spending(LeverContext& m);
  void month_end(LeverContext& m);
  void year_end_before_payouts(LeverContext& m);
  void year_end_after_investment(LeverContext& m);
  void record(DayIndicators& d) const;

  bool active(LeverId id) const { return active_[static_cast<std::size_t>(id)]; }

  // Which levers are running and the state of those that keep any, for
  // checkpoints (sim/io/checkpoint). A lever that has not yet run holds its
  // constructed state, whatever its parameters, so a run can branch into a
  // scenario whose levers differ only after the checkpoint (docs/reliability.md).
  template <class Archive> void serialize(Archive& ar) {
    ar(active_);
    const auto state = [&ar](auto& lever) {
      if constexpr (requires { lever.serialize(ar); }) lever.serialize(ar);
    };
#define YUCUN_LEVER(key, Lever, header) state(key##_);
#include "sim/model/policies/levers.def"
#undef YUCUN_LEVER
  }

 private:
  template <class F> void each(F&& f);
  template <class F> void each(F&& f) const;

#define YUCUN_LEVER(key, Lever, header) Lever key##_;
#include "sim/model/policies/levers.def"
#undef YUCUN_LEVER
  std::array<bool, kLeverCount> active_{};  // all off before the first day
};

}  // namespace yucun
