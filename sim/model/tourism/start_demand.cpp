#include "sim/model/tourism/start_demand.hpp"

#include <algorithm>
#include <cmath>

#include "sim/model/tourism/tourists.hpp"

namespace yucun {

VisitProfile rehearse_visits(const TourismParams& p, const DestinationChoice& choice, const RoadNetwork& roads,
                             const std::vector<std::uint8_t>& has_activities, const AreaDemand& entries,
                             const RandomStreams& rng, std::uint64_t rehearsal_day, bool holiday,
                             std::size_t sample_parties) {
  const std::size_t n = has_activities.size();
  VisitProfile out{std::vector<double>(n, 0.0), std::vector<double>(n, 0.0), std::vector<double>(n, 0.0),
                   std::vector<double>(n, 0.0)};
  TouristParties parties;
  // Whole parties: the count's rounding draw cannot add one (expected persons
  // a little under the sample).
  const ArrivalDay day{static_cast<std::int64_t>(rehearsal_day),
                       (static_cast<double>(sample_parties) - 0.5) * p.mean_party_size, holiday};
  arrive_tourists(parties, day, p, entries, rng);
  double persons = 0;
  for (std::size_t i = 0; i < parties.size_count(); ++i) persons += parties.size[i];
  if (persons <= 0) return out;
  for (std::uint64_t k = 0; parties.size_count() > 0; ++k) {
    plan_itineraries(parties, static_cast<std::int64_t>(rehearsal_day + k), p, choice, roads, rng, &entries);
    for (std::size_t i = 0; i < parties.size_count(); ++i) {
      const int count = parties.visit_count[i];
      const double size = parties.size[i];
      const double spend = parties.spend_index[i];
      for (int j = 0; j < count; ++j) {
        const auto v = static_cast<std::size_t>(parties.visits[i * kMaxVisitsPerDay + static_cast<std::size_t>(j)]);
        out.visits[v] += size;
        out.food_yuan[v] += p.food_yuan * spend * size / count;
        if (has_activities[v]) out.activity_yuan[v] += p.activity_yuan * spend * size / count;
      }
      if (k == 0 && parties.nights[i] > 0)
        parties.lodging[i] = count > 0 ? parties.visits[i * kMaxVisitsPerDay + static_cast<std::size_t>(count - 1)]
                                       : parties.start[i];
      if (parties.day_of_stay[i] < parties.nights[i])
        out.guest_nights[static_cast<std::size_t>(parties.lodging[i])] += size;
    }
    end_of_day(parties);
  }
  for (auto* series : {&out.visits, &out.food_yuan, &out.activity_yuan, &out.guest_nights})
    for (double& x : *series) x /= persons;
  return out;
}

std::vector<double> settled_reputation(const TourismParams& p, const std::vector<double>& persons,
                                       const std::vector<double>& visits_per_person,
                                       const std::vector<ReputationInputs>& villages) {
  const std::size_t n = villages.size();
  std::vector<double> reputation(n);
  double total_share = 0;
  for (std::size_t v = 0; v < n; ++v) {
    reputation[v] = villages[v].calm_satisfaction;
    total_share += visits_per_person[v];
  }
  if (total_share <= 0) return reputation;
  for (int pass = 0; pass < 2; ++pass)
    for (const double arriving : persons) {
      // Demand follows the area's reputation, weighted by visits.
      double weighted = 0;
      for (std::size_t v = 0; v < n; ++v) weighted += visits_per_person[v] * reputation[v];
      const double demand = arriving * std::pow(weighted / total_share, p.reputation_elasticity);
      for (std::size_t v = 0; v < n; ++v) {
        if (visits_per_person[v] <= 0) continue;
        const double crowding = demand * visits_per_person[v] / villages[v].visitor_capacity;
        const double satisfaction = std::clamp(
            villages[v].calm_satisfaction - p.crowding_dissatisfaction * std::max(0.0, crowding - 1.0), 0.0, 1.0);
        reputation[v] = std::max(0.05, (1.0 - p.reputation_memory) * reputation[v] + p.reputation_memory * satisfaction);
      }
    }
  return reputation;
}

}  // namespace yucun
