// The start year's tourism as the run expects it before its first day: a
// rehearsal of sample parties gives each village's visits, spending and
// guest-nights per arriving person, and the reputation rule is run over a
// year of that demand to the value it settles at. Initial reputation and the
// initial firms are set from these.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/core/calendar.hpp"
#include "sim/core/random_streams.hpp"
#include "sim/model/tourism/area_demand.hpp"
#include "sim/model/tourism/destination_choice.hpp"
#include "sim/model/tourism/tourism_params.hpp"
#include "sim/world/road_network.hpp"

namespace yucun {

// Per village, per person arriving in the area (start-year yuan).
struct VisitProfile {
  std::vector<double> visits;         // person-visits
  std::vector<double> food_yuan;
  std::vector<double> activity_yuan;  // only in villages with activity operators
  std::vector<double> guest_nights;   // nights slept in the village's homestays

  // The state that changes as the run goes on, for checkpoints (sim/io/checkpoint).
  template <class Archive> void serialize(Archive& ar) { ar(visits, food_yuan, activity_yuan, guest_nights); }
};

// Follows `sample_parties` parties arriving at the attractions as `entries`
// has them today (on a public holiday or an ordinary day) through their
// stays, with the destination tables as `choice` has them; a party that
// stays sleeps where its day ends (beds are not rationed). Uses draws of its
// own (counter day `rehearsal_day`), so the run's draws are untouched.
VisitProfile rehearse_visits(const TourismParams& params, const DestinationChoice& choice, const RoadNetwork& roads,
                             const std::vector<std::uint8_t>& has_activities, const AreaDemand& entries,
                             const RandomStreams& rng, std::uint64_t rehearsal_day, bool holiday,
                             std::size_t sample_parties);

// What the reputation rule (ODD 7.15) needs to know of a village.
struct ReputationInputs {
  double visitor_capacity = 1;
  double calm_satisfaction = 1;  // satisfaction without crowding: after fees, with any bonus
};

// The reputations the rule settles at when, on each day of a year,
// `persons[d]` persons arrive (before reputation) and spread over the
// villages as `visits_per_person`: the rule is run twice over the year,
// starting from the calm satisfaction, and the values at the end are taken.
// A village without visits keeps its calm satisfaction.
std::vector<double> settled_reputation(const TourismParams& params, const std::vector<double>& persons,
                                       const std::vector<double>& visits_per_person,
                                       const std::vector<ReputationInputs>& villages);

}  // namespace yucun
