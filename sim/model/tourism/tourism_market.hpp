// Tourist spending: what parties spend in each village on a day, and how that
// money reaches the households, firms, collectives and tea processors that
// sell lodging, food, activities, tickets, parking and tea.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/model/firms/firms.hpp"
#include "sim/model/tourism/tourists.hpp"
#include "sim/model/households/income_book.hpp"
#include "sim/core/ledger.hpp"
#include "sim/model/shared/in_force.hpp"
#include "sim/model/tea/tea_market.hpp"
#include "sim/world/world_params.hpp"

namespace yucun {

// One village's tourism on one day.
struct VillageTourismDay {
  std::int64_t visitors = 0;          // persons visiting
  std::int64_t overnight_guests = 0;  // persons sleeping here tonight
  std::int64_t attraction_entrants = 0;   // persons entering the area at the village's attractions
  std::int64_t tea_garden_entrants = 0;   // ... at its tea gardens
  Fen lodging = 0, food = 0, activities = 0, tickets = 0, parking = 0, tea = 0;
  Fen attraction_tickets = 0;     // all of it spent by visitors
  Fen attraction_collective = 0;  // the part paid to the village's collective
  Fen tea_experiences = 0;        // picking and tasting at tea gardens, paid to tea households
  Fen farm_gate_tea = 0;          // part of `tea` kept by the farmers who sold it (the retail margin)
  double tea_kg = 0;
  Fen revenue() const { return lodging + food + activities + tickets + parking + tea + attraction_tickets + tea_experiences; }
  // What tea households earn from visitors: experiences and farm-gate margins.
  Fen tea_tourism_income() const { return tea_experiences + farm_gate_tea; }
};

// Phase `tourist_spending`: sums each party's spending by village and kind,
// exact in integer fen, at the tickets, bed prices and parking fee in force
// and the spending budgets, all set in start-year yuan and raised by the
// price level. Visitors spend on food only where a restaurant is open and on
// activities only where an operator is (`has_restaurants`, `has_activities`,
// per village): with no seller the spending does not happen. Parallel over
// parties, except tea purchases, which run in the parties' stored order (tea
// stocks are shared; the tea price is the tea market's own).
//
// On its first day a party drawn by an attraction pays the attraction's
// ticket (`entries`; none without). A party that entered at a tea garden
// pays for a picking or tasting experience and buys its dry tea there at the
// farm gate: the farmers keep the retail margin over the outside price.
void tourist_spending(const TouristParties& parties, const TourismParams& params, const InForce& prices,
                      const std::vector<std::uint8_t>& has_restaurants, const std::vector<std::uint8_t>& has_activities,
                      TeaProcessors& processors, std::vector<VillageTourismDay>& out, double price_level = 1.0,
                      const AreaDemand* entries = nullptr);

// Who sells lodging, food and activities in each village.
struct TourismSellers {
  const std::vector<std::vector<std::uint32_t>>* homestay_households;  // per village
  const std::vector<std::int32_t>* household_beds;                     // per household
  const std::vector<AccountId>* household_accounts;
  const Firms* firms;
  const FirmIndex* firm_index;
  const std::vector<AccountId>* collectives;      // per village
  const std::vector<AccountId>* tea_processors;   // per village
  const std::vector<AccountId>* outside_world;    // per village
};

// Phase `pay_tourism_revenue`: moves each village's takings from the outside
// world to the sellers in proportion to their capacity, and their running
// costs back out; the collective its share of attraction tickets (the rest
// stays with the operators, outside the area); the village cooperative (its
// processor) the tea, tea experiences and farm-gate sales, whose farmers'
// part it settles at the month end. Parallel over villages; every account
// touched belongs to the village. Books household income.
void pay_tourism_revenue(const std::vector<VillageTourismDay>& days, const TourismParams& params,
                         const TourismSellers& sellers, Firms& firms, Ledger& ledger, IncomeBook& income);


}  // namespace yucun
