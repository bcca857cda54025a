#include "sim/cli/sweep_run.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <optional>

#include <fmt/format.h>
#include <tbb/global_control.h>
#include <tbb/info.h>
#include <unistd.h>

#include "sim/cli/commands.hpp"
#include "sim/cli/print_error.hpp"
#include "sim/io/output/hdf5_file.hpp"
#include "sim/io/scenario/diagnostics.hpp"
#include "sim/experiments/design.hpp"
#include "sim/experiments/mpi_sweep.hpp"
#include "sim/experiments/size_estimate.hpp"
#include "sim/experiments/sweep_execution.hpp"
#include "sim/experiments/sweep_loader.hpp"

namespace yucun::cli {

namespace {

using namespace yucun::sweep;

std::atomic<bool> g_stop{false};
std::atomic<int> g_signal{0};

extern "C" void on_stop_signal(int sig) {
  g_signal.store(sig);
  g_stop.store(true);
}

std::string clock_text(double seconds) {
  const auto s = static_cast<long>(seconds + 0.5);
  if (s >= 3600) return fmt::format("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
  return fmt::format("{}:{:02}", s / 60, s % 60);
}

// Runs done, failed, speed and time left: one line redrawn in place on a
// terminal, else a plain line every 5% of the runs or 10 s.
class ProgressDisplay {
 public:
  explicit ProgressDisplay(bool enabled) : enabled_(enabled), tty_(::isatty(STDERR_FILENO) == 1) {}

  void update(const SweepProgress& p) {
    if (!enabled_ || p.total == 0) return;
    const auto now = std::chrono::steady_clock::now();
    const bool last = p.done == p.total;
    const std::uint64_t fresh = p.done - p.reused;
    const double rate = p.elapsed_seconds > 0 ? static_cast<double>(fresh) / p.elapsed_seconds : 0;
    const std::string eta = last ? "done" : rate > 0 ? "ETA " + clock_text(static_cast<double>(p.total - p.done) / rate) : "ETA -";
    const unsigned percent = static_cast<unsigned>(100 * p.done / p.total);
    if (tty_) {
      if (!last && now - drawn_ < std::chrono::milliseconds(200) && drawn_count_ > 0) return;
      constexpr int kWidth = 24;
      const int filled = static_cast<int>(kWidth * p.done / p.total);
      fmt::print(stderr, "\r[{}{}] {}/{} runs, {} failed, {:.2f} runs/s, {}   ", std::string(filled, '#'),
                 std::string(kWidth - filled, '.'), p.done, p.total, p.failed, rate, eta);
      std::fflush(stderr);
      line_open_ = true;
    } else {
      const unsigned step = percent / 5;
      if (!last && step == last_step_ && now - drawn_ < std::chrono::seconds(10) && drawn_count_ > 0) return;
      last_step_ = step;
      fmt::print(stderr, "sweep: {}/{} runs ({}%), {} failed, {:.2f} runs/s, {}\n", p.done, p.total, percent, p.failed,
                 rate, eta);
    }
    drawn_ = now;
    ++drawn_count_;
  }
  void close() {
    if (line_open_) std::fputc('\n', stderr);
    line_open_ = false;
  }

 private:
  bool enabled_;
  bool tty_;
  bool line_open_ = false;
  unsigned last_step_ = 0;
  std::uint64_t drawn_count_ = 0;
  std::chrono::steady_clock::time_point drawn_{};
};

struct Loaded {
  LoadedSweep sweep;
  SweepContext context;
};

// Loads the sweep and checks its size; prints why not (unless `quiet`) and
// returns nothing on bad input.
std::optional<Loaded> load(const SweepArgs& args, bool quiet) {
  auto complain = [quiet](const std::string& message) {
    if (!quiet) print_error(message);
  };
  try {
    Loaded l;
    l.sweep = load_sweep(args.file);
    const SizeEstimate estimate = estimate_size(l.sweep.spec, l.sweep.largest_run, l.sweep.typical_run);
    if (const auto over = over_limits(estimate); over && !args.yes) {
      complain(fmt::format("error: {}: this sweep is too large to start without --yes: {} ({}). Pass --yes to go "
                           "ahead, or make it smaller (design n or r, grid values, replicates, output: summary)",
                           l.sweep.spec.file, describe(estimate, l.sweep.spec.output), *over));
      return std::nullopt;
    }
    l.context = make_context(l.sweep);
    return l;
  } catch (const scenario::ScenarioError& e) {
    complain(e.what());
  } catch (const std::invalid_argument& e) {
    complain(fmt::format("error: {}: {}", args.file, e.what()));
  }
  return std::nullopt;
}

struct Options {
  Shard shard;
  WorkFolder::Mode mode = WorkFolder::Mode::fresh;
};

std::optional<Options> check_options(const SweepArgs& args, bool quiet) {
  Options o;
  auto complain = [quiet](const std::string& message) {
    if (!quiet) print_error(message);
    return std::nullopt;
  };
  if (args.resume && args.force)
    return complain("error: --resume continues an interrupted sweep, --force starts over: give one, not both");
  if (args.threads < 0) return complain("error: --threads: expected 0 (all cores) or more");
  if (args.shard) {
    try {
      o.shard = parse_shard(*args.shard);
    } catch (const std::invalid_argument& e) {
      return complain(fmt::format("error: {}", e.what()));
    }
  }
  o.mode = args.resume ? WorkFolder::Mode::resume : args.force ? WorkFolder::Mode::force : WorkFolder::Mode::fresh;
  return o;
}

std::string absolute(const std::string& path) {
  std::error_code ec;
  const auto p = std::filesystem::absolute(path, ec);
  return ec ? path : p.lexically_normal().string();
}

// After the sweep: the summary on stdout, failures on stderr; the exit code.
int report(const SweepArgs& args, const SweepContext& context, const SweepOutcome& out, const Options& o,
           const std::string& where, int threads) {
  const std::string& output = *args.output;
  if (out.interrupted) {
    print_error(fmt::format("yucun: interrupted{}; no result written. Finished runs are kept in '{}': run the same "
                            "command with --resume to continue",
                            g_signal.load() ? fmt::format(" by signal {}", g_signal.load()) : std::string(),
                            out.work_folder));
    return kExitInterrupted;
  }
  for (const auto& d : out.damaged_checkpoints) print_error(fmt::format("note: a damaged checkpoint was run again: {}", d));
  if (!args.quiet) {
    const std::uint64_t ran = out.runs - out.reused;
    const double rate = out.seconds > 0 ? static_cast<double>(ran) / out.seconds : 0;
    fmt::print("sweep '{}'{}: {} runs ({} completed, {} failed{}) written to {}\n", context.spec.name,
               o.shard.whole() ? "" : fmt::format(", shard {} of runs {} mod {}", o.shard.to_string(), o.shard.index,
                                                  o.shard.count),
               out.runs, out.runs - out.failed, out.failed,
               out.reused ? fmt::format("; {} taken from the interrupted sweep", out.reused) : "", output);
    fmt::print("{} runs in {:.2f} s on {}: {:.2f} runs/s", ran, out.seconds, where, rate);
    if (threads > 0 && out.seconds > 0 && ran > 0) {
      const double share = std::clamp(1 - out.run_seconds / (out.seconds * threads), 0.0, 1.0);
      fmt::print("; overhead {:.1f}% (thread time outside runs)", 100 * share);
    }
    fmt::print("\n");
  }
  if (out.failed > 0) {
    print_error(fmt::format("error: {} of {} runs failed (status 1 in the file; the message in error):", out.failed,
                            out.runs));
    const std::size_t shown = std::min<std::size_t>(out.failures.size(), 10);
    for (std::size_t i = 0; i < shown; ++i) {
      const auto& [run, message] = out.failures[i];
      const SweepRun r = sweep_run(context.spec, run);
      print_error(fmt::format("  run {} (point {}, replicate {}): {}", run, r.point, r.replicate, message));
    }
    if (out.failures.size() > shown) print_error(fmt::format("  ... and {} more", out.failures.size() - shown));
    print_error(fmt::format("  `yucun sweep {} --show-run N` prints a run's scenario", args.file));
    return kExitRunsFailed;  // the file is complete; the failed runs are marked in it
  }
  return kExitOk;
}

// What a sweep run needs from the command line, the same locally and under MPI.
SweepExecution execution(const SweepArgs& args, const Options& options, ProgressDisplay& progress) {
  SweepExecution x;
  x.output = *args.output;
  x.shard = options.shard;
  x.sweep_file = absolute(args.file);
  x.mode = options.mode;
  x.overwrite = args.force;
  x.stop = &g_stop;
  x.on_progress = [&progress](const SweepProgress& p) { progress.update(p); };
  return x;
}

int run_local(const SweepArgs& args) {
  const auto options = check_options(args, false);
  if (!options) return kExitBadInput;
  const auto loaded = load(args, false);
  if (!loaded) return kExitBadInput;
  const int threads = args.threads > 0 ? args.threads : tbb::info::default_concurrency();
  tbb::global_control parallelism(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
  ProgressDisplay progress(!args.quiet);
  const SweepExecution x = execution(args, *options, progress);
  try {
    const SweepOutcome out = execute_sweep(loaded->context, x, local_run_source());
    progress.close();
    return report(args, loaded->context, out, *options, fmt::format("{} thread{}", threads, threads == 1 ? "" : "s"),
                  threads);
  } catch (const SweepSetupError& e) {
    progress.close();
    print_error(fmt::format("error: {}", e.what()));
    return kExitBadInput;
  } catch (const std::exception& e) {
    progress.close();
    print_error(fmt::format("error: writing '{}': {}", *args.output, e.what()));
    return kExitFailure;
  }
}

int run_mpi(const SweepArgs& args) {
  std::optional<mpi::Session> session;
  try {
    session.emplace();
  } catch (const std::exception& e) {
    print_error(fmt::format("error: {}", e.what()));
    return kExitFailure;
  }
  const bool root = session->rank() == 0;
  const auto options = check_options(args, !root);
  const auto loaded = options ? load(args, !root) : std::nullopt;
  const std::string differ = session->compare_fingerprints(loaded ? loaded->context.fingerprint : std::string());

  if (!root) {
    if (!session->wait_for_start() || !loaded) return kExitBadInput;  // rank 0 says why
    const int threads =
        args.threads > 0 ? args.threads : std::max(1, tbb::info::default_concurrency() / std::max(1, session->workers_on_node()));
    try {
      mpi::work(*session, loaded->context, threads, g_stop);
    } catch (const std::exception& e) {
      print_error(fmt::format("error: MPI rank {}: {}", session->rank(), e.what()));
      session->abort(kExitFailure);
    }
    return g_stop.load() ? kExitInterrupted : kExitOk;
  }

  if (!options || !loaded) {
    session->announce_start(false);
    return kExitBadInput;
  }
  if (!differ.empty()) {
    print_error(fmt::format("error: the MPI processes did not all read the same sweep (here {}); the sweep file, its "
                            "base scenario or the yucun binary differ between nodes:\n{}",
                            loaded->context.fingerprint, differ));
    session->announce_start(false);
    return kExitBadInput;
  }
  ProgressDisplay progress(!args.quiet);
  const SweepExecution x = execution(args, *options, progress);
  try {
    const SweepOutcome out = execute_sweep(loaded->context, x, mpi::coordinator(*session));
    progress.close();
    return report(args, loaded->context, out, *options,
                  fmt::format("{} MPI processes ({} simulating)", session->size(), session->size() - 1), 0);
  } catch (const SweepSetupError& e) {
    progress.close();
    print_error(fmt::format("error: {}", e.what()));
    if (!session->started()) session->announce_start(false);
    else session->abort(kExitBadInput);
    return kExitBadInput;
  } catch (const std::exception& e) {
    progress.close();
    print_error(fmt::format("error: writing '{}': {}", *args.output, e.what()));
    if (!session->started()) {
      session->announce_start(false);
      return kExitFailure;
    }
    session->abort(kExitFailure);
  }
  return kExitFailure;
}

}  // namespace

bool is_mpi_worker_process() { return mpi::launched_size() > 1 && mpi::launched_rank() > 0; }

int run_sweep_command(const SweepArgs& args) {
  std::signal(SIGINT, on_stop_signal);
  std::signal(SIGTERM, on_stop_signal);
  const int processes = mpi::launched_size();
  if (processes > 1 && !mpi::built_with_mpi()) {
    if (mpi::launched_rank() == 0)
      print_error(fmt::format(
          "error: started by mpirun as {} processes, but this yucun was built without MPI: each process would run the "
          "whole sweep into '{}'. Run `yucun sweep` once without mpirun (it uses every core), or rebuild with MPI "
          "(Debian's libopenmpi-dev; see README, \"Sweeps on a cluster\")",
          processes, *args.output));
    return kExitBadInput;
  }
  if (processes > 1) return run_mpi(args);
  return run_local(args);
}

}  // namespace yucun::cli
