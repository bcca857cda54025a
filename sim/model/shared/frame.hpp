// What every mechanism works within: the calendar and today, the random
// streams, the parameters in force, the ledger and the village accounts, and
// today's public money. One per run, owned by the Simulation; each mechanism
// keeps a copy of these references.
#pragma once

#include "sim/core/calendar.hpp"
#include "sim/core/ledger.hpp"
#include "sim/core/random_streams.hpp"
#include "sim/model/shared/in_force.hpp"
#include "sim/model/shared/today.hpp"
#include "sim/model/shared/village_accounts.hpp"

namespace yucun {

struct Frame {
  const Calendar& calendar;
  const RandomStreams& rng;
  const Today& today;
  const InForce& in_force;
  Ledger& ledger;
  const VillageAccounts& accounts;
  PublicMoneyToday& public_money;

  std::size_t gateway() const { return accounts.gateway; }
};

}  // namespace yucun
