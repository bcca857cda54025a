// Estimates of the agent state the engine holds and sweeps each day, from
// the sizes of the structure-of-arrays columns (sizeof of their elements).
#pragma once

#include <cstddef>

#include "sim/model/simulation.hpp"

namespace yucun::bench {

struct StateBytes {
  double per_household = 0;  // held: household, worker, savings-account and income-book columns
  double per_party = 0;      // held: every party column
  // Swept on an ordinary day and, in addition, on a harvest day.
  double household_day = 0, household_harvest_extra = 0;
  double party_day = 0;
  double firm_day = 0;
};

StateBytes state_bytes(const Simulation& sim);

}  // namespace yucun::bench
