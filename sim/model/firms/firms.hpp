// Firms serving tourists (restaurants, homestay enterprises, activity and
// study-tour operators), stored as structure of arrays. Firms are appended
// when they enter and flagged closed when they exit, so ids stay stable.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/model/firms/firm_params.hpp"
#include "sim/core/ledger.hpp"

namespace yucun {

enum class FirmKind : std::uint8_t { restaurant = 0, homestay = 1, activity = 2 };
inline constexpr std::size_t kFirmKinds = 3;

struct Firms {
  std::vector<FirmKind> kind;
  std::vector<std::uint32_t> village;
  std::vector<double> capacity;        // seats, beds or visitor slots a day
  std::vector<AccountId> account;
  std::vector<AccountId> owner;        // a household's account or the outside world
  std::vector<std::int32_t> owner_household;  // -1 for outside investors
  std::vector<std::uint8_t> open;
  std::vector<std::uint8_t> closing;   // decided to exit; waits for booked guests to leave
  std::vector<std::uint32_t> staff_needed;
  std::vector<std::uint32_t> staff;
  std::vector<Fen> revenue_month;
  std::vector<Fen> costs_month;
  std::vector<std::int32_t> loss_months;

  std::size_t size() const { return kind.size(); }
  std::size_t add(FirmKind k, std::uint32_t v, double cap, AccountId acct, AccountId owner_account,
                  std::int32_t owner_hh, std::uint32_t staff_wanted);

  // The state that changes as the run goes on, for checkpoints (sim/io/checkpoint).
  template <class Archive> void serialize(Archive& ar) { ar(kind, village, capacity, account, owner, owner_household, open, closing, staff_needed, staff, revenue_month, costs_month, loss_months); }
};

// Staff a firm of this kind and capacity needs.
std::uint32_t staff_needed(const FirmParams& params, FirmKind kind);
// Rent a firm pays its village collective each month, fen (the lease rates
// are in start-year yuan, raised by the price level).
Fen monthly_lease_fen(const FirmParams& params, FirmKind kind, double capacity, double price_level = 1.0);

// Per village and kind, the open firms' ids (rebuilt when firms enter or exit).
struct FirmIndex {
  std::vector<std::vector<std::uint32_t>> by_village_kind;  // [village * kFirmKinds + kind]
  void rebuild(const Firms& firms, std::size_t villages);
  const std::vector<std::uint32_t>& of(std::size_t village, FirmKind kind) const {
    return by_village_kind[village * kFirmKinds + static_cast<std::size_t>(kind)];
  }

  // The state that changes as the run goes on, for checkpoints (sim/io/checkpoint).
  template <class Archive> void serialize(Archive& ar) { ar(by_village_kind); }
};

}  // namespace yucun
