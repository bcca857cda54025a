#include "sim/model/tea/tea_sector.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include "sim/model/tea/expected_season.hpp"
#include "sim/model/tea/picking.hpp"

namespace yucun {

namespace {
double total_tea_mu(const std::vector<VillageSpec>& villages) {
  double mu = 0;
  for (const auto& v : villages) mu += v.tea_area_mu;
  return mu;
}
}  // namespace

TeaSector::TeaSector(const TeaSettings& settings, const Frame& frame, HouseholdSector& households)
    : frame_(frame),
      settings_(settings),
      households_(households),
      season_(settings.tea, frame.calendar.first_covered_year(), frame.calendar.last_year(), settings.world.villages.size(),
              frame.rng) {
  const std::size_t n = settings.world.villages.size();
  picker_pool_ = static_cast<std::int64_t>(std::floor(total_tea_mu(settings.world.villages) *
                                                      settings.tea.picking.migrant_pickers_per_mu));
  processors_.retail_stock_kg.assign(n, 0.0);
  processors_.stock_value_fen_per_kg.assign(n, 0.0);
  processors_.retail_price_fen_per_kg.assign(n, 0.0);
  prices_today_ = settings.tea;
  // What a season pays before any has been seen, for job choice (7.16):
  // the leaf over the harvest (with every working member picking each day,
  // and with all of them picking on the employed share of days), the
  // cooperative surplus in December (of the first).
  Households& h = households_.households;
  ExpectedOwnIncome& own = households_.expected_own_income;
  const double index = settings.outside.tea_price_index;
  const std::vector<float> harvest_labour = h.harvest_labour;
  for (std::size_t i = 0; i < h.size(); ++i) h.harvest_labour[i] = h.labour[i];
  const ExpectedTeaIncome all_picking = expected_tea_income(h, season_, settings.tea, picker_pool_, index);
  for (std::size_t i = 0; i < h.size(); ++i)
    h.harvest_labour[i] = static_cast<float>(settings.tea.picking.employed_pick_share * h.labour[i]);
  own.season_employed_yuan = expected_tea_income(h, season_, settings.tea, picker_pool_, index).season_yuan;
  h.harvest_labour = harvest_labour;
  own.season_yuan = all_picking.season_yuan;
  own.month_yuan.resize(h.size() * 12, 0.0);
  for (std::size_t i = 0; i < h.size(); ++i) own.month_yuan[i * 12 + 11] += all_picking.surplus_yuan[i];
}

AccountId TeaSector::open_processor(std::size_t village) {
  const double capital_yuan =
      settings_.world.villages[village].tea_area_mu * settings_.tea.processing.working_capital_yuan_per_mu;
  processors_.account.push_back(frame_.ledger.open(AccountKind::tea_processor, std::llround(capital_yuan * kFenPerYuan)));
  return processors_.account.back();
}

void TeaSector::set_processor_land(std::vector<double> mu, double yield_factor) {
  processor_land_mu_ = std::move(mu);
  processor_yield_factor_ = yield_factor;
}

void TeaSector::start_day() {
  const std::size_t villages = settings_.world.villages.size();
  if (frame_.today.harvest_ended) clear_picking(households_.households);  // harvest days overwrite it all
  day_.assign(villages, VillageTeaDay{});
  pickers_ = PickerMarketResult{};
  processor_leaf_kg_.assign(villages, 0.0);
  processor_pickers_wanted_.assign(villages, 0);
  processor_pickers_hired_.assign(villages, 0);
  market_ = TeaMarketDay{};
  if (!frame_.today.harvest) return;
  season_.fresh_kg_per_mu(frame_.today.date.year(), frame_.today.day_in_window, fresh_kg_per_mu_);
  for (std::size_t v = 0; v < villages; ++v)
    fresh_kg_per_mu_[v] *= event_multiplier(settings_.events, EventKind::tea_yield, frame_.today.date,
                                            settings_.world.villages[v].name);
  // Leaf and dry tea, pickers' wages and processing follow consumer prices.
  const double price_level = frame_.today.price_level;
  const double price_index =
      settings_.outside.tea_price_index * price_level *
      event_multiplier(settings_.events, EventKind::tea_price, frame_.today.date, settings_.world.villages[frame_.accounts.gateway].name);
  prices_today_.picking.picker_wage_yuan_per_day = settings_.tea.picking.picker_wage_yuan_per_day * price_level;
  prices_today_.processing.processing_cost_yuan_per_kg_dry =
      settings_.tea.processing.processing_cost_yuan_per_kg_dry * price_level;
  market_ = TeaMarketDay{season_.leaf_price_fen_per_kg(frame_.today.day_in_window) * price_index,
                         season_.dry_price_fen_per_kg(frame_.today.day_in_window) * price_index};
}

void TeaSector::pick_tea() {
  if (!frame_.today.harvest) return;
  // The rules in force (a certification's finer plucking) act on the leaf
  // before anyone picks it.
  for (std::size_t v = 0; v < fresh_kg_per_mu_.size(); ++v) fresh_kg_per_mu_[v] *= frame_.in_force.tea_yield_factor[v];
  plan_picking(households_.households, HarvestDay{market_.leaf_price_fen_per_kg, &fresh_kg_per_mu_},
               prices_today_.picking);
  // The processors' own land has no own hands: all its leaf wants pickers.
  for (std::size_t v = 0; v < processor_land_mu_.size(); ++v) {
    processor_leaf_kg_[v] = processor_land_mu_[v] * fresh_kg_per_mu_[v] * processor_yield_factor_;
    processor_pickers_wanted_[v] =
        pickers_wanted_for(processor_leaf_kg_[v], market_.leaf_price_fen_per_kg, prices_today_.picking);
  }
}

void TeaSector::hire_pickers() {
  if (!frame_.today.harvest) return;
  pickers_ = yucun::hire_pickers(households_.households, picker_pool_, settings_.tea.picking.hired_kg_per_day,
                                 processor_pickers_wanted_, &processor_pickers_hired_);
}

void TeaSector::clear_tea_market() {
  if (!frame_.today.harvest) return;
  yucun::clear_tea_market(households_.households, processors_, frame_.accounts.outside_world, market_, prices_today_,
                          settings_.retail_markup, frame_.ledger, households_.income, day_);
}

void TeaSector::pay_cooperative_surplus() {
  for (std::size_t v = 0; v < settings_.world.villages.size(); ++v) {
    const AccountId processor = processors_.account[v];
    const Fen stock_value =
        static_cast<Fen>(std::llround(processors_.retail_stock_kg[v] * processors_.stock_value_fen_per_kg[v]));
    frame_.ledger.transfer(frame_.accounts.outside_world[v], processor, stock_value);
    processors_.retail_stock_kg[v] = 0;
    const Fen capital = to_fen(settings_.world.villages[v].tea_area_mu * settings_.tea.processing.working_capital_yuan_per_mu *
                               frame_.today.price_level);
    const Fen surplus = frame_.ledger.balance(processor) - capital;
    if (surplus <= 0) continue;
    pay_growers(v, surplus);
  }
}

void TeaSector::pay_growers(std::size_t v, Fen amount) {
  const Households& h = households_.households;
  std::vector<double> mu;
  for (std::size_t i = h.begin_of(v); i != h.end_of(v); ++i) mu.push_back(h.tea_mu[i]);
  const auto shares = split_proportional(amount, mu);
  for (std::size_t k = 0; k < shares.size(); ++k) {
    if (shares[k] == 0) continue;
    const std::size_t i = h.begin_of(v) + k;
    frame_.ledger.transfer(processors_.account[v], h.account[i], shares[k]);
    households_.income.credit(i, v, IncomeSource::tea, shares[k]);
  }
}

void TeaSector::record(DayIndicators& d) const {
  d.integer(series::harvest_day) = frame_.today.harvest ? 1 : 0;
  d.real(series::leaf_price) = market_.leaf_price_fen_per_kg;
  d.real(series::dry_tea_price) = market_.dry_price_fen_per_kg;
  d.integer(series::migrant_pickers_wanted) = pickers_.wanted;
  d.integer(series::migrant_pickers_available) = frame_.today.harvest ? picker_pool_ : 0;
  d.integer(series::migrant_pickers_hired) = pickers_.hired;
  for (std::size_t v = 0; v < day_.size(); ++v) {
    const VillageTeaDay& t = day_[v];
    d.real(series::fresh_leaf_available, v) = t.leaf_available_kg;
    d.real(series::fresh_leaf_picked, v) = t.leaf_picked_kg;
    d.real(series::fresh_leaf_to_traders, v) = t.leaf_to_traders_kg;
    d.real(series::own_picker_days, v) = t.own_picker_days;
    d.integer(series::hired_picker_days, v) = t.hired_picker_days;
    d.integer(series::households_picking, v) = t.households_picking;
    d.integer(series::leaf_sales, v) = t.leaf_sales_fen;
    d.integer(series::picker_wages, v) = t.picker_wages_fen;
    d.real(series::dry_tea_made, v) = t.dry_tea_kg;
    d.integer(series::dry_tea_sales, v) = t.dry_tea_sales_fen;
  }
}

}  // namespace yucun
