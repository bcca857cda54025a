// Where the run stands today: the day's number and date and which calendar
// turns it brings. Set by the schedule at the start of each day; every
// mechanism reads it, none writes it.
#pragma once

#include "sim/core/calendar.hpp"
#include "sim/core/date.hpp"

namespace yucun {

struct Today {
  int day = 0;                             // days since the reported period's start (negative in the spin-up); the random streams' day counter
  int days_run = 0;                        // days simulated before today, spin-up included (0 on the first simulated day)
  bool spin_up = false;                    // before calendar.start: outside drivers held at their start levels, levers off, nothing written
  Date date;
  const HarvestWindow* harvest = nullptr;  // today's tea harvest window, if any
  int day_in_window = 0;                   // 0 = the harvest's opening day
  bool harvest_ended = false;              // yesterday was the last harvest day
  bool month_end = false, year_end = false;
  bool quarter_start = false;              // the first day of a quarter (not the run's first day)
  double price_level = 1.0;                // CPI level relative to calendar.start (1 in the spin-up); set by the schedule

  // Years since the reported period's start, for growth paths: 0 throughout
  // the spin-up, so outside drivers stay at their start-year levels there.
  // The state that changes as the run goes on, for checkpoints (sim/io/checkpoint);
  // `harvest` points into the calendar and is set again from `date` after loading.
  template <class Archive> void serialize(Archive& ar) {
    ar(day, days_run, spin_up, date, day_in_window, harvest_ended, month_end, year_end, quarter_start, price_level);
  }

  double years_elapsed(Date start) const { return date < start ? 0.0 : static_cast<double>(date - start) / 365.25; }
};

}  // namespace yucun
