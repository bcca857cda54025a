// Synthetic scale-ups of greater Yucun for benchmarks and scaling studies: N
// villages on a jittered grid with a planar road network, village figures
// drawn to match the baseline's per-household figures, tourist demand scaled
// with the households. Everything but the world and the visitor volume comes
// from the scenario it is given (normally the built-in baseline).
#pragma once

#include <cstdint>

#include "sim/model/scenario.hpp"

namespace yucun::scenario {

struct SyntheticWorldSpec {
  std::int64_t households = 10'000;
  std::int64_t villages = 0;   // 0: households / 500, at least 1
  std::int64_t townships = 0;  // 0: villages / 8, at least 1 (the baseline has 24 villages in 3)
  std::uint64_t seed = 1;      // lays out the world; the scenario's own seed is kept
  int years = 0;               // 0: the base scenario's calendar.years
};

// Builds the world from `spec` into a copy of `base`: replaces `world`, sets
// tourism.gateway to the most attractive village (placed near the middle) and
// scales tourism.annual_visitors by households / base households. A pure
// function of its arguments. Throws std::invalid_argument on a spec it cannot
// build (no households, more villages than households).
Scenario make_synthetic_world(const Scenario& base, const SyntheticWorldSpec& spec);

// The same on the built-in baseline ("@baseline").
Scenario make_synthetic_world(const SyntheticWorldSpec& spec);

}  // namespace yucun::scenario
