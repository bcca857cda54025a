// What a policy lever may act on: the mechanisms, the accounts and today.
// The schedule hands it to each lever's hooks (sim/model/policies/lever_set.hpp);
// levers change the parameters in force through InForce, and move money only
// through the ledger.
#pragma once

#include "sim/core/ledger.hpp"
#include "sim/model/firms/firm_sector.hpp"
#include "sim/model/households/household_sector.hpp"
#include "sim/model/labour/labour_sector.hpp"
#include "sim/model/shared/frame.hpp"
#include "sim/model/tea/tea_params.hpp"
#include "sim/model/tea/tea_sector.hpp"
#include "sim/model/tourism/tourism_sector.hpp"
#include "sim/world/world_params.hpp"

namespace yucun {

struct LeverContext : Frame {
  const WorldParams& world;
  const TeaParams& tea_params;
  // The mechanisms.
  HouseholdSector& households;
  FirmSector& firms;
  LabourSector& labour;
  TeaSector& tea;
  TourismSector& tourism;

  std::size_t villages() const { return world.villages.size(); }
  AccountId public_purse() const { return accounts.government[accounts.gateway]; }
  // The public purse pays a lever's cost (to suppliers outside the area).
  void spend_public(Fen amount) { yucun::spend_public(ledger, accounts, public_money, amount); }
};

// A yearly amount paid in daily parts.
inline Fen daily_part(double yuan_per_year) { return to_fen(yuan_per_year / 365.0); }

}  // namespace yucun
