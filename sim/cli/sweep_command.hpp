// `yucun sweep`: reads a sweep file, shows its design and cost, and runs it
// into one result file (sweep_run.hpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace CLI {
class App;
}

namespace yucun::cli {

struct SweepArgs {
  std::string file;                   // the sweep YAML
  std::optional<std::string> output;  // -o OUT.h5
  bool plan = false;                  // print every run instead of running
  std::string format = "table";       // plan format: table or csv
  bool yes = false;                   // run or print a sweep over the size limit
  std::optional<std::uint64_t> show_run;  // print the resolved scenario of one run
  // Running (-o; sweep_run.hpp):
  bool resume = false;                // continue an interrupted sweep into the same output
  bool force = false;                 // overwrite the output, clear an interrupted sweep's checkpoints
  std::optional<std::string> shard;   // "I/N": only runs I, I + N, ... into their own file
  int threads = 0;                    // 0 = all cores
  bool quiet = false;                 // no progress, no summary
  // Progress of a sweep run elsewhere (sweep_status.cpp): the output file, or with
  // `shards` the OUTDIR of scripts/slurm/submit.sh (OUTDIR/shards/shard-I.h5).
  std::optional<std::string> status;
  std::optional<std::uint64_t> shards;
};

// Adds the `sweep` subcommand and its options to the app.
CLI::App* add_sweep_command(CLI::App& app, SweepArgs& args);
int sweep_command(const SweepArgs& args);
// `yucun sweep SWEEP --status OUT.h5 | OUTDIR --shards N`: runs done, summed over shards.
int sweep_status_command(const SweepArgs& args);

}  // namespace yucun::cli
