#include "sim/model/tourism/destination_choice.hpp"

#include <cmath>
#include <thread>

namespace yucun {

DestinationChoice::DestinationChoice(const RoadNetwork& roads, std::vector<double> attractiveness,
                                     std::vector<std::vector<double>> segment_bonus)
    : roads_(roads),
      attractiveness_(std::move(attractiveness)),
      bonus_(std::move(segment_bonus)),
      n_(roads.village_count()),
      segments_(1 + bonus_.size()),
      cumulative_(new double[segments_ * n_ * n_]),
      row_slot_(new std::uint32_t[segments_ * n_]),
      guide_(new std::uint32_t[segments_ * n_ * (kGuideBuckets + 2)]),
      row_state_(new std::atomic<std::uint8_t>[segments_ * n_]) {
  // Until the first update: a calm day, every village at full reputation.
  update(TourismParams{}, std::vector<double>(n_, 1.0), std::vector<double>(n_, 0.0));
}

void DestinationChoice::update(const TourismParams& p, const std::vector<double>& reputation,
                               const std::vector<double>& crowding) {
  minutes_weight_ = p.choice_minutes;
  pull_.resize(n_);
  crowding_.resize(n_);
  for (std::size_t to = 0; to < n_; ++to) {
    pull_[to] = p.choice_attractiveness * std::log(attractiveness_[to] * reputation[to]);
    crowding_[to] = p.choice_crowding * std::max(0.0, crowding[to] - 1.0);
  }
  for (std::size_t r = 0; r < segments_ * n_; ++r) row_state_[r].store(kStale, std::memory_order_relaxed);
  next_slot_.store(0, std::memory_order_relaxed);
}

// One row of the logit, U(to) = pull - minutes weight x travel minutes
// - crowding + segment bonus, as cumulative shares; its sums run in village
// order. One thread fills a row; any other that needs it meanwhile waits.
void DestinationChoice::fill_row(std::size_t index) const {
  std::uint8_t expected = kStale;
  if (!row_state_[index].compare_exchange_strong(expected, kFilling, std::memory_order_acquire)) {
    while (row_state_[index].load(std::memory_order_acquire) != kReady) std::this_thread::yield();
    return;
  }
  const std::size_t segment = index / n_, from = index % n_;
  const std::vector<double>* bonus = segment > 0 ? &bonus_[segment - 1] : nullptr;
  const std::uint32_t slot = next_slot_.fetch_add(1, std::memory_order_relaxed);
  row_slot_[index] = slot;  // published with the row by the release store below
  double* row = &cumulative_[std::size_t{slot} * n_];
  double max_u = -1e300;
  for (std::size_t to = 0; to < n_; ++to) {
    const double u = pull_[to] - minutes_weight_ * roads_.travel_minutes(from, to) - crowding_[to] +
                     (bonus ? (*bonus)[to] : 0.0);
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
  std::uint32_t* guide = &guide_[index * (kGuideBuckets + 2)];
  std::size_t first = 0;
  for (std::size_t j = 0; j <= kGuideBuckets; ++j) {
    const double bound = static_cast<double>(j) / kGuideBuckets;
    while (first < n_ && row[first] < bound) ++first;
    guide[j] = static_cast<std::uint32_t>(first);
  }
  guide[kGuideBuckets + 1] = static_cast<std::uint32_t>(n_);
  row_state_[index].store(kReady, std::memory_order_release);
}

double DestinationChoice::probability(std::size_t segment, std::size_t from, std::size_t to) const {
  const double* r = row(segment * n_ + from);
  return r[to] - (to == 0 ? 0.0 : r[to - 1]);
}

std::size_t DestinationChoice::rows_filled() const {
  std::size_t filled = 0;
  for (std::size_t r = 0; r < segments_ * n_; ++r) filled += row_state_[r].load(std::memory_order_relaxed) == kReady;
  return filled;
}

}  // namespace yucun
