#include "bench/agent_state.hpp"

namespace yucun::bench {

namespace {
template <class V>
constexpr std::size_t item(const V&) {
  return sizeof(typename V::value_type);
}
// A ledger account: kind, opening, balance and flow (ledger.hpp).
constexpr std::size_t kAccountBytes = sizeof(AccountKind) + 3 * sizeof(Fen);
// The income book per household: 12 months, this and last year's
// own-business income (income.hpp).
constexpr std::size_t kIncomeBookBytes = IncomeBook::kBytesPerHousehold;
}  // namespace

StateBytes state_bytes(const Simulation& sim) {
  const Households& h = sim.households();
  const Workers& w = sim.workers();
  const TouristParties& p = sim.parties();
  const Firms& f = sim.firms();
  const double households = static_cast<double>(std::max<std::size_t>(1, h.size()));
  const double workers_per_household = static_cast<double>(w.size()) / households;
  StateBytes s;

  const std::size_t household_columns =
      item(h.village) + item(h.members) + item(h.labour) + item(h.tea_mu) + item(h.plot_quality) +
      item(h.own_kg_per_day) + item(h.account) + item(h.homestay_beds) + item(h.migrants) + item(h.harvest_labour) +
      item(h.leaf_available_kg) + item(h.own_picked_kg) + item(h.pickers_wanted) + item(h.pickers_hired) +
      item(h.hired_picked_kg);
  const std::size_t worker_columns = item(w.household) + item(w.state) + item(w.employer) + item(w.household_begin);
  s.per_household = static_cast<double>(household_columns + kAccountBytes + kIncomeBookBytes) +
                    workers_per_household * static_cast<double>(worker_columns);

  const std::size_t party_columns = item(p.id) + item(p.market) + item(p.size) + item(p.spend_index) + item(p.car) +
                                    item(p.interest) + item(p.tea_buyer) + item(p.nights) + item(p.day_of_stay) +
                                    item(p.lodging) + item(p.start) + item(p.visit_count) +
                                    kMaxVisitsPerDay * item(p.visits);
  s.per_party = static_cast<double>(party_columns);

  // Every day: the deposits indicator reads each household's account and
  // balance; the money audit reads every account's opening, balance and
  // flow; the job counts read each worker's household, job and village.
  s.household_day = static_cast<double>(item(h.account) + sizeof(Fen) + 3 * sizeof(Fen)) +
                    workers_per_household * static_cast<double>(item(w.household) + item(w.state) + item(h.village));
  // Harvest days: picking plans read five columns and write five, the picker
  // market and the leaf market read and write them again.
  s.household_harvest_extra = 3.0 * static_cast<double>(household_columns);
  // Parties: itineraries (id, start, interest in; visits out), spending (most
  // columns), departures and the compaction that copies every column.
  const double itinerary = static_cast<double>(item(p.id) + item(p.start) + item(p.interest) + item(p.visit_count) +
                                               kMaxVisitsPerDay * item(p.visits));
  s.party_day = itinerary + s.per_party + 2.0 * s.per_party + static_cast<double>(item(p.day_of_stay) + item(p.nights));
  s.firm_day = static_cast<double>(item(f.open) + item(f.village) + item(f.kind));
  return s;
}

}  // namespace yucun::bench
