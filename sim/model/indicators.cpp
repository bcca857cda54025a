#include "sim/model/indicators.hpp"

#include <algorithm>

namespace yucun {

using enum Scope;
using enum ValueKind;

const std::array<SeriesSpec, kSeriesCount> kSeriesSpecs = {{
    {Series::day_type, "day_type", "kind of day: 0 workday, 1 weekend, 2 public holiday", "1", area, integer},
    {Series::harvest_day, "harvest_day", "1 on days of the tea harvest window, else 0", "1", area, integer, Yearly::sum},
    {Series::leaf_price, "leaf_price", "fresh tea leaf price paid by processors (0 outside the harvest)", "fen/kg", area, real},
    {Series::dry_tea_price, "dry_tea_price", "outside price of dry tea made from the day's leaf", "fen/kg", area, real},
    {Series::migrant_pickers_wanted, "migrant_pickers_wanted", "migrant pickers households wanted to hire",
     "person-days", area, integer, Yearly::sum},
    {Series::migrant_pickers_available, "migrant_pickers_available", "migrant pickers available in the area",
     "person-days", area, integer, Yearly::sum},
    {Series::migrant_pickers_hired, "migrant_pickers_hired", "migrant pickers hired", "person-days", area, integer, Yearly::sum},
    {Series::parties_arrived, "parties_arrived", "tourist parties arriving", "1", area, integer, Yearly::sum},
    {Series::persons_arrived, "persons_arrived", "persons in the arriving parties", "persons", area, integer, Yearly::sum},
    {Series::parties_turned_away, "parties_turned_away",
     "arriving parties that wanted beds, found none within reach and went home the same day", "1", area, integer, Yearly::sum},
    {Series::visitors_total, "visitors_total", "village visits by persons, all villages", "person-visits", area, integer, Yearly::sum},
    {Series::visitors_outside_core_share, "visitors_outside_core_share",
     "share of village visits outside the core village (the tourism gateway); yearly: from visitors_yearly", "1", area,
     real},
    {Series::tourism_revenue_total, "tourism_revenue_total", "visitors' spending in the area", "fen", area, integer, Yearly::sum},
    {Series::local_wage, "local_wage", "monthly wage in local firms", "yuan/month", area, real, Yearly::mean},
    {Series::gini, "gini", "Gini coefficient of households' per-capita income over the past 12 months", "1", area, real, Yearly::last},
    {Series::rural_income_per_capita, "rural_income_per_capita",
     "households' income over the past 12 months per resident (annualised in the first year)", "yuan/year", area, real, Yearly::last},
    {Series::urban_income_per_capita, "urban_income_per_capita", "urban per-capita disposable income (exogenous path)",
     "yuan/year", area, real, Yearly::last},
    {Series::urban_rural_ratio, "urban_rural_ratio", "urban over rural per-capita income", "1", area, real, Yearly::last},
    {Series::public_spending, "public_spending", "government transfers paid to households", "fen", area, integer, Yearly::sum},
    {Series::money_residual, "money_residual", "money created or destroyed since the start (must be 0)", "fen",
     area, integer, Yearly::last},
    {Series::ledger_inconsistent_accounts, "ledger_inconsistent_accounts",
     "accounts whose balance disagrees with their postings (must be 0)", "1", area, integer, Yearly::last},
    {Series::policy_spending, "policy_spending",
     "public money spent on policy levers (subsidies, marketing, shuttle operation, grants, land rent)", "fen", area,
     integer, Yearly::sum},
    {Series::policy_revenue, "policy_revenue", "public revenue from policy levers (shuttle fares, certification fees)",
     "fen", area, integer, Yearly::sum},
    {Series::net_public_cost, "net_public_cost",
     "public spending (transfers and policy levers) less public revenue from policy levers", "fen", area, integer,
     Yearly::sum},
    {Series::shuttle_riders, "shuttle_riders", "visitors riding the shuttle bus (policy lever), up to its capacity",
     "persons", area, integer, Yearly::sum},
    {Series::income_decile_share, "income_decile_share",
     "share of the households' summed per-capita income held by each tenth of households ranked by it (past 12 "
     "months); cumulated, the Lorenz curve of the gini series",
     "1", decile, real, Yearly::last},
    {Series::income_decile_per_capita, "income_decile_per_capita",
     "mean per-capita income of the households in each tenth, ranked by per-capita income (past 12 months)",
     "yuan/year", decile, real, Yearly::last},
    {Series::fresh_leaf_available, "fresh_leaf_available", "fresh tea leaf ready to pick", "kg", village, real, Yearly::sum},
    {Series::fresh_leaf_picked, "fresh_leaf_picked", "fresh tea leaf picked", "kg", village, real, Yearly::sum},
    {Series::fresh_leaf_to_traders, "fresh_leaf_to_traders",
     "fresh leaf sold to outside traders because the village processor could not take it", "kg", village, real, Yearly::sum},
    {Series::own_picker_days, "own_picker_days", "household members' picking days", "person-days", village, real, Yearly::sum},
    {Series::hired_picker_days, "hired_picker_days", "hired migrant pickers' days", "person-days", village, integer, Yearly::sum},
    {Series::households_picking, "households_picking", "households that picked tea", "1", village, integer},
    {Series::leaf_sales, "leaf_sales", "households' revenue from fresh leaf sales", "fen", village, integer, Yearly::sum},
    {Series::picker_wages, "picker_wages", "wages paid by households to hired pickers", "fen", village, integer, Yearly::sum},
    {Series::dry_tea_made, "dry_tea_made", "dry tea made by the village processor", "kg", village, real, Yearly::sum},
    {Series::dry_tea_sales, "dry_tea_sales", "processor's revenue from dry tea sold to the outside market", "fen",
     village, integer, Yearly::sum},
    {Series::tea_sold_to_visitors, "tea_sold_to_visitors", "dry tea sold to visitors", "kg", village, real, Yearly::sum},
    {Series::visitors, "visitors", "persons visiting the village (a person touring several villages counts in each)",
     "persons", village, integer, Yearly::sum},
    {Series::overnight_guests, "overnight_guests", "persons sleeping in the village's homestays tonight", "persons",
     village, integer, Yearly::sum},
    {Series::beds, "beds", "homestay beds (households and enterprises)", "beds", village, integer, Yearly::last},
    {Series::bed_occupancy, "bed_occupancy", "overnight guests over beds", "1", village, real, Yearly::mean},
    {Series::reputation, "reputation", "visitors' satisfaction, exponentially weighted (1 = fully satisfied)", "1",
     village, real, Yearly::last},
    {Series::revenue_lodging, "revenue_lodging", "visitors' spending on beds", "fen", village, integer, Yearly::sum},
    {Series::revenue_food, "revenue_food", "visitors' spending on food", "fen", village, integer, Yearly::sum},
    {Series::revenue_activities, "revenue_activities", "visitors' spending on activities and study tours", "fen",
     village, integer, Yearly::sum},
    {Series::revenue_tickets, "revenue_tickets", "entry tickets", "fen", village, integer, Yearly::sum},
    {Series::revenue_parking, "revenue_parking", "parking fees", "fen", village, integer, Yearly::sum},
    {Series::revenue_tea, "revenue_tea", "visitors' purchases of dry tea", "fen", village, integer, Yearly::sum},
    {Series::homestays_open, "homestays_open", "homestays: households letting beds and homestay enterprises", "1",
     village, integer, Yearly::last},
    {Series::firms_open, "firms_open", "open restaurants, homestay enterprises and activity operators", "1",
     village, integer, Yearly::last},
    {Series::workers_own_business, "workers_own_business", "working members in own farm or business work", "persons",
     village, integer, Yearly::mean},
    {Series::workers_local_firm, "workers_local_firm", "working members employed by local firms", "persons", village,
     integer, Yearly::mean},
    {Series::workers_county_job, "workers_county_job", "working members commuting to jobs in the county", "persons",
     village, integer, Yearly::mean},
    {Series::migrants_away, "migrants_away", "working members away as migrant workers", "persons", village, integer,
     Yearly::mean},
    {Series::income_tea, "income_tea", "households' tea income (leaf sales less picker wages, cooperative payouts)",
     "fen", village, integer, Yearly::sum},
    {Series::income_homestay, "income_homestay", "households' homestay income net of running costs", "fen", village,
     integer, Yearly::sum},
    {Series::income_wage, "income_wage", "wages from local firms and county jobs (net of commuting)", "fen", village,
     integer, Yearly::sum},
    {Series::income_business, "income_business", "profits paid to households owning firms", "fen", village, integer,
     Yearly::sum},
    {Series::income_dividend, "income_dividend", "collective dividends", "fen", village, integer, Yearly::sum},
    {Series::income_transfer, "income_transfer", "pensions and benefits from the government", "fen", village, integer,
     Yearly::sum},
    {Series::income_remittance, "income_remittance", "remittances from migrant members", "fen", village, integer,
     Yearly::sum},
    {Series::village_income_per_capita, "village_income_per_capita",
     "households' income over the past 12 months per resident (annualised in the first year)", "yuan/year", village,
     real, Yearly::last},
    {Series::collective_income, "collective_income", "village collective's income (tickets, parking, leases, other)",
     "fen", village, integer, Yearly::sum},
    {Series::collective_dividends, "collective_dividends", "dividends the collective paid to its members", "fen",
     village, integer, Yearly::sum},
    {Series::revenue_shared, "revenue_shared",
     "collective income shared by the core village (negative) with the others (positive) under revenue sharing", "fen",
     village, integer, Yearly::sum},
    {Series::household_deposits, "household_deposits", "households' savings at the end of the day", "fen", village,
     integer, Yearly::last},
}};

DayIndicators::DayIndicators(std::size_t villages) : villages_(villages) {
  std::size_t reals = 0, ints = 0;
  for (const auto& spec : kSeriesSpecs) {
    const std::size_t width = this->width(spec.scope);
    std::size_t& next = spec.kind == ValueKind::real ? reals : ints;
    offset_[static_cast<std::size_t>(spec.id)] = next;
    next += width;
  }
  reals_.assign(reals, 0.0);
  ints_.assign(ints, 0);
}

std::size_t DayIndicators::width(Scope scope) const {
  switch (scope) {
    case Scope::area: return 1;
    case Scope::village: return villages_;
    case Scope::decile: return kDeciles;
  }
  return 1;
}

void DayIndicators::clear() {
  std::fill(reals_.begin(), reals_.end(), 0.0);
  std::fill(ints_.begin(), ints_.end(), 0);
}

}  // namespace yucun
