// `yucun compare`: key indicators of result files side by side, with
// confidence intervals over replicates and differences from a baseline.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace yucun::cli {

struct CompareArgs {
  std::vector<std::string> files;
  std::optional<std::string> baseline;  // default: the first file
  std::string format = "table";         // table, csv or json
  std::optional<int> year;              // or from/to; none: the whole run
  std::optional<int> from_year, to_year;
  bool per_year = false;
  std::optional<double> discount;
  std::vector<std::string> indicators;  // empty: the key indicators
  std::vector<std::string> levels;      // area, township, village, all
};

// Adds the `compare` subcommand and its options to `app`.
CLI::App* add_compare_command(CLI::App& app, CompareArgs& args);
int compare_command(const CompareArgs& args);

}  // namespace yucun::cli
