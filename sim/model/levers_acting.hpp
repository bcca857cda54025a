// Which levers a run's state can depend on at a given day: those that acted
// on some reported day before it. Levers are off in the spin-up and hold
// their constructed state until their window first opens, so two scenarios
// that agree in everything else and in these levers reach the same state on
// that day, whatever their later levers; a run of one can branch from a
// checkpoint of the other (sim/io/checkpoint, docs/reliability.md).
#pragma once

#include "sim/core/date.hpp"
#include "sim/model/policies/policy_params.hpp"

namespace yucun {

// `policies` with every lever that is not active on any day of
// [first_reported, before) put back to its default (off) parameters.
PolicyParams levers_acting_before(const PolicyParams& policies, Date first_reported, Date before);

}  // namespace yucun
