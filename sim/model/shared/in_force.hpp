// The parameters in force today: what the scenario set, as the policy levers
// running today have changed it. Mechanisms read prices, attractiveness, caps
// and the road network from here, never from a lever; levers write here, in
// the order of their list, on the days their windows open or close.
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/core/enum_names.hpp"
#include "sim/world/road_network.hpp"
#include "sim/world/world_params.hpp"

namespace yucun {

// Who a collective's dividend is split among.
enum class DividendBasis : std::uint8_t { members, households };

template <> struct EnumNames<DividendBasis> {
  static constexpr std::string_view noun = "value";
  static constexpr std::string_view list_label = "one of";
  static constexpr std::array<std::pair<std::string_view, DividendBasis>, 2> names{{
      {"members", DividendBasis::members},
      {"households", DividendBasis::households},
  }};
};

struct InForce {
  // The network visitors travel on: the scenario's roads as the levers that
  // serve visitors change them (a shuttle's faster minutes, a greenway's links).
  std::vector<RoadSpec> road_specs;
  RoadNetwork roads;
  // The network commuters travel on: the scenario's roads. No lever serves
  // commuters, so none changes it; a shuttle or greenway changes only
  // visitors' travel (their effects then go through tourism, not wages).
  RoadNetwork commuter_roads;
  // Per village.
  std::vector<double> attractiveness;
  std::vector<double> ticket_yuan;
  std::vector<double> bed_price_yuan;
  std::vector<double> tea_yield_factor;    // on the day's fresh leaf
  std::vector<double> bed_cap;             // most beds a village may have
  std::vector<double> satisfaction_bonus;  // added to visitors' satisfaction
  // Area-wide.
  double parking_yuan = 0;
  double demand_multiplier = 1;            // on the area's visitor demand
  double dividend_payout_ratio = 0;        // of the collectives' yearly profit
  DividendBasis dividend_basis = DividendBasis::members;
  double homestay_subsidy_share = 0;       // of a new homestay block's cost, paid by the public purse

  // As the scenario sets them, no lever running.
  InForce(const WorldParams& world, double scenario_parking_yuan, double scenario_payout_ratio)
      : road_specs(world.roads),
        roads(world.villages, world.roads),
        commuter_roads(world.villages, world.roads),
        scenario_parking_yuan_(scenario_parking_yuan),
        scenario_payout_ratio_(scenario_payout_ratio) {
    reset(world);
  }

  // Back to the scenario's values. The network is left as it is: rebuilding
  // it is costly, so whoever changes road_specs rebuilds `roads` from them.
  void reset(const WorldParams& world) {
    const std::size_t n = world.villages.size();
    attractiveness.resize(n);
    ticket_yuan.resize(n);
    bed_price_yuan.resize(n);
    for (std::size_t v = 0; v < n; ++v) {
      attractiveness[v] = world.villages[v].attractiveness;
      ticket_yuan[v] = world.villages[v].ticket_yuan;
      bed_price_yuan[v] = world.villages[v].bed_price_yuan;
    }
    tea_yield_factor.assign(n, 1.0);
    bed_cap.assign(n, std::numeric_limits<double>::infinity());
    satisfaction_bonus.assign(n, 0.0);
    parking_yuan = scenario_parking_yuan_;
    demand_multiplier = 1;
    dividend_payout_ratio = scenario_payout_ratio_;
    dividend_basis = DividendBasis::members;
    homestay_subsidy_share = 0;
  }

  // The state that changes as the run goes on, for checkpoints (sim/io/checkpoint).
  // The visitors' network is not written: it is rebuilt from road_specs (rebuild_roads).
  template <class Archive> void serialize(Archive& ar) {
    ar(road_specs, attractiveness, ticket_yuan, bed_price_yuan, tea_yield_factor, bed_cap, satisfaction_bonus,
       parking_yuan, demand_multiplier, dividend_payout_ratio, dividend_basis, homestay_subsidy_share);
  }

 private:
  double scenario_parking_yuan_;
  double scenario_payout_ratio_;
};

}  // namespace yucun
