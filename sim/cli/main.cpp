// yucun: command-line entry point. Parses options with CLI11 and hands them
// to the subcommands in commands.cpp.
#include <algorithm>
#include <csignal>
#include <cstdio>
#include <exception>
#include <new>

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "sim/cli/commands.hpp"
#include "sim/cli/fail_safe.hpp"
#include "sim/cli/print_error.hpp"
#include "sim/cli/calibrate_command.hpp"
#include "sim/cli/compare_command.hpp"
#include "sim/cli/report_command.hpp"
#include "sim/cli/serve_command.hpp"
#include "sim/cli/table_command.hpp"
#include "sim/cli/generate_command.hpp"
#include "sim/cli/merge_command.hpp"
#include "sim/cli/spinup_command.hpp"
#include "sim/cli/sweep_command.hpp"
#include "sim/io/output/publish_file.hpp"
#include "sim/io/scenario/diagnostics.hpp"
#include "yucun/version.hpp"

namespace {

void add_scenario_options(CLI::App& cmd, yucun::cli::ScenarioArgs& args) {
  cmd.add_option("scenario", args.scenario,
                 "Scenario YAML file (default: the built-in greater Yucun baseline, also named @baseline)");
  cmd.add_option("--set", args.overrides, "Override a scenario value: key.path=value (repeatable)")
      ->type_name("KEY=VALUE")
      ->allow_extra_args(false);
}

}  // namespace

namespace {

int dispatch(int argc, char** argv) {
  using namespace yucun::cli;
  // Past a file-size limit (ulimit -f: a full disk in effect) a write must
  // fail with an error every command reports and cleans up after, not kill
  // the process and leave its temporary file (merge, generate, table, ...).
  std::signal(SIGXFSZ, SIG_IGN);
  CLI::App app{"yucun: agent-based simulation of greater Yucun (Anji county, Zhejiang): "
               "tea farmers, tourists and firms in 24 villages."};
  app.set_version_flag("--version", fmt::format("yucun {}", yucun::kVersion));
  app.require_subcommand(1);

  RunArgs run_args;
  auto* run = app.add_subcommand("run", "Run a scenario and write its daily series to HDF5");
  add_scenario_options(*run, run_args.scenario);
  run->add_option("-o,--output", run_args.output, "Result file (default: <scenario name>.h5)");
  run->add_option("--seed", run_args.seed, "Random seed, a whole number (default: the scenario's seed)")
      ->type_name("N");
  run->add_option("--run", run_args.run, "Replicate number, keys the random streams with the seed")
      ->check(CLI::NonNegativeNumber);
  run->add_option("--replicates", run_args.replicates,
                  "Run the replicates --run 0 to N-1 in parallel into one file with a run dimension")
      ->type_name("N");
  run->add_option("--posterior", run_args.posterior,
                  "With --replicates N: run r takes draw r of the posterior of this calibration file "
                  "(yucun calibrate), each with its own random streams; the draws' values are recorded")
      ->type_name("CAL.h5");
  run->add_option("--threads", run_args.threads, "Worker threads (default: all cores)")->check(CLI::Range(0, 4096));
  run->add_flag("--force", run_args.force, "Overwrite an existing result file");
  run->add_flag("--yes", run_args.yes,
                "Run --replicates N even when its estimate is over the limits (1,000 runs, 2 CPU-hours, half the "
                "free space of the output's folder)");
  run->add_flag("-q,--quiet", run_args.quiet, "Print nothing on success");
  run->add_option("--checkpoint-every", run_args.checkpoint_every,
                  "Write the run's state to its checkpoint file every PERIOD: simulated days ('30d'), 'month', "
                  "'year', or wall-clock time ('90s', '10min', '2h'); also on SIGINT/SIGTERM. Removed when the "
                  "run finishes")
      ->type_name("PERIOD");
  run->add_option("--checkpoint-at", run_args.checkpoint_at,
                  "Write a checkpoint on reaching this day (before simulating it), and keep it: other scenarios "
                  "whose levers start on or after it can branch from it with --restart (repeatable)")
      ->type_name("YYYY-MM-DD");
  run->add_option("--checkpoint", run_args.checkpoint,
                  "The checkpoint file (default: <output>.ckpt; with several --checkpoint-at, <output>.<DAY>.ckpt)")
      ->type_name("FILE");
  run->add_option("--restart", run_args.restart,
                  "Continue from this checkpoint: the run that wrote it, or a scenario that differs from it only in "
                  "levers that start on or after its day; the result is identical to a run from the start")
      ->type_name("CHECKPOINT");
  run->add_option("--spin-up-cache", run_args.spin_up_cache,
                  "Take each run's spin-up from this folder when a scenario with the same parameters (levers aside), "
                  "seed and run left it there; compute and leave it there otherwise")
      ->type_name("DIR");

  std::vector<std::string> validate_files, validate_overrides;
  auto* validate = app.add_subcommand("validate", "Check scenario files without running them");
  validate->add_option("scenarios", validate_files, "Scenario YAML files")->required();
  validate->add_option("--set", validate_overrides, "Override a value in each scenario: key.path=value")
      ->allow_extra_args(false);

  ScenarioArgs show_args;
  auto* show = app.add_subcommand("show", "Print the resolved scenario (extends and --set applied) as YAML");
  add_scenario_options(*show, show_args);

  ScenarioArgs world_args;
  bool dot = false;
  auto* world = app.add_subcommand("world", "Describe the village network and travel times");
  add_scenario_options(*world, world_args);
  world->add_flag("--dot", dot, "Print the network as Graphviz DOT");

  std::vector<std::string> info_files;
  auto* info = app.add_subcommand("info", "Describe what a result file holds");
  info->add_option("files", info_files, "Result files (.h5)")->required();

  GenerateArgs generate_args;
  auto* generate = add_generate_command(app, generate_args);

  SweepArgs sweep_args;
  auto* sweep = add_sweep_command(app, sweep_args);

  CompareArgs compare_args;
  auto* compare = add_compare_command(app, compare_args);
  TableArgs table_args;
  auto* table = add_table_command(app, table_args);

  MergeArgs merge_args;
  auto* merge = add_merge_command(app, merge_args);
  SpinUpArgs spinup_args;
  auto* spinup = add_spinup_command(app, spinup_args);
  CalibrateArgs calibrate_args;
  auto* calibrate = add_calibrate_command(app, calibrate_args);
  ServeArgs serve_args;
  auto* serve = add_serve_command(app, serve_args);
  ReportArgs report_args;
  auto* report = add_report_command(app, report_args);

  // A mistyped command: name it, and suggest the nearest (CLI11 would only
  // say that a subcommand is required).
  if (argc > 1 && argv[1][0] != '-') {
    const std::vector<std::string> commands = {"run", "validate", "show", "world", "info", "generate", "sweep", "compare", "table", "merge", "spinup", "calibrate", "serve", "report"};
    const std::string typed = argv[1];
    if (std::find(commands.begin(), commands.end(), typed) == commands.end()) {
      const std::string suggestion = yucun::scenario::closest_match(typed, commands);
      print_error(fmt::format("error: unknown command '{}'{} (commands: {}; see --help)", typed,
                              suggestion.empty() ? "" : fmt::format("; did you mean '{}'?", suggestion),
                              fmt::join(commands, ", ")));
      return kExitBadInput;
    }
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? kExitOk : kExitBadInput;
  }

  if (*run) {
    // A run that failed or was stopped ends without HDF5's cleanup at exit,
    // which may loop, crash or hang after running out of memory (fail_safe.hpp).
    const int code = run_command(run_args);
    if (code != kExitOk) exit_without_cleanup(code);
    return code;
  }
  if (*validate) return validate_command(validate_files, validate_overrides);
  if (*show) return show_command(show_args);
  if (*world) return world_command(world_args, dot);
  if (*info) return info_command(info_files);
  if (*compare) return compare_command(compare_args);
  if (*table) return table_command(table_args);
  if (*spinup) return spinup_command(spinup_args);
  if (*generate) return generate_command(generate_args);
  if (*sweep) return sweep_command(sweep_args);
  if (*merge) {
    // As a run: out of memory inside HDF5 ends in a message and exit 1, never a crash or a hang.
    install_fail_safe();
    const int code = merge_command(merge_args);
    if (code != kExitOk) exit_without_cleanup(code);
    return code;
  }
  if (*calibrate) return calibrate_command(calibrate_args);
  if (*serve) return serve_command(serve_args, argv[0]);
  if (*report) return report_command(report_args, argv[0]);
  return kExitBadInput;
}

}  // namespace

// Whatever a command did not catch ends in a message and exit 1, never an
// abort: out of memory before a command's own handling is in place (a
// process started under a tight ulimit -v), or a library's exception.
int main(int argc, char** argv) {
  try {
    return dispatch(argc, argv);
  } catch (const std::bad_alloc&) {
    // Nothing allocated from here on: memory is what ran out.
    static const char kMessage[] =
        "error: out of memory (a memory limit such as ulimit -v, or the machine's memory); nothing written\n";
    [[maybe_unused]] const auto written = ::write(2, kMessage, sizeof kMessage - 1);
    yucun::output::remove_claimed_parts_now();
    yucun::cli::exit_without_cleanup(yucun::cli::kExitFailure);
  } catch (const std::exception& e) {
    yucun::cli::print_error(fmt::format("error: {}", e.what()));
    yucun::output::remove_claimed_parts_now();
    yucun::cli::exit_without_cleanup(yucun::cli::kExitFailure);
  }
}

