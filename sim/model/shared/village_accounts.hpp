// The accounts every mechanism pays into or out of besides agents' own: per
// village, the rest of the world as seen from it and the public purse; and
// today's public money, so that each scenario's net public cost is a series.
#pragma once

#include <cstddef>
#include <vector>

#include "sim/core/ledger.hpp"

namespace yucun {

struct VillageAccounts {
  std::vector<AccountId> outside_world;  // per village: may run negative
  std::vector<AccountId> government;     // per village: the public purse, may run negative
  std::size_t gateway = 0;               // the core village, whose purse pays the levers

  // The state that changes as the run goes on, for checkpoints (sim/io/checkpoint).
  template <class Archive> void serialize(Archive& ar) { ar(outside_world, government, gateway); }
};

// Public money moved today: transfers to households (public_spending) and
// what policy levers cost and bring in.
struct PublicMoneyToday {
  Fen public_spending = 0;
  Fen policy_spending = 0;
  Fen policy_revenue = 0;
  Fen net_cost() const { return public_spending + policy_spending - policy_revenue; }

  // The state that changes as the run goes on, for checkpoints (sim/io/checkpoint).
  template <class Archive> void serialize(Archive& ar) { ar(public_spending, policy_spending, policy_revenue); }
};

// The public purse spends on a lever: paid to the outside world (suppliers).
inline void spend_public(Ledger& ledger, const VillageAccounts& accounts, PublicMoneyToday& money, Fen amount) {
  if (amount <= 0) return;
  ledger.transfer(accounts.government[accounts.gateway], accounts.outside_world[accounts.gateway], amount);
  money.policy_spending += amount;
}

}  // namespace yucun
