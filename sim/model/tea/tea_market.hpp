// The tea season and the fresh-leaf market: when the harvest runs, how much
// leaf each mu gives day by day, what leaf and dry tea fetch, and the daily
// clearing between households, village processors and outside traders.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/model/households/households.hpp"
#include "sim/model/households/income_book.hpp"
#include "sim/core/ledger.hpp"
#include "sim/core/random_streams.hpp"
#include "sim/model/tea/tea_params.hpp"
#include "sim/core/calendar.hpp"

namespace yucun {

class TeaSeason {
 public:
  // Draws each year's harvest opening and each village's yearly yield factor.
  TeaSeason(const TeaParams& params, int first_year, int last_year, std::size_t villages, const RandomStreams& rng);

  const std::vector<HarvestWindow>& windows() const { return windows_; }
  // Fresh-leaf price on a given day of the window (0 = opening day).
  double leaf_price_fen_per_kg(int day_in_window) const;
  // What processors get for a kg of dry tea made from that day's leaf.
  double dry_price_fen_per_kg(int day_in_window) const;
  // Share of the season's leaf that is ready on a given day: a hump over the
  // window that sums to 1.
  double ready_share(int day_in_window) const { return ready_share_[day_in_window]; }
  // Fresh leaf ready per mu in each village on that day of that year's window.
  void fresh_kg_per_mu(int year, int day_in_window, std::vector<double>& out) const;

 private:
  TeaParams params_;
  int first_year_;
  std::size_t villages_;
  double price_decay_;  // per-day factor of (price - floor)
  std::vector<HarvestWindow> windows_;
  std::vector<double> ready_share_;
  std::vector<double> year_factor_;  // [year - first_year][village]
};

// One processor (tea cooperative) per village, buying its own households'
// leaf and keeping part of its dry tea to sell to visitors.
struct TeaProcessors {
  std::vector<AccountId> account;
  std::vector<double> retail_stock_kg;
  std::vector<double> stock_value_fen_per_kg;   // outside-market value of the stock
  std::vector<double> retail_price_fen_per_kg;  // what visitors pay

  // The state that changes as the run goes on, for checkpoints (sim/io/checkpoint).
  template <class Archive> void serialize(Archive& ar) { ar(account, retail_stock_kg, stock_value_fen_per_kg, retail_price_fen_per_kg); }
};

// What the tea economy did in one village on one day.
struct VillageTeaDay {
  double leaf_available_kg = 0;
  double leaf_picked_kg = 0;
  double leaf_to_traders_kg = 0;
  double own_picker_days = 0;
  std::int64_t hired_picker_days = 0;
  std::int64_t households_picking = 0;
  Fen leaf_sales_fen = 0;
  Fen picker_wages_fen = 0;
  double dry_tea_kg = 0;
  double dry_tea_kept_kg = 0;  // for sale to visitors
  Fen dry_tea_sales_fen = 0;
  Fen processing_cost_fen = 0;
};

struct TeaMarketDay {
  double leaf_price_fen_per_kg = 0;
  double dry_price_fen_per_kg = 0;
};

// Phase `clear_tea_market`: households sell the day's leaf to their village
// processor (or to outside traders when the processor is out of cash) and pay
// their hired pickers; processors make dry tea and sell it outside. Runs in
// parallel over villages: every account it touches belongs to one village
// (outside_world[v] is the outside economy as seen from village v).
void clear_tea_market(const Households& households, TeaProcessors& processors,
                      const std::vector<AccountId>& outside_world, const TeaMarketDay& market,
                      const TeaParams& params, double retail_markup, Ledger& ledger, IncomeBook& income,
                      std::vector<VillageTeaDay>& out);

}  // namespace yucun
