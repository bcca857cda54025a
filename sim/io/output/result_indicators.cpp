#include "sim/io/output/result_indicators.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>

#include <fmt/format.h>

#include "sim/io/output/result_reader.hpp"
#include "sim/io/output/result_writer.hpp"
#include "sim/model/shared/series.hpp"

namespace yucun::output {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// A place: the villages whose values it sums or weighs.
struct Place {
  Level level;
  std::string where;
  std::vector<std::size_t> villages;
};

std::vector<Place> places_at(const IndicatorFile& f, Level level) {
  std::vector<Place> out;
  const std::size_t nv = f.villages.size();
  if (level == Level::area) {
    Place p{Level::area, "area", {}};
    for (std::size_t v = 0; v < nv; ++v) p.villages.push_back(v);
    out.push_back(std::move(p));
  } else if (level == Level::township) {
    for (const auto& t : f.township_order()) {
      Place p{Level::township, t, {}};
      for (std::size_t v = 0; v < nv; ++v)
        if (f.townships[v] == t) p.villages.push_back(v);
      out.push_back(std::move(p));
    }
  } else {
    for (std::size_t v = 0; v < nv; ++v) out.push_back(Place{Level::village, f.villages[v], {v}});
  }
  return out;
}

const SeriesSpec* series_named(std::string_view name) {
  for (const SeriesSpec& s : kSeriesSpecs)
    if (s.name == name) return &s;
  return nullptr;
}

// A series given by its name or by its yearly variable's name.
const SeriesSpec* series_for(std::string_view name) {
  if (const SeriesSpec* s = series_named(name)) return s;
  constexpr std::string_view suffix = "_yearly";
  if (name.ends_with(suffix)) return series_named(name.substr(0, name.size() - suffix.size()));
  return nullptr;
}

// How a series' yearly values combine across villages: flows and counts (fen,
// persons, beds, kg) add up; rates and shares (units "1" or "x/y" on a real
// series that is not a yearly sum) are population-weighted means.
bool additive(const SeriesSpec& s) {
  if (s.yearly == Yearly::sum || s.kind == ValueKind::integer) return true;
  return s.units != "1" && s.units.find('/') == std::string_view::npos;
}

// A key indicator defined as a file series under another name.
struct KeyAsSeries {
  std::string_view indicator, series, units;  // units: empty keeps the series' own
};
constexpr KeyAsSeries kKeysAsSeries[] = {
    {"visitors", "visitors", "person-visits"},
    {"rural_income_per_capita", "rural_income_per_capita", ""},
    {"gini", "gini", ""},
    {"urban_rural_ratio", "urban_rural_ratio", ""},
    {"collective_income", "collective_income", ""},
    {"net_public_cost", "net_public_cost", ""},
    {"tea_income", "income_tea", ""},
    {"income_per_capita", "village_income_per_capita", ""},
};

const KeyAsSeries* key_as_series(std::string_view name) {
  for (const auto& k : kKeysAsSeries)
    if (k.indicator == name) return &k;
  return nullptr;
}

// The yearly values a computation reads: [run][year] or [run][year][village].
class YearlyData {
 public:
  YearlyData(const IndicatorFile& f, const std::string& name, bool per_village)
      : values_(f.yearly(name, per_village)), years_(f.years.size()), villages_(per_village ? f.villages.size() : 1) {}
  double at(std::size_t run, std::size_t year, std::size_t village = 0) const {
    return values_[(run * years_ + year) * villages_ + village];
  }

 private:
  std::vector<double> values_;
  std::size_t years_, villages_;
};

struct YearRange {
  std::size_t first, last;  // indices into the file's years
  int first_year;
  int discount_to_year;
  std::size_t count() const { return last - first + 1; }
};

// A series over a period at the places of a level: totals of flows (and
// their NPV), means of rates.
std::vector<IndicatorValues> series_values(const IndicatorFile& f, const SeriesSpec& spec, std::string_view indicator,
                                           std::string_view units_shown, const IndicatorRequest& request,
                                           const YearRange& range) {
  if (spec.yearly == Yearly::none)
    throw IndicatorError(fmt::format("'{}': {} is a daily series without yearly summaries; read it from the file "
                                     "(variable {}), or choose an indicator with yearly summaries",
                                     f.path, indicator, spec.name));
  if (spec.scope == Scope::decile)
    throw IndicatorError(fmt::format("'{}': {} is a series of income deciles, not of places; read {} from the file",
                                     f.path, indicator, yearly_variable(spec)));
  if (spec.scope == Scope::area && request.level != Level::area)
    throw IndicatorError(fmt::format("{} is an area-wide series: it has no value for each {}; ask for it at area level",
                                     indicator, to_string(request.level)));
  const std::string variable = yearly_variable(spec);
  if (!f.has(variable)) throw IndicatorError(fmt::format("'{}' has no {}", f.path, variable));
  const bool per_village = spec.scope == Scope::village;
  const YearlyData x(f, variable, per_village);
  const bool money = spec.units == "fen";
  const double scale = money ? 0.01 : 1.0;
  const bool total = spec.yearly == Yearly::sum;
  const bool sums_across = additive(spec);
  std::string units = units_shown.empty() ? std::string(spec.units) : std::string(units_shown);
  if (money) units = "yuan";

  std::vector<IndicatorValues> out;
  const std::vector<Place> places =
      per_village ? places_at(f, request.level) : std::vector<Place>{Place{Level::area, "area", {}}};
  for (const Place& place : places) {
    // The place's value in one run and year.
    auto value = [&](std::size_t r, std::size_t y) {
      if (!per_village) return x.at(r, y);
      double sum = 0, weighted = 0, weight = 0;
      for (std::size_t v : place.villages) {
        sum += x.at(r, y, v);
        weighted += f.population[v] * x.at(r, y, v);
        weight += f.population[v];
      }
      if (sums_across) return sum;
      return weight > 0 ? weighted / weight : sum / static_cast<double>(place.villages.size());
    };
    IndicatorValues plain{std::string(indicator), place.level, place.where, units, total ? "total" : "mean", {}};
    IndicatorValues npv{std::string(indicator) + "_npv", place.level, place.where,
                        request.discount ? fmt::format("yuan (NPV at {}%/year to {})", *request.discount * 100, range.discount_to_year)
                                         : std::string(),
                        "total", {}};
    for (std::size_t r = 0; r < f.runs; ++r) {
      double sum = 0, discounted = 0;
      for (std::size_t y = range.first; y <= range.last; ++y) {
        const double v = value(r, y);
        sum += v;
        if (request.discount)
          discounted += v / std::pow(1 + *request.discount,
                                     static_cast<double>(range.first_year + static_cast<int>(y - range.first) -
                                                         range.discount_to_year));
      }
      plain.per_run.push_back((total ? sum : sum / static_cast<double>(range.count())) * scale);
      npv.per_run.push_back(discounted * scale);
    }
    out.push_back(std::move(plain));
    if (request.discount && money && total) out.push_back(std::move(npv));
  }
  return out;
}

// The key indicators of where visitors go: shares of the period's totals.
std::vector<IndicatorValues> visit_shares(const IndicatorFile& f, std::string_view indicator,
                                          const IndicatorRequest& request, const YearRange& range) {
  const bool overnight = indicator == "overnight_share";
  if (!overnight && request.level != Level::area)
    throw IndicatorError(fmt::format("{} describes how visits spread over the whole area: it has no value for each "
                                     "{}; ask for it at area level",
                                     indicator, to_string(request.level)));
  const YearlyData visits(f, yearly_variable(series::visitors), true);
  std::optional<YearlyData> guests;
  if (overnight) guests.emplace(f, yearly_variable(series::overnight_guests), true);
  const std::size_t gateway = f.gateway.value_or(0);
  std::vector<IndicatorValues> out;
  for (const Place& place : places_at(f, request.level)) {
    IndicatorValues v{std::string(indicator), place.level, place.where, indicator == "visitor_spread" ? "villages" : "1",
                      "share", {}};
    for (std::size_t r = 0; r < f.runs; ++r) {
      std::vector<double> per_village(f.villages.size(), 0.0);
      double total = 0, nights = 0;
      for (std::size_t y = range.first; y <= range.last; ++y)
        for (std::size_t village : place.villages) {
          per_village[village] += visits.at(r, y, village);
          total += visits.at(r, y, village);
          if (guests) nights += guests->at(r, y, village);
        }
      double value = 0;
      if (overnight) {
        value = total > 0 ? nights / total : 0.0;
      } else if (indicator == "visitors_outside_core_share") {
        value = total > 0 ? 1 - per_village[gateway] / total : 0.0;
      } else if (total > 0) {  // visitor_spread: the inverse Herfindahl index
        double concentration = 0;
        for (double x : per_village) concentration += (x / total) * (x / total);
        value = 1 / concentration;
      }
      if (std::isnan(total)) value = kNaN;  // a run that failed
      v.per_run.push_back(value);
    }
    out.push_back(std::move(v));
  }
  return out;
}

}  // namespace

std::string_view to_string(Level level) {
  switch (level) {
    case Level::area: return "area";
    case Level::township: return "township";
    case Level::village: return "village";
  }
  return "";
}

std::string Period::label() const {
  return first_year == last_year ? fmt::format("{}", first_year) : fmt::format("{}-{}", first_year, last_year);
}

// ---- The file -------------------------------------------------------------------------

IndicatorFile::IndicatorFile(std::string path_) : path(std::move(path_)) {
  try {
    open();
  } catch (const IndicatorError&) {
    throw;
  } catch (const OutputError& e) {
    const std::string what = e.what();
    throw IndicatorError(what.find(path) == std::string::npos ? fmt::format("'{}': {}", path, what) : what);
  }
}

IndicatorFile::~IndicatorFile() = default;
IndicatorFile::IndicatorFile(IndicatorFile&&) noexcept = default;
IndicatorFile& IndicatorFile::operator=(IndicatorFile&&) noexcept = default;

bool IndicatorFile::has(const std::string& name) const { return reader_->has_variable(name); }

void IndicatorFile::open() {
  reader_ = std::make_unique<ResultReader>(path);
  const ResultReader& f = *reader_;
  for (const char* needed : {"year", "village_township", "village_population"})
    if (!has(needed)) throw IndicatorError(fmt::format("'{}' is not a complete yucun result: it has no {}", path, needed));
  scenario = f.string_attribute("scenario_name");
  posterior = f.string_attribute("posterior_calibration");
  design = f.string_attribute("design");

  villages = f.strings("village_name");
  townships = f.strings("village_township");
  population = f.numbers("village_population");
  if (villages.empty()) throw IndicatorError(fmt::format("'{}' has no villages: there is nothing to compare", path));
  if (townships.size() != villages.size() || population.size() != villages.size())
    throw IndicatorError(
        fmt::format("'{}': village_name, village_township and village_population differ in length", path));
  // Populations weigh the villages' rates: a missing or negative one would
  // silently change the weighting.
  for (std::size_t v = 0; v < population.size(); ++v)
    if (!std::isfinite(population[v]) || population[v] < 0)
      throw IndicatorError(fmt::format("'{}': village_population of {} is {}; expected a number of residents, 0 or more",
                                       path, villages[v], population[v]));
  if (const auto g = f.integer_attribute("gateway_village")) {
    if (*g < 0 || static_cast<std::size_t>(*g) >= villages.size())
      throw IndicatorError(fmt::format("'{}': gateway_village {} is not a village index", path, *g));
    gateway = static_cast<std::size_t>(*g);
  }

  if (const auto y = f.dimension("year"); y && *y > 1000)
    throw IndicatorError(fmt::format("'{}' declares {} years; a yucun result holds at most 1,000", path, *y));
  for (double y : f.numbers("year")) {
    if (!std::isfinite(y) || y < 1 || y > 9999)
      throw IndicatorError(fmt::format("'{}': year {} is not a calendar year", path, y));
    years.push_back(static_cast<int>(y));
  }
  if (years.empty()) throw IndicatorError(fmt::format("'{}' has no simulated years", path));
  for (std::size_t i = 1; i < years.size(); ++i)
    if (years[i] != years[i - 1] + 1) throw IndicatorError(fmt::format("'{}': the years are not consecutive", path));

  // Dimensions a file declares but cannot hold (a damaged or crafted file)
  // are refused before anything is read.
  constexpr std::size_t kMostDays = 366 * 1000;  // a thousand years of days
  if (const auto t = f.dimension("time"); t && *t > kMostDays)
    throw IndicatorError(fmt::format("'{}' declares {} days; a yucun result holds at most {} (1,000 years)", path, *t,
                                     kMostDays));
  days = f.day_count();
  const auto first = f.start();
  if (!first || days <= 0)
    throw IndicatorError(fmt::format("'{}': time has units '{}' and {} days; expected 'days since YYYY-MM-DD'", path,
                                     f.time_units(), days));
  start = *first;
  if (start.year() != years.front() || end().year() != years.back())
    throw IndicatorError(fmt::format("'{}': the years {} to {} do not match the days {} to {}", path, years.front(),
                                     years.back(), start.to_string(), end().to_string()));

  if (has("run")) {
    runs = f.numbers("run").size();
    if (runs == 0) throw IndicatorError(fmt::format("'{}' holds no runs", path));
    if (has("seed") && has("replicate")) {
      const auto seeds = f.unsigned_variable("seed");
      const auto replicates = f.numbers("replicate");
      if (seeds.size() == runs && replicates.size() == runs)
        for (std::size_t r = 0; r < runs; ++r)
          streams.emplace_back(seeds[r], static_cast<std::uint64_t>(replicates[r]));
    }
  } else if (const auto seed = f.integer_attribute("seed")) {
    streams.emplace_back(static_cast<std::uint64_t>(*seed),
                         static_cast<std::uint64_t>(f.integer_attribute("run").value_or(0)));
  }
}

std::vector<std::string> IndicatorFile::township_order() const {
  std::vector<std::string> order;
  for (const auto& t : townships)
    if (std::find(order.begin(), order.end(), t) == order.end()) order.push_back(t);
  return order;
}

std::pair<Date, Date> IndicatorFile::covered(const Period& period) const {
  return {std::max(start, Date::from_ymd(period.first_year, 1, 1)),
          std::min(end(), Date::from_ymd(period.last_year, 12, 31))};
}

std::vector<double> IndicatorFile::yearly(const std::string& name, bool per_village) const {
  std::vector<std::size_t> dims;
  std::vector<double> values = reader_->numbers(name, &dims);
  std::vector<std::size_t> want;
  const bool run_dimension = has("run");
  if (run_dimension) want.push_back(runs);
  want.push_back(years.size());
  if (per_village) want.push_back(villages.size());
  if (dims != want) {
    auto show = [](const std::vector<std::size_t>& d) { return fmt::format("[{}]", fmt::join(d, ", ")); };
    throw IndicatorError(fmt::format("'{}': {} has shape {}, expected {} ({}year{})", path, name, show(dims), show(want),
                                     run_dimension ? "run, " : "", per_village ? ", village" : ""));
  }
  return values;
}

// ---- Indicators -----------------------------------------------------------------------

bool is_key_indicator(std::string_view name) {
  return std::find(std::begin(kKeyIndicators), std::end(kKeyIndicators), name) != std::end(kKeyIndicators);
}

bool key_indicator_at(std::string_view name, Level level) {
  if (level == Level::area) return is_key_indicator(name);
  if (name == "overnight_share") return true;
  const KeyAsSeries* k = key_as_series(name);
  return k && series_named(k->series) && series_named(k->series)->scope == Scope::village;
}

bool indicator_at(const IndicatorFile& f, std::string_view name, Level level) {
  if (is_key_indicator(name)) {
    for (const auto& input : key_indicator_inputs(name))
      if (!f.has(input)) return false;
    return key_indicator_at(name, level);
  }
  const SeriesSpec* s = series_for(name);
  return s && s->yearly != Yearly::none && s->scope != Scope::decile && f.has(yearly_variable(*s)) &&
         (level == Level::area || s->scope == Scope::village);
}

std::vector<std::string> key_indicator_inputs(std::string_view name) {
  if (const KeyAsSeries* k = key_as_series(name)) return {yearly_variable(*series_named(k->series))};
  if (name == "overnight_share")
    return {yearly_variable(series::visitors), yearly_variable(series::overnight_guests)};
  if (name == "visitors_outside_core_share" || name == "visitor_spread") return {yearly_variable(series::visitors)};
  return {};
}

std::vector<IndicatorValues> indicator_values(const IndicatorFile& f, const IndicatorRequest& request,
                                              const Period& period) {
  if (period.first_year > period.last_year)
    throw IndicatorError(fmt::format("the period {} to {} is empty: the first year is after the last", period.first_year,
                                     period.last_year));
  if (period.first_year < f.years.front() || period.last_year > f.years.back())
    throw IndicatorError(fmt::format("'{}' simulates {} to {}, not the period {}", f.path, f.years.front(),
                                     f.years.back(), period.label()));
  if (request.discount && !(*request.discount > -1 && std::isfinite(*request.discount)))
    throw IndicatorError(fmt::format("the discount rate {} is not a yearly rate above -1 (e.g. 0.03 for 3%)",
                                     *request.discount));
  const YearRange range{static_cast<std::size_t>(period.first_year - f.years.front()),
                        static_cast<std::size_t>(period.last_year - f.years.front()), period.first_year,
                        request.discount_to_year.value_or(period.first_year)};
  const std::string& name = request.name;
  if (name == "visitors_outside_core_share" || name == "visitor_spread" || name == "overnight_share")
    return visit_shares(f, name, request, range);
  if (const KeyAsSeries* k = key_as_series(name))
    return series_values(f, *series_named(k->series), name, k->units, request, range);
  if (const SeriesSpec* s = series_for(name)) return series_values(f, *s, name, "", request, range);

  std::vector<std::string> names;
  for (const auto& o : offered_indicators(f)) names.push_back(o.name);
  throw IndicatorError(fmt::format("'{}' has no indicator '{}'; it has: {}", f.path, name, fmt::join(names, ", ")));
}

std::vector<OfferedIndicator> offered_indicators(const IndicatorFile& f) {
  std::vector<OfferedIndicator> out;
  auto levels_of = [](bool per_village) {
    return per_village ? std::vector<Level>{Level::area, Level::township, Level::village} : std::vector<Level>{Level::area};
  };
  for (std::string_view key : kKeyIndicators) {
    bool present = true;
    for (const auto& input : key_indicator_inputs(key)) present = present && f.has(input);
    if (!present) continue;
    const KeyAsSeries* k = key_as_series(key);
    const SeriesSpec* s = k ? series_named(k->series) : nullptr;
    OfferedIndicator o;
    o.name = std::string(key);
    o.levels = levels_of(key_indicator_at(key, Level::village));
    if (s) {
      o.units = !k->units.empty() ? std::string(k->units) : s->units == "fen" ? "yuan" : std::string(s->units);
      o.summary = s->yearly == Yearly::sum ? "total" : "mean";
      o.meaning = std::string(s->long_name);
    } else {
      o.units = key == "visitor_spread" ? "villages" : "1";
      o.summary = "share";
      o.meaning = key == "overnight_share"   ? "overnight guests over visits"
                  : key == "visitor_spread" ? "effective number of villages visited (inverse Herfindahl index of visits)"
                                            : "share of visits outside the gateway village";
    }
    out.push_back(std::move(o));
  }
  for (const SeriesSpec& s : kSeriesSpecs) {
    if (is_key_indicator(s.name)) continue;  // offered above
    if (s.yearly == Yearly::none || s.scope == Scope::decile || !f.has(yearly_variable(s))) continue;
    out.push_back(OfferedIndicator{std::string(s.name), s.units == "fen" ? "yuan" : std::string(s.units),
                                   levels_of(s.scope == Scope::village), s.yearly == Yearly::sum ? "total" : "mean",
                                   std::string(s.long_name)});
  }
  return out;
}

}  // namespace yucun::output
