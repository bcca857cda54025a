// The yucun subcommands, each a function from parsed options to an exit code.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace yucun::cli {

// Exit codes shared by every command.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;     // the run itself failed (output, model)
inline constexpr int kExitBadInput = 2;    // bad scenario, options or input files
// A sweep (or a merge of its shards) finished and wrote its complete file, but
// some of its runs failed: they are marked (run_status 1, the message in error)
// and the others are good. Distinct from 1 so that a SLURM array task can let
// the merge run (scripts/slurm) while a script can still tell it apart.
inline constexpr int kExitRunsFailed = 3;
inline constexpr int kExitInterrupted = 130;

struct ScenarioArgs {
  std::string scenario;  // file path; empty = built-in baseline
  std::vector<std::string> overrides;  // --set key.path=value
};

struct RunArgs {
  ScenarioArgs scenario;
  std::optional<std::string> output;  // absent = <scenario name>.h5
  std::optional<std::string> seed;    // parsed strictly by run_command
  std::optional<std::uint32_t> run;         // absent = 0
  std::optional<std::uint32_t> replicates;  // runs 0..N-1 into one file with a run dimension
  std::optional<std::string> posterior;     // with replicates: run r takes posterior draw r of this calibration file
  int threads = 0;  // 0 = all cores
  bool force = false;
  bool quiet = false;
  bool yes = false;  // run --replicates N above the size limits
  // Checkpoints (docs/reliability.md): of a single run only, except the spin-up cache.
  std::optional<std::string> checkpoint_every;  // PERIOD
  std::vector<std::string> checkpoint_at;       // YYYY-MM-DD
  std::optional<std::string> checkpoint;        // the file
  std::optional<std::string> restart;           // a checkpoint to continue from
  std::optional<std::string> spin_up_cache;     // a folder
};

int run_command(const RunArgs& args);
int validate_command(const std::vector<std::string>& files, const std::vector<std::string>& overrides);
int show_command(const ScenarioArgs& args);
int world_command(const ScenarioArgs& args, bool dot);
int info_command(const std::vector<std::string>& files);

}  // namespace yucun::cli
