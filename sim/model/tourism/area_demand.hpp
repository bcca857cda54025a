// The area against other destinations, and where parties enter it
// (docs/ODD.md 7.9a). Potential visitors of a day choose between the area's
// attractions and staying away (an outside option): a nested logit whose
// inner level is the attraction and whose outer level is "come or not".
// Arrivals therefore rise and fall with the area's draw (attractions in
// season, fees, lodging prices, reputation, crowding, marketing) instead of
// being fixed, and each party enters the area at the attraction that drew it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "sim/model/shared/in_force.hpp"
#include "sim/model/tourism/tourism_params.hpp"
#include "sim/world/world_params.hpp"

namespace yucun {

// Visitor segments: general, and tea culture (drawn to tea gardens).
inline constexpr std::size_t kVisitorSegments = 2;

class AreaDemand {
 public:
  // The scenario's attractions, or, where it lists none, one entry: the
  // gateway village itself.
  AreaDemand(const TourismParams& params, const WorldParams& world, std::size_t gateway);

  std::size_t count() const { return villages_.size(); }
  std::size_t village(std::size_t a) const { return villages_[a]; }
  const AttractionSpec& spec(std::size_t a) const { return specs_[a]; }
  bool is_tea_garden(std::size_t a) const { return specs_[a].kind == AttractionKind::tea_garden; }

  // Today's utilities, inclusive values and entry tables, from the month,
  // the parameters in force, the villages' reputation and yesterday's
  // entrants per attraction.
  void update(const TourismParams& params, int month, const InForce& in, const std::vector<double>& reputation,
              const std::vector<double>& entrants_yesterday);
  // The utility of staying away (set once, at the start: see calibrate()).
  void set_outside_utility(double v0) { outside_ = v0; }
  double outside_utility() const { return outside_; }
  // The log-sum of today's attractions' utilities for a segment (-inf when
  // every attraction is closed).
  double inclusive_value(std::size_t segment) const { return inclusive_[segment]; }
  // Share of a segment's potential visitors who come today.
  double come_share(std::size_t segment) const;
  // Share of all potential visitors who come today, the segments mixed at
  // their shares of the potential market (tea culture: tea_interest_share).
  double come_share() const;
  // Among today's arriving parties, the probability of the tea segment.
  double tea_interest_probability() const;
  // The attraction a party of a segment enters at, from a uniform draw.
  std::size_t sample(std::size_t segment, double u) const;
  double probability(std::size_t segment, std::size_t a) const;
  // Today's utility of an attraction for a segment (for tests and docs).
  double utility(std::size_t segment, std::size_t a) const { return utility_[segment * count() + a]; }

 private:
  std::vector<AttractionSpec> specs_;
  std::vector<std::size_t> villages_;
  std::vector<double> scenario_attractiveness_;  // per village, as the scenario sets it
  double tea_share_ = 0;
  double outside_ = 0;
  std::vector<double> utility_;     // segment x attraction
  std::vector<double> cumulative_;  // segment x attraction, each row ending at 1
  std::vector<double> inclusive_;   // per segment
 public:
  // The state that changes as the run goes on, for checkpoints (sim/io/checkpoint).
  template <class Archive> void serialize(Archive& ar) { ar(tea_share_, outside_, utility_, cumulative_, inclusive_); }
};

}  // namespace yucun
