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
  Fen lodging = 0, food = 0, activities = 0, tickets = 0, parking = 0, tea = 0;
  double tea_kg = 0;
  Fen revenue() const { return lodging + food + activities + tickets + parking + tea; }
};

// Phase `tourist_spending`: sums each party's spending by village and kind,
// exact in integer fen, at the tickets, bed prices and parking fee in force
// and the spending budgets, all set in start-year yuan and raised by the
// price level. Visitors spend on food only where a restaurant is open and on
// activities only where an operator is (`has_restaurants`, `has_activities`,
// per village): with no seller the spending does not happen. Parallel over
// parties, except tea purchases, which run in the parties' stored order (tea
// stocks are shared; the tea price is the tea market's own).
void tourist_spending(const TouristParties& parties, const TourismParams& params, const InForce& prices,
                      const std::vector<std::uint8_t>& has_restaurants, const std::vector<std::uint8_t>& has_activities,
                      TeaProcessors& processors, std::vector<VillageTourismDay>& out, double price_level = 1.0);

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
// costs back out. Parallel over villages; every account touched belongs to
// the village. Books household income.
void pay_tourism_revenue(const std::vector<VillageTourismDay>& days, const TourismParams& params,
                         const TourismSellers& sellers, Firms& firms, Ledger& ledger, IncomeBook& income);


}  // namespace yucun
