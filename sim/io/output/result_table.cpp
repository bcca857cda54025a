#include "sim/io/output/result_table.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <tuple>

#include <fmt/format.h>

#include "sim/io/output/result_reader.hpp"
#include "sim/io/output/text_fields.hpp"

namespace yucun::output {

namespace {

// What identifies a run: these lead the row; other run variables (a sweep's
// parameters, a posterior draw's values) follow as columns.
constexpr std::string_view kRunKeys[] = {"run", "point", "replicate", "seed", "run_status", "status"};
// Run variables left out: the text of an error and the design's unit coordinates.
bool left_out(const std::string& name) { return name == "error" || name.starts_with("unit_"); }

// The run variables of a file with a run dimension: name -> a cell per run.
std::vector<std::pair<std::string, std::vector<TableCell>>> run_columns(const IndicatorFile& f) {
  std::vector<std::pair<std::string, std::vector<TableCell>>> keys, others;
  const ResultReader& reader = f.reader();
  if (!reader.has_run_dimension()) {
    std::vector<TableCell> run{0.0};
    if (const auto r = reader.integer_attribute("run")) run = {static_cast<double>(*r)};
    keys.emplace_back("run", run);
    if (const auto s = reader.unsigned_attribute("seed")) keys.emplace_back("seed", std::vector<TableCell>{*s});
    return keys;
  }
  for (const auto& v : reader.variables()) {
    if (v.dims != std::vector<std::string>{"run"} || left_out(v.name)) continue;
    std::vector<TableCell> cells;
    if (v.name == "seed") {
      for (std::uint64_t x : reader.unsigned_variable(v.name)) cells.emplace_back(x);
    } else if (v.numeric) {
      for (double x : reader.numbers(v.name))
        cells.push_back(std::isnan(x) ? TableCell{} : TableCell{x});
    } else {
      for (auto& s : reader.string_variable(v.name)) cells.push_back(std::move(s));
    }
    if (cells.size() != f.runs) continue;
    const bool key = std::find(std::begin(kRunKeys), std::end(kRunKeys), v.name) != std::end(kRunKeys);
    (key ? keys : others).emplace_back(v.name, std::move(cells));
  }
  // `status` is the older name of `run_status` (files keep both): one column.
  const bool has_run_status =
      std::any_of(keys.begin(), keys.end(), [](const auto& k) { return k.first == "run_status"; });
  if (has_run_status) std::erase_if(keys, [](const auto& k) { return k.first == "status"; });
  std::sort(keys.begin(), keys.end(), [](const auto& a, const auto& b) {
    auto rank = [](const std::string& n) { return std::find(std::begin(kRunKeys), std::end(kRunKeys), n) - std::begin(kRunKeys); };
    return rank(a.first) < rank(b.first);
  });
  // A sweep's parameters in the design's order (its `parameters` attribute), the rest by name.
  std::vector<std::string> design_order;
  for (std::string rest = reader.string_attribute("parameters"); !rest.empty();) {
    const auto comma = rest.find(',');
    design_order.push_back("param_" + rest.substr(0, comma));
    rest = comma == std::string::npos ? "" : rest.substr(comma + 1);
  }
  std::stable_sort(others.begin(), others.end(), [&](const auto& a, const auto& b) {
    auto rank = [&](const std::string& n) {
      return std::find(design_order.begin(), design_order.end(), n) - design_order.begin();
    };
    return rank(a.first) < rank(b.first);
  });
  keys.insert(keys.end(), std::make_move_iterator(others.begin()), std::make_move_iterator(others.end()));
  return keys;
}

}  // namespace

ResultTable result_table(const std::string& path, const TableOptions& options) {
  const IndicatorFile f(path);
  ResultTable t;
  const Period period{options.from_year.value_or(f.years.front()), options.to_year.value_or(f.years.back())};
  std::vector<Period> periods = {period};
  if (options.per_year && period.first_year < period.last_year)
    for (int y = period.first_year; y <= period.last_year; ++y) periods.push_back({y, y});
  const std::vector<Level> levels = options.levels.empty() ? std::vector<Level>{Level::area} : options.levels;

  // The indicators: those asked for, each with a value at one level at least,
  // or the key indicators the file has.
  std::vector<std::string> indicators = options.indicators;
  if (indicators.empty()) {
    for (std::string_view key : kKeyIndicators)
      for (Level level : levels)
        if (indicator_at(f, key, level)) {
          indicators.emplace_back(key);
          break;
        }
  } else {
    for (const auto& name : indicators) {
      const bool anywhere =
          std::any_of(levels.begin(), levels.end(), [&](Level l) { return indicator_at(f, name, l); });
      // indicator_values says why (unknown, daily only, area-wide only).
      if (!anywhere) indicator_values(f, {name, levels.front(), options.discount, std::nullopt}, period);
      if (!anywhere)
        throw IndicatorError(fmt::format("'{}': {} has no value at the levels asked for", f.path, name));
    }
  }

  // Columns: the run's keys and parameters, the place and period, then the indicators.
  const auto runs = run_columns(f);
  t.columns.push_back("scenario");
  for (const auto& [name, cells] : runs) t.columns.push_back(name);
  for (const char* c : {"level", "where", "period", "days"}) t.columns.emplace_back(c);
  const std::size_t first_indicator = t.columns.size();
  t.units.assign(first_indicator, "");

  // Each indicator column's values by (level, period, place): a value per run.
  using Key = std::tuple<Level, std::size_t, std::size_t>;
  struct Column {
    std::string name, units;
    std::map<Key, std::vector<double>> values;
  };
  std::vector<Column> columns;
  std::map<std::string, std::size_t> column_of;
  std::map<Level, std::vector<std::string>> places;  // the places of each level, in order
  for (const auto& name : indicators)
    for (Level level : levels) {
      if (!indicator_at(f, name, level)) continue;
      for (std::size_t p = 0; p < periods.size(); ++p) {
        // NPVs of the years discount to the period's first year, as the period's own does.
        const IndicatorRequest request{name, level, options.discount, period.first_year};
        std::vector<std::string> where;
        for (IndicatorValues& v : indicator_values(f, request, periods[p])) {
          auto [it, added] = column_of.emplace(v.indicator, columns.size());
          if (added) columns.push_back(Column{v.indicator, v.units, {}});
          // A place's NPV follows its plain total: the place is the same.
          auto at = std::find(where.begin(), where.end(), v.where);
          if (at == where.end()) at = where.insert(where.end(), v.where);
          columns[it->second].values.emplace(Key{level, p, static_cast<std::size_t>(at - where.begin())},
                                             std::move(v.per_run));
        }
        places[level] = std::move(where);
      }
    }
  for (const Column& c : columns) {
    t.columns.push_back(c.name);
    t.units.push_back(c.units);
  }

  // Rows: run by run, level by level, place by place, period by period.
  for (std::size_t r = 0; r < f.runs; ++r)
    for (Level level : levels) {
      const auto it = places.find(level);
      if (it == places.end()) continue;
      for (std::size_t k = 0; k < it->second.size(); ++k)
        for (std::size_t p = 0; p < periods.size(); ++p) {
          std::vector<TableCell> row;
          row.emplace_back(f.scenario);
          for (const auto& [name, cells] : runs) row.push_back(cells[r]);
          row.emplace_back(std::string(to_string(level)));
          row.emplace_back(it->second[k]);
          row.emplace_back(periods[p].label());
          const auto [first, last] = f.covered(periods[p]);
          row.emplace_back(static_cast<double>((last - first) + 1));
          for (const Column& c : columns) {
            const auto v = c.values.find(Key{level, p, k});
            if (v == c.values.end() || std::isnan(v->second[r])) row.emplace_back();
            else row.emplace_back(v->second[r]);
          }
          t.rows.push_back(std::move(row));
        }
    }

  if (f.is_sweep())
    t.notes.push_back(fmt::format("'{}' is a sweep ({} design, {} runs): a row per run, its parameters as columns",
                                  f.path, f.design, f.runs));
  std::vector<std::string> units;
  for (const Column& c : columns) units.push_back(fmt::format("{} [{}]", c.name, c.units));
  t.notes.push_back(fmt::format("units: {}", fmt::join(units, ", ")));
  t.notes.push_back(
      "flows (visits, incomes, costs) are totals over the row's period, rates (per-capita incomes, ratios, "
      "occupancy) means of its years; days: the days of the period the run covers");
  return t;
}

std::string table_csv(const ResultTable& t) {
  std::string out;
  for (std::size_t k = 0; k < t.columns.size(); ++k) {
    if (k) out += ',';
    out += csv_field(t.columns[k]);
  }
  out += '\n';
  for (const auto& row : t.rows) {
    for (std::size_t k = 0; k < row.size(); ++k) {
      if (k) out += ',';
      if (const auto* x = std::get_if<double>(&row[k])) out += csv_number(*x);
      else if (const auto* u = std::get_if<std::uint64_t>(&row[k])) out += fmt::format("{}", *u);
      else if (const auto* s = std::get_if<std::string>(&row[k])) out += csv_field(*s);
    }
    out += '\n';
  }
  return out;
}

std::string table_json(const ResultTable& t) {
  std::string out = "[";
  for (std::size_t i = 0; i < t.rows.size(); ++i) {
    out += i == 0 ? "\n  {" : ",\n  {";
    const auto& row = t.rows[i];
    for (std::size_t k = 0; k < row.size(); ++k) {
      if (k) out += ", ";
      out += json_string(t.columns[k]) + ": ";
      if (const auto* x = std::get_if<double>(&row[k])) out += json_number(*x);
      else if (const auto* u = std::get_if<std::uint64_t>(&row[k]))
        out += *u <= (std::uint64_t{1} << 53) ? fmt::format("{}", *u) : fmt::format("\"{}\"", *u);
      else if (const auto* s = std::get_if<std::string>(&row[k])) out += json_string(*s);
      else out += "null";
    }
    out += "}";
  }
  out += t.rows.empty() ? "]\n" : "\n]\n";
  return out;
}

}  // namespace yucun::output
