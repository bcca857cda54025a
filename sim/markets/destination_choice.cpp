#include "sim/markets/destination_choice.hpp"

#include <algorithm>
#include <cmath>

#include <tbb/parallel_for.h>

namespace yucun {

DestinationChoice::DestinationChoice(const RoadNetwork& roads, std::vector<double> attractiveness,
                                     std::vector<std::vector<double>> segment_bonus)
    : roads_(roads),
      attractiveness_(std::move(attractiveness)),
      bonus_(std::move(segment_bonus)),
      n_(roads.village_count()),
      segments_(1 + bonus_.size()),
      cumulative_(segments_ * n_ * n_, 0.0) {}

void DestinationChoice::update(const TourismParams& p, const std::vector<double>& reputation,
                               const std::vector<double>& crowding) {
  // Rows are independent; each row's sums run in village order.
  tbb::parallel_for(std::size_t{0}, segments_ * n_, [&](std::size_t row_index) {
    const std::size_t segment = row_index / n_, from = row_index % n_;
    double* row = &cumulative_[row_index * n_];
    double max_u = -1e300;
    for (std::size_t to = 0; to < n_; ++to) {
      const double u = p.choice_attractiveness * std::log(attractiveness_[to] * reputation[to]) -
                       p.choice_minutes * roads_.travel_minutes(from, to) -
                       p.choice_crowding * std::max(0.0, crowding[to] - 1.0) +
                       (segment > 0 ? bonus_[segment - 1][to] : 0.0);
      row[to] = u;
      max_u = std::max(max_u, u);
    }
    double total = 0;
    for (std::size_t to = 0; to < n_; ++to) {
      total += std::exp(row[to] - max_u);  // shifted for numerical safety
      row[to] = total;
    }
    for (std::size_t to = 0; to < n_; ++to) row[to] /= total;
    row[n_ - 1] = 1.0;
  });
}

double DestinationChoice::probability(std::size_t segment, std::size_t from, std::size_t to) const {
  const double* row = &cumulative_[(segment * n_ + from) * n_];
  return row[to] - (to == 0 ? 0.0 : row[to - 1]);
}

std::size_t DestinationChoice::sample(std::size_t segment, std::size_t from, double u) const {
  const double* row = &cumulative_[(segment * n_ + from) * n_];
  const double* hit = std::lower_bound(row, row + n_, u);
  return std::min<std::size_t>(static_cast<std::size_t>(hit - row), n_ - 1);
}

}  // namespace yucun
