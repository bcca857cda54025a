#include "sim/model/labour/labour_market.hpp"

#include <algorithm>
#include <cmath>

#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_sort.h>

namespace yucun {

double skill_wage(const LabourParams& p, Skill skill) {
  switch (skill) {
    case Skill::secondary: return p.skill_wage_secondary;
    case Skill::tertiary: return p.skill_wage_tertiary;
    case Skill::basic: break;
  }
  return 1.0;
}

JobUtilities job_utilities(const LabourParams& p, const JobOffers& offers, double own_income_per_worker,
                           double commute_minutes, double skill_ratio) {
  JobUtilities u{};
  const double floor = p.own_business_floor_yuan;
  u.value[static_cast<int>(JobState::own_business)] = std::log(std::max(floor, own_income_per_worker));
  u.value[static_cast<int>(JobState::local_firm)] = std::log(std::max(floor, skill_ratio * offers.local_wage));
  u.value[static_cast<int>(JobState::county_job)] =
      std::log(std::max(floor, skill_ratio * offers.county_wage - p.commute_yuan_per_minute * commute_minutes));
  u.value[static_cast<int>(JobState::migrant)] =
      std::log(std::max(floor, skill_ratio * offers.city_wage)) - p.migrant_penalty;
  return u;
}

void job_probabilities(const LabourParams& p, const JobUtilities& u, JobState current, double out[kJobStates]) {
  double best = -1e300;
  double scaled[kJobStates];
  for (std::size_t j = 0; j < kJobStates; ++j) {
    const double switching = static_cast<std::size_t>(current) == j ? 0.0 : p.switching_cost;
    scaled[j] = p.choice_sensitivity * (u.value[j] - switching);
    best = std::max(best, scaled[j]);
  }
  double total = 0;
  for (std::size_t j = 0; j < kJobStates; ++j) total += out[j] = std::exp(scaled[j] - best);
  for (std::size_t j = 0; j < kJobStates; ++j) out[j] /= total;
}

LabourMarketResult choose_jobs(Workers& w, Firms& firms, const std::vector<std::uint32_t>& household_village,
                               const std::vector<double>& own_income_per_worker,
                               const std::vector<double>& commute_minutes, const LabourParams& p,
                               const JobOffers& offers, std::int64_t day_number, const RandomStreams& rng,
                               const std::vector<std::vector<std::uint32_t>>* commute_area, TurnedAway turned_away) {
  const auto d = static_cast<std::uint64_t>(day_number);
  // Only the own-business utility differs between workers of a village and
  // skill: the others are computed once per village and skill (the same
  // values, fewer logs).
  std::vector<JobUtilities> village_utilities(commute_minutes.size() * kSkills);
  for (std::size_t v = 0; v < commute_minutes.size(); ++v)
    for (std::size_t s = 0; s < kSkills; ++s)
      village_utilities[v * kSkills + s] =
          job_utilities(p, offers, p.own_business_floor_yuan, commute_minutes[v], skill_wage(p, static_cast<Skill>(s)));
  constexpr auto kOwn = static_cast<std::size_t>(JobState::own_business);
  std::vector<JobState> wanted(w.size());
  // Each worker's choice should no firm take it (used with TurnedAway::next_choice).
  std::vector<JobState> second(turned_away == TurnedAway::next_choice ? w.size() : 0);
  // Applicants with their places in the hiring queue, drawn here in parallel.
  struct Applicant {
    std::uint64_t priority;
    std::size_t worker;
  };
  tbb::enumerable_thread_specific<std::vector<Applicant>> applying;
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, w.size()), [&](const auto& r) {
    for (std::size_t i = r.begin(); i != r.end(); ++i) {
      const std::uint32_t h = w.household[i];
      JobUtilities u = village_utilities[household_village[h] * kSkills + static_cast<std::size_t>(w.skill_of(i))];
      u.value[kOwn] = std::log(std::max(p.own_business_floor_yuan, own_income_per_worker[h]));
      double prob[kJobStates];
      // A worker whose firm closed is no longer held by that job.
      const JobState current = w.state[i] == JobState::local_firm && w.employer[i] < 0 ? JobState::county_job : w.state[i];
      job_probabilities(p, u, current, prob);
      double x = rng.draw(Stream::jobs, d, i, Purpose::job_choice).uniform(0);
      std::size_t j = 0;
      while (j + 1 < kJobStates && x > prob[j]) x -= prob[j++];
      wanted[i] = static_cast<JobState>(j);
      if (!second.empty() && wanted[i] == JobState::local_firm) {
        // The same logit over the other three jobs.
        constexpr auto kLocal = static_cast<std::size_t>(JobState::local_firm);
        double y = rng.draw(Stream::jobs, d, i, Purpose::job_choice, 2).uniform(0) * (1.0 - prob[kLocal]);
        std::size_t k = 0;
        for (std::size_t j = 0; j < kJobStates; ++j) {
          if (j == kLocal) continue;
          k = j;  // the last other job if rounding leaves y above every share
          if (y <= prob[j]) break;
          y -= prob[j];
        }
        second[i] = static_cast<JobState>(k);
      }
      // Those who want a firm job and do not hold one apply (a worker who
      // wants a firm job keeps its state and employer until hired).
      if (wanted[i] == JobState::local_firm && !(w.state[i] == JobState::local_firm && w.employer[i] >= 0)) {
        applying.local().push_back({rng.draw(Stream::jobs, d, i, Purpose::job_choice, 1).word(0), i});
      }
    }
  });

  // Leavers free their places; then firms hire applicants by priority.
  for (std::size_t i = 0; i < w.size(); ++i) {
    if (w.state[i] == JobState::local_firm && w.employer[i] >= 0 && wanted[i] != JobState::local_firm) {
      --firms.staff[static_cast<std::size_t>(w.employer[i])];
      w.employer[i] = -1;
    }
    if (wanted[i] != JobState::local_firm) w.state[i] = wanted[i];
  }
  LabourMarketResult result;
  std::vector<std::vector<std::uint32_t>> open_by_village;
  std::size_t villages = 0;
  for (auto v : household_village) villages = std::max<std::size_t>(villages, v + 1);
  for (auto v : firms.village) villages = std::max<std::size_t>(villages, v + 1);  // villages without households too
  open_by_village.resize(villages);
  for (std::size_t f = 0; f < firms.size(); ++f) {
    if (!firms.open[f] || firms.staff[f] >= firms.staff_needed[f]) continue;
    result.vacancies += firms.staff_needed[f] - firms.staff[f];
    open_by_village[firms.village[f]].push_back(static_cast<std::uint32_t>(f));
  }
  std::vector<Applicant> applicants;
  for (const auto& some : applying) applicants.insert(applicants.end(), some.begin(), some.end());
  // (priority, worker) pairs are unique, so any sort gives the one order.
  tbb::parallel_sort(applicants.begin(), applicants.end(),
            [](const Applicant& a, const Applicant& b) { return std::tie(a.priority, a.worker) < std::tie(b.priority, b.worker); });
  result.applicants = static_cast<std::int64_t>(applicants.size());

  auto take = [&](std::size_t v) -> std::int32_t {
    auto& open = open_by_village[v];
    while (!open.empty() && firms.staff[open.back()] >= firms.staff_needed[open.back()]) open.pop_back();
    return open.empty() ? -1 : static_cast<std::int32_t>(open.back());
  };
  for (const Applicant& a : applicants) {
    const std::size_t home = household_village[w.household[a.worker]];
    std::int32_t firm = take(home);
    if (commute_area)
      for (std::size_t k = 0; firm < 0 && k < (*commute_area)[home].size(); ++k) firm = take((*commute_area)[home][k]);
    else
      for (std::size_t v = 0; firm < 0 && v < villages; ++v) firm = take(v);
    if (firm < 0) {
      ++result.turned_away;
      if (turned_away == TurnedAway::next_choice) w.state[a.worker] = second[a.worker];
      else if (w.state[a.worker] == JobState::local_firm) w.state[a.worker] = JobState::county_job;
      continue;
    }
    ++firms.staff[static_cast<std::size_t>(firm)];
    w.state[a.worker] = JobState::local_firm;
    w.employer[a.worker] = firm;
    ++result.hired;
  }
  return result;
}

}  // namespace yucun
