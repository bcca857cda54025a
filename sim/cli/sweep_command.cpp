#include "sim/cli/sweep_command.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <thread>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "sim/cli/commands.hpp"
#include "sim/cli/print_error.hpp"
#include "sim/cli/sweep_run.hpp"
#include "sim/io/scenario/diagnostics.hpp"
#include "sim/io/scenario/scenario_writer.hpp"
#include "sim/experiments/design.hpp"
#include "sim/experiments/sweep_points.hpp"
#include "sim/experiments/size_estimate.hpp"
#include "sim/experiments/sweep_loader.hpp"

namespace yucun::cli {

namespace {

using namespace yucun::sweep;

std::string describe_parameter(const Parameter& p, DesignKind kind) {
  if (p.has_levels() && kind != DesignKind::grid) return fmt::format("levels {}, drawn evenly", fmt::join(p.levels, ", "));
  if (kind == DesignKind::grid) {
    std::vector<std::string> shown;
    for (std::size_t i = 0; i < p.values.size() && i < 8; ++i) shown.push_back(format_value(p, p.values[i]));
    if (p.values.size() > 8) shown.push_back(fmt::format("... ({} values)", p.values.size()));
    return fmt::format("values {}", fmt::join(shown, ", "));
  }
  return fmt::format("{}uniform {} .. {}{}", p.log ? "log-" : "", format_value(p, p.lo), format_value(p, p.hi),
                     p.kind == ParameterKind::date ? ", whole days" : p.integer ? ", whole numbers" : "");
}

std::string describe_design(const SweepSpec& spec, std::uint64_t points) {
  const std::size_t k = spec.parameters.size();
  switch (spec.design.kind) {
    case DesignKind::grid: return fmt::format("grid of {} points", points);
    case DesignKind::lhs: return fmt::format("Latin hypercube of {} points", points);
    case DesignKind::sobol:
      return fmt::format("Saltelli design for Sobol' indices: N = {} base samples x (k + 2 = {}) = {} points{}",
                         spec.design.n, k + 2, points,
                         spec.design.skip != 1 ? fmt::format(", {} points of the sequence skipped", spec.design.skip) : "");
    case DesignKind::morris:
      return fmt::format("Morris: r = {} trajectories x (k + 1 = {}) = {} points, {} levels, delta = {:.4g}",
                         spec.design.r, k + 1, points, spec.design.levels, morris_delta(spec.design.levels));
  }
  return "";
}

void print_summary(const LoadedSweep& loaded, const SizeEstimate& estimate, std::FILE* out) {
  const SweepSpec& spec = loaded.spec;
  const std::uint64_t points = design_point_count(spec);
  fmt::print(out, "sweep '{}' ({}): {}\n", spec.name, spec.file, describe_design(spec, points));
  if (!spec.description.empty()) fmt::print(out, "  {}\n", spec.description);
  fmt::print(out, "base: {}{}\n", spec.base,
             spec.fixed.empty() ? "" : fmt::format(" with {}", fmt::join(spec.fixed_assignments(), ", ")));
  fmt::print(out, "runs: {} points x {} replicate{} = {} runs; sweep seed {}{}; output {}\n", points, spec.replicates,
             spec.replicates == 1 ? "" : "s", estimate.runs, spec.seed,
             spec.common_random_numbers ? " (common random numbers: replicate r of every point has the same seed)" : "",
             to_string(spec.output));
  std::size_t name_width = 4, key_width = 3;
  for (const auto& p : spec.parameters) {
    name_width = std::max(name_width, p.name.size());
    key_width = std::max(key_width, p.key_path.size());
  }
  fmt::print(out, "parameters:\n");
  for (const auto& p : spec.parameters)
    fmt::print(out, "  {:<{}}  {:<{}}  {}\n", p.name, name_width, p.key_path, key_width,
               describe_parameter(p, spec.design.kind));
}

// The block of a point in Saltelli's or Morris's layout, for the plan.
std::vector<std::string> layout_columns(DesignKind kind) {
  if (kind == DesignKind::sobol) return {"sample", "block"};
  if (kind == DesignKind::morris) return {"trajectory", "step", "moved"};
  return {};
}

std::vector<std::string> layout_of(const SweepSpec& spec, const Design& design, std::uint64_t point) {
  const std::size_t k = spec.parameters.size();
  if (spec.design.kind == DesignKind::sobol) {
    const auto pos = saltelli_position(point, k);
    const std::string block = pos.block == 0       ? "A"
                              : pos.block == k + 1 ? "B"
                                                   : fmt::format("AB{}", pos.block);
    return {fmt::format("{}", pos.sample), block};
  }
  if (spec.design.kind == DesignKind::morris) {
    const auto pos = morris_position(point, k);
    std::string moved;
    if (pos.step > 0)
      for (std::size_t i = 0; i < k; ++i)
        if (design.unit_at(point, i) != design.unit_at(point - 1, i)) moved = spec.parameters[i].name;
    return {fmt::format("{}", pos.trajectory), fmt::format("{}", pos.step), moved};
  }
  return {};
}

void print_plan_csv(const SweepSpec& spec, const Design& design, std::uint64_t runs) {
  std::vector<std::string> header = {"run", "point", "replicate", "seed"};
  for (auto& c : layout_columns(spec.design.kind)) header.push_back(c);
  for (const auto& p : spec.parameters) header.push_back(p.name);
  for (const auto& p : spec.parameters) header.push_back("unit_" + p.name);
  fmt::print("{}\n", fmt::join(header, ","));
  for (std::uint64_t r = 0; r < runs; ++r) {
    const SweepRun run = sweep_run(spec, r);
    std::vector<std::string> row = {fmt::format("{}", run.run), fmt::format("{}", run.point),
                                    fmt::format("{}", run.replicate), fmt::format("{}", run.seed)};
    for (auto& c : layout_of(spec, design, run.point)) row.push_back(c);
    for (std::size_t i = 0; i < spec.parameters.size(); ++i)
      row.push_back(format_value(spec.parameters[i], design.value_at(run.point, i)));
    for (std::size_t i = 0; i < spec.parameters.size(); ++i) row.push_back(fmt::format("{}", design.unit_at(run.point, i)));
    fmt::print("{}\n", fmt::join(row, ","));
  }
}

void print_plan_table(const SweepSpec& spec, const Design& design, std::uint64_t runs) {
  const auto layout = layout_columns(spec.design.kind);
  std::size_t layout_width = 10;
  for (const auto& p : spec.parameters) layout_width = std::max(layout_width, p.name.size());
  std::string line = fmt::format("{:>6} {:>6} {:>4} {:>20}", "run", "point", "rep", "seed");
  for (const auto& c : layout) line += fmt::format(" {:>{}}", c, layout_width);
  std::vector<std::size_t> widths;
  for (const auto& p : spec.parameters) {
    widths.push_back(std::max<std::size_t>(p.name.size(), 12));
    line += fmt::format("  {:>{}}", p.name, widths.back());
  }
  fmt::print("{}\n", line);
  for (std::uint64_t r = 0; r < runs; ++r) {
    const SweepRun run = sweep_run(spec, r);
    line = fmt::format("{:>6} {:>6} {:>4} {:>20}", run.run, run.point, run.replicate, run.seed);
    for (const auto& c : layout_of(spec, design, run.point)) line += fmt::format(" {:>{}}", c, layout_width);
    for (std::size_t i = 0; i < spec.parameters.size(); ++i) {
      const Parameter& p = spec.parameters[i];
      const double v = design.value_at(run.point, i);
      const bool whole = p.integer || (std::floor(v) == v && std::fabs(v) < 1e15);
      line += fmt::format("  {:>{}}", whole ? format_value(p, v) : fmt::format("{:.6g}", v), widths[i]);
    }
    fmt::print("{}\n", line);
  }
}

// The estimate's figures, one a line (docs/sweeps.md#size-estimate).
void print_estimate(const SizeEstimate& e, OutputLevel level, std::FILE* out) {
  const Layout& at = e.layout;
  fmt::print(out, "  CPU time     {} in all, {:.2f} s a run on one core\n", human_duration(e.cpu_seconds),
             e.cpu_seconds_per_run);
  fmt::print(out, "  wall time    {} a shard: {} shard{} of up to {} runs on {} core{} each (--shards N, --threads C)\n",
             human_duration(e.shard_wall_seconds), at.shards, at.shards == 1 ? "" : "s", e.runs_per_shard, at.threads,
             at.threads == 1 ? "" : "s");
  fmt::print(out, "  memory       {} peak per process ({} thread{})\n", human_bytes(e.process_rss_bytes), at.threads,
             at.threads == 1 ? "" : "s");
  if (at.shards > 1)
    fmt::print(out, "  output       {} on disk ({}), from shard files of {} each\n", human_bytes(e.file_bytes),
               to_string(level), human_bytes(e.shard_file_bytes));
  else
    fmt::print(out, "  output       {} on disk ({})\n", human_bytes(e.file_bytes), to_string(level));
  fmt::print(out, "  work folder  {} at most{} (checkpoints of finished runs, removed once the output is written)\n",
             human_bytes(e.work_folder_bytes), at.shards > 1 ? " a shard" : "");
  fmt::print(out, "  merge        {} peak memory for `yucun merge` of the shards\n", human_bytes(e.merge_rss_bytes));
  fmt::print(out, "  (coefficients measured on a 2-core machine by bench/sweep_costs.py; docs/sweeps.md#size-estimate)\n");
}

}  // namespace

CLI::App* add_sweep_command(CLI::App& app, SweepArgs& args) {
  auto* cmd = app.add_subcommand("sweep", "Plan or run a sweep: a design of scenario variations with replicates");
  cmd->add_option("sweep", args.file, "Sweep YAML file (docs/sweeps.md)")->required();
  cmd->add_option("-o,--output", args.output, "Run the sweep into this result file (all runs, a run dimension)");
  cmd->add_flag("--plan", args.plan,
                "Print the cost estimate and every run: index, point, replicate, seed and parameter values (the list "
                "of runs of a sweep over the size limit needs --yes)");
  cmd->add_option("--format", args.format, "Format of --plan: table (default) or csv")->type_name("table|csv");
  cmd->add_flag("--yes", args.yes, "Go ahead with a sweep over the size limit (1000 runs, 2 CPU-hours, 20 GB)");
  cmd->add_option("--show-run", args.show_run, "Print the resolved scenario of run N as YAML")->type_name("N");
  cmd->add_flag("--resume", args.resume, "Continue an interrupted sweep into the same output: run only the missing runs");
  cmd->add_flag("--force", args.force, "Overwrite the output; clear the checkpoints of an interrupted sweep into it");
  cmd->add_option("--shard", args.shard, "Run only shard I of N (runs I, I+N, I+2N, ...) into its own file; "
                                         "combine the shards with `yucun merge`")
      ->type_name("I/N");
  cmd->add_option("--threads", args.threads,
                  "Worker threads (default: all cores); results do not depend on it. Without -o: the cores per shard "
                  "the estimate is for")
      ->type_name("N")
      ->check(CLI::Range(0, 4096));
  cmd->add_flag("-q,--quiet", args.quiet, "No progress line and no summary");
  cmd->add_option("--status", args.status,
                  "How far a sweep running elsewhere has got: its output file, or with --shards N the OUTDIR of "
                  "scripts/slurm/submit.sh; counts finished runs over every shard")
      ->type_name("OUT.h5|OUTDIR");
  cmd->add_option("--shards", args.shards,
                  "With --status: the number of shards (OUTDIR/shards/shard-I.h5); otherwise, without -o: the shard "
                  "count the estimate is for")
      ->type_name("N")
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{100000000}));
  return cmd;
}

int sweep_command(const SweepArgs& args) {
  if (args.format != "table" && args.format != "csv") {
    print_error_once(fmt::format("error: --format: expected table or csv, got '{}'", args.format));
    return kExitBadInput;
  }
  if (args.status) return sweep_status_command(args);
  if (args.output && args.plan) {
    print_error_once("error: --plan prints the runs without running them; give either --plan or -o, not both");
    return kExitBadInput;
  }
  if (args.output && args.shards) {
    print_error_once("error: --shards N goes with --status (the progress of N shards) or with the estimate (without -o); "
                     "to run shard I of N, give --shard I/N");
    return kExitBadInput;
  }
  if (!args.output && (args.resume || args.force || args.shard || args.quiet)) {
    print_error_once("error: --resume, --force, --shard and -q apply to running a sweep: add -o OUT.h5");
    return kExitBadInput;
  }
  // Running loads the sweep itself: under mpirun every process must reach
  // MPI before anything can fail.
  if (args.output && !args.show_run) return run_sweep_command(args);
  LoadedSweep loaded;
  try {
    loaded = load_sweep(args.file);
  } catch (const scenario::ScenarioError& e) {  // SweepError too
    print_error_once(e.what());
    return kExitBadInput;
  }
  const SweepSpec& spec = loaded.spec;
  Layout layout;
  layout.shards = args.shards.value_or(1);
  layout.threads = args.threads > 0 ? args.threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  const SizeEstimate estimate = estimate_size(spec, loaded.largest_run, loaded.typical_run, layout);
  const auto over = over_limits(estimate);
  const std::string estimate_line = describe(estimate, spec.output);

  if (args.show_run) {
    if (*args.show_run >= estimate.runs) {
      print_error_once(fmt::format("error: --show-run: the sweep has runs 0 to {}, got {}", estimate.runs - 1, *args.show_run));
      return kExitBadInput;
    }
    try {
      const Design design = make_design(spec);
      const SweepRun run = sweep_run(spec, *args.show_run);
      fmt::print("# run {} of sweep '{}': point {}, replicate {}; rerun alone with\n#   yucun run THIS.yaml --seed {} --run {}\n",
                 run.run, spec.name, run.point, run.replicate, run.seed, run.replicate);
      fmt::print("{}", scenario::to_yaml(build_run_scenario(spec, design, run.run)));
      return kExitOk;
    } catch (const scenario::ScenarioError& e) {
      print_error_once(fmt::format("error: run {} of the sweep is not a valid scenario:\n{}", *args.show_run, e.what()));
      return kExitBadInput;
    }
  }

  // The estimate is printed whatever the size; only the list of runs of a
  // sweep over the limit needs --yes (a CSV plan is nothing but that list).
  const bool list_runs = args.plan && (!over || args.yes);
  std::FILE* summary_out = args.plan && args.format == "csv" ? stderr : stdout;
  if (!args.plan || args.format == "table") print_summary(loaded, estimate, summary_out);
  if (list_runs) {
    const Design design = make_design(spec);
    if (args.format == "csv") {
      print_plan_csv(spec, design, estimate.runs);
    } else {
      fmt::print("\n");
      print_plan_table(spec, design, estimate.runs);
      fmt::print("\n");
    }
  }
  fmt::print(summary_out, "estimate: {}\n", estimate_line);
  print_estimate(estimate, spec.output, summary_out);
  if (args.plan && !list_runs) {
    print_error_once(fmt::format("{}: {}: the list of the {} runs is left out: the sweep is over the size limit ({}). "
                                 "Pass --yes to print it, or make it smaller (design n or r, grid values, replicates)",
                                 args.format == "csv" ? "error" : "note", spec.file, estimate.runs, *over));
    return args.format == "csv" ? kExitBadInput : kExitOk;
  }
  if (over) fmt::print(summary_out, "note: over the limit ({}): -o and the list of runs of --plan need --yes\n", *over);
  return kExitOk;
}

}  // namespace yucun::cli
