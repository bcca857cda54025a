// `yucun table`: a result file (one run, replicates, posterior draws or a
// sweep) as a tidy table: one row per run x place x period, with the run's
// design point and parameter values as columns and one column per indicator,
// in CSV or JSON that pandas (read_csv, read_json) and R (read.csv,
// jsonlite::fromJSON) read in one line. The numbers are result_indicators'.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "sim/io/output/result_indicators.hpp"

namespace yucun::output {

struct TableOptions {
  std::optional<int> from_year, to_year;  // absent: the first / last simulated year
  bool per_year = false;                  // also rows for each year of the period
  std::optional<double> discount;         // also <indicator>_npv columns for money flows
  std::vector<std::string> indicators;    // empty: the key indicators the file has
  std::vector<Level> levels;              // empty: area
};

// A cell: empty (a failed run, or an indicator without a value at the row's
// level), a number, a seed (64-bit, exact) or a text.
using TableCell = std::variant<std::monostate, double, std::uint64_t, std::string>;

struct ResultTable {
  std::vector<std::string> columns;
  // Per column: the units of an indicator column; empty for the others.
  std::vector<std::string> units;
  std::vector<std::vector<TableCell>> rows;
  std::vector<std::string> notes;
};

// Throws IndicatorError for a file that is not a result, an indicator it
// does not have, or one without a value at any of the levels asked for.
ResultTable result_table(const std::string& path, const TableOptions& options = {});

// A header line and a line per row; numbers in full precision, empty cells empty.
std::string table_csv(const ResultTable& table);
// An array of objects, one per row, keyed by the columns; empty cells null;
// seeds above 2^53 as text (JSON readers take numbers as doubles).
std::string table_json(const ResultTable& table);

}  // namespace yucun::output
