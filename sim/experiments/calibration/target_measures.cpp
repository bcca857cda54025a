#include "sim/experiments/calibration/target_measures.hpp"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <limits>
#include <optional>
#include <stdexcept>

#include <fmt/format.h>

#include "sim/model/shared/series.hpp"

namespace yucun::calibration {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr std::size_t kAllValues = std::numeric_limits<std::size_t>::max();

// One series' values summed over the days added: one village's, or all the
// day's values (every village), or those of a set of villages (a township's).
// Integer series are summed exactly, as numpy sums them, and turned into a
// double only at the end.
struct Summed {
  std::size_t series = 0;
  bool integer = false;
  std::size_t index = kAllValues;
  std::vector<std::size_t> indices{};  // used when index is kSomeValues
  std::int64_t whole = 0;
  double real = 0;

  static constexpr std::size_t kSomeValues = kAllValues - 1;

  void add(const DayIndicators& day) {
    if (integer) {
      const auto values = day.integers(series);
      if (index == kSomeValues) for (std::size_t i : indices) whole += values[i];
      else if (index != kAllValues) whole += values[index];
      else for (std::int64_t v : values) whole += v;
    } else {
      const auto values = day.reals(series);
      if (index == kSomeValues) for (std::size_t i : indices) real += values[i];
      else if (index != kAllValues) real += values[index];
      else for (double v : values) real += v;
    }
  }
  double value() const { return integer ? static_cast<double>(whole) : real; }
};

double read(const DayIndicators& day, std::size_t series, bool integer, std::size_t index) {
  return integer ? static_cast<double>(day.integers(series)[index]) : day.reals(series)[index];
}

std::optional<std::size_t> series_index(std::string_view name) {
  for (std::size_t i = 0; i < kSeriesSpecs.size(); ++i)
    if (kSeriesSpecs[i].name == name) return i;
  return std::nullopt;
}

std::string_view scope_name(Scope s) {
  return s == Scope::area ? "area-wide" : s == Scope::village ? "village" : "decile";
}

}  // namespace

struct TargetAccumulator::Slot {
  MeasureKind kind = MeasureKind::village_sum;
  double scale = 1.0;
  // village_sum, season_village_sum: the variable, then the ones subtracted.
  // village_ratio: the numerator's series, then the denominator's.
  // area_income_share: every income_<source> series there is.
  // per_resident, dry_tea_per_mu, period_peak (the year's): the variable.
  std::vector<Summed> terms;
  std::size_t numerators = 0;          // village_ratio
  std::vector<std::size_t> chosen;     // area_income_share: the terms of `sources`
  Summed window;                       // period_peak: the variable over the window
  int window_days = 0;
  double values_per_day = 1;           // period_peak: values a day (numpy's mean is over all of them)
  Date first, last;                    // season_village_sum, period_peak
  double divisor = 0;                  // per_resident: residents; dry_tea_per_mu: mu
  // village_last, area_last: the value on the last day of the year seen.
  std::size_t series = 0;
  bool integer = false;
  std::size_t index = 0;
  double last_value = kNaN;
  // harvest measures: harvest_day and leaf_price.
  std::size_t harvest_series = 0, price_series = 0;
  std::optional<Date> harvest_opened;
  int harvest_days = 0;
  double previous_price = 0;
  bool price_falls = true;
};

WorldFacts world_facts(const Scenario& scenario) {
  WorldFacts facts;
  for (const VillageSpec& v : scenario.world.villages) {
    facts.village_names.push_back(v.name);
    facts.village_population.push_back(static_cast<double>(v.population));
    facts.village_township.push_back(v.township);
    facts.tea_area_mu += v.tea_area_mu;
  }
  return facts;
}

TargetAccumulator::TargetAccumulator(std::span<const TargetSpec> targets, int year, const WorldFacts& world)
    : year_(year), villages_(world.village_names.size()) {
  if (world.village_population.size() != villages_)
    throw std::invalid_argument(fmt::format("world facts: {} village names but {} populations", villages_,
                                            world.village_population.size()));
  for (const TargetSpec& target : targets) {
    const Measure& m = target.measure;
    const auto fail = [&](const std::string& message) {
      throw std::invalid_argument(fmt::format("target {}: {}", target.name, message));
    };
    const auto village = [&]() -> std::size_t {
      const auto& names = world.village_names;
      const auto it = std::find(names.begin(), names.end(), m.village);
      if (it == names.end()) fail(fmt::format("no village '{}' in the world ({})", m.village, fmt::join(names, ", ")));
      return static_cast<std::size_t>(it - names.begin());
    };
    // A series of the table, of `scope` unless any will do.
    const auto find = [&](const std::string& name, std::optional<Scope> scope) -> std::size_t {
      const auto i = series_index(name);
      if (!i) fail(fmt::format("no series '{}'", name));
      if (scope && kSeriesSpecs[*i].scope != *scope)
        fail(fmt::format("'{}' is a {} series; {} measures take a {} one", name, scope_name(kSeriesSpecs[*i].scope),
                         name_of(m.kind), scope_name(*scope)));
      return *i;
    };
    const auto summed = [&](std::size_t series, std::size_t index) {
      return Summed{series, kSeriesSpecs[series].kind == ValueKind::integer, index};
    };
    // The villages a sum covers: the village, the township's, or all.
    struct Place {
      std::size_t index = kAllValues;
      std::vector<std::size_t> indices{};
      double population = 0;
    };
    const auto place = [&]() {
      Place p;
      if (!m.village.empty()) {
        p.index = village();
        p.population = world.village_population[p.index];
      } else if (!m.township.empty()) {
        for (std::size_t v = 0; v < villages_; ++v)
          if (v < world.village_township.size() && world.village_township[v] == m.township) {
            p.indices.push_back(v);
            p.population += world.village_population[v];
          }
        if (p.indices.empty()) fail(fmt::format("no village of the world is in township '{}'", m.township));
        p.index = Summed::kSomeValues;
      } else {
        for (double people : world.village_population) p.population += people;
      }
      return p;
    };
    const auto summed_over = [&](std::size_t series, const Place& p) {
      Summed s = summed(series, p.index);
      s.indices = p.indices;
      return s;
    };
    const auto date = [&](MonthDay md, int in_year) {
      const std::chrono::year_month_day ymd{std::chrono::year{in_year}, std::chrono::month{static_cast<unsigned>(md.month)},
                                            std::chrono::day{static_cast<unsigned>(md.day)}};
      if (md.month < 1 || md.month > 12 || md.day < 1 || md.day > 31 || !ymd.ok())
        fail(fmt::format("{:02d}-{:02d} is no day of {}", md.month, md.day, in_year));
      return Date::from_ymd(in_year, static_cast<unsigned>(md.month), static_cast<unsigned>(md.day));
    };

    Slot s;
    s.kind = m.kind;
    s.scale = m.scale;
    switch (m.kind) {
      case MeasureKind::season_village_sum:
        s.first = date(m.first, year);
        s.last = date(m.last, year);
        if (s.last < s.first) s.last = date(m.last, year + 1);
        [[fallthrough]];
      case MeasureKind::village_sum: {
        const Place p = place();
        s.terms.push_back(summed_over(find(m.variable, Scope::village), p));
        for (const auto& name : m.subtract) s.terms.push_back(summed_over(find(name, Scope::village), p));
        break;
      }
      case MeasureKind::village_ratio: {
        const Place p = place();
        for (const auto& name : m.numerator) s.terms.push_back(summed_over(find(name, Scope::village), p));
        s.numerators = s.terms.size();
        for (const auto& name : m.denominator) s.terms.push_back(summed_over(find(name, Scope::village), p));
        break;
      }
      case MeasureKind::per_resident: {
        const Place p = place();
        s.terms.push_back(summed_over(find(m.variable, Scope::village), p));
        s.divisor = p.population;
        break;
      }
      case MeasureKind::village_last:
      case MeasureKind::area_last: {
        const bool per_village = m.kind == MeasureKind::village_last;
        s.series = find(m.variable, per_village ? Scope::village : Scope::area);
        if (!per_village && kSeriesSpecs[s.series].yearly != Yearly::last)
          fail(fmt::format("'{}' is not summarised by its last value; area_last takes one that is", m.variable));
        s.integer = kSeriesSpecs[s.series].kind == ValueKind::integer;
        s.index = per_village ? village() : 0;
        break;
      }
      case MeasureKind::area_income_share: {
        std::vector<std::string_view> present;
        for (std::string_view source : kIncomeSources)
          if (const auto i = series_index(fmt::format("income_{}", source))) {
            s.terms.push_back(summed(*i, kAllValues));
            present.push_back(source);
          }
        for (const auto& source : m.sources) {
          const auto at = std::find(present.begin(), present.end(), source);
          if (at == present.end()) fail(fmt::format("no series income_{} for the income source '{}'", source, source));
          s.chosen.push_back(static_cast<std::size_t>(at - present.begin()));
        }
        break;
      }
      case MeasureKind::period_peak: {
        const std::size_t i = find(m.variable, std::nullopt);
        s.first = date(m.first, year);
        s.last = date(m.last, year);
        s.terms.push_back(summed(i, kAllValues));
        s.window = summed(i, kAllValues);
        s.values_per_day = static_cast<double>(values_per_day(kSeriesSpecs[i].scope, villages_));
        break;
      }
      case MeasureKind::harvest_open_day:
      case MeasureKind::harvest_length:
      case MeasureKind::leaf_price_falls:
        s.harvest_series = find("harvest_day", Scope::area);
        s.price_series = find("leaf_price", Scope::area);
        break;
      case MeasureKind::dry_tea_per_mu:
        s.terms.push_back(summed(find("dry_tea_made", std::nullopt), kAllValues));
        s.divisor = world.tea_area_mu;
        break;
    }
    slots_.push_back(std::move(s));
  }
}

TargetAccumulator::~TargetAccumulator() = default;
TargetAccumulator::TargetAccumulator(TargetAccumulator&&) noexcept = default;
TargetAccumulator& TargetAccumulator::operator=(TargetAccumulator&&) noexcept = default;

void TargetAccumulator::on_day(Date date, const DayIndicators& day) {
  if (day.specs().size() != kSeriesSpecs.size() || day.villages() != villages_)
    throw std::invalid_argument(fmt::format("a day of {} series for {} villages, not of the model's {} series for the "
                                            "world's {} villages",
                                            day.specs().size(), day.villages(), kSeriesSpecs.size(), villages_));
  if (!any_day_) first_day_ = date;
  first_day_ = std::min(first_day_, date);
  last_day_ = any_day_ ? std::max(last_day_, date) : date;
  any_day_ = true;
  const bool in_year = date.year() == year_;
  if (in_year) ++days_in_year_;
  for (Slot& s : slots_) {
    switch (s.kind) {
      case MeasureKind::season_village_sum:
        if (s.first <= date && date <= s.last)
          for (Summed& t : s.terms) t.add(day);
        break;
      case MeasureKind::village_sum:
      case MeasureKind::village_ratio:
      case MeasureKind::per_resident:
      case MeasureKind::area_income_share:
      case MeasureKind::dry_tea_per_mu:
        if (in_year)
          for (Summed& t : s.terms) t.add(day);
        break;
      case MeasureKind::village_last:
      case MeasureKind::area_last:
        if (in_year) s.last_value = read(day, s.series, s.integer, s.index);
        break;
      case MeasureKind::period_peak:
        if (in_year) {
          s.terms.front().add(day);
          if (s.first <= date && date <= s.last) {
            s.window.add(day);
            ++s.window_days;
          }
        }
        break;
      case MeasureKind::harvest_open_day:
      case MeasureKind::harvest_length:
      case MeasureKind::leaf_price_falls:
        if (in_year && day.integers(s.harvest_series)[0] == 1) {
          const double price = day.reals(s.price_series)[0];
          if (!s.harvest_opened) s.harvest_opened = date;
          else if (!(price < s.previous_price)) s.price_falls = false;  // NaN too: numpy's diff < 0 is false
          s.previous_price = price;
          ++s.harvest_days;
        }
        break;
    }
  }
}

std::vector<double> TargetAccumulator::values() const {
  std::vector<double> out;
  out.reserve(slots_.size());
  for (const Slot& s : slots_) {
    if (days_in_year_ == 0) {
      out.push_back(kNaN);  // calibrate_check.py refuses a result without a day of the year
      continue;
    }
    double value = kNaN;
    switch (s.kind) {
      case MeasureKind::season_village_sum:
        if (!any_day_ || last_day_ < s.last || first_day_ > s.first) break;  // the season is not covered
        [[fallthrough]];
      case MeasureKind::village_sum: {
        double total = s.terms.front().value();
        double subtracted = 0;
        for (std::size_t i = 1; i < s.terms.size(); ++i) subtracted += s.terms[i].value();
        total -= subtracted;
        value = total * s.scale;
        break;
      }
      case MeasureKind::village_ratio: {
        double num = 0, den = 0;
        for (std::size_t i = 0; i < s.numerators; ++i) num += s.terms[i].value();
        for (std::size_t i = s.numerators; i < s.terms.size(); ++i) den += s.terms[i].value();
        if (s.numerators == s.terms.size()) den = 1.0;  // no denominator
        if (den != 0) value = num / den * s.scale;
        break;
      }
      case MeasureKind::per_resident:
        if (s.divisor != 0) value = s.terms.front().value() / 100.0 / s.divisor;
        break;
      case MeasureKind::village_last:
      case MeasureKind::area_last:
        value = s.last_value;
        break;
      case MeasureKind::area_income_share: {
        double chosen = 0, all = 0;
        for (std::size_t i : s.chosen) chosen += s.terms[i].value();
        for (const Summed& t : s.terms) all += t.value();
        if (all != 0) value = chosen / all;
        break;
      }
      case MeasureKind::period_peak: {
        const double year_mean = s.terms.front().value() / (days_in_year_ * s.values_per_day);
        const double window_mean = s.window.value() / (s.window_days * s.values_per_day);
        if (s.window_days > 0 && year_mean != 0) value = window_mean / year_mean;
        break;
      }
      case MeasureKind::harvest_open_day:
        if (s.harvest_opened) {
          const Date first = *s.harvest_opened;
          value = first.month() == 3 ? static_cast<double>(first.day())
                                     : static_cast<double>(first - Date::from_ymd(year_, 3, 1) + 1);
        }
        break;
      case MeasureKind::harvest_length:
        value = s.harvest_days;
        break;
      case MeasureKind::leaf_price_falls:
        value = s.harvest_days > 1 && s.price_falls ? 1.0 : 0.0;
        break;
      case MeasureKind::dry_tea_per_mu:
        if (s.divisor != 0) value = s.terms.front().value() / s.divisor;
        break;
    }
    out.push_back(value);
  }
  return out;
}

}  // namespace yucun::calibration
