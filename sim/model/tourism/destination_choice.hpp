// Where tourists go: multinomial logit over villages, computed once a day per
// visitor segment (interest) and origin village into cumulative tables, so
// that each party's choice costs O(log villages) whatever the number of parties.
//
// A day's table row (segment, origin) is filled the first time a party
// samples from it, so a day costs O(villages) plus O(villages) per origin in
// use, not O(villages^2): in a world of thousands of villages tourists start
// from few of them. A row is a pure function of the day's inputs, so which
// thread fills it changes nothing.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

#include "sim/model/tourism/tourism_params.hpp"
#include "sim/world/road_network.hpp"

namespace yucun {

class DestinationChoice {
 public:
  // segment_bonus[s][v]: extra utility of village v for visitors of segment s
  // (segment 0 is the general visitor and has none).
  DestinationChoice(const RoadNetwork& roads, std::vector<double> attractiveness,
                    std::vector<std::vector<double>> segment_bonus = {});

  // Replaces the villages' attractiveness (policy levers change it); takes
  // effect at the next update().
  void set_attractiveness(std::vector<double> attractiveness) { attractiveness_ = std::move(attractiveness); }

  // Rebuilds the tables from today's reputation and yesterday's crowding
  // (visitors / capacity) per village, and the road network's travel times
  // as they are now. Not to be called while parties sample.
  void update(const TourismParams& params, const std::vector<double>& reputation,
              const std::vector<double>& crowding);

  std::size_t segments() const { return segments_; }
  // Choice probability of village `to` for a party of a segment at `from`.
  double probability(std::size_t segment, std::size_t from, std::size_t to) const;
  // Samples a village for such a party from a uniform draw u in (0, 1].
  // Safe to call from many threads at once.
  std::size_t sample(std::size_t segment, std::size_t from, double u) const {
    const std::size_t index = segment * n_ + from;
    const double* r = row(index);
    // The first entry >= u lies between the guide entries of u's bucket
    // (u * kGuideBuckets is exact: a power of two).
    const auto bucket = static_cast<std::size_t>(std::clamp(u * kGuideBuckets, 0.0, double{kGuideBuckets}));
    const std::uint32_t* g = &guide_[index * (kGuideBuckets + 2) + bucket];
    const double* hit = std::lower_bound(r + g[0], r + g[1], u);
    return std::min<std::size_t>(static_cast<std::size_t>(hit - r), n_ - 1);
  }
  // The same for the general visitor (segment 0).
  double probability(std::size_t from, std::size_t to) const { return probability(0, from, to); }
  std::size_t sample(std::size_t from, double u) const { return sample(0, from, u); }
  // Rows filled since the last update() (for diagnostics and tests).
  std::size_t rows_filled() const;

 private:
  enum : std::uint8_t { kStale = 0, kFilling = 1, kReady = 2 };
  static constexpr std::size_t kGuideBuckets = 64;
  const double* row(std::size_t index) const {
    if (row_state_[index].load(std::memory_order_acquire) != kReady) fill_row(index);
    return &cumulative_[std::size_t{row_slot_[index]} * n_];
  }
  void fill_row(std::size_t index) const;

  const RoadNetwork& roads_;
  std::vector<double> attractiveness_;
  std::vector<std::vector<double>> bonus_;
  std::size_t n_;
  std::size_t segments_;
  // Today's utility terms that do not depend on the origin, per village.
  double minutes_weight_ = 0;
  std::vector<double> pull_;      // attractiveness weight x ln(attractiveness x reputation)
  std::vector<double> crowding_;  // crowding weight x crowding above capacity
  // Today's rows, each ending at 1, filled on first use by const samplers
  // into the next free slot: slot k holds the k-th row filled today, so
  // memory is committed only for as many rows as a day uses (left
  // uninitialised), not for every row a run ever touched. Which row gets
  // which slot depends on the threads; a row's values do not.
  mutable std::unique_ptr<double[]> cumulative_;
  mutable std::unique_ptr<std::uint32_t[]> row_slot_;  // per row: its slot today (valid when ready)
  mutable std::atomic<std::uint32_t> next_slot_{0};
  // Per row, kGuideBuckets + 2 entries: guide[j] = first index whose
  // cumulative share is >= j / kGuideBuckets, then the row's length. A
  // sample searches only its bucket: O(1) expected, the same result as a
  // search of the whole row.
  mutable std::unique_ptr<std::uint32_t[]> guide_;
  mutable std::unique_ptr<std::atomic<std::uint8_t>[]> row_state_;  // per row: stale, filling, ready

 public:
  // The state that changes as the run goes on, for checkpoints (sim/io/checkpoint).
  // The tables are derived (filled on demand from these): a loaded choice starts with every row stale.
  template <class Archive> void save(Archive& ar) const { ar(attractiveness_, bonus_, minutes_weight_, pull_, crowding_); }
  template <class Archive> void load(Archive& ar) {
    ar(attractiveness_, bonus_, minutes_weight_, pull_, crowding_);
    for (std::size_t r = 0; r < segments_ * n_; ++r) row_state_[r].store(kStale, std::memory_order_relaxed);
    next_slot_.store(0, std::memory_order_relaxed);
  }
};

}  // namespace yucun
