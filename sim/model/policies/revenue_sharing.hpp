// Lever `revenue_sharing`: at each month's end the core village's collective
// passes `share` of the month's collective income to the other villages'
// collectives, by their registered population (or equally).
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/core/enum_names.hpp"
#include "sim/model/policies/lever_context.hpp"
#include "sim/model/policies/lever_window.hpp"
#include "sim/model/shared/series.hpp"

namespace yucun {

enum class RevenueSplit : std::uint8_t { population, equal };

template <> struct EnumNames<RevenueSplit> {
  static constexpr std::string_view noun = "value";
  static constexpr std::string_view list_label = "one of";
  static constexpr std::array<std::pair<std::string_view, RevenueSplit>, 2> names{{
      {"population", RevenueSplit::population},
      {"equal", RevenueSplit::equal},
  }};
};

struct RevenueSharingPolicy : LeverWindow {
  double share = 0.2;
  RevenueSplit split = RevenueSplit::population;
};

template <class V> void fields(RevenueSharingPolicy& p, V&& v) {
  window_fields(p, v);
  v("share", p.share, share());
  v("split", p.split);
}

class RevenueSharingLever {
 public:
  using Params = RevenueSharingPolicy;
  explicit RevenueSharingLever(const Params& p) : p_(p) {}
  static void validate(const Params& p, const WorldParams&, LeverProblems& out) { check_window(p, out); }

  void start_day(const LeverContext& m) { shared_today_.assign(m.villages(), 0); }

  void month_end(LeverContext& m) {
    Collectives& c = m.households.collectives;
    const std::size_t core = m.gateway();
    const Fen pool = std::min(static_cast<Fen>(std::llround(p_.share * static_cast<double>(std::max<Fen>(0, c.income_month[core])))),
                              m.ledger.balance(c.account[core]));
    std::vector<double> weights;
    for (std::size_t v = 0; v < m.villages(); ++v)
      weights.push_back(v == core ? 0.0
                        : p_.split == RevenueSplit::equal ? 1.0
                                                          : static_cast<double>(m.world.villages[v].population));
    if (pool <= 0 || std::none_of(weights.begin(), weights.end(), [](double w) { return w > 0; })) return;
    const std::vector<Fen> parts = split_proportional(pool, weights);
    for (std::size_t v = 0; v < m.villages(); ++v) {
      if (parts[v] == 0) continue;
      m.ledger.transfer(c.account[core], c.account[v], parts[v]);
      shared_today_[v] += parts[v];
      shared_today_[core] -= parts[v];
      c.income_year[v] += parts[v];
      c.income_year[core] -= parts[v];
    }
  }
  void record(DayIndicators& d) const {
    for (std::size_t v = 0; v < shared_today_.size(); ++v) d.integer(series::revenue_shared, v) = shared_today_[v];
  }

 private:
  const Params& p_;
  std::vector<Fen> shared_today_;  // per village: + received, - given
 public:
  // The state that changes as the run goes on, for checkpoints (sim/io/checkpoint).
  template <class Archive> void serialize(Archive& ar) { ar(shared_today_); }
};

}  // namespace yucun
