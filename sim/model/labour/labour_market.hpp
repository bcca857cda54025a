// The local labour market: each quarter working members choose among own
// farm and business work, a job in a local firm, a commuting job in the
// county and migrant work in the city (logit with switching costs); local
// firms hire applicants up to their needs; the local wage follows the gap
// between vacancies and applicants.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/model/labour/labour_params.hpp"
#include "sim/model/firms/firms.hpp"
#include "sim/model/households/workers.hpp"
#include "sim/core/random_streams.hpp"

namespace yucun {

// Monthly incomes each option offers, yuan.
struct JobOffers {
  double local_wage = 0;
  double county_wage = 0;
  double city_wage = 0;
};

// Log-income utilities of the options for one worker (before switching costs).
struct JobUtilities {
  double value[kJobStates];
};

// A worker's wage in any job relative to the basic skill level's.
double skill_wage(const LabourParams& params, Skill skill);

// The offers are the basic level's wages; a worker of another skill earns
// `skill_ratio` times them in every job (commuting costs the same).
JobUtilities job_utilities(const LabourParams& params, const JobOffers& offers, double own_income_per_worker,
                           double commute_minutes, double skill_ratio = 1.0);

// Choice probabilities for a worker currently in `current`.
void job_probabilities(const LabourParams& params, const JobUtilities& u, JobState current, double out[kJobStates]);

struct LabourMarketResult {
  std::int64_t vacancies = 0;         // before hiring
  std::int64_t applicants = 0;
  std::int64_t hired = 0;
  std::int64_t turned_away = 0;       // applicants no firm could take
};

// What an applicant no local firm can take does.
enum class TurnedAway : std::uint8_t {
  keep_job,     // keeps the job it has (a commuting job if its firm closed): each quarter
  next_choice,  // takes its choice among the other three jobs, by the same logit (own draw): at the start, when nobody holds a job yet
};

// Phase `choose_jobs`: draws each worker's preferred job (parallel over
// workers, own draws), then matches local-firm applicants to vacancies in a
// random priority order: own village first, then the villages of
// `commute_area[home]` in order (nearest first; null: every village in index
// order). Unmatched applicants do as `turned_away` says.
LabourMarketResult choose_jobs(Workers& workers, Firms& firms, const std::vector<std::uint32_t>& household_village,
                               const std::vector<double>& own_income_per_worker,
                               const std::vector<double>& commute_minutes, const LabourParams& params,
                               const JobOffers& offers, std::int64_t day_number, const RandomStreams& rng,
                               const std::vector<std::vector<std::uint32_t>>* commute_area = nullptr,
                               TurnedAway turned_away = TurnedAway::keep_job);

}  // namespace yucun
