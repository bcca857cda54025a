// `yucun table`: a result file as a tidy table (a row per run x place x
// period, parameters and indicators as columns) for pandas, R or a spreadsheet.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace yucun::cli {

struct TableArgs {
  std::string file;
  std::string format = "csv";  // csv or json
  std::optional<std::string> output;  // default: standard output
  std::optional<int> year, from_year, to_year;
  bool per_year = false;
  std::optional<double> discount;
  std::vector<std::string> indicators;
  std::vector<std::string> levels;
  bool list = false;
  bool force = false;  // replace an existing -o file
};

CLI::App* add_table_command(CLI::App& app, TableArgs& args);
int table_command(const TableArgs& args);

}  // namespace yucun::cli
