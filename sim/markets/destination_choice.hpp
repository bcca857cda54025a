// Where tourists go: multinomial logit over villages, computed once a day per
// visitor segment (interest) and origin village into cumulative tables, so
// that each party's choice costs O(log villages) whatever the number of parties.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/agents/tourism_params.hpp"
#include "sim/world/road_network.hpp"

namespace yucun {

class DestinationChoice {
 public:
  // segment_bonus[s][v]: extra utility of village v for visitors of segment s
  // (segment 0 is the general visitor and has none).
  DestinationChoice(const RoadNetwork& roads, std::vector<double> attractiveness,
                    std::vector<std::vector<double>> segment_bonus = {});

  // Rebuilds the tables from today's reputation and yesterday's crowding
  // (visitors / capacity) per village.
  void update(const TourismParams& params, const std::vector<double>& reputation,
              const std::vector<double>& crowding);

  std::size_t segments() const { return segments_; }
  // Choice probability of village `to` for a party of a segment at `from`.
  double probability(std::size_t segment, std::size_t from, std::size_t to) const;
  // Samples a village for such a party from a uniform draw u in (0, 1].
  std::size_t sample(std::size_t segment, std::size_t from, double u) const;
  // The same for the general visitor (segment 0).
  double probability(std::size_t from, std::size_t to) const { return probability(0, from, to); }
  std::size_t sample(std::size_t from, double u) const { return sample(0, from, u); }

 private:
  const RoadNetwork& roads_;
  std::vector<double> attractiveness_;
  std::vector<std::vector<double>> bonus_;
  std::size_t n_;
  std::size_t segments_;
  std::vector<double> cumulative_;  // [segment][from][to], each row ends at 1
};

}  // namespace yucun
