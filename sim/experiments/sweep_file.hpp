// A sweep's result file, the one code path that writes it (a local sweep, a
// resumed one, an MPI job, a shard, a merge of shards): runs in run order with
// MultiRunWriter, then the variables on `run` and the root attributes of
// docs/output.md ("Sweep files"), so the same runs give the same bytes
// however they were computed.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "sim/io/output/result_writer.hpp"
#include "sim/experiments/sweep_runner.hpp"

namespace yucun::sweep {

// Shard I of N holds runs I, I + N, I + 2N, ... (round robin, so every shard
// gets a share of each part of the design, and of its costly points).
struct Shard {
  std::uint64_t index = 0;
  std::uint64_t count = 1;
  bool whole() const { return count == 1; }
  std::string to_string() const;  // "I/N", or "" for the whole sweep
};
// Parses "I/N" (0 <= I < N); throws std::invalid_argument with a message.
Shard parse_shard(const std::string& text);
std::vector<std::uint64_t> shard_runs(std::uint64_t runs, Shard shard);

// Where a shard file came from, written as root attributes so that `yucun
// merge` can check its shards and find the sweep again.
struct ShardProvenance {
  Shard shard;
  std::string sweep_file;  // absolute path of the sweep file
};

class SweepFileWriter {
 public:
  // Loads the checkpoint of run r (for runs in `saved`).
  using LoadSaved = std::function<RunOutcome(std::uint64_t run)>;

  // A file of `runs` (ascending: all of the sweep's, or a shard's). Runs in
  // `saved` are read with load_saved when their turn comes. Claims the
  // temporary file beside `path` at once (throws output::OutputError).
  SweepFileWriter(const std::string& path, const SweepContext& context, std::vector<std::uint64_t> runs,
                  std::optional<ShardProvenance> shard, bool overwrite, const std::vector<std::uint64_t>& saved = {},
                  LoadSaved load_saved = {});
  ~SweepFileWriter();

  // Hands over run `run`'s outcome (in any order, from any thread): it is
  // written as soon as every run before it is. Outcomes of runs that are not
  // yet written wait in memory. A not_run outcome is refused.
  void add(std::uint64_t run, RunOutcome outcome);
  std::size_t written() const;
  std::size_t failed() const;
  // Failed runs so far, in run order: index and message.
  std::vector<std::pair<std::uint64_t, std::string>> failures() const;

  // Writes the variables and attributes, and renames the file into place.
  // Throws output::OutputError unless every run was added.
  void finish();

 private:
  void flush();  // with mutex_ held
  void write(std::size_t position, RunOutcome& outcome);

  const SweepContext& context_;
  std::vector<std::uint64_t> runs_;
  std::optional<ShardProvenance> shard_;
  std::vector<bool> saved_;  // by position
  LoadSaved load_saved_;
  mutable std::mutex mutex_;
  output::MultiRunWriter writer_;
  std::map<std::size_t, RunOutcome> waiting_;  // by position
  std::vector<std::int8_t> status_;
  std::vector<std::string> error_;
  std::size_t failed_ = 0;
};

}  // namespace yucun::sweep
