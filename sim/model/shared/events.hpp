// Scheduled shocks: between two dates a named quantity is multiplied, in one
// village or everywhere (a typhoon halving the leaf, a city boom raising
// wages). Each mechanism asks for the multiplier of the kind it owns.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/core/field_bounds.hpp"
#include "sim/core/date.hpp"
#include "sim/core/enum_names.hpp"

namespace yucun {

enum class EventKind : std::uint8_t { tourist_demand, tea_yield, tea_price, city_wage };

template <> struct EnumNames<EventKind> {
  static constexpr std::string_view noun = "event kind";
  static constexpr std::string_view list_label = "kinds";
  static constexpr std::array<std::pair<std::string_view, EventKind>, 4> names{{
      {"tourist_demand", EventKind::tourist_demand},
      {"tea_yield", EventKind::tea_yield},
      {"tea_price", EventKind::tea_price},
      {"city_wage", EventKind::city_wage},
  }};
};

struct EventSpec {
  std::string name;
  EventKind kind = EventKind::tourist_demand;
  Date start;
  Date end;
  double multiplier = 1;
  std::string village;  // empty: everywhere (only tea_yield events may name one)
};

// The product of the multipliers of today's events of a kind; `village_name`
// selects the events that name it (or none) where the kind applies per village.
inline double event_multiplier(const std::vector<EventSpec>& events, EventKind kind, Date today,
                               const std::string& village_name) {
  double m = 1.0;
  for (const EventSpec& e : events) {
    if (e.kind != kind || today < e.start || today > e.end) continue;
    if (!e.village.empty() && e.village != village_name) continue;
    m *= e.multiplier;
  }
  return m;
}

// The YAML keys of these parameters and their allowed ranges (the loader,
// the writer, validation and sweeps read them; docs/scenarios.md lists them).
template <class V> void fields(EventSpec& p, V&& v) {
  v("name", p.name, required());
  v("kind", p.kind, required());
  v("start", p.start, required());
  v("end", p.end, required());
  v("multiplier", p.multiplier, between(0, 1000));
  v("village", p.village);
}

}  // namespace yucun
