#include "sim/cli/table_command.hpp"

#include <cstdio>
#include <new>
#include <filesystem>
#include <fstream>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "sim/cli/commands.hpp"
#include "sim/cli/indicator_options.hpp"
#include "sim/cli/print_error.hpp"
#include "sim/io/output/publish_file.hpp"
#include "sim/io/output/result_table.hpp"
#include "sim/io/output/result_writer.hpp"

namespace yucun::cli {

CLI::App* add_table_command(CLI::App& app, TableArgs& args) {
  auto* cmd = app.add_subcommand(
      "table",
      "A result file (run, replicates or sweep) as a tidy table: a row per run x place x period, with the run's "
      "parameters and one column per indicator (CSV or JSON, for pandas and R)");
  cmd->add_option("file", args.file, "Result file (.h5)")->required();
  cmd->add_option("--format", args.format, "csv (default) or json (an array of records)")
      ->check(CLI::IsMember({"csv", "json"}));
  cmd->add_option("-o,--output", args.output, "Write the table here (default: standard output)")->type_name("FILE");
  add_period_options(*cmd, args.year, args.from_year, args.to_year, args.per_year, args.discount);
  add_indicator_options(*cmd, args.indicators, args.levels);
  cmd->add_flag("--list", args.list, "List the indicators the file offers, their units and levels, and exit");
  cmd->add_flag("--force", args.force, "Replace an existing -o file");
  return cmd;
}

int table_command(const TableArgs& args) {
  try {
    if (args.list) {
      const output::IndicatorFile f(args.file);
      std::string text = fmt::format("{:<32} {:<16} {:<6} {:<24} {}\n", "indicator", "units", "over", "levels", "meaning");
      for (const auto& o : output::offered_indicators(f)) {
        std::vector<std::string> levels;
        for (auto l : o.levels) levels.emplace_back(output::to_string(l));
        text += fmt::format("{:<32} {:<16} {:<6} {:<24} {}\n", o.name, o.units, o.summary, fmt::format("{}", fmt::join(levels, ",")),
                            o.meaning);
      }
      std::fputs(text.c_str(), stdout);
      return kExitOk;
    }
    // As every command's output: an existing file is never replaced without --force.
    if (args.output) output::check_output_path(*args.output, args.force);
    output::TableOptions options;
    options.from_year = args.year ? args.year : args.from_year;
    options.to_year = args.year ? args.year : args.to_year;
    options.per_year = args.per_year;
    options.discount = args.discount;
    options.indicators = args.indicators;
    options.levels = levels_from(args.levels);
    const output::ResultTable t = output::result_table(args.file, options);
    for (const auto& note : t.notes) print_error(fmt::format("note: {}", note));
    const std::string text = args.format == "json" ? output::table_json(t) : output::table_csv(t);
    if (!args.output) {
      std::fputs(text.c_str(), stdout);
      return kExitOk;
    }
    // Written whole to a claimed temporary file and published, so a table that
    // exists is complete, and one that appeared meanwhile is not replaced.
    try {
      output::PartFile part(*args.output);
      part.write_all(text.data(), text.size());
      part.publish(args.force);
    } catch (const output::OutputError& e) {
      print_error(fmt::format("error: cannot write '{}': {}", *args.output, e.what()));
      return kExitFailure;
    }
    print_error(fmt::format("wrote {} ({} rows)", *args.output, t.rows.size()));
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
