// Where tourists go: multinomial logit over villages, computed once a day per
// origin village into cumulative tables, so that each party's choice costs
// O(log villages) whatever the number of parties.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/agents/tourism_params.hpp"
#include "sim/world/road_network.hpp"

namespace yucun {

class DestinationChoice {
 public:
  DestinationChoice(const RoadNetwork& roads, std::vector<double> attractiveness);

  // Rebuilds the tables from today's reputation and yesterday's crowding
  // (visitors / capacity) per village.
  void update(const TourismParams& params, const std::vector<double>& reputation,
              const std::vector<double>& crowding);

  // Choice probability of village `to` for a party at `from` (for tests and docs).
  double probability(std::size_t from, std::size_t to) const;
  // Samples a village for a party at `from` from a uniform draw u in (0, 1].
  std::size_t sample(std::size_t from, double u) const;

 private:
  const RoadNetwork& roads_;
  std::vector<double> attractiveness_;
  std::size_t n_;
  std::vector<double> cumulative_;  // [from][to], each row ends at 1
};

}  // namespace yucun
