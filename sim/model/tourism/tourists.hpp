// Tourist parties, stored as structure of arrays: created each day from the
// source markets, they follow a daily itinerary over the villages and leave
// after their last night.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/model/tourism/tourism_params.hpp"
#include "sim/core/random_streams.hpp"
#include "sim/model/tourism/area_demand.hpp"
#include "sim/model/tourism/destination_choice.hpp"
#include "sim/world/road_network.hpp"

namespace yucun {

inline constexpr int kMaxVisitsPerDay = 10;

struct TouristParties {
  std::vector<std::uint64_t> id;         // unique; keys the party's random draws
  std::vector<std::uint8_t> market;      // index into TourismParams::markets
  std::vector<std::uint8_t> size;        // persons
  std::vector<float> spend_index;        // multiplies per-person spending
  std::vector<std::uint8_t> car;         // 1 if travelling by car
  std::vector<std::uint8_t> interest;    // choice segment: 0 general, 1 tea culture
  std::vector<std::uint8_t> tea_buyer;   // 1 if it buys dry tea on its first day
  std::vector<std::uint8_t> nights;      // nights wanted (0 = day trip), fixed on arrival
  std::vector<std::uint8_t> day_of_stay; // 0 on the day of arrival
  std::vector<std::int32_t> lodging;     // village of its beds, -1 without
  std::vector<std::int32_t> start;       // where today's itinerary starts
  std::vector<std::int16_t> entry;       // the attraction that drew it (AreaDemand index), -1 none
  // Today's itinerary: visit_count[p] villages in visits[p * kMaxVisitsPerDay ...].
  std::vector<std::uint8_t> visit_count;
  std::vector<std::int32_t> visits;

  std::size_t size_count() const { return id.size(); }
  // Adds `count` parties that have arrived and have no attributes yet
  // (filled in by the caller, entry point included); returns the first new index.
  std::size_t add_arrivals(std::size_t count);
  // A party entering at village `start_village` (drawn there by attraction
  // `entry_point`, or by nothing in particular: -1).
  void append(std::uint64_t party_id, std::uint8_t market_index, std::uint8_t persons, float spend, bool by_car,
              std::uint8_t interest_segment, bool buys_tea, std::uint8_t nights_wanted, std::int32_t start_village,
              std::int16_t entry_point = -1);
  // Removes parties whose stay ended, keeping the order of the rest.
  void remove_departed(const std::vector<std::uint8_t>& departs);

  // The state that changes as the run goes on, for checkpoints (sim/io/checkpoint).
  template <class Archive> void serialize(Archive& ar) { ar(id, market, size, spend_index, car, interest, tea_buyer, nights, day_of_stay, lodging, start, entry, visit_count, visits); }
};

// Demand relative to the start-year level after `years` (continuous in
// time): a logistic path that grows at `growth_per_year` at first (the rate
// of (1 + g)^t at t = 0) and saturates at `ceiling_ratio`,
//   f(t) = c / (1 + (c - 1) e^(-r t)),   r = ln(1 + g) / (1 - 1/c).
// A ceiling ratio of 1 holds demand at its start level; a negative growth
// rate declines as (1 + g)^t, without floor.
double demand_growth_factor(double years, double growth_per_year, double ceiling_ratio);

// Expected persons arriving on a day, before reputation and events.
struct ArrivalDay {
  std::int64_t day_number = 0;
  double expected_persons = 0;
  bool holiday = false;
};

// Phase `arrive_tourists`: draws today's parties and appends them. Returns
// the number of parties created. Each party's attributes come from its own
// draws, so they are drawn in parallel: its segment (tea culture with the
// day's probability among arrivals), then the attraction it enters at, from
// today's entry tables.
std::size_t arrive_tourists(TouristParties& parties, const ArrivalDay& day, const TourismParams& params,
                            const AreaDemand& entries, const RandomStreams& rng);

// Phase `plan_itineraries`: each party visits villages chosen by the logit
// tables, starting where it woke up, within its day's time budget. On its
// first day a party drawn by an attraction visits that village first and
// spends the attraction's visit hours there. Runs in parallel over parties;
// each party's draws are its own.
void plan_itineraries(TouristParties& parties, std::int64_t day_number, const TourismParams& params,
                      const DestinationChoice& choice, const RoadNetwork& roads, const RandomStreams& rng,
                      const AreaDemand* entries = nullptr);

// The night passes: parties at the end of their stay leave (the order of the
// rest is kept), the others wake up where they slept.
void end_of_day(TouristParties& parties);

}  // namespace yucun
