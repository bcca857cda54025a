// The labour market as one mechanism (docs/ODD.md 7.13-7.16): each working
// member's job (own farm and business, a local firm, a county job, migrant
// work), chosen each quarter; the local wage that clears local firms'
// vacancies; monthly wages and remittances; who is home to pick tea.
#pragma once

#include <cstddef>
#include <vector>

#include "sim/core/calendar.hpp"
#include "sim/core/random_streams.hpp"
#include "sim/model/firms/firm_sector.hpp"
#include "sim/model/households/household_sector.hpp"
#include "sim/model/labour/labour_market.hpp"
#include "sim/model/labour/labour_params.hpp"
#include "sim/model/shared/events.hpp"
#include "sim/model/shared/frame.hpp"
#include "sim/model/shared/in_force.hpp"
#include "sim/model/shared/series.hpp"
#include "sim/model/shared/today.hpp"
#include "sim/model/shared/village_accounts.hpp"
#include "sim/model/tea/tea_params.hpp"
#include "sim/world/world_params.hpp"

namespace yucun {

struct LabourSettings {
  const LabourParams& labour;
  const TeaParams& tea;             // who picks
  const WorldParams& world;
  const std::vector<EventSpec>& events;
  double homestay_cost_share;       // of homestay takings (a tourism parameter)
};

class LabourSector {
 public:
  LabourSector(const LabourSettings& settings, const Frame& frame, HouseholdSector& households, FirmSector& firms);

  // One worker per working-age member; starting jobs drawn from the job logit
  // without switching costs, local firms hiring up to their needs and those
  // they cannot take going to their next choice; then the households'
  // savings open, with the incomes these jobs promise.
  void build_workers();
  // Phase `choose_jobs`: the own-business record turns (below); on each
  // quarter's first day jobs are chosen and the local wage adjusts.
  void choose_jobs();
  // Month end: wages from firms and the county, remittances from the city.
  void pay_wages();
  // Who is at home and who picks tea follows from the members' jobs.
  void refresh_household_labour();
  // The day's values of the labour series.
  void record(DayIndicators& d) const;

  JobOffers job_offers() const;
  double local_wage() const { return local_wage_; }
  // A household's own-business income (tea, homestay, owner payouts) over
  // a year, yuan: the days outside the tea harvest of the past twelve
  // months and the last complete harvest, so the measure holds one season
  // whenever it is read; what has not been seen yet counts at what the
  // household expected of it at the start (7.16).
  double own_income_past_year(std::size_t household) const;
  // Own-business income a month per own-business worker of each household.
  std::vector<double> own_income_per_worker() const;

 private:
  std::vector<double> commute_minutes() const;
  // The labour parameters at today's prices (the floor, commuting).
  LabourParams at_today_prices() const;
  void record_own_income();
  // A household's expected harvest income, yuan, with this harvest labour.
  double expected_season_yuan(std::size_t household, double harvest_labour) const;

  Frame frame_;
  LabourSettings settings_;
  HouseholdSector& households_;
  FirmSector& firms_;

  double local_wage_ = 0;
  double county_wage_at_review_ = 0;  // the county wage at the last quarterly review
  std::vector<std::vector<std::uint32_t>> commute_area_;  // within the commuting radius
  // Own-business income, fen, seeded with what was expected: on the days
  // outside the harvest in each calendar month [household * 12 + month - 1]
  // (the last twelve), and over the last complete harvest [household].
  std::vector<Fen> own_income_month_, own_income_season_;
  // Booked since the month, or the harvest, began and not yet in the record.
  std::vector<Fen> own_income_pending_month_, own_income_pending_season_;
  // This calendar year's own-business income at the last look at the book.
  std::vector<Fen> own_income_recorded_;
 public:
  // The state that changes as the run goes on, for checkpoints (sim/io/checkpoint).
  template <class Archive> void serialize(Archive& ar) { ar(local_wage_, county_wage_at_review_, commute_area_, own_income_month_, own_income_season_, own_income_pending_month_, own_income_pending_season_, own_income_recorded_); }
};

}  // namespace yucun
