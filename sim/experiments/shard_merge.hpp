// Combining the shard files of a sweep (`yucun sweep --shard I/N`, e.g. the
// tasks of a SLURM job array) into the file a local sweep writes, byte for
// byte: the shards are checked to be of one sweep, complete and all there,
// their runs read back exactly and written again in run order by the same
// SweepFileWriter.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/experiments/sweep_execution.hpp"

namespace yucun::sweep {

// Shards that do not make one sweep, or a sweep file that is not there or has
// changed (exit code 2): the message names the files.
class MergeError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct MergeOptions {
  std::vector<std::string> shards;
  std::string output;
  bool overwrite = false;
  // The sweep file, when it is no longer where the shards say it was.
  std::optional<std::string> sweep_file;
};

struct MergeOutcome {
  std::string sweep_name;
  std::uint64_t runs = 0;
  std::uint64_t shards = 0;
  std::uint64_t failed = 0;
  std::vector<std::pair<std::uint64_t, std::string>> failures;
};

// Throws MergeError for bad input, output::OutputError when writing fails.
MergeOutcome merge_shards(const MergeOptions& options);

}  // namespace yucun::sweep
