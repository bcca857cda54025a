// What every policy lever has: a switch and the days it acts on (from `start`
// to `end`, inclusive; by default the whole run), so a lever can switch on or
// off mid-run; where a lever names `villages`, it applies to those only (an
// empty list: every village the lever makes sense for). docs/ODD.md 7.24.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "sim/core/date.hpp"
#include "sim/core/field_bounds.hpp"
#include "sim/world/world_params.hpp"

namespace yucun {

struct LeverWindow {
  bool enabled = false;
  Date start = Date::from_ymd(1900, 1, 1);
  Date end = Date::from_ymd(2199, 12, 31);
  bool active_on(Date d) const { return enabled && d >= start && d <= end; }
};

template <class V> void window_fields(LeverWindow& p, V&& v) {
  v("enabled", p.enabled);
  v("start", p.start);
  v("end", p.end);
}

// Whether a lever naming `villages` applies to village v.
inline bool lever_applies(const std::vector<std::string>& villages, const WorldParams& world, std::size_t v) {
  if (villages.empty()) return true;
  return std::find(villages.begin(), villages.end(), world.villages[v].name) != villages.end();
}

// A problem a lever's validation finds: the key under the lever's own (e.g.
// "links[2].to") and what is wrong; or a village name the world lacks, which
// the scenario checker reports with its suggestions.
struct LeverProblem {
  std::string key;
  std::string message;
  std::string unknown_village;
};
using LeverProblems = std::vector<LeverProblem>;

// The checks every lever shares: dates in order, named villages exist.
inline void check_window(const LeverWindow& lever, LeverProblems& problems) {
  if (lever.end < lever.start)
    problems.push_back({"end", "the lever ends (" + lever.end.to_string() + ") before it starts (" +
                                   lever.start.to_string() + "); dates are out of order", {}});
}
inline void check_villages(const std::string& key, const std::vector<std::string>& villages, const WorldParams& world,
                           LeverProblems& problems) {
  for (std::size_t i = 0; i < villages.size(); ++i)
    if (!has_village_named(world, villages[i]))
      problems.push_back({key + "[" + std::to_string(i) + "]", {}, villages[i]});
}

}  // namespace yucun
