#include "sim/model/labour/labour_sector.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

namespace yucun {

namespace {
// Rounds of the quarterly job choice run at the start (see build_workers).
constexpr int kStartRounds = 12;
}  // namespace

LabourSector::LabourSector(const LabourSettings& settings, const Frame& frame, HouseholdSector& households,
                           FirmSector& firms)
    : frame_(frame),
      settings_(settings),
      households_(households),
      firms_(firms),
      local_wage_(settings.labour.local_wage_yuan) {
  // Commuters travel the scenario's roads, which no lever changes.
  commute_area_ = nearby_villages(frame_.in_force.commuter_roads, settings_.labour.commute_radius_minutes);
}

std::vector<double> LabourSector::commute_minutes() const {
  std::vector<double> commute(settings_.world.villages.size());
  for (std::size_t v = 0; v < commute.size(); ++v) commute[v] = frame_.in_force.commuter_roads.travel_minutes(v, frame_.accounts.gateway);
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

LabourParams LabourSector::at_today_prices() const {
  LabourParams p = settings_.labour;
  p.own_business_floor_yuan *= frame_.today.price_level;
  p.commute_yuan_per_minute *= frame_.today.price_level;
  return p;
}

// Linear in the harvest labour between the two seasons on paper: every
// member picking each day, and every member on the employed share of days.
double LabourSector::expected_season_yuan(std::size_t h, double harvest_labour) const {
  const ExpectedOwnIncome& e = households_.expected_own_income;
  const double all = households_.households.labour[h];
  const double employed = settings_.tea.picking.employed_pick_share * all;
  if (all - employed <= 0) return e.season_yuan[h];
  return e.season_employed_yuan[h] + (harvest_labour - employed) / (all - employed) * (e.season_yuan[h] - e.season_employed_yuan[h]);
}

double LabourSector::own_income_past_year(std::size_t h) const {
  Fen total = own_income_season_[h];
  for (std::size_t m = 0; m < 12; ++m) total += own_income_month_[h * 12 + m];
  return static_cast<double>(total) / kFenPerYuan;
}

// Monthly income per own-business worker from the household's farm, homestay
// and firms over the past twelve months (a rolling year, so neither the
// seasons nor the turn of the year move it), shared among its members now in
// own business.
std::vector<double> LabourSector::own_income_per_worker() const {
  const Households& households = households_.households;
  const Workers& workers = households_.workers;
  std::vector<double> out(households.size());
  for (std::size_t h = 0; h < households.size(); ++h) {
    std::size_t own = 0;
    for (std::size_t i = workers.household_begin[h]; i != workers.household_begin[h + 1]; ++i)
      if (workers.state[i] == JobState::own_business) ++own;
    out[h] = own_income_past_year(h) / 12.0 / static_cast<double>(std::max<std::size_t>(1, own));
  }
  return out;
}

// The book holds this calendar year's own-business income so far; what was
// booked since the last look (on 1 January: the rest of last year and what
// today brought) goes to the harvest if yesterday was a harvest day, else to
// yesterday's month. A month enters the record on the next month's first
// day, a harvest the day after its last day. Income booked today, before
// this phase, counts with yesterday's period: it shifts a day's income, and
// nothing is lost or counted twice.
void LabourSector::record_own_income() {
  const Today& today = frame_.today;
  const bool month_turns = today.date.day() == 1;
  const bool harvest_opens = today.harvest && today.day_in_window == 0;
  const bool in_harvest = today.harvest && today.day_in_window > 0;
  const bool first_day = today.date == frame_.calendar.first_covered();  // nothing booked before it
  if (first_day || !(month_turns || harvest_opens || in_harvest || today.harvest_ended)) return;
  const bool season = in_harvest || today.harvest_ended;  // yesterday was a harvest day
  const bool new_year = today.date.month() == 1 && month_turns;
  const std::size_t month = (today.date - 1).month() - 1;
  const IncomeBook& book = households_.income;
  for (std::size_t h = 0; h < own_income_recorded_.size(); ++h) {
    const Fen year_so_far = book.this_year_own_business(h);
    const Fen booked = new_year ? book.last_year_own_business(h) - own_income_recorded_[h] + year_so_far
                                : year_so_far - own_income_recorded_[h];
    own_income_recorded_[h] = year_so_far;
    (season ? own_income_pending_season_ : own_income_pending_month_)[h] += booked;
    if (today.harvest_ended) {
      own_income_season_[h] = own_income_pending_season_[h];
      own_income_pending_season_[h] = 0;
    }
    if (month_turns) {
      own_income_month_[h * 12 + month] = own_income_pending_month_[h];
      own_income_pending_month_[h] = 0;
    }
  }
}

void LabourSector::build_workers() {
  county_wage_at_review_ = job_offers().county_wage;  // the first review indexes from the start
  const Households& households = households_.households;
  Workers& workers = households_.workers;
  const std::size_t n = households.size();
  const LabourParams& l = settings_.labour;
  workers.household_begin.push_back(0);
  for (std::size_t h = 0; h < n; ++h) {
    for (int k = 0; k < households.labour[h]; ++k) {
      // Each member's schooling, drawn once (its own stream, so adding
      // skills moved no other draw).
      const double u = frame_.rng.draw(Stream::population, 0, workers.size(), Purpose::worker_skill).uniform(0);
      workers.skill.push_back(u <= l.skill_share_tertiary                             ? Skill::tertiary
                              : u <= l.skill_share_tertiary + l.skill_share_secondary ? Skill::secondary
                                                                                      : Skill::basic);
      workers.household.push_back(static_cast<std::uint32_t>(h));
      workers.state.push_back(JobState::own_business);
      workers.employer.push_back(-1);
    }
    workers.household_begin.push_back(workers.size());
  }
  // What own business is expected to bring: the tea season on paper (the
  // tea module has added it), the cooperative surplus in December, and the
  // beds let at the expected occupancy, net of running costs.
  ExpectedOwnIncome& expected = households_.expected_own_income;
  expected.month_yuan.resize(n * 12, 0.0);
  expected.season_yuan.resize(n, 0.0);
  expected.season_employed_yuan.resize(n, 0.0);
  for (std::size_t h = 0; h < n; ++h) {
    const double beds_month = households.homestay_beds[h] * settings_.world.villages[households.village[h]].bed_price_yuan *
                              365.0 / 12.0 * settings_.labour.own_business_bed_occupancy *
                              (1.0 - settings_.homestay_cost_share);
    for (std::size_t m = 0; m < 12; ++m) expected.month_yuan[h * 12 + m] += beds_month;
  }
  own_income_month_.resize(n * 12);
  for (std::size_t k = 0; k < n * 12; ++k) own_income_month_[k] = to_fen(expected.month_yuan[k]);
  own_income_season_.resize(n);
  own_income_pending_month_.assign(n, 0);
  own_income_pending_season_.assign(n, 0);
  own_income_recorded_.assign(n, 0);
  // The season as the household's harvest labour now picks it.
  const auto expect_season = [&] {
    for (std::size_t h = 0; h < n; ++h) own_income_season_[h] = to_fen(expected_season_yuan(h, households.harvest_labour[h]));
  };
  expect_season();

  // Nobody holds a job yet: no switching cost, and an applicant no firm can
  // take goes to its next choice. Each household's own-business income is
  // shared among the members it can expect in own business: k members, with
  // k = the household's workers times the chance that one of them chooses
  // own business when it pays income(k) / k (at least one member), income(k)
  // with k members picking every harvest day and the others on the employed
  // share of days. k minus that rises with k, so the root in [1, workers] is
  // unique (found by bisection).
  LabourParams start = at_today_prices();
  start.switching_cost = 0;
  const JobOffers offers = job_offers();
  const std::vector<double> commute = commute_minutes();
  const double employed_pick = settings_.tea.picking.employed_pick_share;
  std::vector<double> own_per_worker(n);
  constexpr auto kOwn = static_cast<std::size_t>(JobState::own_business);
  for (std::size_t h = 0; h < n; ++h) {
    const double members = households.labour[h];
    // The household's members at their mean skill (what a wage job pays them).
    double skill_ratio = 1.0;
    if (members > 0) {
      skill_ratio = 0;
      for (std::size_t i = workers.household_begin[h]; i != workers.household_begin[h + 1]; ++i)
        skill_ratio += skill_wage(l, workers.skill[i]);
      skill_ratio /= members;
    }
    const double months = own_income_past_year(h) - static_cast<double>(own_income_season_[h]) / kFenPerYuan;
    const auto income = [&](double k) { return (months + expected_season_yuan(h, k + employed_pick * (members - k))) / 12.0; };
    const auto excess = [&](double k) {
      double prob[kJobStates];
      job_probabilities(start, job_utilities(start, offers, income(k) / k, commute[households.village[h]], skill_ratio),
                        JobState::own_business, prob);
      return k - std::max(1.0, members * prob[kOwn]);
    };
    double lo = 1, hi = std::max(1.0, members);
    if (excess(lo) < 0)
      for (int step = 0; step < 40; ++step) (excess(0.5 * (lo + hi)) < 0 ? lo : hi) = 0.5 * (lo + hi);
    own_per_worker[h] = income(lo) / lo;
  }
  yucun::choose_jobs(workers, firms_.firms, households.village, own_per_worker, commute, start, offers, -1, frame_.rng,
                     &commute_area_, TurnedAway::next_choice);
  refresh_household_labour();
  // Then the quarterly rule, switching costs and all, at the start's
  // incomes and wage, until the jobs are in the steady state of that rule
  // rather than of a first choice without switching costs (draws keyed by
  // day 2^63 + round); the season is expected as the members then at home
  // pick it.
  const LabourParams quarterly = at_today_prices();
  for (int round = 1; round <= kStartRounds; ++round) {
    expect_season();
    yucun::choose_jobs(workers, firms_.firms, households.village, own_income_per_worker(), commute, quarterly, offers,
                       std::numeric_limits<std::int64_t>::min() + round, frame_.rng, &commute_area_);
    refresh_household_labour();
  }
  expect_season();

  // The incomes the jobs promise, for the opening savings.
  std::vector<double> earnings(n, 0.0);
  for (std::size_t h = 0; h < n; ++h) earnings[h] = own_income_past_year(h) / 12.0;
  for (std::size_t i = 0; i < workers.size(); ++i) {
    const std::size_t h = workers.household[i];
    const double ratio = skill_wage(l, workers.skill[i]);
    switch (workers.state[i]) {
      case JobState::local_firm: earnings[h] += ratio * offers.local_wage; break;
      case JobState::county_job:
        earnings[h] += std::max(0.0, ratio * offers.county_wage - start.commute_yuan_per_minute * commute[households.village[h]]);
        break;
      case JobState::migrant: earnings[h] += ratio * offers.city_wage * l.remittance_share; break;
      case JobState::own_business: break;
    }
  }
  households_.open_savings(earnings);
}

void LabourSector::choose_jobs() {
  record_own_income();
  if (!frame_.today.quarter_start) return;
  // The local wage first follows the county wage's growth since the last
  // review (held in the spin-up), then moves with excess demand below.
  const double county = job_offers().county_wage;
  local_wage_ *= std::pow(county / county_wage_at_review_, settings_.labour.local_wage_indexation);
  county_wage_at_review_ = county;
  const LabourMarketResult r =
      yucun::choose_jobs(households_.workers, firms_.firms, households_.households.village, own_income_per_worker(),
                         commute_minutes(), at_today_prices(), job_offers(), frame_.today.day, frame_.rng, &commute_area_);
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
  // Each skill's pay, fen (the offers are the basic level's).
  Fen local_wage[kSkills], county_wage[kSkills], remittance[kSkills];
  for (std::size_t s = 0; s < kSkills; ++s) {
    const double ratio = skill_wage(l, static_cast<Skill>(s));
    local_wage[s] = to_fen(ratio * offers.local_wage);
    county_wage[s] = to_fen(ratio * offers.county_wage);
    remittance[s] = to_fen(ratio * offers.city_wage * l.remittance_share);
  }
  // Each village's monthly commuting cost to the county's jobs, fen.
  std::vector<Fen> commute(settings_.world.villages.size());
  for (std::size_t v = 0; v < commute.size(); ++v)
    commute[v] = to_fen(l.commute_yuan_per_minute * frame_.today.price_level *
                        frame_.in_force.commuter_roads.travel_minutes(v, frame_.accounts.gateway));
  for (std::size_t i = 0; i < workers.size(); ++i) {
    const std::size_t h = workers.household[i];
    const std::size_t v = households.village[h];
    const AccountId account = households.account[h];
    const auto s = static_cast<std::size_t>(workers.skill_of(i));
    switch (workers.state[i]) {
      case JobState::local_firm: {
        if (workers.employer[i] < 0) break;
        const auto f = static_cast<std::size_t>(workers.employer[i]);
        const Fen pay = std::min(local_wage[s], frame_.ledger.balance(firms.account[f]));
        frame_.ledger.transfer(firms.account[f], account, pay);
        firms.costs_month[f] += local_wage[s];  // owed in full: a shortfall is a loss
        households_.income.credit(h, v, IncomeSource::wage, pay);
        break;
      }
      case JobState::county_job: {
        const Fen pay = std::max<Fen>(0, county_wage[s] - commute[v]);
        frame_.ledger.transfer(frame_.accounts.outside_world[v], account, pay);
        households_.income.credit(h, v, IncomeSource::wage, pay);
        break;
      }
      case JobState::migrant:
        frame_.ledger.transfer(frame_.accounts.outside_world[v], account, remittance[s]);
        households_.income.credit(h, v, IncomeSource::remittance, remittance[s]);
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
