#include "sim/model/labour/labour_sector.hpp"

#include <algorithm>
#include <cmath>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

namespace yucun {

LabourSector::LabourSector(const LabourSettings& settings, const Frame& frame, HouseholdSector& households,
                           FirmSector& firms)
    : frame_(frame),
      settings_(settings),
      households_(households),
      firms_(firms),
      local_wage_(settings.labour.local_wage_yuan) {
  network_changed();
}

void LabourSector::network_changed() {
  commute_area_ = nearby_villages(frame_.in_force.roads, settings_.labour.commute_radius_minutes);
}

std::vector<double> LabourSector::commute_minutes() const {
  std::vector<double> commute(settings_.world.villages.size());
  for (std::size_t v = 0; v < commute.size(); ++v) commute[v] = frame_.in_force.roads.travel_minutes(v, frame_.accounts.gateway);
  return commute;
}

JobOffers LabourSector::job_offers() const {
  const LabourParams& l = settings_.labour;
  const double growth = std::pow(1.0 + l.wage_growth_per_year, frame_.today.years_elapsed(frame_.calendar.start()));
  return JobOffers{local_wage_, l.county_wage_yuan * growth,
                   l.city_wage_yuan * growth *
                       event_multiplier(settings_.events, EventKind::city_wage, frame_.today.date,
                                        settings_.world.villages[frame_.accounts.gateway].name)};
}

// Monthly income per own-business worker from the household's farm, homestay
// and firms: last year's, or at the start an estimate from its tea plot and beds.
std::vector<double> LabourSector::own_income_per_worker() const {
  const Households& households = households_.households;
  const Workers& workers = households_.workers;
  std::vector<double> out(households.size());
  const bool have_year = frame_.today.day >= 365;
  const TeaParams& tea = settings_.tea;
  for (std::size_t h = 0; h < households.size(); ++h) {
    double yuan_per_year = 0;
    if (have_year) {
      yuan_per_year = static_cast<double>(households_.income.last_year_own_business(h)) / kFenPerYuan;
    } else {
      // Assumption for the first year: leaf worth the floor price on 70% of
      // the potential yield, and beds let a quarter of the nights.
      const double leaf = households.tea_mu[h] * tea.yield.dry_kg_per_mu * tea.yield.fresh_to_dry_ratio * 0.7 *
                          tea.price.floor_yuan_per_kg;
      const double beds = households.homestay_beds[h] *
                          settings_.world.villages[households.village[h]].bed_price_yuan * 365 * 0.25 *
                          (1.0 - settings_.homestay_cost_share);
      yuan_per_year = leaf + beds;
    }
    std::size_t own = 0;
    for (std::size_t i = workers.household_begin[h]; i != workers.household_begin[h + 1]; ++i)
      if (workers.state[i] == JobState::own_business) ++own;
    out[h] = yuan_per_year / 12.0 / static_cast<double>(std::max<std::size_t>(1, own));
  }
  return out;
}

void LabourSector::build_workers() {
  const Households& households = households_.households;
  Workers& workers = households_.workers;
  workers.household_begin.push_back(0);
  for (std::size_t h = 0; h < households.size(); ++h) {
    for (int k = 0; k < households.labour[h]; ++k) {
      workers.household.push_back(static_cast<std::uint32_t>(h));
      workers.state.push_back(JobState::own_business);
      workers.employer.push_back(-1);
    }
    workers.household_begin.push_back(workers.size());
  }
  LabourParams start = settings_.labour;
  start.switching_cost = 0;
  yucun::choose_jobs(workers, firms_.firms, households.village, own_income_per_worker(), commute_minutes(), start,
                     job_offers(), -1, frame_.rng, &commute_area_);
  refresh_household_labour();
}

void LabourSector::choose_jobs() {
  if (!frame_.today.quarter_start) return;
  const LabourMarketResult r =
      yucun::choose_jobs(households_.workers, firms_.firms, households_.households.village, own_income_per_worker(),
                         commute_minutes(), settings_.labour, job_offers(), frame_.today.day, frame_.rng, &commute_area_);
  // The local wage rises with unfilled vacancies and falls with applicants
  // no firm could take, relative to the jobs local firms offer.
  const Firms& firms = firms_.firms;
  std::int64_t jobs = 0;
  for (std::size_t f = 0; f < firms.size(); ++f)
    if (firms.open[f]) jobs += firms.staff_needed[f];
  const double gap = static_cast<double>((r.vacancies - r.hired) - r.turned_away) / std::max<double>(1.0, static_cast<double>(jobs));
  local_wage_ *= 1.0 + settings_.labour.wage_adjustment * std::clamp(gap, -1.0, 1.0);
  refresh_household_labour();
}

void LabourSector::pay_wages() {
  const LabourParams& l = settings_.labour;
  const Households& households = households_.households;
  const Workers& workers = households_.workers;
  Firms& firms = firms_.firms;
  const JobOffers offers = job_offers();
  const Fen local_wage = to_fen(offers.local_wage);
  const Fen remittance = to_fen(offers.city_wage * l.remittance_share);
  for (std::size_t i = 0; i < workers.size(); ++i) {
    const std::size_t h = workers.household[i];
    const std::size_t v = households.village[h];
    const AccountId account = households.account[h];
    switch (workers.state[i]) {
      case JobState::local_firm: {
        if (workers.employer[i] < 0) break;
        const auto f = static_cast<std::size_t>(workers.employer[i]);
        const Fen pay = std::min(local_wage, frame_.ledger.balance(firms.account[f]));
        frame_.ledger.transfer(firms.account[f], account, pay);
        firms.costs_month[f] += local_wage;  // owed in full: a shortfall is a loss
        households_.income.credit(h, v, IncomeSource::wage, pay);
        break;
      }
      case JobState::county_job: {
        const Fen pay = to_fen(std::max(0.0, offers.county_wage - l.commute_yuan_per_minute *
                                                                      frame_.in_force.roads.travel_minutes(v, frame_.accounts.gateway)));
        frame_.ledger.transfer(frame_.accounts.outside_world[v], account, pay);
        households_.income.credit(h, v, IncomeSource::wage, pay);
        break;
      }
      case JobState::migrant:
        frame_.ledger.transfer(frame_.accounts.outside_world[v], account, remittance);
        households_.income.credit(h, v, IncomeSource::remittance, remittance);
        break;
      case JobState::own_business:
        break;
    }
  }
}

void LabourSector::refresh_household_labour() {
  Households& households = households_.households;
  const Workers& workers = households_.workers;
  const double employed = settings_.tea.picking.employed_pick_share;
  for (std::size_t h = 0; h < households.size(); ++h) {
    int migrants = 0;
    double pickers = 0;
    for (std::size_t i = workers.household_begin[h]; i != workers.household_begin[h + 1]; ++i) {
      switch (workers.state[i]) {
        case JobState::migrant: ++migrants; break;
        case JobState::own_business: pickers += 1.0; break;
        case JobState::local_firm:
        case JobState::county_job: pickers += employed; break;
      }
    }
    households.migrants[h] = static_cast<std::uint8_t>(migrants);
    households.harvest_labour[h] = static_cast<float>(pickers);
  }
}

// Workers are grouped by household and households by village, so a
// village's workers are one range; counted in registers (a count per state,
// not ++jobs[state], whose stores would wait on each other).
void LabourSector::record(DayIndicators& d) const {
  d.real(series::local_wage) = local_wage_;
  const Households& households = households_.households;
  const Workers& workers = households_.workers;
  const std::size_t n = settings_.world.villages.size();
  const std::size_t grain = std::max<std::size_t>(1, n * 4096 / std::max<std::size_t>(1, households.size()));
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n, grain), [&](const tbb::blocked_range<std::size_t>& r) {
    for (std::size_t v = r.begin(); v != r.end(); ++v) {
      const std::size_t first_worker = workers.household_begin[households.begin_of(v)];
      const std::size_t end_worker = workers.household_begin[households.end_of(v)];
      const JobState* state = workers.state.data();
      std::uint32_t local = 0, county = 0, migrant = 0;  // narrow: wider vector lanes
      for (std::size_t i = first_worker; i != end_worker; ++i) {
        local += state[i] == JobState::local_firm;
        county += state[i] == JobState::county_job;
        migrant += state[i] == JobState::migrant;
      }
      d.integer(series::workers_own_business, v) =
          static_cast<std::int64_t>(end_worker - first_worker) - std::int64_t{local} - county - migrant;
      d.integer(series::workers_local_firm, v) = local;
      d.integer(series::workers_county_job, v) = county;
      d.integer(series::migrants_away, v) = migrant;
    }
  });
}

}  // namespace yucun
