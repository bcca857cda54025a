// The one loop that runs a simulation from its first day to its last: every
// experiment (a run, replicates, a sweep's runs) steps through it.
#pragma once

#include <functional>

#include "sim/core/date.hpp"
#include "sim/model/simulation.hpp"

namespace yucun::experiments {

// Thrown by step_to_end when asked to stop part-way.
struct RunStopped {};

using DayObserver = std::function<void(Date date, const DayIndicators& day)>;

// Steps `sim` until it is finished, handing each simulated day's date and
// indicators to `on_day` (may be empty). `stop` is asked before each day (a
// signal, another run's failure); when it says yes, throws RunStopped.
void step_to_end(Simulation& sim, const std::function<bool()>& stop, const DayObserver& on_day);

}  // namespace yucun::experiments
