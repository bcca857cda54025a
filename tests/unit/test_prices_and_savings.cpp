// Prices, urban incomes, savings and the starting jobs (issue 13): the
// consumer price level and the urban income path move day by day with no
// step on 1 January and keep their yearly figures; opening savings are
// months of each household's income; savings stay a few years of income
// over a long run; applicants no firm takes at the start go to their next
// choice; wages by skill and interest on deposits (issue 14).
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "sim/io/scenario/scenario_loader.hpp"
#include "sim/model/labour/labour_market.hpp"
#include "sim/model/shared/outside_params.hpp"
#include "sim/model/simulation.hpp"

using namespace yucun;

namespace {

Date ymd(int y, unsigned m, unsigned d) { return Date::from_ymd(y, m, d); }

}  // namespace

TEST_CASE("price level: 1 from the start back, no step on 1 January, each year's rate from one 1 January to the next") {
  OutsideParams p;
  p.cpi_first_year = 2023;
  p.cpi_inflation = {0.002, 0.002, 0.0};
  p.cpi_inflation_later = 0.015;
  CHECK(price_level(OutsideParams{}, ymd(2023, 1, 1), ymd(2040, 6, 1)) == 1.0);  // the defaults hold prices still
  const Date start = ymd(2023, 1, 1);
  CHECK(price_level(p, start, start) == 1.0);
  CHECK(price_level(p, start, ymd(2021, 6, 1)) == 1.0);  // the spin-up
  for (int year = 2023; year < 2040; ++year) {
    CAPTURE(year);
    const double jan1 = price_level(p, start, ymd(year, 1, 1));
    const double next_jan1 = price_level(p, start, ymd(year + 1, 1, 1));
    CHECK(next_jan1 / jan1 == doctest::Approx(1.0 + cpi_inflation_in(p, year)).epsilon(1e-12));
    // The step into 1 January is one day's growth at the old year's rate.
    const double dec31 = price_level(p, start, ymd(year, 12, 31));
    const double daily = std::pow(1.0 + cpi_inflation_in(p, year), 1.0 / (ymd(year + 1, 1, 1) - ymd(year, 1, 1)));
    CHECK(next_jan1 / dec31 == doctest::Approx(daily).epsilon(1e-12));
  }
  CHECK(cpi_inflation_in(p, 2024) == 0.002);
  CHECK(cpi_inflation_in(p, 2026) == p.cpi_inflation_later);
  // A start within the year: 1 on that day, the rates by calendar year after it.
  const Date mid = ymd(2024, 7, 1);
  CHECK(price_level(p, mid, mid) == 1.0);
  CHECK(price_level(p, mid, ymd(2025, 1, 1)) == doctest::Approx(std::pow(1.002, 184.0 / 366.0)).epsilon(1e-12));
  CHECK(price_level(p, mid, ymd(2025, 7, 1)) == doctest::Approx(std::pow(1.002, 184.0 / 366.0)).epsilon(1e-12));
}

TEST_CASE("urban income: each calendar year's mean is its figure, no step on 1 January") {
  OutsideParams p;
  p.urban_income_yuan = 71704;
  p.urban_income_growth = 0.045;
  const Date start = ymd(2023, 1, 1);
  for (int year = 2023; year < 2033; ++year) {
    CAPTURE(year);
    const double figure = p.urban_income_yuan * std::pow(1.045, year - 2023);
    double sum = 0;
    int days = 0;
    for (Date d = ymd(year, 1, 1); d <= ymd(year, 12, 31); d = d + 1, ++days) sum += urban_income_on(p, start, d);
    CHECK(sum / days == doctest::Approx(figure).epsilon(1e-9));
    // The series records the past year's mean: the figure on 31 December,
    // and no jump into 1 January.
    const double dec31 = urban_income_past_year(p, start, ymd(year, 12, 31));
    CHECK(dec31 == doctest::Approx(figure).epsilon(1e-9));
    const double jan1 = urban_income_past_year(p, start, ymd(year + 1, 1, 1));
    const double dec30 = urban_income_past_year(p, start, ymd(year, 12, 30));
    CHECK(std::abs(jan1 / dec31 - dec31 / dec30) < 1e-5);  // the same small daily rise
    CHECK(urban_income_on(p, start, ymd(year + 1, 1, 1)) / urban_income_on(p, start, ymd(year, 12, 31)) ==
          doctest::Approx(std::exp(std::log(1.045) / (ymd(year + 1, 1, 1) - ymd(year, 1, 1)))).epsilon(1e-6));
  }
  // The spin-up holds it at the start's level.
  CHECK(urban_income_on(p, start, ymd(2022, 3, 1)) == urban_income_on(p, start, start));
}

TEST_CASE("choose_jobs at the start: an applicant no firm can take goes to its next choice") {
  // 300 identical workers in own business, local firm jobs worth the most,
  // and no firm hiring.
  Workers w;
  w.household_begin.push_back(0);
  std::vector<std::uint32_t> village;
  std::vector<double> own_income;
  for (std::uint32_t h = 0; h < 300; ++h) {
    w.household.push_back(h);
    w.state.push_back(JobState::own_business);
    w.employer.push_back(-1);
    w.household_begin.push_back(w.size());
    village.push_back(0);
    own_income.push_back(3000);
  }
  const Workers before = w;
  Firms firms;
  LabourParams p;
  p.switching_cost = 0;
  const JobOffers offers{9000, 5000, 8000};
  const std::vector<double> commute{10};
  const RandomStreams rng(3, 0);
  const LabourMarketResult kept = choose_jobs(w, firms, village, own_income, commute, p, offers, -1, rng);
  const std::int64_t stayed = std::count(w.state.begin(), w.state.end(), JobState::own_business);
  CHECK(kept.turned_away > 100);
  CHECK(kept.hired == 0);

  w = before;
  const LabourMarketResult next =
      choose_jobs(w, firms, village, own_income, commute, p, offers, -1, rng, nullptr, TurnedAway::next_choice);
  CHECK(next.turned_away == kept.turned_away);  // the same first choices
  CHECK(std::count(w.state.begin(), w.state.end(), JobState::local_firm) == 0);
  const std::int64_t own = std::count(w.state.begin(), w.state.end(), JobState::own_business);
  CHECK(own < stayed);
  // The turned-away spread over the other jobs by the logit without local firms.
  double prob[kJobStates];
  job_probabilities(p, job_utilities(p, offers, 3000, 10), JobState::own_business, prob);
  const double own_share = prob[0] / (1.0 - prob[1]);
  const std::int64_t county = std::count(w.state.begin(), w.state.end(), JobState::county_job);
  const double n = 300;
  CHECK(own / n == doctest::Approx(own_share).epsilon(0.35));
  CHECK(county / n == doctest::Approx(prob[2] / (1.0 - prob[1])).epsilon(0.35));
}

namespace {

// The baseline's households, budgets, labour market and prices on three villages.
const char* kSmallBaseline = R"(extends: "@baseline"
name: small-baseline
calendar: {start: 2023-01-01, years: 1}
spin_up: {years: 0}
world:
  townships:
    - {name: Hill, area_km2: 30, registered_residents: 1400}
  villages:
    - {name: Upper, township: Hill, households: 120, population: 420, area_km2: 10, tea_area_mu: 500,
       homestay_beds: 120, restaurant_seats: 60, activity_operators: 1, visitor_capacity: 1500,
       attractiveness: 2, collective_assets_yuan: 2000000, bed_price_yuan: 180}
    - {name: Middle, township: Hill, households: 150, population: 520, area_km2: 10, tea_area_mu: 400,
       homestay_beds: 80, restaurant_seats: 120, visitor_capacity: 800, attractiveness: 1,
       collective_assets_yuan: 1000000, bed_price_yuan: 150}
    - {name: Lower, township: Hill, households: 100, population: 330, area_km2: 10, tea_area_mu: 300,
       visitor_capacity: 500, attractiveness: 0.3, collective_assets_yuan: 500000}
  roads:
    - {from: Upper, to: Middle, km: 3, minutes: 6}
    - {from: Middle, to: Lower, km: 4, minutes: 8}
tourism:
  gateway: Upper
  annual_visitors: 100000
  attractions: []
collectives:
  grants: []
)";

Scenario small_baseline(const std::vector<std::string>& overrides = {}) {
  return scenario::load_scenario_text(kSmallBaseline, "small-baseline.yaml", ".", overrides);
}

}  // namespace

TEST_CASE("opening savings are months of each household's expected income") {
  const Scenario twelve = small_baseline({"households.savings_log_sd=0", "households.opening_savings=months_of_income", "households.savings_months_of_income=12"});
  const Scenario two_years = small_baseline({"households.savings_log_sd=0", "households.opening_savings=months_of_income", "households.savings_months_of_income=24"});
  const Simulation a(twelve, RunIdentity{twelve.seed, 0});
  const Simulation b(two_years, RunIdentity{two_years.seed, 0});
  const Households& h = a.households();
  REQUIRE(h.size() == 370);
  double by_labour[4] = {0, 0, 0, 0};
  int count[4] = {0, 0, 0, 0};
  for (std::size_t i = 0; i < h.size(); ++i) {
    const Fen one = a.ledger().balance(h.account[i]);
    const Fen two = b.ledger().balance(h.account[i]);
    CHECK(std::abs(two - 2 * one) <= 1);  // proportional to the months
    CHECK(one > 0);                       // everyone expects some income (transfers at least)
    const int k = std::min<int>(3, h.labour[i]);
    by_labour[k] += static_cast<double>(one);
    ++count[k];
  }
  // More working members, more income, more savings.
  REQUIRE(count[1] > 0);
  REQUIRE(count[3] > 0);
  CHECK(by_labour[3] / count[3] > 1.5 * by_labour[1] / count[1]);
}

TEST_CASE("a 30-year run keeps households' deposits between 1 and 3 years of their income") {
  const Scenario s = small_baseline({"calendar.years=30"});
  Simulation sim(s, RunIdentity{s.seed, 0});
  double income_year = 0;
  int checked = 0;
  while (!sim.finished()) {
    sim.step();
    const DayIndicators& d = sim.indicators();
    for (std::size_t v = 0; v < 3; ++v)
      for (IntegerSeries x : {series::income_tea, series::income_homestay, series::income_wage, series::income_business,
                              series::income_dividend, series::income_transfer, series::income_remittance, series::income_interest})
        income_year += static_cast<double>(d.integer(x, v));
    const Date today = sim.today() - 1;  // the day just run
    if (today.month() == 12 && today.day() == 31) {
      double deposits = 0;
      for (std::size_t v = 0; v < 3; ++v) deposits += static_cast<double>(d.integer(series::household_deposits, v));
      const double years = deposits / income_year;
      CAPTURE(today.year());
      CHECK(years >= 1.0);
      CHECK(years <= 3.0);
      ++checked;
      income_year = 0;
    }
  }
  CHECK(checked == 30);
}

TEST_CASE("the local wage follows the county wage's growth between reviews, and is held in the spin-up") {
  // Without excess-demand adjustment the local wage moves only by indexation.
  const auto local_wage_after = [](const std::vector<std::string>& extra) {
    std::vector<std::string> o = {"calendar.years=4", "labour.wage_adjustment=0", "labour.wage_growth_per_year=0.05"};
    o.insert(o.end(), extra.begin(), extra.end());
    const Scenario s = small_baseline(o);
    Simulation sim(s, RunIdentity{s.seed, 0});
    while (!sim.finished()) sim.step();
    return sim.indicators().real(series::local_wage);
  };
  // The last review is on 1 October of the fourth year: 3.75 years of growth.
  const double start = small_baseline().labour.local_wage_yuan;
  const double grown = start * std::pow(1.05, (Date::from_ymd(2026, 10, 1) - Date::from_ymd(2023, 1, 1)) / 365.25);
  CHECK(local_wage_after({}) == doctest::Approx(grown).epsilon(1e-9));
  CHECK(local_wage_after({"labour.local_wage_indexation=0"}) == doctest::Approx(start).epsilon(1e-12));
  // Two years of spin-up, drivers held: the same wage on the same reported days.
  CHECK(local_wage_after({"spin_up.years=2"}) == doctest::Approx(grown).epsilon(1e-9));
}

// Skill (issue 14 item 7): wages differ by schooling in every job.
TEST_CASE("job utilities: a skill's wage ratio raises every wage job by that factor; commuting costs the same") {
  LabourParams p;
  const JobOffers offers{4000, 5200, 7400};
  const JobUtilities basic = job_utilities(p, offers, 3000, 20);
  const JobUtilities college = job_utilities(p, offers, 3000, 20, 1.73);
  constexpr auto own = static_cast<int>(JobState::own_business), local = static_cast<int>(JobState::local_firm),
                 county = static_cast<int>(JobState::county_job), city = static_cast<int>(JobState::migrant);
  CHECK(college.value[own] == basic.value[own]);  // the household's own work pays the same
  CHECK(college.value[local] - basic.value[local] == doctest::Approx(std::log(1.73)));
  CHECK(college.value[city] - basic.value[city] == doctest::Approx(std::log(1.73)));
  const double commute = p.commute_yuan_per_minute * 20;
  CHECK(college.value[county] == doctest::Approx(std::log(1.73 * 5200 - commute)));
  CHECK(skill_wage(p, Skill::basic) == 1.0);
  CHECK(skill_wage(p, Skill::tertiary) == p.skill_wage_tertiary);
}

TEST_CASE("workers' schooling is drawn at the scenario's shares") {
  const Scenario s = small_baseline({"labour.skill_share_secondary=0.3", "labour.skill_share_tertiary=0.2"});
  const Simulation sim(s, RunIdentity{s.seed, 0});
  const Workers& w = sim.workers();
  REQUIRE(w.skill.size() == w.size());
  REQUIRE(w.size() > 500);
  const double n = static_cast<double>(w.size());
  CHECK(std::count(w.skill.begin(), w.skill.end(), Skill::secondary) / n == doctest::Approx(0.3).epsilon(0.2));
  CHECK(std::count(w.skill.begin(), w.skill.end(), Skill::tertiary) / n == doctest::Approx(0.2).epsilon(0.25));
  const Scenario none = small_baseline({"labour.skill_share_secondary=0", "labour.skill_share_tertiary=0"});
  const Simulation all_basic(none, RunIdentity{none.seed, 0});
  CHECK(std::count(all_basic.workers().skill.begin(), all_basic.workers().skill.end(), Skill::basic) ==
        static_cast<std::ptrdiff_t>(all_basic.workers().size()));
}

TEST_CASE("a college worker is paid what a basic one is at wages skill_wage_tertiary times as high, in every job") {
  // Everyone at college level with a ratio of 2, against everyone basic with
  // every wage doubled: the same choices, pay and remittances to the fen
  // (doubling is exact in floating point), so skill enters choice and pay.
  const Scenario college = small_baseline({"labour.skill_share_secondary=0", "labour.skill_share_tertiary=1",
                                           "labour.skill_wage_tertiary=2", "calendar.years=1"});
  Scenario basic = small_baseline({"labour.skill_share_secondary=0", "labour.skill_share_tertiary=0", "calendar.years=1"});
  basic.labour.local_wage_yuan *= 2;
  basic.labour.county_wage_yuan *= 2;
  basic.labour.city_wage_yuan *= 2;
  Simulation a(college, RunIdentity{college.seed, 0});
  Simulation b(basic, RunIdentity{basic.seed, 0});
  Fen wages = 0;
  int differing = 0;
  while (!a.finished()) {
    a.step();
    b.step();
    for (std::size_t v = 0; v < 3; ++v)
      for (IntegerSeries x : {series::income_wage, series::income_remittance, series::workers_county_job,
                              series::workers_local_firm, series::migrants_away, series::household_deposits})
        differing += a.indicators().integer(x, v) != b.indicators().integer(x, v);
    for (std::size_t v = 0; v < 3; ++v) wages += a.indicators().integer(series::income_wage, v);
  }
  CHECK(wages > 0);
  CHECK(differing == 0);
  // And the ratio matters: at a ratio of 1 the college run earns less.
  const Scenario flat = small_baseline({"labour.skill_share_secondary=0", "labour.skill_share_tertiary=1",
                                        "labour.skill_wage_tertiary=1", "calendar.years=1"});
  Simulation c(flat, RunIdentity{flat.seed, 0});
  Fen flat_wages = 0;
  while (!c.finished()) {
    c.step();
    for (std::size_t v = 0; v < 3; ++v) flat_wages += c.indicators().integer(series::income_wage, v);
  }
  CHECK(flat_wages < wages * 3 / 4);
}

// Property income (issue 14 item 7): interest on deposits.
TEST_CASE("deposits earn a twelfth of the yearly rate at each month end, from outside the area") {
  const Scenario s = small_baseline({"budgets.deposit_rate_per_year=0.12"});
  Simulation sim(s, RunIdentity{s.seed, 0});
  Fen deposits_before = 0;
  int month_ends = 0, other_days_with_interest = 0;
  while (!sim.finished()) {
    sim.step();
    const DayIndicators& d = sim.indicators();
    const Date today = sim.today() - 1;
    REQUIRE(d.integer(series::money_residual) == 0);  // conserved, the bank outside the area included
    Fen interest = 0, deposits = 0;
    for (std::size_t v = 0; v < 3; ++v) {
      interest += d.integer(series::income_interest, v);
      deposits += d.integer(series::household_deposits, v);
    }
    if ((today + 1).day() == 1) {
      // 1 % of the deposits held, which the day's wages and transfers have
      // just raised a little above yesterday's.
      CAPTURE(today.to_string());
      CHECK(static_cast<double>(interest) >= 0.0099 * static_cast<double>(deposits_before));
      CHECK(static_cast<double>(interest) <= 0.0115 * static_cast<double>(deposits_before));
      ++month_ends;
    } else {
      other_days_with_interest += interest != 0;
    }
    deposits_before = deposits;
  }
  CHECK(month_ends == 12);
  CHECK(other_days_with_interest == 0);
}
