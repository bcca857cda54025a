// A sweep's work folder, `.OUT.h5.sweep/` beside its output: a manifest
// naming the sweep (its fingerprint and the shard), and one checkpoint file
// per finished run, each written under a temporary name and renamed, so a
// sweep killed at any moment (Ctrl-C, SIGTERM, SIGKILL, a lost node) can be
// resumed with `--resume` and end with the same file. Removed once the
// output is written.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/experiments/run_record.hpp"
#include "sim/experiments/sweep_runner.hpp"

namespace yucun::sweep {

// Bad use of a work folder (exit code 2): a folder left by an interrupted
// sweep without --resume, a resume of a changed sweep, a folder another
// process is using.
class WorkFolderError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class WorkFolder {
 public:
  enum class Mode {
    fresh,   // refuse a folder left by an earlier sweep
    resume,  // reuse its checkpoints (a new folder if there is none)
    force,   // clear it and start over
  };

  // The folder for output file `output`.
  static std::string path_for(const std::string& output);

  // Creates or opens the folder and locks it (a second sweep into the same
  // output is refused while this one runs). `shard` is "I/N", or "" for a
  // whole sweep. Throws WorkFolderError.
  WorkFolder(const std::string& output, const SweepContext& context, const std::string& shard, Mode mode);
  ~WorkFolder();
  WorkFolder(const WorkFolder&) = delete;
  WorkFolder& operator=(const WorkFolder&) = delete;

  const std::string& path() const { return path_; }
  // Runs with a checkpoint (found when the folder was opened), ascending.
  const std::vector<std::uint64_t>& saved_runs() const { return saved_; }
  // Checkpoints found damaged (and removed, so their runs run again): why.
  const std::vector<std::string>& damaged() const { return damaged_; }

  // Writes run `run`'s checkpoint (temporary file, then rename). Thread-safe.
  // Throws std::runtime_error when it cannot be written (disk full).
  void save(std::uint64_t run, const RunOutcome& outcome) const;
  // Reads a checkpoint back; throws std::runtime_error when it is damaged.
  RunOutcome load(std::uint64_t run) const;
  // Deletes the folder (after the output was written).
  void remove();

 private:
  void open_locked(const std::string& output, const SweepContext& context, const std::string& shard, Mode mode);
  std::string checkpoint_path(std::uint64_t run) const;
  std::string path_;
  std::string fingerprint_;
  std::uint64_t runs_ = 0;                  // of the sweep: checkpoints of other runs are not ours
  std::uint64_t max_checkpoint_bytes_ = 0;  // the largest run record a run of this sweep makes, with room
  int lock_fd_ = -1;
  std::vector<std::uint64_t> saved_;
  std::vector<std::string> damaged_;
};

}  // namespace yucun::sweep
