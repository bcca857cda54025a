// The quarterly job market: logit choice probabilities with switching costs,
// and hiring that respects firms' needs and keeps employers consistent.
#include <doctest/doctest.h>

#include <cmath>
#include <numeric>
#include <vector>

#include <tbb/global_control.h>

#include "sim/model/labour/labour_market.hpp"

using namespace yucun;

namespace {

constexpr auto kOwn = static_cast<std::size_t>(JobState::own_business);
constexpr auto kFirm = static_cast<std::size_t>(JobState::local_firm);
constexpr auto kCounty = static_cast<std::size_t>(JobState::county_job);
constexpr auto kMigrant = static_cast<std::size_t>(JobState::migrant);

const JobOffers kOffers{4500, 5200, 8500};

std::array<double, kJobStates> probabilities(const LabourParams& p, const JobUtilities& u, JobState current) {
  std::array<double, kJobStates> out{};
  job_probabilities(p, u, current, out.data());
  return out;
}

}  // namespace

TEST_CASE("job_utilities: log incomes, commuting costs and the migrant penalty") {
  const LabourParams p;
  const JobUtilities u = job_utilities(p, kOffers, 3000, 20);
  CHECK(u.value[kOwn] == doctest::Approx(std::log(3000.0)));
  CHECK(u.value[kFirm] == doctest::Approx(std::log(4500.0)));
  CHECK(u.value[kCounty] == doctest::Approx(std::log(5200.0 - p.commute_yuan_per_minute * 20)));
  CHECK(u.value[kMigrant] == doctest::Approx(std::log(8500.0) - p.migrant_penalty));
  // Incomes below the floor count as the floor.
  const JobUtilities poor = job_utilities(p, kOffers, 0, 1000);
  CHECK(poor.value[kOwn] == doctest::Approx(std::log(p.own_business_floor_yuan)));
  CHECK(poor.value[kCounty] == doctest::Approx(std::log(p.own_business_floor_yuan)));
}

TEST_CASE("job_probabilities sum to 1 and are the logit shares") {
  LabourParams p;
  const JobUtilities u = job_utilities(p, kOffers, 2500, 15);
  for (std::size_t current = 0; current < kJobStates; ++current) {
    const auto prob = probabilities(p, u, static_cast<JobState>(current));
    CAPTURE(current);
    CHECK(std::accumulate(prob.begin(), prob.end(), 0.0) == doctest::Approx(1.0).epsilon(1e-12));
    double total = 0;
    for (std::size_t j = 0; j < kJobStates; ++j)
      total += std::exp(p.choice_sensitivity * (u.value[j] - (j == current ? 0.0 : p.switching_cost)));
    for (std::size_t j = 0; j < kJobStates; ++j) {
      CHECK(prob[j] > 0);
      CHECK(prob[j] == doctest::Approx(std::exp(p.choice_sensitivity *
                                                (u.value[j] - (j == current ? 0.0 : p.switching_cost))) /
                                       total)
                           .epsilon(1e-10));
    }
  }
  // Huge utilities do not overflow.
  JobUtilities big{};
  for (double& v : big.value) v = 500;
  big.value[kMigrant] = 520;
  const auto prob = probabilities(p, big, JobState::own_business);
  CHECK(std::accumulate(prob.begin(), prob.end(), 0.0) == doctest::Approx(1.0));
  CHECK(prob[kMigrant] == doctest::Approx(1.0));
}

TEST_CASE("a switching cost makes staying more likely") {
  LabourParams with_cost, free;
  with_cost.switching_cost = 0.3;
  free.switching_cost = 0.0;
  const JobUtilities u = job_utilities(with_cost, kOffers, 2500, 15);
  for (std::size_t current = 0; current < kJobStates; ++current) {
    CAPTURE(current);
    const auto sticky = probabilities(with_cost, u, static_cast<JobState>(current));
    const auto loose = probabilities(free, u, static_cast<JobState>(current));
    CHECK(sticky[current] > loose[current]);
    for (std::size_t j = 0; j < kJobStates; ++j) {
      if (j == current) continue;
      CHECK(sticky[j] < loose[j]);
      // Holding job j makes j more likely than holding another one does.
      CHECK(probabilities(with_cost, u, static_cast<JobState>(j))[j] > sticky[j]);
    }
  }
  // Without a switching cost the current job does not matter.
  const auto a = probabilities(free, u, JobState::own_business);
  const auto b = probabilities(free, u, JobState::migrant);
  for (std::size_t j = 0; j < kJobStates; ++j) CHECK(a[j] == doctest::Approx(b[j]).epsilon(1e-12));
}

TEST_CASE("a higher city wage raises the migrant probability") {
  const LabourParams p;
  double previous = 0;
  for (double city : {3000.0, 6000.0, 8500.0, 12000.0, 20000.0}) {
    CAPTURE(city);
    const JobOffers offers{4500, 5200, city};
    const JobUtilities u = job_utilities(p, offers, 2500, 15);
    for (std::size_t current = 0; current < kJobStates; ++current) {
      const auto prob = probabilities(p, u, static_cast<JobState>(current));
      if (current == kOwn) {
        CHECK(prob[kMigrant] > previous);
        previous = prob[kMigrant];
      }
    }
  }
  CHECK(previous > 0.5);
}

namespace {

// Households in three villages, two workers each; firms in the villages with
// the staff they need.
struct LabourWorld {
  Workers workers;
  Firms firms;
  std::vector<std::uint32_t> household_village;
  std::vector<double> own_income;
  std::vector<double> commute{5, 12, 30};

  explicit LabourWorld(std::size_t households_per_village = 40) {
    Ledger ledger;
    workers.household_begin.push_back(0);
    for (std::uint32_t v = 0; v < 3; ++v)
      for (std::size_t k = 0; k < households_per_village; ++k) {
        const auto h = static_cast<std::uint32_t>(household_village.size());
        household_village.push_back(v);
        own_income.push_back(1000.0 + 100.0 * static_cast<double>(k % 30));
        for (int w = 0; w < 2; ++w) {
          workers.household.push_back(h);
          workers.state.push_back(static_cast<JobState>((h + w) % kJobStates == kFirm ? kOwn : (h + w) % kJobStates));
          workers.employer.push_back(-1);
        }
        workers.household_begin.push_back(workers.size());
      }
    const AccountId outside = ledger.open(AccountKind::outside_world, 0);
    // Village 0: three firms of 5; village 1: one of 3; village 2: none. One closed firm.
    for (std::uint32_t needed : {5u, 5u, 5u}) firms.add(FirmKind::restaurant, 0, 60, 0, outside, -1, needed);
    firms.add(FirmKind::activity, 1, 200, 0, outside, -1, 3);
    firms.add(FirmKind::homestay, 2, 24, 0, outside, -1, 4);
    firms.open[4] = 0;
  }
  // Employs worker i at firm f (as a previous quarter would have).
  void employ(std::size_t i, std::size_t f) {
    workers.state[i] = JobState::local_firm;
    workers.employer[i] = static_cast<std::int32_t>(f);
    ++firms.staff[f];
  }
};

void check_consistent(const LabourWorld& w) {
  std::vector<std::uint32_t> counted(w.firms.size(), 0);
  for (std::size_t i = 0; i < w.workers.size(); ++i) {
    CAPTURE(i);
    if (w.workers.state[i] == JobState::local_firm) {
      REQUIRE(w.workers.employer[i] >= 0);
      const auto f = static_cast<std::size_t>(w.workers.employer[i]);
      REQUIRE(f < w.firms.size());
      CHECK(w.firms.open[f] == 1);
      ++counted[f];
    } else {
      CHECK(w.workers.employer[i] == -1);
    }
  }
  for (std::size_t f = 0; f < w.firms.size(); ++f) {
    CAPTURE(f);
    CHECK(w.firms.staff[f] == counted[f]);
    CHECK(w.firms.staff[f] <= w.firms.staff_needed[f]);
  }
}

}  // namespace

TEST_CASE("choose_jobs: never hires beyond firms' needs and employers match staff counts") {
  LabourWorld w;
  w.employ(0, 0);
  w.employ(2, 0);
  w.employ(100, 3);
  LabourParams p;
  p.switching_cost = 0.1;
  // Local firm jobs pay far more: applicants outnumber the 18 places.
  const JobOffers offers{20000, 5200, 8500};
  const RandomStreams rng(11, 0);
  const LabourMarketResult r = choose_jobs(w.workers, w.firms, w.household_village, w.own_income, w.commute, p, offers,
                                           91, rng);
  check_consistent(w);
  CHECK(r.vacancies >= 18 - 3);  // leavers free their places first
  CHECK(r.vacancies <= 18);
  CHECK(r.applicants > r.vacancies);
  CHECK(r.hired <= r.vacancies);
  CHECK(r.hired + r.turned_away == r.applicants);
  std::uint32_t staff = 0;
  for (std::size_t f = 0; f < 4; ++f) staff += w.firms.staff[f];
  CHECK(w.firms.staff[4] == 0);  // the closed firm hires nobody
  CHECK(staff == 18);            // every open place is filled
  // Applicants no firm could take do not end up in a local firm job.
  std::int64_t in_firms = 0;
  for (std::size_t i = 0; i < w.workers.size(); ++i) in_firms += w.workers.state[i] == JobState::local_firm;
  CHECK(in_firms == 18);

  // A second quarter at an unattractive local wage: people leave and places free up.
  const JobOffers poor{1600, 5200, 8500};
  choose_jobs(w.workers, w.firms, w.household_village, w.own_income, w.commute, p, poor, 182, rng);
  check_consistent(w);
  std::uint32_t after = 0;
  for (std::size_t f = 0; f < 4; ++f) after += w.firms.staff[f];
  CHECK(after < 18);
}

TEST_CASE("choose_jobs: applicants take places in their own village first") {
  LabourWorld w(60);
  const LabourParams p;
  const JobOffers offers{20000, 5200, 8500};
  choose_jobs(w.workers, w.firms, w.household_village, w.own_income, w.commute, p, offers, 91, RandomStreams(3, 0));
  check_consistent(w);
  // Places never free up during matching, so a worker hired outside its own
  // village found every place at home taken.
  std::int64_t away = 0;
  for (std::size_t i = 0; i < w.workers.size(); ++i) {
    if (w.workers.employer[i] < 0) continue;
    const std::size_t home = w.household_village[w.workers.household[i]];
    if (w.firms.village[static_cast<std::size_t>(w.workers.employer[i])] == home) continue;
    ++away;
    for (std::size_t f = 0; f < w.firms.size(); ++f)
      if (w.firms.open[f] && w.firms.village[f] == home) CHECK(w.firms.staff[f] == w.firms.staff_needed[f]);
  }
  CHECK(away > 0);  // village 2 has no open firm: its applicants work elsewhere
  std::int64_t home_village_hires = 0;
  for (std::size_t i = 0; i < w.workers.size(); ++i)
    if (w.workers.employer[i] >= 0 &&
        w.firms.village[static_cast<std::size_t>(w.workers.employer[i])] == w.household_village[w.workers.household[i]])
      ++home_village_hires;
  CHECK(home_village_hires > 0);
}

TEST_CASE("choose_jobs: a worker whose firm closed is no longer counted there") {
  LabourWorld w;
  w.employ(5, 1);
  // The firm closes (as settle_firms does it): its staff are released.
  w.firms.open[1] = 0;
  w.firms.staff[1] = 0;
  w.workers.employer[5] = -1;
  w.workers.state[5] = JobState::county_job;
  const JobOffers offers{20000, 5200, 8500};
  choose_jobs(w.workers, w.firms, w.household_village, w.own_income, w.commute, LabourParams{}, offers, 91,
              RandomStreams(4, 0));
  check_consistent(w);
  CHECK(w.firms.staff[1] == 0);
}

TEST_CASE("choose_jobs: identical when run twice with the same seed, at any thread count") {
  auto run = [](std::uint64_t seed, int threads) {
    tbb::global_control c(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
    LabourWorld w(200);
    w.employ(0, 0);
    LabourParams p;
    const RandomStreams rng(seed, 0);
    for (std::int64_t quarter = 0; quarter < 4; ++quarter) {
      const JobOffers offers{quarter % 2 ? 6000.0 : 4000.0, 5200, 8500};
      choose_jobs(w.workers, w.firms, w.household_village, w.own_income, w.commute, p, offers, 91 * quarter, rng);
    }
    return w;
  };
  const LabourWorld a = run(8, 1), b = run(8, 1), c = run(8, 4), d = run(9, 1);
  CHECK(a.workers.state == b.workers.state);
  CHECK(a.workers.employer == b.workers.employer);
  CHECK(a.firms.staff == b.firms.staff);
  CHECK(a.workers.state == c.workers.state);
  CHECK(a.workers.employer == c.workers.employer);
  CHECK(a.firms.staff == c.firms.staff);
  CHECK(a.workers.state != d.workers.state);  // the seed matters
}

// A village may have no households (validation allows households: 0), for
// instance a scenic area with only restaurants: its firms still hire (regression).
TEST_CASE("choose_jobs: a firm in a village without households can still hire") {
  // Households live only in villages 0 and 1 (index 2 has none), but village 2
  // has a firm with places: applicants from elsewhere may take them.
  LabourWorld w(30);
  // Move every village-2 household to village 1, leaving village 2 empty.
  for (auto& v : w.household_village)
    if (v == 2) v = 1;
  w.firms.open[4] = 1;  // the homestay enterprise in village 2
  const JobOffers offers{20000, 5200, 8500};
  const LabourMarketResult r = choose_jobs(w.workers, w.firms, w.household_village, w.own_income, w.commute,
                                           LabourParams{}, offers, 91, RandomStreams(5, 0));
  check_consistent(w);
  CHECK(r.vacancies == 5 + 5 + 5 + 3 + 4);
  CHECK(w.firms.staff[4] == 4);
}
