#include "sim/cli/compare_command.hpp"

#include <cstdio>
#include <new>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "sim/cli/commands.hpp"
#include "sim/cli/indicator_options.hpp"
#include "sim/cli/print_error.hpp"
#include "sim/io/output/result_compare.hpp"

namespace yucun::cli {

CLI::App* add_compare_command(CLI::App& app, CompareArgs& args) {
  auto* cmd = app.add_subcommand(
      "compare",
      "Compare scenarios' result files: key indicators with 95% intervals over replicates and differences from a baseline");
  cmd->add_option("files", args.files, "Result files (.h5), one per scenario; a file of replicates counts as one")
      ->required();
  cmd->add_option("--baseline", args.baseline, "The file the others are compared with (default: the first)")
      ->type_name("FILE");
  cmd->add_option("--format", args.format, "Output: an aligned table, CSV or JSON (default: table)")
      ->check(CLI::IsMember({"table", "csv", "json"}));
  add_period_options(*cmd, args.year, args.from_year, args.to_year, args.per_year, args.discount);
  add_indicator_options(*cmd, args.indicators, args.levels);
  return cmd;
}

int compare_command(const CompareArgs& args) {
  output::CompareOptions options;
  options.baseline = args.baseline;
  options.from_year = args.year ? args.year : args.from_year;
  options.to_year = args.year ? args.year : args.to_year;
  options.per_year = args.per_year;
  options.discount = args.discount;
  options.indicators = args.indicators;
  options.levels = levels_from(args.levels);
  try {
    const output::Comparison c = output::compare_results(args.files, options);
    for (const auto& note : c.notes) print_error(fmt::format("note: {}", note));
    const std::string text = args.format == "csv"    ? output::comparison_csv(c)
                             : args.format == "json" ? output::comparison_json(c)
                                                     : output::comparison_table(c);
    std::fputs(text.c_str(), stdout);
    return kExitOk;
  } catch (const output::OutputError& e) {
    print_error(fmt::format("error: {}", e.what()));
    return kExitBadInput;
  } catch (const std::bad_alloc&) {
    // A damaged or crafted file can declare more data than memory holds.
    print_error("error: a file declares more data than fits in memory: it is damaged or not a yucun result");
    return kExitBadInput;
  }
}

}  // namespace yucun::cli
