#include "sim/engine/indicators.hpp"

#include <algorithm>

namespace yucun {

using enum Scope;
using enum ValueKind;

const std::array<SeriesSpec, kSeriesCount> kSeriesSpecs = {{
    {Series::day_type, "day_type", "kind of day: 0 workday, 1 weekend, 2 public holiday", "1", area, integer},
    {Series::harvest_day, "harvest_day", "1 on days of the tea harvest window, else 0", "1", area, integer},
    {Series::leaf_price, "leaf_price", "fresh tea leaf price paid by processors", "fen/kg", area, real},
    {Series::dry_tea_price, "dry_tea_price", "price of dry tea made from the day's leaf", "fen/kg", area, real},
    {Series::migrant_pickers_wanted, "migrant_pickers_wanted", "migrant pickers households wanted to hire",
     "person-days", area, integer},
    {Series::migrant_pickers_available, "migrant_pickers_available", "migrant pickers available in the area",
     "person-days", area, integer},
    {Series::migrant_pickers_hired, "migrant_pickers_hired", "migrant pickers hired", "person-days", area, integer},
    {Series::money_residual, "money_residual", "money created or destroyed since the start (must be 0)", "fen",
     area, integer},
    {Series::ledger_inconsistent_accounts, "ledger_inconsistent_accounts",
     "accounts whose balance disagrees with their postings (must be 0)", "1", area, integer},
    {Series::fresh_leaf_available, "fresh_leaf_available", "fresh tea leaf ready to pick", "kg", village, real},
    {Series::fresh_leaf_picked, "fresh_leaf_picked", "fresh tea leaf picked", "kg", village, real},
    {Series::fresh_leaf_to_traders, "fresh_leaf_to_traders",
     "fresh leaf sold to outside traders because the village processor was out of cash", "kg", village, real},
    {Series::own_picker_days, "own_picker_days", "household members' picking days", "person-days", village, real},
    {Series::hired_picker_days, "hired_picker_days", "hired migrant pickers' days", "person-days", village, integer},
    {Series::households_picking, "households_picking", "households that picked tea", "1", village, integer},
    {Series::leaf_sales, "leaf_sales", "households' revenue from fresh leaf sales", "fen", village, integer},
    {Series::picker_wages, "picker_wages", "wages paid by households to hired pickers", "fen", village, integer},
    {Series::dry_tea_made, "dry_tea_made", "dry tea made by the village processor", "kg", village, real},
    {Series::dry_tea_sales, "dry_tea_sales", "processor's revenue from dry tea sold outside", "fen", village,
     integer},
    {Series::household_deposits, "household_deposits", "households' savings at the end of the day", "fen", village,
     integer},
}};

DayIndicators::DayIndicators(std::size_t villages) : villages_(villages) {
  std::size_t reals = 0, ints = 0;
  for (const auto& spec : kSeriesSpecs) {
    const std::size_t width = spec.scope == Scope::village ? villages : 1;
    std::size_t& next = spec.kind == ValueKind::real ? reals : ints;
    offset_[static_cast<std::size_t>(spec.id)] = next;
    next += width;
  }
  reals_.assign(reals, 0.0);
  ints_.assign(ints, 0);
}

void DayIndicators::clear() {
  std::fill(reals_.begin(), reals_.end(), 0.0);
  std::fill(ints_.begin(), ints_.end(), 0);
}

}  // namespace yucun
