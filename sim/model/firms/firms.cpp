#include "sim/model/firms/firms.hpp"

#include <cmath>

namespace yucun {

std::size_t Firms::add(FirmKind k, std::uint32_t v, double cap, AccountId acct, AccountId owner_account,
                       std::int32_t owner_hh, std::uint32_t staff_wanted) {
  kind.push_back(k);
  village.push_back(v);
  capacity.push_back(cap);
  account.push_back(acct);
  owner.push_back(owner_account);
  owner_household.push_back(owner_hh);
  open.push_back(1);
  closing.push_back(0);
  staff_needed.push_back(staff_wanted);
  staff.push_back(0);
  revenue_month.push_back(0);
  costs_month.push_back(0);
  loss_months.push_back(0);
  return kind.size() - 1;
}

std::uint32_t staff_needed(const FirmParams& p, FirmKind kind) {
  const double staff = kind == FirmKind::restaurant ? p.staff_per_restaurant
                       : kind == FirmKind::homestay ? p.staff_per_homestay_firm
                                                    : p.staff_per_activity_operator;
  return static_cast<std::uint32_t>(std::lround(staff));
}

Fen monthly_lease_fen(const FirmParams& p, FirmKind kind, double capacity, double price_level) {
  const double yuan = kind == FirmKind::restaurant ? p.lease_yuan_per_seat_month * capacity
                      : kind == FirmKind::homestay ? p.lease_yuan_per_bed_month * capacity
                                                   : p.lease_yuan_per_activity_operator_month;
  return std::llround(yuan * price_level * kFenPerYuan);
}

void FirmIndex::rebuild(const Firms& firms, std::size_t villages) {
  by_village_kind.assign(villages * kFirmKinds, {});
  for (std::size_t f = 0; f < firms.size(); ++f)
    if (firms.open[f])
      by_village_kind[firms.village[f] * kFirmKinds + static_cast<std::size_t>(firms.kind[f])].push_back(
          static_cast<std::uint32_t>(f));
}

}  // namespace yucun
