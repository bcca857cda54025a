// Beds: each village's capacity and what is booked for the coming nights, and
// the daily allocation of beds to arriving parties.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "sim/model/tourism/tourists.hpp"
#include "sim/core/random_streams.hpp"
#include "sim/world/road_network.hpp"

namespace yucun {

inline constexpr int kMaxNights = 3;

class LodgingBook {
 public:
  explicit LodgingBook(std::size_t villages) : capacity_(villages, 0), bookable_(villages, 0), booked_(villages) {}
  // All beds, and those open to new bookings (beds of a homestay that is
  // closing down still host the guests already booked, but take no new ones).
  void set_capacity(std::size_t v, std::int64_t beds, std::int64_t bookable) {
    capacity_[v] = beds;
    bookable_[v] = bookable;
  }
  void set_capacity(std::size_t v, std::int64_t beds) { set_capacity(v, beds, beds); }
  std::int64_t capacity(std::size_t v) const { return capacity_[v]; }
  std::int64_t bookable(std::size_t v) const { return bookable_[v]; }
  std::int64_t booked_tonight(std::size_t v) const { return booked_[v][night_]; }
  // Most beds booked on any coming night: capacity may not drop below it.
  std::int64_t booked_peak(std::size_t v) const;
  bool can_book(std::size_t v, std::int64_t persons, int nights) const;
  void book(std::size_t v, std::int64_t persons, int nights);
  // Moves to the next night (the night before has passed).
  void next_night();

 private:
  std::vector<std::int64_t> capacity_;
  std::vector<std::int64_t> bookable_;
  std::vector<std::array<std::int64_t, kMaxNights>> booked_;  // ring, night_ = tonight
  int night_ = 0;
 public:
  // The state that changes as the run goes on, for checkpoints (sim/io/checkpoint).
  template <class Archive> void serialize(Archive& ar) { ar(capacity_, bookable_, booked_, night_); }
};


struct LodgingResult {
  std::int64_t parties_lodged = 0;
  std::int64_t parties_turned_away = 0;  // wanted beds, found none, went home the same day
};

// Phase `allocate_lodging`: today's arrivals that want to stay look for beds
// for all their nights in the village where their day ends, then in the
// nearest villages within the radius. Contention is resolved by a random
// priority per party (its own draw), so the outcome depends on no ordering.
LodgingResult allocate_lodging(TouristParties& parties, LodgingBook& book,
                               const std::vector<std::vector<std::uint32_t>>& nearby, std::int64_t day_number,
                               const RandomStreams& rng);

}  // namespace yucun
