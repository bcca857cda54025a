#include "sim/cli/calibrate_command.hpp"

#include <atomic>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <tbb/global_control.h>
#include <tbb/info.h>
#include <yaml-cpp/yaml.h>

#include "sim/cli/commands.hpp"
#include "sim/cli/print_error.hpp"
#include "sim/io/output/calibration_file.hpp"
#include "sim/io/output/hdf5_file.hpp"
#include "sim/io/scenario/diagnostics.hpp"
#include "sim/io/scenario/scenario_loader.hpp"
#include "sim/experiments/calibration/calibration_runner.hpp"
#include "sim/experiments/calibration/mpi_calibration.hpp"
#include "sim/experiments/calibration/posterior.hpp"

namespace yucun::cli {

namespace fs = std::filesystem;
using namespace yucun::calibration;

namespace {

std::atomic<bool> g_stop{false};
extern "C" void on_calibration_signal(int) { g_stop.store(true); }

std::string clock_text(double seconds) {
  const auto s = static_cast<long>(seconds + 0.5);
  if (s >= 3600) return fmt::format("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
  return fmt::format("{}:{:02}", s / 60, s % 60);
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string number(double v) {
  if (!std::isfinite(v)) return v > 0 ? "inf" : "nan";
  if (v != 0 && (std::fabs(v) >= 1e7 || std::fabs(v) < 1e-3)) return fmt::format("{:.4g}", v);
  return fmt::format("{:.6g}", v);
}

int run(const CalibrateArgs& args) {
  // Under mpirun (more than one process): rank 0 runs the calibration, the
  // others simulate its runs.
  std::optional<sweep::mpi::Session> session;
  if (sweep::mpi::launched_size() > 1) {
    if (!sweep::mpi::built_with_mpi()) {
      if (sweep::mpi::launched_rank() == 0)
        print_error("error: started by an MPI launcher, but this yucun was built without MPI (install libopenmpi-dev, "
                    "rebuild)");
      return kExitBadInput;
    }
    try {
      session.emplace();
    } catch (const std::exception& e) {
      print_error(fmt::format("error: {}", e.what()));
      return kExitFailure;
    }
  }
  const bool root = !session || session->rank() == 0;
  LoadedCalibration loaded;
  std::string text;
  bool ok = true;
  try {
    loaded = load_calibration(args.file);
    text = read_text(args.file);
  } catch (const scenario::ScenarioError& e) {
    if (root) print_error(e.what());
    ok = false;
  }
  std::optional<mpi::Coordinator> coordinator;
  if (session) {
    const std::string fingerprint = ok ? calibration_fingerprint(loaded) : std::string();
    const std::string differ = session->compare_fingerprints(fingerprint);
    if (!root) {
      if (!session->wait_for_start() || !ok) return kExitBadInput;  // rank 0 says why
      std::signal(SIGINT, on_calibration_signal);
      std::signal(SIGTERM, on_calibration_signal);
      const int threads = args.threads > 0 ? args.threads
                                           : std::max(1, tbb::info::default_concurrency() /
                                                             std::max(1, session->workers_on_node()));
      try {
        mpi::work(*session, loaded, threads, g_stop);
      } catch (const std::exception& e) {
        print_error(fmt::format("error: MPI rank {}: {}", session->rank(), e.what()));
        session->abort(kExitFailure);
      }
      return g_stop.load() ? kExitInterrupted : kExitOk;
    }
    if (ok && !differ.empty()) {
      print_error(fmt::format("error: the MPI processes did not all read the same calibration (here {}); the "
                              "calibration file, its base scenario, its targets or the yucun binary differ between "
                              "nodes:\n{}",
                              fingerprint, differ));
      ok = false;
    }
    if (!ok) {
      session->announce_start(false);
      return kExitBadInput;
    }
    coordinator.emplace(*session);
  }
  if (!ok) return kExitBadInput;
  const CalibrationSpec& spec = loaded.spec;
  std::optional<tbb::global_control> threads;
  if (args.threads > 0) threads.emplace(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(args.threads));
  if (!args.quiet)
    fmt::print(stderr, "calibrate {}: {} parameters, {} targets ({}), {} particles, up to {} generations, {} replicate(s) a "
               "candidate, {}\n",
               spec.name, spec.parameters.size(), spec.targets.size(), spec.year, spec.abc.particles,
               spec.abc.max_generations, spec.replicates,
               session ? fmt::format("{} MPI processes ({} simulating)", session->size(), session->size() - 1)
                       : fmt::format("{} threads", args.threads > 0 ? args.threads : tbb::info::default_concurrency()));
  std::signal(SIGINT, on_calibration_signal);
  std::signal(SIGTERM, on_calibration_signal);
  CalibrationExecution ex;
  ex.output = *args.output;
  ex.mode = args.force ? CalibrationExecution::Mode::force
            : args.resume ? CalibrationExecution::Mode::resume
                          : CalibrationExecution::Mode::fresh;
  ex.overwrite = args.force;
  ex.stop = &g_stop;
  if (!args.quiet) {
    ex.on_progress = [](const CalibrationProgress& p) {
      const double rate = p.elapsed_seconds > 0 ? static_cast<double>(p.runs_done) / p.elapsed_seconds : 0;
      fmt::print(stderr,
                 "  generation {} (epsilon {}): {}/{} accepted of {} candidates; {} runs this start ({:.2f} runs/s{}), "
                 "{}, generation ETA {}\n",
                 p.generation, number(p.epsilon), std::min(p.accepted, p.particles), p.particles, p.candidates,
                 p.runs_done, rate, p.batches_reused ? fmt::format(", {} batches from checkpoints", p.batches_reused) : "",
                 clock_text(p.elapsed_seconds),
                 std::isfinite(p.generation_eta_seconds) ? clock_text(p.generation_eta_seconds) : std::string("-"));
    };
    ex.on_generation = [](const Generation& g) {
      fmt::print(stderr, "generation {}: epsilon {}, {} candidates, acceptance {:.3f}\n", g.index, number(g.epsilon),
                 g.candidates, g.acceptance_rate);
    };
  }
  CalibrationOutcome outcome;
  // Whatever happens, the workers are told to stop (or, once runs are out
  // and it cannot be said in order, the job ends).
  const auto end_workers = [&](int code) {
    if (!coordinator) return code;
    if (!session->started()) session->announce_start(false);
    else coordinator->finish();
    return code;
  };
  try {
    outcome = coordinator ? execute_calibration(loaded, text, ex, coordinator->source())
                          : execute_calibration(loaded, text, ex);
  } catch (const CalibrationSetupError& e) {
    print_error(fmt::format("error: {}", e.what()));
    return end_workers(kExitBadInput);
  } catch (const std::exception& e) {
    print_error(fmt::format("error: {}", e.what()));
    if (session && session->started()) session->abort(kExitFailure);
    return end_workers(kExitFailure);
  }
  end_workers(kExitOk);
  if (outcome.interrupted) {
    print_error(fmt::format("calibrate: interrupted; finished batches are kept in {}: run the same command with --resume "
                            "to continue",
                            outcome.work_folder));
    return kExitInterrupted;
  }
  if (outcome.failed_runs > 0)
    print_error(fmt::format("warning: {} of {} runs failed (their candidates were rejected); the first: {}",
                            outcome.failed_runs, outcome.runs, outcome.first_failure));
  if (!args.quiet)
    fmt::print(stderr, "wrote {} in {}: {} generations, {} runs, stopped by {}\n", *args.output,
               clock_text(outcome.seconds), outcome.result.generations.size(), outcome.runs,
               yucun::name_of(outcome.result.stop));
  return kExitOk;
}

void print_summary(const std::string& path, const output::CalibrationResults& r, const Generation& g) {
  fmt::print("calibration '{}' ({}): yucun {}, seed {}, {} replicate(s) a candidate, targets of {} from {}\n", r.name,
             path, r.model_version, r.seed, r.replicates, r.year, r.targets_file);
  fmt::print("{} generations, {} model runs ({} failed), stopped by {}\n\n", r.generations.size(), r.runs, r.failed_runs,
             r.stop_reason);
  fmt::print("{:>10} {:>12} {:>11} {:>10}\n", "generation", "epsilon", "candidates", "acceptance");
  for (std::size_t i = 0; i < r.generations.size(); ++i)
    fmt::print("{:>10} {:>12} {:>11} {:>10.3f}\n", i, number(r.generations[i].epsilon), r.generations[i].candidates,
               r.generations[i].acceptance_rate);
  const auto summary = summarise(g);
  fmt::print("\nposterior ({} particles of generation {}):\n", g.particles.size(), g.index);
  fmt::print("{:<36} {:<12} {:>12} {:>12} {:>12} {:>12}   prior\n", "parameter", "", "mean", "median", "5%", "95%");
  for (std::size_t k = 0; k < r.parameter_name.size(); ++k) {
    const std::string prior = r.prior_kind[k] == "normal"
                                  ? fmt::format("normal({}, {}) in [{}, {}]", number(r.prior_mean[k]), number(r.prior_sd[k]),
                                                number(r.prior_lo[k]), number(r.prior_hi[k]))
                                  : fmt::format("{} [{}, {}]", r.prior_kind[k], number(r.prior_lo[k]), number(r.prior_hi[k]));
    fmt::print("{:<36} {:<12} {:>12} {:>12} {:>12} {:>12}   {}\n", r.parameter_key[k], r.parameter_name[k],
               number(summary[k].mean), number(summary[k].median), number(summary[k].q05), number(summary[k].q95), prior);
  }
  if (r.parameter_name.size() > 1) {
    const auto corr = correlations(g);
    fmt::print("\ncorrelations (weighted):\n{:<24}", "");
    for (const auto& n : r.parameter_name) fmt::print(" {:>10.10}", n);
    fmt::print("\n");
    for (std::size_t a = 0; a < corr.size(); ++a) {
      fmt::print("{:<24.24}", r.parameter_name[a]);
      for (std::size_t b = 0; b < corr[a].size(); ++b) fmt::print(" {:>10.3f}", corr[a][b]);
      fmt::print("\n");
    }
  }
  // Each target's fit: the weighted mean of the particles' values and the
  // share of the posterior that meets it.
  fmt::print("\ntarget fit (posterior, weighted):\n{:<36} {:>14} {:>14} {:>14} {:>14} {:>8}\n", "target", "published",
             "mean", "5%", "95%", "met");
  const std::size_t M = r.target_name.size();
  for (std::size_t k = 0; k < M; ++k) {
    std::vector<std::pair<double, double>> v;
    double mean = 0, met = 0;
    for (const auto& p : g.particles) {
      v.emplace_back(p.summaries[k], p.weight);
      mean += p.weight * p.summaries[k];
      if (p.summaries[k] >= r.target_low[k] && p.summaries[k] <= r.target_high[k]) met += p.weight;
    }
    const double q05 = weighted_quantile(v, 0.05), q95 = weighted_quantile(v, 0.95);
    fmt::print("{:<36} {:>14} {:>14} {:>14} {:>14} {:>7.0f}%\n", r.target_name[k], number(r.target_centre[k]),
               number(mean), number(q05), number(q95), 100 * met);
  }
}

// Scenario key paths as nested YAML maps ("a.b.c" = v -> a: {b: {c: v}}).
// (yaml-cpp's Node `=` assigns through a node rather than rebinding it:
// walk down with reset().)
void put(YAML::Node root, const std::string& key_path, const YAML::Node& value) {
  std::vector<std::string> parts;
  std::string part;
  std::istringstream in(key_path);
  while (std::getline(in, part, '.')) parts.push_back(part);
  YAML::Node node;
  node.reset(root);
  for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
    if (!node[parts[i]] || !node[parts[i]].IsMap()) node[parts[i]] = YAML::Node(YAML::NodeType::Map);
    YAML::Node next = node[parts[i]];
    node.reset(next);
  }
  node[parts.back()] = value;
}

int export_scenario(const std::string& file, const output::CalibrationResults& r, const Generation& g,
                    const std::string& estimate, const std::string& out_path) {
  std::vector<double> values;
  std::string how;
  if (estimate == "map") {
    const std::size_t i = posterior_mode(g, priors_of(r));
    values = g.particles.at(i).theta;
    how = "the posterior mode (the particle of highest weighted kernel density)";
  } else {
    for (const auto& s : summarise(g)) values.push_back(s.median);
    how = "the posterior median of each parameter";
  }
  YAML::Node root(YAML::NodeType::Map);
  std::string extends = r.base;
  if (!extends.starts_with('@')) {
    std::error_code ec;
    const fs::path dir = fs::absolute(fs::path(out_path)).parent_path();
    extends = fs::relative(fs::absolute(r.base), dir, ec).string();
    if (ec || extends.empty()) extends = fs::absolute(r.base).string();
  }
  root["extends"] = extends;
  root["name"] = fmt::format("{}_{}", r.name, estimate == "map" ? "posterior_mode" : "posterior_median");
  root["description"] = fmt::format("{} of calibration '{}' ({}), {} particles of generation {}", how, r.name, file,
                                    g.particles.size(), g.index);
  for (std::size_t k = 0; k < values.size(); ++k) put(root, r.parameter_key[k], YAML::Node(values[k]));
  YAML::Emitter e;
  e.SetDoublePrecision(17);
  e << root;
  std::ofstream out(out_path);
  out << fmt::format("# Written by `yucun calibrate --summary {} --export-scenario`: {}.\n", file, how);
  out << "# CALIBRATED values; everything else comes from the base scenario.\n";
  out << e.c_str() << "\n";
  if (!out) {
    print_error(fmt::format("error: cannot write '{}'", out_path));
    return kExitFailure;
  }
  fmt::print(stderr, "wrote {} ({})\n", out_path, how);
  return kExitOk;
}

int export_sample(const std::string& file, const output::CalibrationResults& r, const Generation& g, std::uint64_t n,
                  std::uint64_t seed, const std::string& out_path) {
  const auto draws = resample(g, static_cast<std::size_t>(n), seed);
  std::ofstream out(out_path);
  out << "draw,particle";
  for (const auto& key : r.parameter_key) out << "," << key;
  out << "\n";
  for (std::size_t d = 0; d < draws.size(); ++d) {
    out << d << "," << draws[d];
    for (double v : g.particles[draws[d]].theta) out << "," << fmt::format("{}", v);
    out << "\n";
  }
  if (!out) {
    print_error(fmt::format("error: cannot write '{}'", out_path));
    return kExitFailure;
  }
  fmt::print(stderr, "wrote {}: {} posterior draws of calibration '{}' ({}; systematic resampling, seed {})\n", out_path,
             n, r.name, file, seed);
  return kExitOk;
}

int summary(const CalibrateArgs& args) {
  output::CalibrationResults r;
  try {
    r = output::read_calibration_file(*args.summary);
  } catch (const output::OutputError& e) {
    print_error(fmt::format("error: {}: {}", *args.summary, e.what()));
    return kExitBadInput;
  }
  if (r.generations.empty()) {
    print_error(fmt::format("error: {}: the calibration has no generation", *args.summary));
    return kExitBadInput;
  }
  const Generation g = posterior_of(r);
  if (args.export_scenario) return export_scenario(*args.summary, r, g, args.estimate, *args.export_scenario);
  if (args.export_sample) {
    if (!args.sample_file) {
      print_error("error: --export-sample N needs -o FILE.csv, the file for the draws");
      return kExitBadInput;
    }
    return export_sample(*args.summary, r, g, *args.export_sample, args.sample_seed, *args.sample_file);
  }
  print_summary(*args.summary, r, g);
  return kExitOk;
}

}  // namespace

CLI::App* add_calibrate_command(CLI::App& app, CalibrateArgs& args) {
  auto* cmd = app.add_subcommand(
      "calibrate",
      "Estimate uncertain scenario values from published targets (ABC-SMC), or summarise a calibration's file");
  cmd->add_option("calibration", args.file, "Calibration YAML file (docs/calibration.md)");
  cmd->add_option("-o,--output", args.output,
                  "Calibration result file (.h5); with --export-sample, the CSV file of draws");
  cmd->add_flag("--resume", args.resume, "Continue an interrupted calibration into the same output");
  cmd->add_flag("--force", args.force, "Overwrite the output and clear an interrupted calibration's checkpoints");
  cmd->add_option("--threads", args.threads, "Worker threads (default: all cores)")->check(CLI::Range(0, 4096));
  cmd->add_flag("-q,--quiet", args.quiet, "Print nothing on success");
  cmd->add_option("--summary", args.summary, "Print the posterior and the target fit of a calibration file")
      ->type_name("OUT.h5");
  cmd->add_option("--export-scenario", args.export_scenario,
                  "With --summary: write the estimate as a scenario that extends the calibration's base")
      ->type_name("FILE.yaml");
  cmd->add_option("--estimate", args.estimate, "The estimate --export-scenario writes: median or map")
      ->check(CLI::IsMember({"median", "map"}));
  cmd->add_option("--export-sample", args.export_sample, "With --summary: write N posterior draws (CSV, -o FILE)")
      ->type_name("N")
      ->check(CLI::Range(1, 10000000));
  cmd->add_option("--sample-seed", args.sample_seed, "Seed of the posterior draws (default 1)");
  return cmd;
}

int calibrate_command(const CalibrateArgs& args_in) {
  CalibrateArgs args = args_in;
  if (args.summary) {
    if (!args.file.empty()) {
      print_error("error: give either a calibration file to run or --summary OUT.h5 to read, not both");
      return kExitBadInput;
    }
    if (args.export_sample) args.sample_file = args.output;
    return summary(args);
  }
  if (args.export_scenario || args.export_sample) {
    print_error("error: --export-scenario and --export-sample read a calibration's file: add --summary OUT.h5");
    return kExitBadInput;
  }
  if (args.file.empty()) {
    print_error("error: give a calibration file (yucun calibrate CALIBRATION.yaml -o OUT.h5) or --summary OUT.h5");
    return kExitBadInput;
  }
  if (!args.output) {
    print_error("error: give the result file with -o OUT.h5");
    return kExitBadInput;
  }
  if (args.resume && args.force) {
    print_error("error: --resume continues a calibration and --force starts it over: give one");
    return kExitBadInput;
  }
  return run(args);
}

}  // namespace yucun::cli
