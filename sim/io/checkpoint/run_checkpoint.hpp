// Checkpoints of one run: its whole state between two days, and the series
// it has reported so far, in one file, so that a run restored from it
// continues to a result file identical to the uninterrupted run's.
//
// A checkpoint can also start a run of another scenario (branching): one
// that differs from the checkpoint's only in policy levers that had not yet
// acted by the checkpoint's day (and in its name and description). So a
// spin-up, or a common prefix of several policy scenarios, is computed once
// per seed and run. docs/reliability.md describes the file and its checks.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

#include "sim/core/date.hpp"
#include "sim/io/output/result_writer.hpp"
#include "sim/model/simulation.hpp"

namespace yucun::checkpoint {

// A checkpoint that cannot be used: not a checkpoint, damaged, of another
// version, seed, run or scenario. Bad input (exit 2).
class CheckpointError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// What a checkpoint says about itself (readable without loading the state).
struct CheckpointInfo {
  std::string model_version;
  std::uint64_t seed = 0;
  std::uint32_t run = 0;
  int days_done = 0;     // reported days run (0: right after the spin-up)
  Date next_day;         // the first day a restored run runs
  int spin_up_days = 0;
  int day_count = 0;     // reported days of the run
  std::string scenario_name;
  std::string scenario_yaml;  // the resolved scenario of the run that wrote it
  std::string branch_key;     // branch_key(that scenario, next_day)
  bool has_series = false;    // holds the days reported so far
};

// The scenario as far as a state on `day` can depend on it: without its name
// and description, and with every lever that has not acted before `day` off.
// Two scenarios with the same key reach the same state on `day` (for the
// same run), so one can continue from the other's checkpoint.
std::string branch_key(const Scenario& scenario, Date day);

// The file name of the spin-up checkpoint of `scenario`'s run `identity` in
// a cache folder: a digest of branch_key(scenario, calendar.start), the
// seed and the run. (A digest can collide; restore() compares the whole key.)
std::string spin_up_file_name(const Scenario& scenario, RunIdentity identity);

// Writes `sim`'s state (between two days) and, if given, the series reported
// so far, to `path`: built under a temporary name and renamed over any
// earlier checkpoint there only when complete, so an interruption leaves the
// previous checkpoint whole. Throws output::OutputError on a write failure.
void write_checkpoint(const std::string& path, const Simulation& sim, const std::string& model_version,
                      const output::RunSeries* series);

// The same checkpoint as bytes in memory, and a run restored from them
// (`name` stands for the file in messages): a sweep shares its spin-ups so.
std::string checkpoint_bytes(const Simulation& sim, const std::string& model_version, const output::RunSeries* series);

// Whether `path` is a regular file that starts as a checkpoint does (its
// magic); says nothing of whether it is whole.
bool looks_like_checkpoint(const std::string& path);

// Reads a checkpoint's description; throws CheckpointError if the file is
// not a whole checkpoint of this build.
CheckpointInfo read_checkpoint_info(const std::string& path);

struct Restored {
  CheckpointInfo info;
  std::unique_ptr<Simulation> sim;       // at info.next_day
  std::optional<output::RunSeries> series;  // the days before it, if the checkpoint held them
};

// A run of `scenario` as `identity`, continued from the checkpoint at
// `path`. Throws CheckpointError, saying what differs, unless the checkpoint
// was written by this version for the same seed and run and its scenario has
// the same branch key on its day as `scenario`.
Restored restore(const std::string& path, const Scenario& scenario, RunIdentity identity,
                 const std::string& model_version);
Restored restore_bytes(std::string bytes, const std::string& name, const Scenario& scenario, RunIdentity identity,
                       const std::string& model_version);

}  // namespace yucun::checkpoint
