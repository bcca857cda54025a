// Lever `greenway`: a greenway or new road. While active, its links are added
// to the visitors' network (or replace the minutes of an existing road between
// the same villages, where shorter). Cost to the public purse, paid to
// suppliers outside the area and booked as policy spending: the construction,
// `capital_cost_yuan`, once on the day the lever first switches on, and a
// yearly upkeep, `cost_yuan_per_year`, in daily parts while it runs.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "sim/model/policies/lever_context.hpp"
#include "sim/model/policies/lever_window.hpp"

namespace yucun {

struct GreenwayLink {
  std::string from;
  std::string to;
  double km = 1;
  double minutes = 5;
};

struct GreenwayPolicy : LeverWindow {
  std::vector<GreenwayLink> links;
  // ASSUMPTION: about 13 km of rural greenway at 1.5 M yuan/km.
  double capital_cost_yuan = 2e7;
  double cost_yuan_per_year = 1e6;
};

template <class V> void fields(GreenwayLink& p, V&& v) {
  v("from", p.from, required());
  v("to", p.to, required());
  v("km", p.km, positive());
  v("minutes", p.minutes, positive());
}

template <class V> void fields(GreenwayPolicy& p, V&& v) {
  window_fields(p, v);
  v("links", p.links);
  v("capital_cost_yuan", p.capital_cost_yuan, between(0, 1e11));
  v("cost_yuan_per_year", p.cost_yuan_per_year, between(0, 1e10));
}

class GreenwayLever {
 public:
  using Params = GreenwayPolicy;
  explicit GreenwayLever(const Params& p) : p_(p) {}
  static void validate(const Params& p, const WorldParams& world, LeverProblems& out) {
    check_window(p, out);
    for (std::size_t i = 0; i < p.links.size(); ++i) {
      const GreenwayLink& link = p.links[i];
      const std::string key = "links[" + std::to_string(i) + "]";
      if (!has_village_named(world, link.from)) out.push_back({key + ".from", {}, link.from});
      if (!has_village_named(world, link.to)) out.push_back({key + ".to", {}, link.to});
      if (link.from == link.to) out.push_back({key + ".to", "a link must join two villages, got '" + link.to + "' twice", {}});
    }
    if (p.enabled && p.links.empty())
      out.push_back({"links", "an enabled greenway needs at least one link (from, to, km, minutes)", {}});
  }

  void put_in_force(InForce& in, const WorldParams&, std::size_t) const {
    for (const GreenwayLink& link : p_.links) {
      auto same = [&](const RoadSpec& r) {
        return (r.from == link.from && r.to == link.to) || (r.from == link.to && r.to == link.from);
      };
      auto it = std::find_if(in.road_specs.begin(), in.road_specs.end(), same);
      if (it != in.road_specs.end()) {
        it->km = std::min(it->km, link.km);
        it->minutes = std::min(it->minutes, link.minutes);
      } else {
        in.road_specs.push_back(RoadSpec{link.from, link.to, link.km, link.minutes, false});
      }
    }
  }
  Fen daily_cost() const { return daily_part(p_.cost_yuan_per_year); }
  // Built when the lever first switches on; a greenway that closes and opens
  // again is not built twice.
  void switched(bool on, LeverContext& m) {
    if (!on || built_) return;
    m.spend_public(to_fen(p_.capital_cost_yuan));
    built_ = true;
  }

 private:
  const Params& p_;
  bool built_ = false;
 public:
  // The state that changes as the run goes on, for checkpoints (sim/io/checkpoint).
  template <class Archive> void serialize(Archive& ar) { ar(built_); }
};

}  // namespace yucun
