#include "sim/cli/report_command.hpp"

#include <CLI/CLI.hpp>

#include "sim/cli/python_tool.hpp"

namespace yucun::cli {

CLI::App* add_report_command(CLI::App& app, ReportArgs& args) {
  auto* cmd = app.add_subcommand(
      "report",
      "Run policy scenarios against the baseline (what is not cached yet) and write the planner's report: one HTML "
      "file, offline, in Chinese and English, with summaries, costs, charts, map, glossary and downloads");
  cmd->add_option("scenarios", args.scenarios, "Policy scenario files (YAML), up to 5")->required();
  cmd->add_option("-o,--output", args.output, "The report (.html)")->required();
  cmd->add_option("--replicates", args.replicates, "Replicates of each scenario (default 4)")->check(CLI::Range(2, 16));
  cmd->add_option("--baseline", args.baseline, "The scenario the others are compared with (default @baseline)");
  cmd->add_option("--workspace", args.workspace,
                  "Folder of cached results, shared with yucun serve (default ./yucun-workspace)")
      ->type_name("DIR");
  cmd->add_option("--lang", args.lang, "Language the report opens in (default en)")->check(CLI::IsMember({"en", "zh"}));
  cmd->add_option("--threads", args.threads, "Threads per run (default: all cores)")->check(CLI::Range(0, 4096));
  cmd->add_flag("--force", args.force, "Overwrite an existing report");
  return cmd;
}

int report_command(const ReportArgs& args, const char* argv0) {
  std::vector<std::string> argv = args.scenarios;
  for (const auto& [flag, value] : {std::pair<const char*, std::string>{"-o", args.output},
                                    {"--replicates", std::to_string(args.replicates)},
                                    {"--baseline", args.baseline},
                                    {"--workspace", args.workspace},
                                    {"--lang", args.lang},
                                    {"--threads", std::to_string(args.threads)}}) {
    argv.emplace_back(flag);
    argv.push_back(value);
  }
  if (args.force) argv.emplace_back("--force");
  return exec_python_module("yucun.workbench.report", argv, argv0);
}

}  // namespace yucun::cli
