// A sweep from start to finished file: its work folder (checkpoints, resume),
// the runs still missing handed to a run source (threads here, or MPI
// processes), each finished run checkpointed and written in run order, and the
// file renamed into place only when complete.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/experiments/sweep_file.hpp"
#include "sim/experiments/sweep_runner.hpp"
#include "sim/experiments/work_folder.hpp"

namespace yucun::sweep {

// Where runs are simulated: given the runs still to do, calls on_done for each
// run it started, until all are done or `stop` is set.
using RunSource = std::function<void(const SweepContext& context, std::span<const std::uint64_t> runs,
                                     const std::atomic<bool>& stop, const RunDone& on_done)>;
// The threads of this process (run_in_parallel).
RunSource local_run_source();

struct SweepProgress {
  std::uint64_t total = 0;    // runs of this file
  std::uint64_t reused = 0;   // done before this start (checkpoints)
  std::uint64_t done = 0;     // finished, reused ones included
  std::uint64_t failed = 0;   // of those, failed
  double elapsed_seconds = 0;
};

struct SweepExecution {
  std::string output;
  Shard shard;                  // whole sweep by default
  std::string sweep_file;       // absolute path, recorded in shard files
  WorkFolder::Mode mode = WorkFolder::Mode::fresh;
  bool overwrite = false;       // --force: replace an existing output
  const std::atomic<bool>* stop = nullptr;
  std::function<void(const SweepProgress&)> on_progress;  // after each run (from any thread, one at a time)
};

struct SweepOutcome {
  bool interrupted = false;     // stopped: no file, the work folder kept
  std::uint64_t runs = 0;       // runs of this file
  std::uint64_t reused = 0;     // taken from checkpoints
  std::uint64_t failed = 0;
  std::vector<std::pair<std::uint64_t, std::string>> failures;  // run and message, in run order
  std::vector<std::string> damaged_checkpoints;                 // run again
  std::string work_folder;
  double seconds = 0;           // wall time
  double run_seconds = 0;       // sum of the runs' own wall times (this start's runs)
};

// Bad options for an execution that are the user's to fix (exit 2): an
// existing output without --force, a work folder in the way.
class SweepSetupError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Runs the sweep (or its shard) into execution.output. Throws
// SweepSetupError before any run, output::OutputError or std::runtime_error
// when writing fails (checkpoints or the file).
SweepOutcome execute_sweep(const SweepContext& context, const SweepExecution& execution, const RunSource& source);

}  // namespace yucun::sweep
