#include "sim/io/output/result_compare.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <functional>
#include <limits>
#include <map>
#include <set>

#include <fmt/format.h>

#include "sim/io/output/statistics.hpp"
#include "sim/io/output/text_fields.hpp"
#include "sim/core/date.hpp"

namespace yucun::output {

namespace {

namespace fs = std::filesystem;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Where the baseline's runs are in `f`: position i of the baseline is run
// pairing[i] of f, when both files hold the same (seed, replicate) pairs,
// each once (replicate r of both shares its random streams). Nothing
// otherwise, or with fewer than two runs.
std::optional<std::vector<std::size_t>> pairing(const IndicatorFile& base, const IndicatorFile& f) {
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

// ---- Formatting helpers -------------------------------------------------------------

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
  std::vector<IndicatorFile> readers;
  for (const auto& path : order) readers.emplace_back(path);
  const IndicatorFile& base = readers.front();

  for (const IndicatorFile& f : readers)
    if (f.is_sweep())
      throw CompareError(fmt::format(
          "'{}' is a sweep ({} design, {} runs): compare treats a file's runs as replicates of one scenario, and a "
          "sweep's runs are different scenarios; use `yucun table {}` for its runs by design point, with their "
          "parameters",
          f.path, f.design, f.runs, f.path));
  for (std::size_t i = 1; i < readers.size(); ++i) {
    const IndicatorFile& f = readers[i];
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

  // The period: the years asked for, or the whole run (the files hold no spin-up).
  Period period{options.from_year.value_or(base.years.front()), options.to_year.value_or(base.years.back())};
  if (period.first_year > period.last_year)
    throw CompareError(fmt::format("the period {} to {} is empty: the first year is after the last", period.first_year,
                                   period.last_year));
  // The default period is each file's whole run: the runs must then be of the same days.
  if (!options.from_year && !options.to_year)
    for (const IndicatorFile& f : readers)
      if (f.start != base.start || f.end() != base.end())
        throw CompareError(fmt::format("'{}' runs from {} to {}, the baseline '{}' from {} to {}: compare looks at the "
                                       "whole run by default, which the files do not share; choose a period they share "
                                       "with --year or --from/--to",
                                       f.path, f.start.to_string(), f.end().to_string(), base.path,
                                       base.start.to_string(), base.end().to_string()));
  for (const IndicatorFile& f : readers) {
    if (period.first_year < f.years.front() || period.last_year > f.years.back())
      throw CompareError(fmt::format("'{}' simulates {} to {}, not the period {}", f.path, f.years.front(),
                                     f.years.back(), period.label()));
    if (f.covered(period) != base.covered(period)) {
      const auto [a0, a1] = f.covered(period);
      const auto [b0, b1] = base.covered(period);
      throw CompareError(fmt::format("'{}' covers {} to {} of the period {}, the baseline '{}' {} to {}: the files do "
                                     "not share the period; choose one they share with --year or --from/--to",
                                     f.path, a0.to_string(), a1.to_string(), period.label(), base.path, b0.to_string(),
                                     b1.to_string()));
    }
  }

  Comparison c;
  c.first_year = period.first_year;
  c.last_year = period.last_year;
  // The periods of the rows: the whole period, then each of its years on request.
  struct RowPeriod {
    Period years;
    std::string label;
  };
  auto label_of = [&](const Period& p) {
    const auto [first, last] = base.covered(p);
    const Date whole_first = Date::from_ymd(p.first_year, 1, 1), whole_last = Date::from_ymd(p.last_year, 12, 31);
    if (first == whole_first && last == whole_last) return p.label();
    return fmt::format("{} ({} to {}, {} of {} days)", p.label(), first.to_string(), last.to_string(),
                       (last - first) + 1, (whole_last - whole_first) + 1);
  };
  std::vector<RowPeriod> periods = {{period, label_of(period)}};
  c.period = periods.front().label;
  if (options.per_year && period.first_year < period.last_year)
    for (int y = period.first_year; y <= period.last_year; ++y) periods.push_back({{y, y}, label_of({y, y})});
  {
    const auto [first, last] = base.covered(period);
    if (first != Date::from_ymd(period.first_year, 1, 1) || last != Date::from_ymd(period.last_year, 12, 31))
      c.notes.push_back(fmt::format("the runs cover {} to {} of {}: totals are over those days, not whole years",
                                    first.to_string(), last.to_string(), period.label()));
  }

  // What to compare: the indicators asked for at the levels asked for, or
  // the key indicators at the levels asked for that they have values at
  // (default: area, and income per capita by township and village).
  std::vector<IndicatorRequest> requests;
  if (options.indicators.empty()) {
    for (std::string_view indicator : kKeyIndicators) {
      std::string missing;
      for (const IndicatorFile& f : readers) {
        for (const auto& name : key_indicator_inputs(indicator))
          if (!f.has(name)) {
            missing = fmt::format("'{}' has no {}", f.path, name);
            break;
          }
        if (!missing.empty()) break;
      }
      if (!missing.empty()) {
        c.notes.push_back(fmt::format("{} left out: {}", indicator, missing));
        continue;
      }
      if (!options.levels.empty()) {
        for (Level level : options.levels)
          if (key_indicator_at(indicator, level)) requests.push_back({std::string(indicator), level, options.discount, std::nullopt});
      } else if (indicator == "income_per_capita") {
        requests.push_back({std::string(indicator), Level::township, options.discount, std::nullopt});
        requests.push_back({std::string(indicator), Level::village, options.discount, std::nullopt});
      } else {
        requests.push_back({std::string(indicator), Level::area, options.discount, std::nullopt});
      }
    }
  } else {
    const std::vector<Level> levels = options.levels.empty() ? std::vector<Level>{Level::area} : options.levels;
    for (const auto& name : options.indicators)
      for (Level level : levels) requests.push_back({name, level, options.discount, std::nullopt});
  }
  for (const IndicatorFile& f : readers)
    if (!f.posterior.empty())
      c.notes.push_back(fmt::format("'{}': its {} runs are draws from the posterior of calibration '{}', each with its "
                                    "own random streams: its intervals include parameter uncertainty as well as "
                                    "run-to-run noise",
                                    f.path, f.runs, f.posterior));
  const bool gateway_used = std::any_of(requests.begin(), requests.end(),
                                        [](const auto& r) { return r.name == "visitors_outside_core_share"; });
  for (const IndicatorFile& f : readers)
    if (!f.gateway && gateway_used)
      c.notes.push_back(fmt::format("'{}' names no tourism gateway (gateway_village): taking the first village, {}",
                                    f.path, f.villages.front()));

  std::map<std::string, int> name_count;
  for (const IndicatorFile& f : readers) ++name_count[f.scenario];
  // values[file]: the rows' values in order (request, place, period).
  struct Value {
    IndicatorValues values;
    std::string period;
  };
  std::vector<std::vector<Value>> values;
  for (const IndicatorFile& f : readers) {
    c.files.push_back(f.path);
    c.labels.push_back(name_count[f.scenario] > 1 || f.scenario.empty() ? fs::path(f.path).filename().string()
                                                                         : f.scenario);
    c.replicates.push_back(f.runs);
    std::vector<Value> of_file;
    for (const IndicatorRequest& request : requests) {
      // Period by period, then interleaved so that each place's years follow its period row.
      std::vector<std::vector<IndicatorValues>> by_period;
      IndicatorRequest asked = request;
      asked.discount_to_year = period.first_year;
      for (const RowPeriod& p : periods) by_period.push_back(indicator_values(f, asked, p.years));
      for (std::size_t k = 0; k < by_period.front().size(); ++k)
        for (std::size_t p = 0; p < periods.size(); ++p) of_file.push_back({by_period[p][k], periods[p].label});
    }
    values.push_back(std::move(of_file));
  }
  for (std::size_t i = 0; i < readers.size(); ++i) {
    const auto paired = i == 0 ? std::nullopt : pairing(readers[0], readers[i]);
    if (i > 0 && !paired && readers[i].runs > 1 && readers[0].runs > 1)
      c.notes.push_back(fmt::format("'{}': its runs are not the baseline's replicates (the same seeds and replicate "
                                    "numbers): differences use Welch's unpaired interval",
                                    readers[i].path));
    for (std::size_t j = 0; j < values[i].size(); ++j) {
      const IndicatorValues& v = values[i][j].values;
      const IndicatorValues& b = values[0][j].values;
      ComparisonRow row;
      row.scenario = readers[i].scenario;
      row.file = readers[i].path;
      row.indicator = v.indicator;
      row.where = v.level == Level::township ? "township:" + v.where : v.where;
      row.units = v.units;
      row.summary = v.summary;
      row.period = values[i][j].period;
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
    out += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n", csv_field(r.scenario), csv_field(r.file),
                       csv_field(r.indicator), csv_field(r.where), csv_field(r.units), csv_field(r.period), r.replicates,
                       csv_number(r.mean), csv_number(r.ci_low), csv_number(r.ci_high), csv_number(r.diff), csv_number(r.diff_ci_low),
                       csv_number(r.diff_ci_high), to_string(r.distinguishable), r.diff_method,
                       r.diff_method.empty() ? std::string() : csv_number(r.pct_change), r.summary);
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
        "\"diff_ci_high\": {}, \"distinguishable\": {}, \"diff_method\": {}, \"pct_change\": {}, \"summary\": {}}}",
        json_string(r.scenario), json_string(r.file), json_string(r.indicator), json_string(r.where),
        json_string(r.units), json_string(r.period), r.replicates, json_number(r.mean), json_number(r.ci_low),
        json_number(r.ci_high), json_number(r.diff), json_number(r.diff_ci_low), json_number(r.diff_ci_high),
        d.empty() ? std::string("null") : json_string(std::string(d)),
        r.diff_method.empty() ? std::string("null") : json_string(r.diff_method),
        r.diff_method.empty() ? std::string("null") : json_number(r.pct_change), json_string(r.summary));
  }
  out += c.rows.empty() ? "]\n" : "\n]\n";
  return out;
}

std::string comparison_table(const Comparison& c) {
  const std::size_t files = c.files.size();
  if (files == 0 || c.rows.empty()) return "nothing to compare\n";
  const std::size_t per_file = c.rows.size() / files;
  // Columns: indicator, where, (period, with rows of several periods),
  // units, then per file "mean ± half-width" and, after the baseline's,
  // "Δ ± half-width" and its mark.
  bool several_periods = false;
  for (const ComparisonRow& r : c.rows) several_periods = several_periods || r.period != c.period;
  enum Align { left, right };
  std::vector<Align> align = {left, left, left};
  std::vector<std::string> header = {"indicator", "where", "units"};
  if (several_periods) {
    header.insert(header.begin() + 2, "period");
    align.push_back(left);
  }
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
    // A multi-year period says how its years combine.
    const bool one_year = b.period.size() >= 4 && (b.period.size() == 4 || b.period[4] == ' ');
    std::string units = b.units;
    if (!one_year && b.summary == "total") units += ", total";
    if (!one_year && b.summary == "mean") units += ", mean of years";
    std::vector<std::string> line = {b.indicator, b.where, units};
    if (several_periods) line.insert(line.begin() + 2, b.period);
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
         "money in yuan; M = million";
  if (c.first_year != c.last_year)
    out += ";\nflows (visits, incomes, costs) are totals over the period, rates (per-capita incomes, ratios) means of "
           "its years";
  out += "\n\n";
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
