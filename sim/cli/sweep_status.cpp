// `yucun sweep SWEEP --status OUT.h5 | OUTDIR --shards N`: how far a sweep that
// runs elsewhere (another terminal, a SLURM job array) has got, read from what
// it leaves on disk: a finished output or shard file holds all its runs; an
// unfinished one has a work folder with a checkpoint per finished run
// (work_folder.hpp). Nothing is opened but folder listings, so it is safe to
// run while the sweep writes.
#include <filesystem>
#include <regex>

#include <fmt/format.h>

#include "sim/cli/commands.hpp"
#include "sim/cli/print_error.hpp"
#include "sim/cli/sweep_command.hpp"
#include "sim/experiments/design.hpp"
#include "sim/experiments/sweep_loader.hpp"
#include "sim/experiments/work_folder.hpp"
#include "sim/io/scenario/diagnostics.hpp"

namespace yucun::cli {

namespace fs = std::filesystem;

namespace {

struct PartStatus {
  std::uint64_t runs = 0;  // runs this file holds when finished
  std::uint64_t done = 0;
  const char* state = "not started";
};

// Checkpoints in the work folder of `output`: regular files named run-<9 to 19
// digits> whose number is one of this part's runs (below `runs`, and i mod
// `shards` == `shard`). Other names are not this sweep's (work_folder.cpp).
std::uint64_t checkpoints(const std::string& output, std::uint64_t runs, std::uint64_t shard, std::uint64_t shards) {
  static const std::regex name("run-([0-9]{9,19})");
  std::error_code ec;
  std::uint64_t n = 0;
  std::smatch m;
  for (fs::directory_iterator it(sweep::WorkFolder::path_for(output), ec), end; !ec && it != end; it.increment(ec)) {
    const std::string file = it->path().filename().string();
    if (!std::regex_match(file, m, name) || !it->is_regular_file(ec)) continue;
    const std::uint64_t run = std::stoull(m[1].str());  // at most 19 digits: fits
    if (run < runs && run % shards == shard) ++n;
  }
  return n;
}

PartStatus status_of(const std::string& output, std::uint64_t runs, std::uint64_t total_runs, std::uint64_t shard = 0,
                     std::uint64_t shards = 1) {
  PartStatus s;
  s.runs = runs;
  std::error_code ec;
  if (fs::is_regular_file(output, ec)) {
    s.done = runs;
    s.state = "finished";
  } else if (fs::is_directory(sweep::WorkFolder::path_for(output), ec)) {
    s.done = std::min(checkpoints(output, total_runs, shard, shards), runs);
    s.state = "running or interrupted";
  }
  return s;
}

}  // namespace

int sweep_status_command(const SweepArgs& args) {
  if (!args.status) {
    print_error("error: --shards goes with --status OUTDIR (the folder given to scripts/slurm/submit.sh)");
    return kExitBadInput;
  }
  if (args.output || args.plan || args.show_run) {
    print_error("error: --status reads a sweep running elsewhere: give it without -o, --plan or --show-run");
    return kExitBadInput;
  }
  sweep::LoadedSweep loaded;
  try {
    loaded = sweep::load_sweep(args.file);
  } catch (const scenario::ScenarioError& e) {
    print_error(e.what());
    return kExitBadInput;
  }
  const sweep::SweepSpec& spec = loaded.spec;
  const std::uint64_t runs = sweep::run_count(spec);
  std::uint64_t done = 0;
  if (!args.shards) {
    const PartStatus s = status_of(*args.status, runs, runs);
    fmt::print("sweep '{}' into {}: {} of {} runs done ({:.1f}%), {}\n", spec.name, *args.status, s.done, runs,
               100.0 * static_cast<double>(s.done) / static_cast<double>(runs), s.state);
    return kExitOk;
  }
  const std::uint64_t n = *args.shards;
  if (n > runs) {
    print_error(fmt::format("error: --shards {}: the sweep has {} runs", n, runs));
    return kExitBadInput;
  }
  const fs::path dir(*args.status);
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    print_error(fmt::format("error: --status {}: not a folder (with --shards, the OUTDIR given to submit.sh)", *args.status));
    return kExitBadInput;
  }
  const fs::path merged = dir / (fs::path(spec.file).stem().string() + ".h5");
  std::uint64_t finished = 0, running = 0;
  for (std::uint64_t i = 0; i < n; ++i) {
    const std::uint64_t shard_runs = (runs - i + n - 1) / n;  // runs i, i + n, ... below runs
    const PartStatus s = status_of((dir / "shards" / fmt::format("shard-{}.h5", i)).string(), shard_runs, runs, i, n);
    done += s.done;
    finished += s.done == shard_runs && std::string_view(s.state) == "finished";
    running += std::string_view(s.state) == "running or interrupted";
  }
  const bool is_merged = fs::is_regular_file(merged, ec);
  if (is_merged) done = runs;
  fmt::print("sweep '{}' in {}: {} of {} runs done ({:.1f}%); shards: {} finished, {} running or interrupted, {} not "
             "started, of {}; {}\n",
             spec.name, dir.string(), done, runs, 100.0 * static_cast<double>(done) / static_cast<double>(runs),
             finished, running, n - finished - running, n,
             is_merged ? fmt::format("merged into {}", merged.string()) : std::string("not merged yet"));
  return kExitOk;
}

}  // namespace yucun::cli
