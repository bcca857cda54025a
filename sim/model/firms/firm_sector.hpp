// Firms as one mechanism (docs/ODD.md 7.17-7.18): the restaurants, homestay
// enterprises and activity operators the area starts with, their monthly
// books (rent to the collective, profit to the owner), exit after sustained
// losses and entry where firms of a kind earn well.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "sim/core/ledger.hpp"
#include "sim/core/random_streams.hpp"
#include "sim/model/firms/firm_params.hpp"
#include "sim/model/firms/firms.hpp"
#include "sim/model/households/household_sector.hpp"
#include "sim/model/shared/frame.hpp"
#include "sim/model/shared/in_force.hpp"
#include "sim/model/shared/series.hpp"
#include "sim/model/shared/today.hpp"
#include "sim/model/shared/village_accounts.hpp"
#include "sim/world/world_params.hpp"

namespace yucun {

// Each village's beds as the lodging book has them: homestay enterprises
// leave only once no booked guest needs their beds.
struct BedBook {
  std::vector<std::int64_t> capacity;
  std::vector<std::int64_t> booked_peak;  // most beds booked on any coming night
  std::vector<double> limit;              // most beds the village may have (land, permits, licensing)
};

// What visitors are expected to spend in each village in the start year
// (start-year yuan), as tourism foresees it before the run: initial
// restaurants and activity operators follow it.
struct StartTakings {
  std::vector<double> visits;  // person-visits
  std::vector<double> food_yuan;
  std::vector<double> activity_yuan;
  std::vector<double> lodging_yuan;

  // The state that changes as the run goes on, for checkpoints (sim/io/checkpoint).
  template <class Archive> void serialize(Archive& ar) { ar(visits, food_yuan, activity_yuan, lodging_yuan); }
};

// What a month's books changed, for the mechanisms that follow firms.
struct FirmChanges {
  bool staff_released = false;  // a firm closed: its workers look for jobs elsewhere
  bool beds_changed = false;    // a homestay enterprise closed, stopped booking or opened
};

class FirmSector {
 public:
  FirmSector(const FirmParams& params, const WorldParams& world, const Frame& frame, HouseholdSector& households);

  Firms firms;
  FirmIndex index;

  const FirmParams& params() const { return params_; }

  // The start year's expected takings (set by tourism before the firms are built).
  void expect_start_takings(StartTakings takings) { start_takings_ = std::move(takings); }
  const StartTakings& start_takings() const { return start_takings_; }
  // The firms the villages start with (before the run starts): the
  // scenario's restaurants, placed where the start year's visitors eat; its
  // homestay enterprises; activity operators enough for the start year's visitors.
  void build_initial_firms();
  // Beds in a village run by homestay enterprises; where no households live,
  // enterprises run them all.
  std::int64_t enterprise_beds(std::size_t v) const;
  // A new firm, paid for by its owner (a household, or an outside investor).
  void open_firm(FirmKind kind, std::uint32_t village, double capacity, std::int32_t owner_household);
  // Capacity a new firm of a kind has.
  double entry_capacity(FirmKind kind) const;
  // After firms opened outside the month's books: the index follows.
  void reindex() { index.rebuild(firms, world_.villages.size()); }

  // Month end: rent, profit to owners, exits.
  FirmChanges settle(const BedBook& beds);
  // Month end, after settling: entry where last month's firms earned well.
  FirmChanges enter(const BedBook& beds);
  // The day's values of the firm series.
  void record(DayIndicators& d) const;

 private:
  Frame frame_;
  const FirmParams& params_;
  const WorldParams& world_;
  HouseholdSector& households_;

  // Pays a firm's cash to its owner (business income for a household owner).
  void pay_owner(std::size_t f, Fen amount);

  // Restaurants and activity operators per village at the start.
  bool restaurants_follow_demand() const;
  std::vector<std::int64_t> initial_restaurants() const;
  std::int64_t initial_operators(std::size_t v) const;

  StartTakings start_takings_;
  std::vector<Fen> profit_month_;           // per village and kind, last month
  std::vector<std::int64_t> count_month_;   // open firms per village and kind, last month
 public:
  // The state that changes as the run goes on, for checkpoints (sim/io/checkpoint).
  template <class Archive> void serialize(Archive& ar) { ar(firms, index, start_takings_, profit_month_, count_month_); }
};

}  // namespace yucun
