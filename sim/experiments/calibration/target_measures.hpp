// The measures of published targets, taken from a run day by day as it goes
// (or from a stored run, output::for_each_day): the definitions of
// analysis/calibrate_check.py for one calendar year, kept in a few numbers
// per target rather than the run's days.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <vector>

#include "sim/core/date.hpp"
#include "sim/core/series.hpp"
#include "sim/model/scenario.hpp"
#include "sim/experiments/calibration/target_spec.hpp"

namespace yucun::calibration {

// What the measures need of the world besides the series: village names (in
// the run's village order), registered residents and the area's tea.
struct WorldFacts {
  std::vector<std::string> village_names;
  std::vector<double> village_population;  // registered residents, per village
  double tea_area_mu = 0;                  // all villages
  std::vector<std::string> village_township{};  // per village (may be empty: then no township measures)
};

WorldFacts world_facts(const Scenario& scenario);

// Takes the days of one run, in order, and gives each target's value for
// `year`, as calibrate_check.py computes it from the run's result file:
//   * year measures use the days of `year` the run covered (all of them in a
//     run that spans it); village_last and area_last take the last of those
//     days (31 December in such a run);
//   * season_village_sum is NaN unless the run covered its whole window;
//   * a measure with nothing to measure is NaN: no day of `year`, a zero
//     denominator, population or tea area, no harvest day (harvest_open_day).
// Days outside every window are ignored, so a run may start before `year`
// (its spin-up or earlier years) and go on after it.
class TargetAccumulator {
 public:
  // Throws std::invalid_argument, naming the target, for a village not in
  // `world`, a series not in kSeriesSpecs (or of a scope the measure cannot
  // use), or a window day that is no date.
  TargetAccumulator(std::span<const TargetSpec> targets, int year, const WorldFacts& world);
  ~TargetAccumulator();
  TargetAccumulator(TargetAccumulator&&) noexcept;
  TargetAccumulator& operator=(TargetAccumulator&&) noexcept;

  // Every simulated day, in order. `day` must hold kSeriesSpecs for the
  // world's villages (std::invalid_argument otherwise).
  void on_day(Date date, const DayIndicators& day);
  // One value per target, in the order given; NaN where undefined.
  std::vector<double> values() const;
  int year() const { return year_; }

  struct Slot;  // one target's running sums (target_measures.cpp)

 private:
  int year_;
  std::size_t villages_;
  std::vector<Slot> slots_;
  bool any_day_ = false;
  Date first_day_, last_day_;  // of the run so far
  int days_in_year_ = 0;       // days of `year` seen
};

}  // namespace yucun::calibration
