#include "sim/io/output/result_compare.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <functional>
#include <limits>
#include <map>
#include <set>

#include <fmt/format.h>

#include "sim/io/output/result_reader.hpp"
#include "sim/io/output/result_writer.hpp"
#include "sim/io/output/statistics.hpp"
#include "sim/core/date.hpp"

namespace yucun::output {

namespace {

namespace fs = std::filesystem;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// ---- Reading a result file ----------------------------------------------------------

// What compare needs of one result file, read through the one ResultReader;
// its yearly variables are read on demand, as [run][year][index] (a file
// without a run dimension is one run).
class ComparedFile {
 public:
  // Throws CompareError naming the file.
  explicit ComparedFile(std::string path);

  std::string path;
  std::string scenario;
  std::vector<std::string> villages, townships;
  std::vector<double> population;
  std::optional<std::size_t> gateway;  // absent in files older than the attribute
  std::size_t runs = 1;
  std::string posterior;  // the calibration whose posterior the runs drew from (yucun run --posterior), or empty
  // Each run's (seed, replicate): what keys its random streams. Empty when
  // the file does not say (then its runs cannot be paired).
  std::vector<std::pair<std::uint64_t, std::uint64_t>> streams;
  std::vector<int> years;
  Date start;
  int days = 0;

  Date end() const { return start + (days - 1); }
  bool has(const std::string& name) const { return file_->has_variable(name); }
  // A yearly variable, checked to be [run,] year[, village]; values [run][year][index].
  std::vector<double> yearly(const std::string& name, bool per_village) const;

 private:
  void open();
  std::optional<ResultReader> file_;
};

ComparedFile::ComparedFile(std::string path_) : path(std::move(path_)) {
  try {
    open();
  } catch (const CompareError&) {
    throw;
  } catch (const OutputError& e) {
    const std::string what = e.what();
    throw CompareError(what.find(path) == std::string::npos ? fmt::format("'{}': {}", path, what) : what);
  }
}

void ComparedFile::open() {
  file_.emplace(path);
  const ResultReader& f = *file_;
  for (const char* needed : {"year", "village_township", "village_population"})
    if (!has(needed)) throw CompareError(fmt::format("'{}' is not a complete yucun result: it has no {}", path, needed));
  scenario = f.string_attribute("scenario_name");
  posterior = f.string_attribute("posterior_calibration");

  villages = f.strings("village_name");
  townships = f.strings("village_township");
  population = f.numbers("village_population");
  if (townships.size() != villages.size() || population.size() != villages.size())
    throw CompareError(fmt::format("'{}': village_name, village_township and village_population differ in length", path));
  if (const auto g = f.integer_attribute("gateway_village")) {
    if (*g < 0 || static_cast<std::size_t>(*g) >= villages.size())
      throw CompareError(fmt::format("'{}': gateway_village {} is not a village index", path, *g));
    gateway = static_cast<std::size_t>(*g);
  }

  for (double y : f.numbers("year")) years.push_back(static_cast<int>(y));
  if (years.empty()) throw CompareError(fmt::format("'{}' has no simulated years", path));
  for (std::size_t i = 1; i < years.size(); ++i)
    if (years[i] != years[i - 1] + 1) throw CompareError(fmt::format("'{}': the years are not consecutive", path));

  days = f.day_count();
  const auto first = f.start();
  if (!first || days <= 0)
    throw CompareError(fmt::format("'{}': time has units '{}' and {} days; expected 'days since YYYY-MM-DD'", path,
                                   f.time_units(), days));
  start = *first;
  if (start.year() != years.front() || end().year() != years.back())
    throw CompareError(fmt::format("'{}': the years {} to {} do not match the days {} to {}", path, years.front(),
                                   years.back(), start.to_string(), end().to_string()));

  if (has("run")) {
    runs = f.numbers("run").size();
    if (runs == 0) throw CompareError(fmt::format("'{}' holds no runs", path));
    if (has("seed") && has("replicate")) {
      const auto seeds = f.numbers("seed"), replicates = f.numbers("replicate");
      if (seeds.size() == runs && replicates.size() == runs)
        for (std::size_t r = 0; r < runs; ++r)
          streams.emplace_back(static_cast<std::uint64_t>(seeds[r]), static_cast<std::uint64_t>(replicates[r]));
    }
  } else if (const auto seed = f.integer_attribute("seed")) {
    streams.emplace_back(static_cast<std::uint64_t>(*seed), static_cast<std::uint64_t>(f.integer_attribute("run").value_or(0)));
  }
}

// Where the baseline's runs are in `f`: position i of the baseline is run
// pairing[i] of f, when both files hold the same (seed, replicate) pairs,
// each once (replicate r of both shares its random streams). Nothing
// otherwise, or with fewer than two runs.
std::optional<std::vector<std::size_t>> pairing(const ComparedFile& base, const ComparedFile& f) {
  if (base.streams.size() < 2 || base.streams.size() != f.streams.size() || base.streams.size() != base.runs ||
      f.streams.size() != f.runs)
    return std::nullopt;
  std::map<std::pair<std::uint64_t, std::uint64_t>, std::size_t> where;
  for (std::size_t r = 0; r < f.streams.size(); ++r)
    if (!where.emplace(f.streams[r], r).second) return std::nullopt;
  std::vector<std::size_t> out;
  for (const auto& key : base.streams) {
    const auto it = where.find(key);
    if (it == where.end()) return std::nullopt;
    out.push_back(it->second);
  }
  if (std::set<std::size_t>(out.begin(), out.end()).size() != out.size()) return std::nullopt;
  return out;
}

std::vector<double> ComparedFile::yearly(const std::string& name, bool per_village) const {
  std::vector<std::size_t> dims;
  std::vector<double> values = file_->numbers(name, &dims);
  std::vector<std::size_t> want;
  const bool run_dimension = has("run");
  if (run_dimension) want.push_back(runs);
  want.push_back(years.size());
  if (per_village) want.push_back(villages.size());
  if (dims != want) {
    auto show = [](const std::vector<std::size_t>& d) { return fmt::format("[{}]", fmt::join(d, ", ")); };
    throw CompareError(fmt::format("'{}': {} has shape {}, expected {} ({}year{})", path, name, show(dims), show(want),
                                   run_dimension ? "run, " : "", per_village ? ", village" : ""));
  }
  return values;
}

// ---- Indicators ---------------------------------------------------------------------

// One indicator at one place: a value per replicate.
struct Values {
  std::string indicator, where, units;
  std::vector<double> per_run;
};

struct Period {
  int first_year = 0, last_year = 0;
  std::string label() const {
    return first_year == last_year ? fmt::format("{}", first_year) : fmt::format("{}-{}", first_year, last_year);
  }
};

// The yearly variables each indicator reads (besides the village metadata),
// named by the series they summarise.
const std::map<std::string_view, std::vector<std::string>>& inputs() {
  static const std::map<std::string_view, std::vector<std::string>> m = {
      {"visitors", {yearly_variable(series::visitors)}},
      {"visitors_outside_core_share", {yearly_variable(series::visitors)}},
      {"visitor_spread", {yearly_variable(series::visitors)}},
      {"overnight_share", {yearly_variable(series::visitors), yearly_variable(series::overnight_guests)}},
      {"rural_income_per_capita", {yearly_variable(series::rural_income_per_capita)}},
      {"gini", {yearly_variable(series::gini)}},
      {"urban_rural_ratio", {yearly_variable(series::urban_rural_ratio)}},
      {"collective_income", {yearly_variable(series::collective_income)}},
      {"net_public_cost", {yearly_variable(series::net_public_cost)}},
      {"tea_income", {yearly_variable(series::income_tea)}},
      {"income_per_capita", {yearly_variable(series::village_income_per_capita)}},
  };
  return m;
}

// Computes the indicators of one file over the period, for the indicators in `chosen`.
std::vector<Values> indicators_of(const ComparedFile& f, const Period& period, const std::set<std::string_view>& chosen) {
  const std::size_t runs = f.runs, years = f.years.size(), nv = f.villages.size();
  const std::size_t y0 = static_cast<std::size_t>(period.first_year - f.years.front());
  const std::size_t y1 = static_cast<std::size_t>(period.last_year - f.years.front());
  const double k = static_cast<double>(y1 - y0 + 1);
  const std::size_t gateway = f.gateway.value_or(0);

  std::map<std::string, std::vector<double>> cache;
  auto load = [&](const std::string& name, bool per_village) -> const std::vector<double>& {
    auto it = cache.find(name);
    if (it == cache.end()) it = cache.emplace(name, f.yearly(name, per_village)).first;
    return it->second;
  };
  // Value of a variable in run r, year y (index into the file's years), place v.
  auto area = [&](const std::vector<double>& x, std::size_t r, std::size_t y) { return x[r * years + y]; };
  auto village = [&](const std::vector<double>& x, std::size_t r, std::size_t y, std::size_t v) {
    return x[(r * years + y) * nv + v];
  };

  std::vector<Values> out;
  auto add = [&](std::string_view indicator, std::string where, std::string units,
                 const std::function<double(std::size_t)>& value_of_run) {
    Values v{std::string(indicator), std::move(where), std::move(units), {}};
    for (std::size_t r = 0; r < runs; ++r) v.per_run.push_back(value_of_run(r));
    out.push_back(std::move(v));
  };
  // Mean over the period's years of an area variable (times `scale`).
  auto area_mean = [&](std::string_view indicator, const std::string& name, std::string units, double scale) {
    const auto& x = load(name, false);
    add(indicator, "area", std::move(units), [&](std::size_t r) {
      double sum = 0;
      for (std::size_t y = y0; y <= y1; ++y) sum += area(x, r, y);
      return sum / k * scale;
    });
  };
  // Mean over the period's years of a village variable summed over villages.
  auto village_total = [&](std::string_view indicator, const std::string& name, std::string units, double scale) {
    const auto& x = load(name, true);
    add(indicator, "area", std::move(units), [&](std::size_t r) {
      double sum = 0;
      for (std::size_t y = y0; y <= y1; ++y)
        for (std::size_t v = 0; v < nv; ++v) sum += village(x, r, y, v);
      return sum / k * scale;
    });
  };
  // Visits per village over the whole period.
  auto visits_by_village = [&](std::size_t r) {
    const auto& x = load(yearly_variable(series::visitors), true);
    std::vector<double> visits(nv, 0.0);
    for (std::size_t y = y0; y <= y1; ++y)
      for (std::size_t v = 0; v < nv; ++v) visits[v] += village(x, r, y, v);
    return visits;
  };
  auto sum_of = [](const std::vector<double>& x) {
    double s = 0;
    for (double v : x) s += v;
    return s;
  };

  for (std::string_view indicator : kIndicators) {
    if (!chosen.contains(indicator)) continue;
    if (indicator == "visitors") {
      village_total(indicator, yearly_variable(series::visitors), "person-visits/year", 1);
    } else if (indicator == "visitors_outside_core_share") {
      add(indicator, "area", "1", [&](std::size_t r) {
        const auto visits = visits_by_village(r);
        const double total = sum_of(visits);
        return total > 0 ? 1 - visits[gateway] / total : 0.0;
      });
    } else if (indicator == "visitor_spread") {
      add(indicator, "area", "villages", [&](std::size_t r) {
        const auto visits = visits_by_village(r);
        const double total = sum_of(visits);
        if (!(total > 0)) return 0.0;
        double concentration = 0;
        for (double v : visits) concentration += (v / total) * (v / total);
        return 1 / concentration;
      });
    } else if (indicator == "overnight_share") {
      const auto& nights = load(yearly_variable(series::overnight_guests), true);
      add(indicator, "area", "1", [&](std::size_t r) {
        const double total = sum_of(visits_by_village(r));
        double guests = 0;
        for (std::size_t y = y0; y <= y1; ++y)
          for (std::size_t v = 0; v < nv; ++v) guests += village(nights, r, y, v);
        return total > 0 ? guests / total : 0.0;
      });
    } else if (indicator == "rural_income_per_capita") {
      area_mean(indicator, yearly_variable(series::rural_income_per_capita), "yuan/year", 1);
    } else if (indicator == "gini") {
      area_mean(indicator, yearly_variable(series::gini), "1", 1);
    } else if (indicator == "urban_rural_ratio") {
      area_mean(indicator, yearly_variable(series::urban_rural_ratio), "1", 1);
    } else if (indicator == "collective_income") {
      village_total(indicator, yearly_variable(series::collective_income), "yuan/year", 0.01);
    } else if (indicator == "net_public_cost") {
      area_mean(indicator, yearly_variable(series::net_public_cost), "yuan/year", 0.01);
    } else if (indicator == "tea_income") {
      village_total(indicator, yearly_variable(series::income_tea), "yuan/year", 0.01);
    } else if (indicator == "income_per_capita") {
      const auto& x = load(yearly_variable(series::village_income_per_capita), true);
      // Townships in order of first appearance, each population-weighted over its villages.
      std::vector<std::string> township_order;
      for (const auto& t : f.townships)
        if (std::find(township_order.begin(), township_order.end(), t) == township_order.end())
          township_order.push_back(t);
      for (const auto& t : township_order) {
        add(indicator, "township:" + t, "yuan/year", [&](std::size_t r) {
          double sum = 0;
          for (std::size_t y = y0; y <= y1; ++y) {
            double weighted = 0, weight = 0, plain = 0, members = 0;
            for (std::size_t v = 0; v < nv; ++v) {
              if (f.townships[v] != t) continue;
              weighted += f.population[v] * village(x, r, y, v);
              weight += f.population[v];
              plain += village(x, r, y, v);
              members += 1;
            }
            sum += weight > 0 ? weighted / weight : plain / members;
          }
          return sum / k;
        });
      }
      for (std::size_t v = 0; v < nv; ++v) {
        add(indicator, f.villages[v], "yuan/year", [&](std::size_t r) {
          double sum = 0;
          for (std::size_t y = y0; y <= y1; ++y) sum += village(x, r, y, v);
          return sum / k;
        });
      }
    }
  }
  return out;
}

// ---- Formatting helpers -------------------------------------------------------------

// Shortest text that reads back as the same double; empty for NaN and infinities.
std::string number(double x) { return std::isfinite(x) ? fmt::format("{}", x) : std::string(); }

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) out += fmt::format("\\u{:04x}", c);
        else out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

std::string json_number(double x) { return std::isfinite(x) ? fmt::format("{}", x) : "null"; }

// How a row's numbers are shown in the table: scaled by the size of the
// baseline's mean, with the same decimals for the mean, interval and difference.
struct NumberStyle {
  double divisor = 1;
  const char* suffix = "";
  int decimals = 3;
};

NumberStyle style_for(double reference) {
  const double a = std::fabs(reference);
  if (!std::isfinite(a) || a == 0) return {};
  if (a >= 1e9) return {1e9, "G", 3};
  if (a >= 1e6) return {1e6, "M", 3};
  if (a >= 1e3) return {1, "", 0};
  const int magnitude = static_cast<int>(std::floor(std::log10(a)));
  return {1, "", std::clamp(3 - magnitude, 0, 6)};
}

std::string styled(double x, const NumberStyle& s, bool sign = false) {
  if (!std::isfinite(x)) return "-";
  const double v = x / s.divisor;
  return (sign ? fmt::format("{:+.{}f}", v, s.decimals) : fmt::format("{:.{}f}", v, s.decimals)) + s.suffix;
}

// Display width of UTF-8 text (code points; the names here are not wide characters).
std::size_t width_of(const std::string& s) {
  std::size_t w = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++w;
  return w;
}

std::string pad(const std::string& s, std::size_t width, bool right = false) {
  const std::size_t w = width_of(s);
  if (w >= width) return s;
  return right ? std::string(width - w, ' ') + s : s + std::string(width - w, ' ');
}

}  // namespace

std::string_view to_string(Distinguishable d) {
  switch (d) {
    case Distinguishable::baseline: return "";
    case Distinguishable::yes: return "yes";
    case Distinguishable::no: return "no";
    case Distinguishable::not_available: return "n/a";
  }
  return "";
}

Comparison compare_results(const std::vector<std::string>& files, const CompareOptions& options) {
  if (files.empty()) throw CompareError("no result files to compare");
  // The baseline first: the one named (added when not among the files), or the first file.
  std::vector<std::string> order = files;
  if (options.baseline) {
    auto same = [&](const std::string& f) {
      std::error_code ec;
      return f == *options.baseline || fs::equivalent(f, *options.baseline, ec);
    };
    const auto it = std::find_if(order.begin(), order.end(), same);
    if (it != order.end()) order.erase(it);
    order.insert(order.begin(), *options.baseline);
  }
  std::vector<ComparedFile> readers;
  for (const auto& path : order) readers.emplace_back(path);
  const ComparedFile& base = readers.front();

  for (std::size_t i = 1; i < readers.size(); ++i) {
    const ComparedFile& f = readers[i];
    if (f.villages.size() != base.villages.size())
      throw CompareError(fmt::format("'{}' has {} villages, the baseline '{}' {}: only runs of the same villages compare",
                                     f.path, f.villages.size(), base.path, base.villages.size()));
    for (std::size_t v = 0; v < f.villages.size(); ++v)
      if (f.villages[v] != base.villages[v] || f.townships[v] != base.townships[v])
        throw CompareError(fmt::format("'{}' has different villages from the baseline '{}': village {} is '{}' ({}) there, "
                                       "'{}' ({}) in the baseline",
                                       f.path, base.path, v, f.villages[v], f.townships[v], base.villages[v],
                                       base.townships[v]));
  }

  // The period: the years asked for, or the last simulated year, which the files must share.
  Period period;
  if (options.from_year || options.to_year) {
    period.first_year = options.from_year.value_or(base.years.front());
    period.last_year = options.to_year.value_or(base.years.back());
    if (period.first_year > period.last_year)
      throw CompareError(fmt::format("the period {} to {} is empty: the first year is after the last", period.first_year,
                                     period.last_year));
  } else {
    period.first_year = period.last_year = base.years.back();
    for (const ComparedFile& f : readers)
      if (f.years.back() != base.years.back())
        throw CompareError(fmt::format("'{}' ends in {}, the baseline '{}' in {}: the files do not share their last "
                                       "simulated year; choose the period with --year or --from/--to",
                                       f.path, f.years.back(), base.path, base.years.back()));
  }
  const Date period_start = Date::from_ymd(period.first_year, 1, 1);
  const Date period_end = Date::from_ymd(period.last_year, 12, 31);
  auto covered = [&](const ComparedFile& f) {
    return std::pair{std::max(f.start, period_start), std::min(f.end(), period_end)};
  };
  for (const ComparedFile& f : readers) {
    if (period.first_year < f.years.front() || period.last_year > f.years.back())
      throw CompareError(fmt::format("'{}' simulates {} to {}, not the period {}", f.path, f.years.front(),
                                     f.years.back(), period.label()));
    if (covered(f) != covered(base)) {
      const auto [a0, a1] = covered(f);
      const auto [b0, b1] = covered(base);
      throw CompareError(fmt::format("'{}' covers {} to {} of the period {}, the baseline '{}' {} to {}: the files do "
                                     "not share the period",
                                     f.path, a0.to_string(), a1.to_string(), period.label(), base.path, b0.to_string(),
                                     b1.to_string()));
    }
  }

  Comparison c;
  c.first_year = period.first_year;
  c.last_year = period.last_year;
  c.period = period.label();
  // A year the runs cover only in part (a run starting or ending mid-year):
  // its flows are part-year sums, never labelled as yearly figures.
  std::vector<std::string> partial;
  for (int y = period.first_year; y <= period.last_year; ++y) {
    const Date y0 = Date::from_ymd(y, 1, 1), y1 = Date::from_ymd(y, 12, 31);
    const int in_year = (y1 - y0) + 1;
    const int covered_days = (std::min(base.end(), y1) - std::max(base.start, y0)) + 1;
    if (covered_days < in_year) {
      partial.push_back(fmt::format("{} of {} days in {}", covered_days, in_year, y));
      c.notes.push_back(fmt::format("{} is covered only from {} to {} ({} of its {} days): its flows (visits, incomes, "
                                    "costs) are part-year sums, marked /part-year; choose --year or --from/--to within "
                                    "whole simulated years for yearly figures",
                                    y, std::max(base.start, y0).to_string(), std::min(base.end(), y1).to_string(),
                                    covered_days, in_year));
    }
  }
  if (!partial.empty()) c.period += fmt::format(" (part: {})", fmt::join(partial, "; "));
  // Indicators whose variables some file lacks are left out, with a note.
  std::set<std::string_view> chosen;
  for (std::string_view indicator : kIndicators) {
    std::string missing;
    for (const ComparedFile& f : readers) {
      for (const auto& name : inputs().at(indicator))
        if (!f.has(name)) {
          missing = fmt::format("'{}' has no {}", f.path, name);
          break;
        }
      if (!missing.empty()) break;
    }
    if (missing.empty()) chosen.insert(indicator);
    else c.notes.push_back(fmt::format("{} left out: {}", indicator, missing));
  }
  for (const ComparedFile& f : readers)
    if (!f.posterior.empty())
      c.notes.push_back(fmt::format("'{}': its {} runs are draws from the posterior of calibration '{}', each with its "
                                    "own random streams: its intervals include parameter uncertainty as well as "
                                    "run-to-run noise",
                                    f.path, f.runs, f.posterior));
  for (const ComparedFile& f : readers)
    if (!f.gateway && chosen.contains("visitors_outside_core_share"))
      c.notes.push_back(fmt::format("'{}' names no tourism gateway (gateway_village): taking the first village, {}",
                                    f.path, f.villages.front()));

  std::map<std::string, int> name_count;
  for (const ComparedFile& f : readers) ++name_count[f.scenario];
  std::vector<std::vector<Values>> values;
  for (const ComparedFile& f : readers) {
    c.files.push_back(f.path);
    c.labels.push_back(name_count[f.scenario] > 1 || f.scenario.empty() ? fs::path(f.path).filename().string()
                                                                         : f.scenario);
    c.replicates.push_back(f.runs);
    values.push_back(indicators_of(f, period, chosen));
  }
  for (std::size_t i = 0; i < readers.size(); ++i) {
    const auto paired = i == 0 ? std::nullopt : pairing(readers[0], readers[i]);
    if (i > 0 && !paired && readers[i].runs > 1 && readers[0].runs > 1)
      c.notes.push_back(fmt::format("'{}': its runs are not the baseline's replicates (the same seeds and replicate "
                                    "numbers): differences use Welch's unpaired interval",
                                    readers[i].path));
    for (std::size_t j = 0; j < values[i].size(); ++j) {
      const Values& v = values[i][j];
      const Values& b = values[0][j];
      ComparisonRow row;
      row.scenario = readers[i].scenario;
      row.file = readers[i].path;
      row.indicator = v.indicator;
      row.where = v.where;
      row.units = v.units;
      if (!partial.empty() && row.units.ends_with("/year"))
        row.units = row.units.substr(0, row.units.size() - 5) + "/part-year";
      row.period = c.period;
      row.replicates = v.per_run.size();
      const MeanInterval m = mean_interval(v.per_run);
      row.mean = m.mean;
      row.ci_low = m.low;
      row.ci_high = m.high;
      if (i == 0) {
        row.diff = row.diff_ci_low = row.diff_ci_high = kNaN;
        row.distinguishable = Distinguishable::baseline;
      } else {
        DifferenceInterval d;
        if (paired) {
          std::vector<double> matched;
          for (std::size_t r : *paired) matched.push_back(v.per_run.at(r));
          d = paired_interval(b.per_run, matched);
          row.diff_method = "paired";
        } else {
          d = welch_interval(b.per_run, v.per_run);
          row.diff_method = "welch";
        }
        const double base_mean = mean_interval(b.per_run).mean;
        row.pct_change = base_mean != 0 ? 100.0 * d.diff / std::fabs(base_mean) : kNaN;
        row.diff = d.diff;
        row.diff_ci_low = d.low;
        row.diff_ci_high = d.high;
        row.distinguishable = std::isnan(d.low)                ? Distinguishable::not_available
                              : (d.low > 0 || d.high < 0) ? Distinguishable::yes
                                                              : Distinguishable::no;
      }
      c.rows.push_back(std::move(row));
    }
  }
  return c;
}

std::string comparison_csv(const Comparison& c) {
  std::string out(kComparisonCsvHeader);
  out += '\n';
  for (const ComparisonRow& r : c.rows) {
    out += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n", csv_field(r.scenario), csv_field(r.file),
                       csv_field(r.indicator), csv_field(r.where), csv_field(r.units), csv_field(r.period), r.replicates,
                       number(r.mean), number(r.ci_low), number(r.ci_high), number(r.diff), number(r.diff_ci_low),
                       number(r.diff_ci_high), to_string(r.distinguishable), r.diff_method,
                       r.diff_method.empty() ? std::string() : number(r.pct_change));
  }
  return out;
}

std::string comparison_json(const Comparison& c) {
  std::string out = "[";
  for (std::size_t i = 0; i < c.rows.size(); ++i) {
    const ComparisonRow& r = c.rows[i];
    const std::string_view d = to_string(r.distinguishable);
    out += i == 0 ? "\n" : ",\n";
    out += fmt::format(
        "  {{\"scenario\": {}, \"file\": {}, \"indicator\": {}, \"where\": {}, \"units\": {}, \"period\": {}, "
        "\"replicates\": {}, \"mean\": {}, \"ci_low\": {}, \"ci_high\": {}, \"diff\": {}, \"diff_ci_low\": {}, "
        "\"diff_ci_high\": {}, \"distinguishable\": {}, \"diff_method\": {}, \"pct_change\": {}}}",
        json_string(r.scenario), json_string(r.file), json_string(r.indicator), json_string(r.where),
        json_string(r.units), json_string(r.period), r.replicates, json_number(r.mean), json_number(r.ci_low),
        json_number(r.ci_high), json_number(r.diff), json_number(r.diff_ci_low), json_number(r.diff_ci_high),
        d.empty() ? std::string("null") : json_string(std::string(d)),
        r.diff_method.empty() ? std::string("null") : json_string(r.diff_method),
        r.diff_method.empty() ? std::string("null") : json_number(r.pct_change));
  }
  out += c.rows.empty() ? "]\n" : "\n]\n";
  return out;
}

std::string comparison_table(const Comparison& c) {
  const std::size_t files = c.files.size();
  if (files == 0 || c.rows.empty()) return "nothing to compare\n";
  const std::size_t per_file = c.rows.size() / files;
  // Columns: indicator, where, units, then per file "mean ± half-width" and,
  // after the baseline's, "Δ ± half-width" and its mark.
  enum Align { left, right };
  std::vector<Align> align = {left, left, left};
  std::vector<std::string> header = {"indicator", "where", "units"};
  for (std::size_t f = 0; f < files; ++f) {
    header.push_back(fmt::format("{} (n={})", c.labels[f], c.replicates[f]));
    align.push_back(right);
    if (f == 0) continue;
    header.push_back("Δ from baseline");
    align.push_back(right);
    header.push_back("");
    align.push_back(left);
  }
  std::vector<std::vector<std::string>> cells = {header};
  for (std::size_t j = 0; j < per_file; ++j) {
    const ComparisonRow& b = c.rows[j];
    const NumberStyle style = style_for(b.mean);
    std::vector<std::string> line = {b.indicator, b.where, b.units};
    for (std::size_t f = 0; f < files; ++f) {
      const ComparisonRow& r = c.rows[f * per_file + j];
      const double half = (r.ci_high - r.ci_low) / 2;
      line.push_back(std::isfinite(half) ? fmt::format("{} ± {}", styled(r.mean, style), styled(half, style))
                                         : styled(r.mean, style));
      if (f == 0) continue;
      const double diff_half = (r.diff_ci_high - r.diff_ci_low) / 2;
      std::string diff = styled(r.diff, style, true);
      if (std::isfinite(diff_half)) diff += fmt::format(" ± {}", styled(diff_half, style));
      if (std::isfinite(r.pct_change)) diff += fmt::format(" ({:+.1f}%)", r.pct_change);
      if (r.diff_method == "welch" && std::isfinite(diff_half)) diff += " W";
      line.push_back(diff);
      line.push_back(r.distinguishable == Distinguishable::no              ? "~"
                     : r.distinguishable == Distinguishable::not_available ? "n/a"
                                                                           : "");
    }
    cells.push_back(std::move(line));
  }
  std::vector<std::size_t> widths(header.size(), 0);
  for (const auto& line : cells)
    for (std::size_t k = 0; k < line.size(); ++k) widths[k] = std::max(widths[k], width_of(line[k]));

  auto name_of = [&](std::size_t f) {
    return c.labels[f] == fs::path(c.files[f]).filename().string() ? c.files[f]
                                                                    : fmt::format("{} ({})", c.labels[f], c.files[f]);
  };
  std::string out = fmt::format("period {}; baseline {}\n", c.period, name_of(0));
  for (std::size_t f = 1; f < files; ++f) out += fmt::format("compared: {}\n", name_of(f));
  bool any_welch = false, any_paired = false;
  for (const ComparisonRow& r : c.rows) {
    if (!std::isfinite(r.diff_ci_low)) continue;  // no interval (one replicate)
    any_welch = any_welch || r.diff_method == "welch";
    any_paired = any_paired || r.diff_method == "paired";
  }
  out += "mean ± half-width of its 95% confidence interval over the n replicates; Δ: difference from the baseline ± "
         "half-width of its 95% interval (change in %), ";
  out += !any_welch && !any_paired ? "no interval without replicates;\n"
         : any_welch ? (any_paired ? "paired by replicate where both files hold the same seeds and replicates, else "
                                   "Welch's unpaired interval (marked W);\n"
                                 : "Welch's unpaired interval (W: the files do not hold the same replicates);\n")
                   : "paired by replicate (the files hold the same seeds and replicates: replicate r shares its "
                     "random streams);\n";
  out += "~ not distinguishable from noise (the interval of Δ includes 0); n/a: a single replicate, no interval; "
         "money in yuan; M = million\n\n";
  for (std::size_t row = 0; row < cells.size(); ++row) {
    std::string text;
    for (std::size_t k = 0; k < cells[row].size(); ++k) {
      if (k > 0) text += "  ";
      text += pad(cells[row][k], widths[k], align[k] == right && row > 0);
    }
    while (!text.empty() && text.back() == ' ') text.pop_back();
    out += text + "\n";
  }
  return out;
}

}  // namespace yucun::output
