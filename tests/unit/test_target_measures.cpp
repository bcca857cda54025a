// Calibration targets: the targets file's reader and the day-by-day measures
// (each checked against a hand-computed answer of calibrate_check.py's
// definition), and a run measured live, from its RunSeries and from its file.
#include <doctest/doctest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>

#include "scenario_fixtures.hpp"
#include "sim/model/shared/series.hpp"
#include "sim/model/simulation.hpp"
#include "sim/io/output/result_reader.hpp"
#include "sim/io/output/result_writer.hpp"
#include "sim/io/output/run_series_days.hpp"
#include "sim/experiments/calibration/target_measures.hpp"
#include "sim/experiments/calibration/targets_loader.hpp"
#include "sim/experiments/step_loop.hpp"

using namespace yucun;
using namespace yucun::calibration;

namespace {

Date ymd(int y, unsigned m, unsigned d) { return Date::from_ymd(y, m, d); }

// Two villages, A (100 residents) and B (200), 50 mu of tea.
WorldFacts two_villages() { return WorldFacts{{"A", "B"}, {100, 200}, 50}; }

TargetSpec target(Measure m, std::string name = "t") {
  TargetSpec t;
  t.name = std::move(name);
  t.measure = std::move(m);
  t.tolerance = Tolerance{Tolerance::Kind::range, 0, 0, 1};
  return t;
}

// The targets' values for `year` after the days from..to (inclusive), each
// day's indicators set by `fill` (cleared first).
template <class Fill>
std::vector<double> measure(const std::vector<TargetSpec>& targets, Date from, Date to, Fill fill, int year = 2023,
                            const WorldFacts& world = two_villages()) {
  TargetAccumulator acc(targets, year, world);
  DayIndicators day(kSeriesSpecs, world.village_names.size());
  for (Date d = from; d <= to; d = d + 1) {
    day.clear();
    fill(d, day);
    acc.on_day(d, day);
  }
  return acc.values();
}

template <class Fill>
double measure_one(const TargetSpec& t, Date from, Date to, Fill fill, int year = 2023,
                   const WorldFacts& world = two_villages()) {
  return measure(std::vector<TargetSpec>{t}, from, to, fill, year, world).front();
}

double day_number(Date d) { return d.day_of_year() + 1; }  // 1 on 1 January

bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::bit_cast<std::uint64_t>(a[i]) != std::bit_cast<std::uint64_t>(b[i])) return false;
  return true;
}

TargetsFile errors_free(const std::string& text) { return load_targets_text(text, "t.yaml"); }

scenario::Diagnostics target_errors(const std::string& text) {
  try {
    load_targets_text(text, "bad.yaml");
  } catch (const TargetsError& e) {
    return e.diagnostics();
  }
  return {};
}

}  // namespace

// ---- Measures -------------------------------------------------------------------

TEST_CASE("target village_sum: the year's days of one village, less `subtract`, times scale") {
  Measure m{.kind = MeasureKind::village_sum, .variable = "attraction_entrants", .village = "A"};
  m.subtract = {"tea_garden_entrants"};
  m.scale = 0.5;
  Measure visitors_b{.kind = MeasureKind::village_sum, .variable = "visitors", .village = "B"};
  const auto values = measure({target(m), target(visitors_b)}, ymd(2022, 12, 20), ymd(2024, 1, 10), [](Date d, DayIndicators& day) {
    day.integer(series::attraction_entrants, 0) = static_cast<std::int64_t>(3 * day_number(d));
    day.integer(series::attraction_entrants, 1) = 1000;  // another village's
    day.integer(series::tea_garden_entrants, 0) = 2;
    day.integer(series::visitors, 1) = static_cast<std::int64_t>(day_number(d));
  });
  // 3 * (1 + ... + 365) - 2 * 365, halved; 2022's and 2024's days left out.
  CHECK(values[0] == (3.0 * 365 * 366 / 2 - 2 * 365) * 0.5);
  CHECK(values[1] == 365.0 * 366 / 2);
}

TEST_CASE("target season_village_sum: a window into the next year, NaN unless the run covers it") {
  Measure m{.kind = MeasureKind::season_village_sum, .variable = "attraction_entrants", .village = "A"};
  m.subtract = {"tea_garden_entrants"};
  m.first = {12, 1};
  m.last = {3, 31};
  const auto fill = [](Date d, DayIndicators& day) {
    day.integer(series::attraction_entrants, 0) = 3;
    day.integer(series::tea_garden_entrants, 0) = 1;
    day.integer(series::attraction_entrants, 1) = d.month();  // B's: not measured
  };
  // 1 December 2023 to 31 March 2024: 31 + 31 + 29 + 31 days of 3 - 1.
  CHECK(measure_one(target(m), ymd(2023, 1, 1), ymd(2024, 4, 10), fill) == 2.0 * 122);
  CHECK(measure_one(target(m), ymd(2023, 11, 30), ymd(2024, 3, 31), fill) == 2.0 * 122);
  CHECK(std::isnan(measure_one(target(m), ymd(2023, 1, 1), ymd(2024, 3, 30), fill)));   // ends a day early
  CHECK(std::isnan(measure_one(target(m), ymd(2023, 12, 2), ymd(2024, 4, 10), fill)));  // starts a day late
  CHECK(std::isnan(measure_one(target(m), ymd(2023, 1, 1), ymd(2023, 12, 31), fill)));
  // A window within the year.
  m.first = {6, 1};
  m.last = {6, 30};
  m.scale = 10;
  CHECK(measure_one(target(m), ymd(2023, 1, 1), ymd(2023, 12, 31), fill) == 600.0);
}

TEST_CASE("target village_last and area_last: the value on the year's last day") {
  const Measure village{.kind = MeasureKind::village_last, .variable = "village_income_per_capita", .village = "B"};
  const Measure area{.kind = MeasureKind::area_last, .variable = "rural_income_per_capita"};
  const auto fill = [](Date d, DayIndicators& day) {
    day.real(series::village_income_per_capita, 0) = -1;
    day.real(series::village_income_per_capita, 1) = d.year() * 1000 + day_number(d);
    day.real(series::rural_income_per_capita) = d.year() * 1000 + 2 * day_number(d);
  };
  auto values = measure({target(village), target(area)}, ymd(2022, 6, 1), ymd(2024, 2, 1), fill);
  CHECK(values[0] == 2023365.0);
  CHECK(values[1] == 2023730.0);
  // As calibrate_check.py: the last day of the year the run covered.
  values = measure({target(village), target(area)}, ymd(2023, 1, 1), ymd(2023, 6, 30), fill);
  CHECK(values[0] == 2023181.0);
  // An area_last series must be summarised by its last value.
  const Measure summed{.kind = MeasureKind::area_last, .variable = "visitors_total"};
  CHECK_THROWS_WITH_AS(TargetAccumulator(std::vector<TargetSpec>{target(summed, "peak")}, 2023, two_villages()),
                       doctest::Contains("target peak"), std::invalid_argument);
}

TEST_CASE("target area_income_share: chosen income sources over all, all villages, the year's days") {
  Measure wage{.kind = MeasureKind::area_income_share};
  wage.sources = {"wage"};
  Measure business = wage;
  business.sources = {"tea", "homestay", "business", "enterprise"};
  const auto fill = [](Date d, DayIndicators& day) {
    const std::int64_t other_year = d.year() == 2023 ? 0 : 100;
    day.integer(series::income_wage, 0) = 3;
    day.integer(series::income_wage, 1) = 5 + other_year;
    day.integer(series::income_tea, 0) = 1;
    day.integer(series::income_transfer, 1) = 1;
    day.integer(series::income_interest, 0) = d.month() == 12 && d.day() == 31 ? 365 : 0;
    day.integer(series::income_enterprise, 1) = 2;
  };
  const auto values = measure({target(wage), target(business)}, ymd(2022, 12, 1), ymd(2024, 1, 31), fill);
  // Per year: wage 8 * 365, tea 365, transfer 365, interest 365, enterprise
  // profits 2 * 365: 13 * 365 in all.
  CHECK(values[0] == 8.0 * 365 / (13.0 * 365));
  CHECK(values[1] == 3.0 * 365 / (13.0 * 365));
  CHECK(std::isnan(measure_one(target(wage), ymd(2023, 1, 1), ymd(2023, 12, 31), [](Date, DayIndicators&) {})));
}

TEST_CASE("target village_ratio: numerator sums over denominator sums, times scale") {
  Measure per_visitor{.kind = MeasureKind::village_ratio, .village = "A", .numerator = {"revenue_lodging", "revenue_food"},
                      .denominator = {"visitors"}, .scale = 0.01};
  Measure revenue = per_visitor;
  revenue.denominator.clear();
  const auto fill = [](Date d, DayIndicators& day) {
    day.integer(series::revenue_lodging, 0) = d.month() == 7 ? 3000 : 0;
    day.integer(series::revenue_food, 0) = 500;
    day.integer(series::visitors, 0) = d.month() == 7 ? 10 : 1;
    day.integer(series::visitors, 1) = 1000;
  };
  const auto values = measure({target(per_visitor), target(revenue)}, ymd(2023, 1, 1), ymd(2024, 1, 5), fill);
  const double sum = 3000.0 * 31 + 500.0 * 365;
  CHECK(values[0] == sum / (10.0 * 31 + 334) * 0.01);
  CHECK(values[1] == sum * 0.01);
  CHECK(std::isnan(measure_one(target(per_visitor), ymd(2023, 1, 1), ymd(2023, 12, 31), [](Date, DayIndicators&) {})));
}

TEST_CASE("target per_resident: the year's sum in fen per registered resident, in yuan") {
  const Measure m{.kind = MeasureKind::per_resident, .variable = "collective_dividends", .village = "B"};
  const auto fill = [](Date d, DayIndicators& day) {
    if (d.month() == 12 && d.day() == 31) day.integer(series::collective_dividends, 1) = d.year() == 2023 ? 60'000'000 : 1;
  };
  // 600,000 yuan among 200 residents.
  CHECK(measure_one(target(m), ymd(2022, 1, 1), ymd(2024, 12, 31), fill) == 3000.0);
  WorldFacts empty = two_villages();
  empty.village_population[1] = 0;
  CHECK(std::isnan(measure_one(target(m), ymd(2023, 1, 1), ymd(2023, 12, 31), fill, 2023, empty)));
}

TEST_CASE("target sums over a township's villages, or over all villages when neither is named") {
  // Three villages: A and C in township East, B in West.
  const WorldFacts world{{"A", "B", "C"}, {100, 200, 300}, 50, {"East", "West", "East"}};
  const auto fill = [](Date, DayIndicators& day) {
    day.integer(series::visitors, 0) = 1;
    day.integer(series::visitors, 1) = 10;
    day.integer(series::visitors, 2) = 100;
    day.integer(series::collective_dividends, 0) = 100;  // fen a day
    day.integer(series::collective_dividends, 2) = 300;
  };
  const Measure east{.kind = MeasureKind::village_sum, .variable = "visitors", .township = "East"};
  const Measure all{.kind = MeasureKind::village_sum, .variable = "visitors"};
  const Measure east_per_resident{.kind = MeasureKind::per_resident, .variable = "collective_dividends", .township = "East"};
  const Measure share{.kind = MeasureKind::village_ratio, .township = "East", .numerator = {"visitors"}};
  const auto values = measure({target(east), target(all), target(east_per_resident), target(share)}, ymd(2023, 1, 1),
                              ymd(2023, 12, 31), fill, 2023, world);
  CHECK(values[0] == 101.0 * 365);
  CHECK(values[1] == 111.0 * 365);
  CHECK(values[2] == doctest::Approx(400.0 * 365 / 100 / 400));  // East's 400 residents
  CHECK(values[3] == 101.0 * 365);
  const Measure nowhere{.kind = MeasureKind::village_sum, .variable = "visitors", .township = "North"};
  CHECK_THROWS_WITH_AS(TargetAccumulator(std::vector<TargetSpec>{target(nowhere, "north")}, 2023, world),
                       "target north: no village of the world is in township 'North'", std::invalid_argument);
  const auto d = [](const std::string& text) {
    try {
      load_targets_text(text, "t.yaml");
    } catch (const scenario::ScenarioError& e) {
      return e.diagnostics().to_string();
    }
    return std::string();
  };
  CHECK(d("calibration_year: 2023\ntargets:\n  - {name: x, published: 1, source: s, tolerance: {relative: 0.1},\n"
          "     measure: {kind: village_sum, variable: visitors, village: A, township: East}}\n")
            .find("give a village or a township (or neither, for all villages), not both") != std::string::npos);
}

TEST_CASE("target period_peak: mean over the window's days over the mean over the year's") {
  const Measure april{.kind = MeasureKind::period_peak, .variable = "visitors_total", .first = {4, 1}, .last = {4, 30}};
  const Measure village{.kind = MeasureKind::period_peak, .variable = "visitors", .first = {10, 1}, .last = {10, 7}};
  const auto fill = [](Date d, DayIndicators& day) {
    const bool year = d.year() == 2023;
    day.integer(series::visitors_total) = d.month() == 4 ? (year ? 30 : 1000) : 10;
    const bool golden = d.month() == 10 && d.day() <= 7;
    day.integer(series::visitors, 0) = golden ? 5 : 1;
    day.integer(series::visitors, 1) = golden ? 7 : 3;
  };
  const auto values = measure({target(april), target(village)}, ymd(2022, 3, 1), ymd(2024, 5, 1), fill);
  CHECK(values[0] == doctest::Approx(30.0 / ((10.0 * 335 + 30.0 * 30) / 365)));
  CHECK(values[1] == doctest::Approx(6.0 / ((2.0 * 358 + 6.0 * 7) / 365)));
  // A run without the window's days: nothing to compare.
  CHECK(std::isnan(measure_one(target(april), ymd(2023, 5, 1), ymd(2023, 12, 31), fill)));
}

TEST_CASE("target harvest measures: opening day of March, length, a leaf price falling every day") {
  const std::vector<TargetSpec> targets = {target({.kind = MeasureKind::harvest_open_day}),
                                           target({.kind = MeasureKind::harvest_length}),
                                           target({.kind = MeasureKind::leaf_price_falls})};
  // 22 March to 8 April 2023 (18 days), the price 500, 490, ...; a harvest in
  // 2022 (from 1 March, rising) and in 2024 left out.
  const auto season = [](Date open, Date close, int rise_on_day) {
    return [=](Date d, DayIndicators& day) {
      const bool harvest = (d >= open && d <= close) || (d.year() != 2023 && d.month() == 3);
      day.integer(series::harvest_day) = harvest ? 1 : 0;
      const int k = d - open;
      day.real(series::leaf_price) = harvest ? (d.year() == 2023 ? 500.0 - 10 * k + (k == rise_on_day ? 15 : 0) : 100.0 + d.day())
                                             : 0.0;
    };
  };
  auto values = measure(targets, ymd(2022, 1, 1), ymd(2024, 12, 31), season(ymd(2023, 3, 22), ymd(2023, 4, 8), -1));
  CHECK(values[0] == 22.0);
  CHECK(values[1] == 18.0);
  CHECK(values[2] == 1.0);
  // Opening on 2 April is day 33 of March; a price that rises once is not falling.
  values = measure(targets, ymd(2023, 1, 1), ymd(2023, 12, 31), season(ymd(2023, 4, 2), ymd(2023, 4, 10), 4));
  CHECK(values[0] == 33.0);
  CHECK(values[1] == 9.0);
  CHECK(values[2] == 0.0);
  // One harvest day: no fall.
  values = measure(targets, ymd(2023, 1, 1), ymd(2023, 12, 31), season(ymd(2023, 3, 20), ymd(2023, 3, 20), -1));
  CHECK(values[1] == 1.0);
  CHECK(values[2] == 0.0);
  // Opening in February: day 0 of March for 28 February.
  values = measure(targets, ymd(2023, 1, 1), ymd(2023, 12, 31), season(ymd(2023, 2, 28), ymd(2023, 3, 1), -1));
  CHECK(values[0] == 0.0);
  // No harvest.
  values = measure(targets, ymd(2023, 1, 1), ymd(2023, 12, 31), [](Date, DayIndicators&) {});
  CHECK(std::isnan(values[0]));
  CHECK(values[1] == 0.0);
  CHECK(values[2] == 0.0);
}

TEST_CASE("target dry_tea_per_mu: the year's dry tea of all villages over the world's tea area") {
  const TargetSpec t = target({.kind = MeasureKind::dry_tea_per_mu});
  const auto fill = [](Date d, DayIndicators& day) {
    day.real(series::dry_tea_made, 0) = d.year() == 2023 ? 2.5 : 100;
    day.real(series::dry_tea_made, 1) = 1.5;
  };
  CHECK(measure_one(t, ymd(2022, 12, 1), ymd(2024, 1, 31), fill) == doctest::Approx(4.0 * 365 / 50));
  WorldFacts no_tea = two_villages();
  no_tea.tea_area_mu = 0;
  CHECK(std::isnan(measure_one(t, ymd(2023, 1, 1), ymd(2023, 12, 31), fill, 2023, no_tea)));
}

TEST_CASE("target measures are NaN without a day of the year; a bad village or series names the target") {
  const Measure m{.kind = MeasureKind::village_sum, .variable = "visitors", .village = "A"};
  CHECK(std::isnan(measure_one(target(m), ymd(2022, 1, 1), ymd(2022, 12, 31), [](Date, DayIndicators&) {})));
  const Measure village{.kind = MeasureKind::village_sum, .variable = "visitors", .village = "Nowhere"};
  CHECK_THROWS_WITH_AS(TargetAccumulator(std::vector<TargetSpec>{target(village, "lost")}, 2023, two_villages()),
                       doctest::Contains("target lost: no village 'Nowhere'"), std::invalid_argument);
  const Measure unknown{.kind = MeasureKind::village_sum, .variable = "visitor", .village = "A"};
  CHECK_THROWS_WITH_AS(TargetAccumulator(std::vector<TargetSpec>{target(unknown, "typo")}, 2023, two_villages()),
                       doctest::Contains("target typo: no series 'visitor'"), std::invalid_argument);
  const Measure area{.kind = MeasureKind::village_sum, .variable = "visitors_total", .village = "A"};
  CHECK_THROWS_AS(TargetAccumulator(std::vector<TargetSpec>{target(area)}, 2023, two_villages()), std::invalid_argument);
  const std::vector<TargetSpec> one = {target(m)};
  TargetAccumulator acc(one, 2023, two_villages());
  CHECK_THROWS_AS(acc.on_day(ymd(2023, 1, 1), DayIndicators(kSeriesSpecs, 3)), std::invalid_argument);
}

TEST_CASE("target verdicts: relative, absolute and range as calibrate_check.py; NaN is never met") {
  TargetSpec t = target({});
  t.published = 100;
  t.tolerance = Tolerance{Tolerance::Kind::relative, 0.1};
  CHECK(t.met(110));
  CHECK(t.met(90));
  CHECK_FALSE(t.met(110.5));
  CHECK_FALSE(t.met(std::nan("")));
  CHECK(t.centre() == 100);
  CHECK(t.scale() == doctest::Approx(10));
  t.tolerance = Tolerance{Tolerance::Kind::absolute, 0};
  CHECK(t.met(100));
  CHECK_FALSE(t.met(100.0001));
  CHECK(t.scale() == 0);
  t.published.reset();
  t.tolerance = Tolerance{Tolerance::Kind::range, 0, 20, 31};
  CHECK(t.met(20));
  CHECK(t.met(31));
  CHECK_FALSE(t.met(31.5));
  CHECK_FALSE(t.met(std::nan("")));
  CHECK(t.centre() == 25.5);
  CHECK(t.scale() == 5.5);
}

// ---- The targets file -----------------------------------------------------------

TEST_CASE("targets files: the repository's targets and held-out figures load") {
  const TargetsFile file = load_targets(std::string(YUCUN_SOURCE_DIR) + "/scenarios/data/targets.yaml");
  CHECK(file.calibration_year == 2023);
  CHECK(file.targets.size() == 23);
  const TargetSpec* ski = file.find("yunshang_ski_season");
  REQUIRE(ski);
  CHECK(ski->measure.kind == MeasureKind::season_village_sum);
  CHECK(ski->measure.village == "Shanchuan");
  CHECK(ski->measure.subtract == std::vector<std::string>{"tea_garden_entrants"});
  CHECK(ski->measure.first.month == 12);
  CHECK(ski->measure.last.month == 3);
  CHECK(ski->measure.last.day == 31);
  CHECK(ski->tolerance.kind == Tolerance::Kind::range);
  CHECK(ski->tolerance.high == 360000);
  const TargetSpec* overnight = file.find("yucun_overnight_share");
  REQUIRE(overnight);
  CHECK_FALSE(overnight->published.has_value());
  const TargetSpec* revenue = file.find("yucun_tourism_revenue");
  REQUIRE(revenue);
  CHECK(revenue->measure.numerator.size() == 6);
  CHECK(revenue->measure.scale == 0.01);
  CHECK(revenue->centre() == (55800000.0 + 75000000.0) / 2);
  const TargetSpec* falls = file.find("leaf_price_falls");
  REQUIRE(falls);
  CHECK(falls->tolerance.kind == Tolerance::Kind::absolute);
  CHECK(*falls->published == 1);
  // Every target of the repository's counts (none is a known gap), and
  // `open` still marks one that is.
  for (const TargetSpec& t : file.targets) CHECK_MESSAGE(!t.open, t.name);
  const TargetsFile gap = errors_free(R"(calibration_year: 2023
targets:
  - {name: gap, published: 1, source: s, measure: {kind: area_last, variable: gini}, tolerance: {relative: 0.1}, open: true, note: a known gap}
  - {name: met, published: 1, source: s, measure: {kind: area_last, variable: gini}, tolerance: {relative: 0.1}}
)");
  CHECK(gap.find("gap")->open);
  CHECK_FALSE(gap.find("met")->open);
  CHECK(file.find("nothing") == nullptr);

  const TargetsFile holdout = load_targets(std::string(YUCUN_SOURCE_DIR) + "/scenarios/data/holdout_2024.yaml");
  CHECK(holdout.calibration_year == 2024);
  CHECK(holdout.targets.size() == 4);
  CHECK(holdout.targets[2].measure.kind == MeasureKind::per_resident);
}

TEST_CASE("targets files: every problem, where it was written") {
  const std::string text = R"(calibration_year: 2023
targets:
  - name: a
    published: 1
    source: s
    measure: {kind: village_summ, variable: visitors, village: Yucun}
    tolerance: {relative: 0.1}
  - name: b
    published: 1
    source: s
    measure: {kind: village_sum, village: Yucun}
    tolerance: {relative: 0.1}
  - name: c
    published: 1
    source: s
    measure: {kind: village_ratio, numerator: [visitor], denominator: [visitors], village: Yucun}
    tolerance: {absolute: 0.1}
  - name: d
    published: 0.5
    source: s
    measure: {kind: area_income_share, sources: [wages]}
    tolerance: {absolute: 0.1}
  - name: e
    published: peak
    source: s
    measure: {kind: period_peak, variable: visitors_total, first: "04-01", last: "13-01"}
    tolerance: {range: [3, 1.2]}
  - name: f
    published: few
    source: s
    measure: {kind: harvest_length}
    tolerance: {relative: 0.1}
  - name: a
    published: 1
    source: s
    measure: {kind: dry_tea_per_mu}
  - name: g
    published: 1
    source: s
    measure: {kind: harvest_length}
    tolerance: {}
  - name: h
    published: 1
    source: s
    measure: {kind: per_resident, variable: collective_dividends, village: Yucun, scale: 0.01}
    tolerance: {relative: 0.1, absolute: 2}
  - name: i
    published: 1
    source: s
    measure: {kind: area_last, variable: village_income_per_capita}
    tolerance: {relative: 0.1}
)";
  const auto d = target_errors(text);
  INFO(d.to_string());
  CHECK(test::has_error(d, {"bad.yaml:6:21: error: targets[0].measure.kind: unknown measure kind 'village_summ'; "
                            "did you mean 'village_sum'?"}));
  CHECK(test::has_error(d, {"bad.yaml:11:14: error: targets[1].measure.variable: missing required key 'variable' for a "
                            "village_sum measure"}));
  CHECK(test::has_error(d, {"bad.yaml:16:48: error: targets[2].measure.numerator[0]: unknown series 'visitor'; did "
                            "you mean 'visitors'?"}));
  CHECK(test::has_error(d, {"bad.yaml:21:50: error: targets[3].measure.sources[0]: unknown income source 'wages'; "
                            "did you mean 'wage'?"}));
  CHECK(test::has_error(d, {"bad.yaml:26:82: error: targets[4].measure.last: expected a month and day MM-DD"}));
  CHECK(test::has_error(d, {"bad.yaml:27:24: error: targets[4].tolerance.range: low 3 is above high 1.2"}));
  CHECK(test::has_error(d, {"bad.yaml:29:16: error: targets[5].published: 'few' is not a number, but a relative "
                            "tolerance needs one"}));
  CHECK(test::has_error(d, {"bad.yaml:33:11: error: targets[6].name: duplicate target name 'a' (first used on line 3)"}));
  CHECK(test::has_error(d, {"bad.yaml:33:5: error: targets[6].tolerance: missing required key 'tolerance'"}));
  CHECK(test::has_error(d, {"bad.yaml:41:16: error: targets[7].tolerance: give one of relative, absolute or range"}));
  CHECK(test::has_error(d, {"bad.yaml:45:83: error: targets[8].measure.scale: 'scale' does not apply to a "
                            "per_resident measure (its keys: variable, village, township)"}));
  CHECK(test::has_error(d, {"bad.yaml:46:32: error: targets[8].tolerance: give only one of relative, absolute or range"}));
  CHECK(test::has_error(d, {"bad.yaml:50:42: error: targets[9].measure.variable: 'village_income_per_capita' is a "
                            "village series; area_last measures take an area-wide one"}));
  CHECK(d.size() == 13);

  const auto no_year = target_errors("targets:\n  - {name: x, published: 1, source: s, measure: {kind: harvest_length}, "
                                     "tolerance: {absolute: 1}}\n");
  CHECK(test::has_error(no_year, {"bad.yaml:1:1: error: calibration_year: missing required key 'calibration_year'"}));
  CHECK(no_year.size() == 1);
  const auto misspelt = target_errors("calibration_year: 2023\ntargetz: []\n");
  CHECK(test::has_error(misspelt, {"bad.yaml:2:1: error: targetz: unknown key 'targetz'; did you mean 'targets'?"}));
  CHECK_NOTHROW(errors_free("calibration_year: 2023\ntargets:\n  - {name: x, published: \"15-20\", source: s, "
                            "measure: {kind: harvest_length}, tolerance: {range: [15, 20]}}\n"));
  CHECK_THROWS_AS(load_targets("/nonexistent/targets.yaml"), TargetsError);
}

// ---- A run, measured three ways ---------------------------------------------------

TEST_CASE("target measures of a run: live, from its RunSeries and from its file, bit for bit") {
  // Three villages with visitors, two years (the winter of 2024 ends in 2025).
  const std::string scenario_text = R"(name: small
seed: 5
spin_up: {years: 0}
calendar:
  start: 2024-01-01
  years: 2
  holidays:
    - {name: qingming, start: 2024-04-04, end: 2024-04-06}
    - {name: national, start: 2024-10-01, end: 2024-10-07}
world:
  townships:
    - {name: Hill, area_km2: 30, registered_residents: 900}
  villages:
    - {name: Upper, township: Hill, households: 100, population: 300, area_km2: 10, tea_area_mu: 400,
       homestay_beds: 120, restaurant_seats: 60, activity_operators: 1, ticket_yuan: 10, attractiveness: 2,
       collective_assets_yuan: 2000000}
    - {name: Middle, township: Hill, households: 120, population: 400, area_km2: 10, tea_area_mu: 300,
       homestay_beds: 80, restaurant_seats: 120, collective_assets_yuan: 1000000}
    - {name: Lower, township: Hill, households: 80, population: 200, area_km2: 10, tea_area_mu: 200,
       collective_assets_yuan: 500000}
  roads:
    - {from: Upper, to: Middle, km: 3, minutes: 6}
    - {from: Middle, to: Lower, km: 4, minutes: 8}
tourism:
  gateway: Upper
  annual_visitors: 300000
  markets:
    - {name: Hangzhou, share: 1, distance_km: 80}
)";
  const Scenario s = scenario::load_scenario_text(scenario_text, "small.yaml", ".");
  const TargetsFile targets = load_targets_text(R"(calibration_year: 2024
targets:
  - {name: visitors, published: 1, source: s, measure: {kind: village_sum, variable: visitors, village: Upper}, tolerance: {relative: 0.1}}
  - {name: winter, published: 1, source: s, measure: {kind: season_village_sum, variable: attraction_entrants, subtract: [tea_garden_entrants], village: Upper, first: "12-01", last: "03-31"}, tolerance: {relative: 0.1}}
  - {name: spring, published: 1, source: s, measure: {kind: season_village_sum, variable: visitors, village: Middle, first: "03-01", last: "05-31"}, tolerance: {relative: 0.1}}
  - {name: income, published: 1, source: s, measure: {kind: village_last, variable: village_income_per_capita, village: Middle}, tolerance: {relative: 0.1}}
  - {name: wages, published: 1, source: s, measure: {kind: area_income_share, sources: [wage]}, tolerance: {relative: 0.1}}
  - {name: per_visitor, published: 1, source: s, measure: {kind: village_ratio, numerator: [revenue_lodging, revenue_food, revenue_tea], denominator: [visitors], village: Upper, scale: 0.01}, tolerance: {relative: 0.1}}
  - {name: dividend, published: 1, source: s, measure: {kind: per_resident, variable: collective_dividends, village: Lower}, tolerance: {relative: 0.1}}
  - {name: rural, published: 1, source: s, measure: {kind: area_last, variable: rural_income_per_capita}, tolerance: {relative: 0.1}}
  - {name: april, published: 1, source: s, measure: {kind: period_peak, variable: visitors_total, first: "04-01", last: "04-30"}, tolerance: {relative: 0.1}}
  - {name: opens, published: 1, source: s, measure: {kind: harvest_open_day}, tolerance: {relative: 0.1}}
  - {name: length, published: 1, source: s, measure: {kind: harvest_length}, tolerance: {relative: 0.1}}
  - {name: falls, published: 1, source: s, measure: {kind: leaf_price_falls}, tolerance: {relative: 0.1}}
  - {name: dry_tea, published: 1, source: s, measure: {kind: dry_tea_per_mu}, tolerance: {relative: 0.1}}
)",
                                                "mini_targets.yaml");
  const WorldFacts world = world_facts(s);
  CHECK(world.tea_area_mu == 900);
  CHECK(world.village_population == std::vector<double>{300, 400, 200});

  test::TempDir dir;
  const std::string path = (dir.path / "run.h5").string();
  Simulation sim(s, RunIdentity{s.seed, 0});
  output::RunSeries series(sim.calendar().start(), sim.day_count(), s.world.villages.size());
  const output::ResultLayout layout{sim.calendar().start(), sim.day_count(), s.world.villages, s.world.roads,
                                    s.tourism.gateway};
  const output::RunMetadata metadata{s.name, scenario_text, s.seed, 0, "test"};
  output::ResultWriter writer(path, layout, metadata, output::WriteOptions{.chunk_days = 100});
  TargetAccumulator live(targets.targets, targets.calibration_year, world);
  experiments::step_to_end(sim, [] { return false; }, [&](Date date, const DayIndicators& day) {
    live.on_day(date, day);
    series.append_day(day);
    writer.append_day(day);
  });
  writer.finish();

  const std::vector<double> values = live.values();
  REQUIRE(values.size() == targets.targets.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    INFO(targets.targets[i].name);
    CHECK(std::isfinite(values[i]));
  }
  CHECK(values[0] > 0);
  CHECK(values[10] > 0);  // harvest days
  CHECK(values[12] > 0);  // dry tea

  TargetAccumulator stored(targets.targets, targets.calibration_year, world);
  output::for_each_day(series, [&](Date date, const DayIndicators& day) { stored.on_day(date, day); });
  CHECK(same_bits(stored.values(), values));

  TargetAccumulator from_file(targets.targets, targets.calibration_year, world);
  const output::ResultReader reader(path);
  int days = 0;
  output::for_each_day(reader, [&](Date date, const DayIndicators& day) {
    CHECK(date == sim.calendar().start() + days++);
    from_file.on_day(date, day);
  });
  CHECK(days == sim.day_count());
  CHECK(same_bits(from_file.values(), values));

  // The same run as run 0 of a file of several.
  const std::string runs_path = (dir.path / "runs.h5").string();
  {
    output::MultiRunWriter runs(runs_path, layout, metadata, {output::RunLabel{s.seed, 0}});
    runs.add_run(0, series);
    runs.finish();
  }
  TargetAccumulator from_runs(targets.targets, targets.calibration_year, world);
  output::for_each_day(output::ResultReader(runs_path), [&](Date date, const DayIndicators& day) { from_runs.on_day(date, day); });
  CHECK(same_bits(from_runs.values(), values));
}
