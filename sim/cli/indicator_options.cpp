#include "sim/cli/indicator_options.hpp"

#include <CLI/CLI.hpp>

namespace yucun::cli {

void add_period_options(CLI::App& cmd, std::optional<int>& year, std::optional<int>& from_year,
                        std::optional<int>& to_year, bool& per_year, std::optional<double>& discount) {
  auto* one = cmd.add_option("--year", year, "One year (default: the whole run)")->type_name("Y");
  auto* from = cmd.add_option("--from", from_year, "First year of the period (default: the first simulated year)")
                   ->type_name("Y1");
  auto* to = cmd.add_option("--to", to_year, "Last year of the period (default: the last simulated year)")
                 ->type_name("Y2");
  one->excludes(from);
  one->excludes(to);
  cmd.add_flag("--per-year", per_year, "Also a row for each year of the period");
  cmd.add_option("--discount", discount,
                 "Also the net present value of money flows (<indicator>_npv), each year's flows discounted to the "
                 "period's first year at this yearly rate (0.03 for 3%)")
      ->type_name("RATE")
      ->check(CLI::Range(0.0, 1.0));
}

void add_indicator_options(CLI::App& cmd, std::vector<std::string>& indicators, std::vector<std::string>& levels) {
  cmd.add_option("--indicator", indicators,
                 "Indicators to show: key indicators (visitors, gini, income_per_capita, ...) or any series with yearly "
                 "summaries in the file (beds, firms_open, income_wage, ...); default: the key indicators")
      ->type_name("NAME...");
  cmd.add_option("--level", levels, "Places: area (default), township, village or all; repeatable")
      ->type_name("LEVEL")
      ->check(CLI::IsMember({"area", "township", "village", "all"}));
}

std::vector<output::Level> levels_from(const std::vector<std::string>& names) {
  std::vector<output::Level> out;
  auto add = [&](output::Level l) {
    for (auto x : out)
      if (x == l) return;
    out.push_back(l);
  };
  for (const auto& n : names) {
    if (n == "area" || n == "all") add(output::Level::area);
    if (n == "township" || n == "all") add(output::Level::township);
    if (n == "village" || n == "all") add(output::Level::village);
  }
  return out;
}

}  // namespace yucun::cli
