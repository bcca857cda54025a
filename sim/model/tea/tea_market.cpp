#include "sim/model/tea/tea_market.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include <tbb/parallel_for.h>

namespace yucun {

TeaSeason::TeaSeason(const TeaParams& params, int first_year, int last_year, std::size_t villages,
                     const RandomStreams& rng)
    : params_(params), first_year_(first_year), villages_(villages) {
  const auto& price = params.price;
  price_decay_ = (price.second_day_yuan_per_kg - price.floor_yuan_per_kg) /
                 (price.open_yuan_per_kg - price.floor_yuan_per_kg);

  const int length = params.harvest.length_days;
  double total = 0;
  for (int d = 0; d < length; ++d) {
    ready_share_.push_back(std::sin(std::numbers::pi * (d + 0.5) / length));
    total += ready_share_.back();
  }
  for (double& s : ready_share_) s /= total;

  for (int year = first_year; year <= last_year; ++year) {
    const auto y = static_cast<std::uint64_t>(year);
    const Date earliest = params.harvest.open_earliest.in_year(year);
    const Date latest = params.harvest.open_latest.in_year(year);
    const auto spread = static_cast<std::uint64_t>(latest - earliest + 1);
    const int offset = static_cast<int>(rng.draw(Stream::harvest, y, 0, Purpose::harvest_open).below(0, spread));
    windows_.push_back(HarvestWindow{earliest + offset, length});
    for (std::size_t v = 0; v < villages; ++v) {
      const double z = rng.draw(Stream::harvest, y, v, Purpose::yield_shock).normal(0);
      const double s = params.yield.year_log_sd;
      year_factor_.push_back(std::exp(s * z - 0.5 * s * s));
    }
  }
}

double TeaSeason::leaf_price_fen_per_kg(int day_in_window) const {
  const auto& p = params_.price;
  const double yuan = p.floor_yuan_per_kg + (p.open_yuan_per_kg - p.floor_yuan_per_kg) * std::pow(price_decay_, day_in_window);
  return yuan * kFenPerYuan;
}

double TeaSeason::dry_price_fen_per_kg(int day_in_window) const {
  return leaf_price_fen_per_kg(day_in_window) * params_.yield.fresh_to_dry_ratio * (1.0 + params_.processing.dry_markup);
}

void TeaSeason::fresh_kg_per_mu(int year, int day_in_window, std::vector<double>& out) const {
  const double season_kg = params_.yield.dry_kg_per_mu * params_.yield.fresh_to_dry_ratio;
  const double share = ready_share_[day_in_window];
  out.resize(villages_);
  const std::size_t row = static_cast<std::size_t>(year - first_year_) * villages_;
  for (std::size_t v = 0; v < villages_; ++v) out[v] = season_kg * share * year_factor_[row + v];
}

void clear_tea_market(const Households& h, TeaProcessors& processors,
                      const std::vector<AccountId>& outside_world, const TeaMarketDay& market,
                      const TeaParams& params, double retail_markup, Ledger& ledger, IncomeBook& income,
                      std::vector<VillageTeaDay>& out) {
  const Fen wage_fen = std::llround(params.picking.picker_wage_yuan_per_day * kFenPerYuan);
  const double ratio = params.yield.fresh_to_dry_ratio;
  out.assign(processors.account.size(), VillageTeaDay{});
  const double processing_fen_per_kg_dry = params.processing.processing_cost_yuan_per_kg_dry * kFenPerYuan;
  // Processors buy only while making dry tea pays for the leaf and its processing.
  const bool processing_pays =
      market.dry_price_fen_per_kg - processing_fen_per_kg_dry >= ratio * market.leaf_price_fen_per_kg;
  tbb::parallel_for(std::size_t{0}, processors.account.size(), [&](std::size_t v) {
    VillageTeaDay& day = out[v];
    const AccountId processor = processors.account[v];
    const AccountId outside = outside_world[v];
    double processed_kg = 0;
    Fen processing_due = 0;  // reserved for the processing bill, paid below
    for (std::size_t i = h.begin_of(v); i != h.end_of(v); ++i) {
      day.leaf_available_kg += h.leaf_available_kg[i];
      const double picked = static_cast<double>(h.own_picked_kg[i]) + h.hired_picked_kg[i];
      if (picked <= 0) continue;
      ++day.households_picking;
      day.leaf_picked_kg += picked;
      day.own_picker_days += h.own_picked_kg[i] / h.own_kg_per_day[i];
      day.hired_picker_days += h.pickers_hired[i];

      const Fen sales_before = day.leaf_sales_fen;
      const Fen value = std::llround(picked * market.leaf_price_fen_per_kg);
      const Fen processing = std::llround(picked / ratio * processing_fen_per_kg_dry);
      if (processing_pays && ledger.can_pay(processor, value + processing + processing_due)) {
        ledger.transfer(processor, h.account[i], value);
        processed_kg += picked;
        processing_due += processing;
        day.leaf_sales_fen += value;
      } else {
        const Fen trader_value = std::llround(picked * market.leaf_price_fen_per_kg * params.processing.trader_price_share);
        ledger.transfer(outside, h.account[i], trader_value);
        day.leaf_to_traders_kg += picked;
        day.leaf_sales_fen += trader_value;
      }
      // Migrant pickers take their pay home. A household whose leaf went to
      // traders at a discount may fall short; it pays what it has and the
      // rest is forgiven (assumption), so no valid scenario can fail here.
      const Fen wages = std::min(wage_fen * h.pickers_hired[i], ledger.balance(h.account[i]));
      ledger.transfer(h.account[i], outside, wages);
      day.picker_wages_fen += wages;
      income.credit(i, v, IncomeSource::tea, (day.leaf_sales_fen - sales_before) - wages);
    }
    if (processed_kg > 0) {
      day.dry_tea_kg = processed_kg / ratio;
      day.processing_cost_fen = processing_due;
      ledger.transfer(processor, outside, day.processing_cost_fen);
      // Part of the dry tea is kept for visitors; its stock is valued at the
      // outside price, and visitors pay that price plus the retail markup.
      day.dry_tea_kept_kg = day.dry_tea_kg * params.processing.retail_share;
      const double stock = processors.retail_stock_kg[v];
      const double kept = day.dry_tea_kept_kg;
      if (stock + kept > 0) {
        processors.stock_value_fen_per_kg[v] =
            (stock * processors.stock_value_fen_per_kg[v] + kept * market.dry_price_fen_per_kg) / (stock + kept);
        processors.retail_price_fen_per_kg[v] = processors.stock_value_fen_per_kg[v] * (1.0 + retail_markup);
      }
      processors.retail_stock_kg[v] = stock + kept;
      day.dry_tea_sales_fen = std::llround((day.dry_tea_kg - kept) * market.dry_price_fen_per_kg);
      ledger.transfer(outside, processor, day.dry_tea_sales_fen);
    }
  });
}

}  // namespace yucun
