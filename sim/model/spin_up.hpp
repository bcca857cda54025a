// The spin-up (burn-in): the model runs a number of whole years before
// `calendar.start`, with outside drivers held at their start-year levels and
// every policy lever off, so the reported period starts from a settled state
// rather than from the assumed opening state (docs/ODD.md, Initialisation).
// Nothing of it is written except its length and the trace below.
#pragma once

#include <array>
#include <cstddef>
#include <string_view>
#include <vector>

#include "sim/core/calendar.hpp"
#include "sim/core/date.hpp"
#include "sim/core/field_bounds.hpp"
#include "sim/core/ledger.hpp"
#include "sim/core/series.hpp"
#include "sim/model/shared/today.hpp"

namespace yucun {

struct SpinUpParams {
  // Whole years run before calendar.start. The default is the warm-up length
  // MSER-5 finds on the baseline's own ratios (docs/ODD.md, Initialisation;
  // analysis/warmup.py measures it).
  int years = 2;
};

template <class V> void fields(SpinUpParams& p, V&& v) { v("years", p.years, between(0, 30)); }

// Days of a spin-up of `years` whole years ending the day before `start`
// (29 February falls back to 28 February in a year without it).
int spin_up_days(Date start, int years);

// The spin-up's diagnostic: area-wide ratios at each of its month ends, so a
// user can see the state settle (and the warm-up rule be checked).
class SpinUpTrace {
 public:
  enum Ratio : std::size_t {
    own_business_share,   // workers in own farm or business / all working members
    local_firm_share,     // ... employed by local firms
    county_job_share,     // ... commuting to county jobs
    migrant_share,        // ... away as migrants
    beds_per_arrival,     // homestay beds / mean daily persons arriving in the month
    deposits_over_income, // households' deposits / their income over the past 12 months
    firms_open,           // open firms, all villages
    reputation,           // mean of the villages' reputation
    rural_income,         // rural income per capita, yuan/year
    count
  };
  static constexpr std::array<std::string_view, count> kNames = {
      "own_business_share", "local_firm_share", "county_job_share", "migrant_share", "beds_per_arrival",
      "deposits_over_income", "firms_open", "reputation", "rural_income"};

  explicit SpinUpTrace(double population) : population_(population) {}

  // After each spin-up day's series: accumulates the month and, at a month
  // end, appends its row.
  void observe(const DayIndicators& day, const Today& today);

  std::size_t months() const { return rows_.size(); }
  double value(std::size_t month, Ratio r) const { return rows_[month][r]; }
  // The largest relative change of a ratio between the spin-up's last twelve
  // months and the twelve before (NaN with fewer than 24 months): how far the
  // state still moved when the reported period began.
  double last_year_drift() const;

  // The state that changes as the run goes on, for checkpoints (sim/io/checkpoint).
  template <class Archive> void serialize(Archive& ar) { ar(population_, arrivals_month_, days_month_, rows_); }

 private:
  double population_;
  double arrivals_month_ = 0;
  int days_month_ = 0;
  std::vector<std::array<double, count>> rows_;
};

}  // namespace yucun
