#include "sim/model/firms/firm_sector.hpp"

#include <algorithm>
#include <cmath>

namespace yucun {

namespace {
constexpr std::uint64_t kSetupDay = 0;
}  // namespace

FirmSector::FirmSector(const FirmParams& params, const WorldParams& world, const Frame& frame,
                       HouseholdSector& households)
    : frame_(frame),
      params_(params),
      world_(world),
      households_(households),
      profit_month_(world.villages.size() * kFirmKinds, 0),
      count_month_(world.villages.size() * kFirmKinds, 0) {}

std::int64_t FirmSector::enterprise_beds(std::size_t v) const {
  const VillageSpec& spec = world_.villages[v];
  const Households& h = households_.households;
  if (h.end_of(v) == h.begin_of(v)) return spec.homestay_beds;
  return static_cast<std::int64_t>(std::llround(static_cast<double>(spec.homestay_beds) * params_.firm_bed_share));
}

void FirmSector::open_firm(FirmKind kind, std::uint32_t village, double capacity, std::int32_t owner_household) {
  const AccountId account = frame_.ledger.open(AccountKind::firm, 0);
  const AccountId owner = owner_household >= 0
                              ? households_.households.account[static_cast<std::size_t>(owner_household)]
                              : frame_.accounts.outside_world[village];
  frame_.ledger.transfer(owner, account, to_fen(params_.opening_cash_yuan * frame_.today.price_level));
  firms.add(kind, village, capacity, account, owner, owner_household, staff_needed(params_, kind));
}

double FirmSector::entry_capacity(FirmKind kind) const {
  return kind == FirmKind::restaurant ? params_.seats_per_restaurant
         : kind == FirmKind::homestay ? params_.beds_per_homestay_firm
                                      : params_.activity_slots_per_operator;
}

// Restaurants follow demand when asked to and visitors are expected to eat
// somewhere that has restaurant seats.
bool FirmSector::restaurants_follow_demand() const {
  if (!params_.initial_firms_follow_demand || start_takings_.food_yuan.size() != world_.villages.size()) return false;
  double food = 0;
  for (std::size_t v = 0; v < world_.villages.size(); ++v)
    if (world_.villages[v].restaurant_seats > 0) food += start_takings_.food_yuan[v];
  return food > 0;
}

// The scenario's restaurants (each village's seats in restaurants of
// seats_per_restaurant, rounded up) are placed in proportion to the start
// year's expected food takings among the villages that have restaurant seats,
// so that every village's restaurants expect the same takings each; else
// where the seats are.
std::vector<std::int64_t> FirmSector::initial_restaurants() const {
  const std::size_t n = world_.villages.size();
  std::vector<std::int64_t> by_seats(n, 0);
  std::vector<double> weights(n, 0.0);
  std::int64_t total = 0;
  const bool by_demand = restaurants_follow_demand();
  for (std::size_t v = 0; v < n; ++v) {
    const VillageSpec& spec = world_.villages[v];
    if (spec.restaurant_seats <= 0) continue;
    by_seats[v] = static_cast<std::int64_t>(std::ceil(static_cast<double>(spec.restaurant_seats) / params_.seats_per_restaurant));
    total += by_seats[v];
    if (by_demand) weights[v] = start_takings_.food_yuan[v];
  }
  return by_demand ? split_proportional(total, weights) : by_seats;
}

// A village the scenario gives activity operators has as many as serve the
// start year's visitors on an average day (activity_slots_per_operator
// each), and at least the scenario's.
std::int64_t FirmSector::initial_operators(std::size_t v) const {
  const std::int64_t listed = world_.villages[v].activity_operators;
  if (listed <= 0 || !params_.initial_firms_follow_demand || start_takings_.visits.size() != world_.villages.size())
    return listed;
  const double per_day = start_takings_.visits[v] / 365.0;
  return std::max(listed, static_cast<std::int64_t>(std::ceil(per_day / params_.activity_slots_per_operator)));
}

// A share owned by one of the village's households (chosen by draw), the rest
// by outside investors. The opening cash of these existing firms comes from
// the outside world whoever owns them (assumption: the capital was sunk
// before the run starts); firms that enter later are paid for by their owner.
void FirmSector::build_initial_firms() {
  const Households& h = households_.households;
  std::uint64_t serial = 0;
  auto owner_for = [&](std::size_t v) -> std::int32_t {
    const Draws d = frame_.rng.draw(Stream::firms, kSetupDay, serial++, Purpose::firm_owner);
    const std::size_t n = h.end_of(v) - h.begin_of(v);
    if (n == 0 || d.uniform(0) > params_.local_owner_share) return -1;
    return static_cast<std::int32_t>(h.begin_of(v) + d.below(1, n));
  };
  const std::vector<std::int64_t> restaurants = initial_restaurants();
  const bool by_demand = restaurants_follow_demand();
  for (std::size_t v = 0; v < world_.villages.size(); ++v) {
    const auto village = static_cast<std::uint32_t>(v);
    // Restaurants where the scenario's seats are share them; placed by demand,
    // each has the standard seats.
    const double seats = restaurants[v] == 0 ? 0.0
                         : by_demand        ? params_.seats_per_restaurant
                                            : static_cast<double>(world_.villages[v].restaurant_seats) / static_cast<double>(restaurants[v]);
    for (std::int64_t k = 0; k < restaurants[v]; ++k) open_firm(FirmKind::restaurant, village, seats, -1);
    const std::int64_t firm_beds = enterprise_beds(v);
    if (firm_beds > 0) {
      // Whole beds: the first firms take one more where they do not divide evenly.
      const auto n = std::max<std::int64_t>(1, std::llround(static_cast<double>(firm_beds) / params_.beds_per_homestay_firm));
      for (std::int64_t k = 0; k < n; ++k)
        open_firm(FirmKind::homestay, village, static_cast<double>(firm_beds / n + (k < firm_beds % n ? 1 : 0)), -1);
    }
    for (std::int64_t k = 0, n = initial_operators(v); k < n; ++k)
      open_firm(FirmKind::activity, village, params_.activity_slots_per_operator, -1);
  }
  // Owners are settled after all firms exist so that the owner draw does not
  // depend on which kinds a village has.
  for (std::size_t f = 0; f < firms.size(); ++f) {
    const std::int32_t owner = owner_for(firms.village[f]);
    if (owner < 0) continue;
    firms.owner_household[f] = owner;
    firms.owner[f] = h.account[static_cast<std::size_t>(owner)];
  }
  reindex();
}

void FirmSector::pay_owner(std::size_t f, Fen amount) {
  if (amount <= 0) return;
  frame_.ledger.transfer(firms.account[f], firms.owner[f], amount);
  if (firms.owner_household[f] < 0) return;
  const auto owner = static_cast<std::size_t>(firms.owner_household[f]);
  households_.income.credit(owner, households_.households.village[owner], IncomeSource::business, amount);
}

FirmChanges FirmSector::settle(const BedBook& beds) {
  Workers& workers = households_.workers;
  std::fill(profit_month_.begin(), profit_month_.end(), 0);
  std::fill(count_month_.begin(), count_month_.end(), 0);
  const Fen opening = to_fen(params_.opening_cash_yuan * frame_.today.price_level);
  // Per village and kind, the losing firm that leaves this month: of those
  // with loss_months_to_exit loss months in a row, the one with least cash
  // (the lowest id on a tie). The others' takings rise as it goes.
  constexpr std::size_t kNone = static_cast<std::size_t>(-1);
  std::vector<std::size_t> leaver(world_.villages.size() * kFirmKinds, kNone);
  for (std::size_t f = 0; f < firms.size(); ++f) {
    if (!firms.open[f]) continue;
    const std::size_t v = firms.village[f];
    const AccountId account = firms.account[f];
    const Fen lease_due = monthly_lease_fen(params_, firms.kind[f], firms.capacity[f], frame_.today.price_level);
    const Fen lease = std::min(lease_due, frame_.ledger.balance(account));
    frame_.ledger.transfer(account, households_.collectives.account[v], lease);
    households_.collectives.book_income(v, lease);
    firms.costs_month[f] += lease_due;  // owed in full: unpaid rent is a loss
    const Fen profit = firms.revenue_month[f] - firms.costs_month[f];
    firms.loss_months[f] = profit < 0 ? firms.loss_months[f] + 1 : 0;
    const std::size_t slot = v * kFirmKinds + static_cast<std::size_t>(firms.kind[f]);
    profit_month_[slot] += profit;
    ++count_month_[slot];
    // Cash beyond a few months of costs goes to the owner.
    const Fen buffer = static_cast<Fen>(std::llround(params_.cash_buffer_months * static_cast<double>(firms.costs_month[f])));
    pay_owner(f, frame_.ledger.balance(account) - std::max(buffer, opening));
    firms.revenue_month[f] = 0;
    firms.costs_month[f] = 0;
    if (firms.loss_months[f] < params_.loss_months_to_exit || firms.closing[f]) continue;
    std::size_t& chosen = leaver[slot];
    if (chosen == kNone || frame_.ledger.balance(account) < frame_.ledger.balance(firms.account[chosen])) chosen = f;
  }

  // Exit. A homestay enterprise first stops taking bookings and closes at a
  // later month end, once no booked guest needs its beds.
  bool closed_any = false, closing_any = false;
  std::vector<std::int64_t> beds_closing(world_.villages.size(), 0);  // this month, not yet out of the capacity
  for (std::size_t f = 0; f < firms.size(); ++f) {
    if (!firms.open[f]) continue;
    const std::size_t v = firms.village[f];
    const std::size_t slot = v * kFirmKinds + static_cast<std::size_t>(firms.kind[f]);
    if (!firms.closing[f] && leaver[slot] != f) continue;
    const auto firm_beds = firms.kind[f] == FirmKind::homestay ? static_cast<std::int64_t>(std::llround(firms.capacity[f])) : 0;
    if (firm_beds > 0 && !firms.closing[f]) {
      firms.closing[f] = 1;
      closing_any = true;
      continue;
    }
    if (firm_beds > 0 && beds.booked_peak[v] > beds.capacity[v] - beds_closing[v] - firm_beds) continue;
    beds_closing[v] += firm_beds;
    firms.open[f] = 0;
    closed_any = true;
    pay_owner(f, frame_.ledger.balance(firms.account[f]));
    for (std::size_t i = 0; i < workers.size(); ++i)
      if (workers.employer[i] == static_cast<std::int32_t>(f)) {
        workers.employer[i] = -1;
        workers.state[i] = JobState::county_job;
      }
    firms.staff[f] = 0;
  }
  if (closed_any) reindex();
  return FirmChanges{closed_any, closed_any || closing_any};
}

// A new firm enters a village where last month's firms of its kind made, on
// average, more than the entry threshold a year. Its owner is a village
// household with the cash (by draw), else an outside investor.
FirmChanges FirmSector::enter(const BedBook& beds) {
  const Households& h = households_.households;
  const Fen opening = to_fen(params_.opening_cash_yuan * frame_.today.price_level);
  const double entry_profit = params_.entry_profit_yuan_per_year * frame_.today.price_level;
  bool opened = false;
  for (std::size_t v = 0; v < world_.villages.size(); ++v) {
    for (std::size_t k = 0; k < kFirmKinds; ++k) {
      const std::size_t slot = v * kFirmKinds + k;
      if (count_month_[slot] == 0) continue;
      const double yearly = 12.0 * static_cast<double>(profit_month_[slot]) /
                            static_cast<double>(count_month_[slot]) / kFenPerYuan;
      if (yearly <= entry_profit) continue;
      const auto kind = static_cast<FirmKind>(k);
      const double capacity = entry_capacity(kind);
      if (kind == FirmKind::homestay && static_cast<double>(beds.capacity[v]) + capacity > beds.limit[v]) continue;
      const Draws d = frame_.rng.draw(Stream::firms, static_cast<std::uint64_t>(frame_.today.day), slot, Purpose::firm_entry);
      std::int32_t owner = -1;
      if (d.uniform(0) <= params_.local_owner_share) {
        const std::size_t n = h.end_of(v) - h.begin_of(v);
        for (std::size_t tries = 0; n > 0 && tries < 8 && owner < 0; ++tries) {
          const std::size_t i = h.begin_of(v) + (d.word(1) + tries * 7919) % n;
          if (frame_.ledger.balance(h.account[i]) >= opening) owner = static_cast<std::int32_t>(i);
        }
      }
      open_firm(kind, static_cast<std::uint32_t>(v), capacity, owner);
      opened = true;
    }
  }
  if (opened) reindex();
  return FirmChanges{false, opened};
}

void FirmSector::record(DayIndicators& d) const {
  std::vector<std::int64_t> open(world_.villages.size(), 0);
  for (std::size_t f = 0; f < firms.size(); ++f)
    if (firms.open[f]) ++open[firms.village[f]];
  for (std::size_t v = 0; v < open.size(); ++v) d.integer(series::firms_open, v) = open[v];
}

}  // namespace yucun
