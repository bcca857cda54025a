#include "sim/experiments/shard_merge.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>

#include <fmt/format.h>

#include "sim/io/output/hdf5_file.hpp"
#include "sim/io/output/result_reader.hpp"
#include "sim/io/scenario/diagnostics.hpp"
#include "sim/experiments/design.hpp"
#include "sim/experiments/sweep_loader.hpp"

namespace yucun::sweep {

namespace {

struct ShardFile {
  std::unique_ptr<output::ResultReader> reader;
  Shard shard;
  std::uint64_t sweep_runs = 0;
  std::string fingerprint;
  std::string sweep_file;
  std::vector<std::int64_t> status;
  std::vector<std::string> error;
};

ShardFile open_shard(const std::string& path) {
  ShardFile s;
  try {
    s.reader = std::make_unique<output::ResultReader>(path);
    s.reader->check_multi_run();
  } catch (const output::OutputError& e) {
    throw MergeError(e.what());
  }
  const auto& r = *s.reader;
  const auto index = r.integer_attribute("shard_index");
  const auto count = r.integer_attribute("shard_count");
  const auto runs = r.integer_attribute("sweep_runs");
  s.fingerprint = r.string_attribute("sweep_hash");
  s.sweep_file = r.string_attribute("sweep_file");
  if (!index || !count || !runs || s.fingerprint.empty())
    throw MergeError(fmt::format("{}: not a shard of a sweep (no shard attributes); `yucun merge` takes the files "
                                 "written by `yucun sweep SWEEP.yaml --shard I/N -o FILE`",
                                 path));
  // Sizes are checked against the limits of a sweep and against what the
  // file holds before anything is allocated for them: crafted or damaged
  // attributes (10^12 shards, 2^62 runs) are refused, not built up in memory.
  if (*count < 1 || *index < 0 || *index >= *count || *runs < 1)
    throw MergeError(fmt::format("{}: damaged shard attributes (shard {} of {}, {} runs): a shard is numbered 0 to "
                                 "N - 1 of N shards, and a sweep has at least one run",
                                 path, *index, *count, *runs));
  if (static_cast<std::uint64_t>(*runs) > kMaxRuns)
    throw MergeError(fmt::format("{}: damaged shard attributes: sweep_runs is {}, over the limit of {} runs a sweep "
                                 "may have",
                                 path, *runs, kMaxRuns));
  if (*count > *runs)
    throw MergeError(fmt::format("{}: damaged shard attributes: shard_count is {}, more than the sweep's {} runs (a "
                                 "sweep is cut into at most as many shards as it has runs)",
                                 path, *count, *runs));
  s.shard = Shard{static_cast<std::uint64_t>(*index), static_cast<std::uint64_t>(*count)};
  s.sweep_runs = static_cast<std::uint64_t>(*runs);
  try {
    // Runs index, index + count, ... below sweep_runs: as many as the file's
    // run dimension must be long.
    const std::uint64_t expected = (s.sweep_runs - s.shard.index + s.shard.count - 1) / s.shard.count;
    if (r.run_count() != expected)
      throw MergeError(fmt::format("{}: shard {} of a sweep of {} runs should hold {} runs ({}, {}, ...), its run "
                                   "dimension holds {}: incomplete or damaged",
                                   path, s.shard.to_string(), s.sweep_runs, expected, s.shard.index,
                                   s.shard.index + s.shard.count, r.run_count()));
    const auto held = r.integer_variable("sweep_run");
    for (std::size_t k = 0; k < held.size(); ++k)
      if (held[k] < 0 || static_cast<std::uint64_t>(held[k]) != s.shard.index + k * s.shard.count)
        throw MergeError(fmt::format("{}: shard {} should hold runs {}, {}, ... of the sweep; its sweep_run {} is {}: "
                                     "incomplete or damaged",
                                     path, s.shard.to_string(), s.shard.index, s.shard.index + s.shard.count, k,
                                     held[k]));
    s.status = r.integer_variable("status");
    s.error = r.string_variable("error");
  } catch (const output::OutputError& e) {
    throw MergeError(e.what());
  }
  for (std::size_t i = 0; i < s.status.size(); ++i)
    if (s.status[i] != static_cast<std::int64_t>(RunStatus::ok) && s.status[i] != static_cast<std::int64_t>(RunStatus::failed))
      throw MergeError(fmt::format("{}: run {} of the sweep was not run (status {}): the shard is incomplete; rerun it",
                                   path, s.shard.index + i * s.shard.count, s.status[i]));
  return s;
}

}  // namespace

MergeOutcome merge_shards(const MergeOptions& o) {
  if (o.shards.empty()) throw MergeError("no shard files given");
  try {
    output::check_output_path(o.output, o.overwrite);
  } catch (const output::OutputError& e) {
    throw MergeError(e.what());
  }
  std::vector<ShardFile> files;
  for (const auto& path : o.shards) files.push_back(open_shard(path));

  // One sweep, every shard once.
  const ShardFile& first = files.front();
  for (std::size_t i = 1; i < files.size(); ++i) {
    const ShardFile& f = files[i];
    if (f.fingerprint != first.fingerprint)
      throw MergeError(fmt::format("{} and {} are shards of different sweeps (fingerprints {} and {}, from '{}' and '{}')",
                                   o.shards[0], o.shards[i], first.fingerprint, f.fingerprint, first.sweep_file,
                                   f.sweep_file));
    if (f.shard.count != first.shard.count || f.sweep_runs != first.sweep_runs)
      throw MergeError(fmt::format("{} is shard {} and {} is shard {}: the sweep was cut in different numbers of shards",
                                   o.shards[0], first.shard.to_string(), o.shards[i], f.shard.to_string()));
  }
  const std::uint64_t count = first.shard.count;
  std::map<std::uint64_t, std::size_t> by_index;
  for (std::size_t i = 0; i < files.size(); ++i) {
    const auto [it, fresh] = by_index.emplace(files[i].shard.index, i);
    if (!fresh)
      throw MergeError(fmt::format("{} and {} are both shard {}", o.shards[it->second], o.shards[i],
                                   files[i].shard.to_string()));
  }
  if (by_index.size() != count) {
    // The first few missing only: every index given is below count, so this
    // looks at most files.size() + 10 of them, whatever count says.
    const std::uint64_t absent = count - by_index.size();
    std::vector<std::string> missing;
    for (std::uint64_t i = 0; i < count && missing.size() < 10; ++i)
      if (!by_index.count(i)) missing.push_back(fmt::format("{}/{}", i, count));
    throw MergeError(fmt::format("incomplete: {} of {} shards given; missing shard{} {}{}", files.size(), count,
                                 absent == 1 ? "" : "s", fmt::join(missing, ", "), absent > missing.size() ? ", ..." : ""));
  }

  // The sweep itself, for everything but the runs' outcomes and series.
  const std::string sweep_path = o.sweep_file.value_or(first.sweep_file);
  std::error_code ec;
  if (!std::filesystem::exists(sweep_path, ec))
    throw MergeError(fmt::format("the sweep file '{}' the shards were made from is not there; give it with --sweep FILE",
                                 sweep_path));
  SweepContext context;
  try {
    context = make_context(load_sweep(sweep_path));
  } catch (const scenario::ScenarioError& e) {
    throw MergeError(fmt::format("the sweep file '{}' of the shards does not load:\n{}", sweep_path, e.what()));
  } catch (const std::invalid_argument& e) {
    throw MergeError(fmt::format("{}: {}", sweep_path, e.what()));
  }
  if (context.fingerprint != first.fingerprint || context.runs != first.sweep_runs)
    throw MergeError(fmt::format("the sweep file '{}' has changed since the shards were run (fingerprint {} now, {} in "
                                 "the shards): the values, design, base scenario or yucun version differ. Restore it, "
                                 "or run the shards again",
                                 sweep_path, context.fingerprint, first.fingerprint));

  // Every shard holds the sweep's days and villages, in the sweep's order,
  // at the sweep's output level: a shard that does not is refused (bad
  // input), before anything is written.
  const output::ResultLayout layout = context.layout();
  const bool daily = context.spec.output == OutputLevel::full;
  for (std::size_t i = 0; i < files.size(); ++i) {
    const output::ResultReader& r = *files[i].reader;
    try {
      if (const auto start = r.start(); !start || *start != layout.start || r.day_count() != layout.day_count)
        throw MergeError(fmt::format("{}: its time coordinate covers {} days from {}, the sweep {} days from {}: not "
                                     "a shard of this sweep, or damaged",
                                     o.shards[i], r.day_count(), start ? start->to_string() : r.time_units(),
                                     layout.day_count, layout.start.to_string()));
      const std::vector<std::string> names = r.strings("village_name");
      bool same = names.size() == layout.villages.size();
      for (std::size_t v = 0; same && v < names.size(); ++v) same = names[v] == layout.villages[v].name;
      if (!same || r.village_count() != layout.villages.size()) {
        std::vector<std::string> want;
        for (const auto& v : layout.villages) want.push_back(v.name);
        const auto shown = [](const std::vector<std::string>& list) {
          const std::size_t n = std::min<std::size_t>(list.size(), 6);
          return fmt::format("{}{}", fmt::join(list.begin(), list.begin() + static_cast<long>(n), ", "),
                             list.size() > n ? ", ..." : "");
        };
        throw MergeError(fmt::format("{}: variable village_name lists {} villages ({}); the sweep's scenario has {} "
                                     "({}), and a shard must list them in this order: not a shard of this sweep, or "
                                     "damaged",
                                     o.shards[i], names.size(), shown(names), want.size(), shown(want)));
      }
      if (r.daily_series() != daily)
        throw MergeError(fmt::format("{}: it holds {}, the sweep's output is {}: not a shard of this sweep, or damaged",
                                     o.shards[i], r.daily_series() ? "daily series" : "yearly summaries only",
                                     daily ? "full" : "summary"));
    } catch (const output::OutputError& e) {
      throw MergeError(fmt::format("{}: {}", o.shards[i], e.what()));
    }
  }

  std::vector<std::uint64_t> runs(context.runs);
  for (std::uint64_t r = 0; r < context.runs; ++r) runs[r] = r;
  SweepFileWriter file(o.output, context, runs, std::nullopt, o.overwrite);
  for (std::uint64_t r = 0; r < context.runs; ++r) {
    const std::size_t which = by_index.at(r % count);
    const ShardFile& shard = files[which];
    const std::size_t position = static_cast<std::size_t>(r / count);
    RunOutcome outcome;
    outcome.status = static_cast<RunStatus>(shard.status[position]);
    outcome.error = shard.error[position];
    // A series of the wrong shape or type in a shard is bad input (exit 2),
    // not a failure to write: the reader's message names the file and the
    // variable.
    if (outcome.status == RunStatus::ok) {
      try {
        outcome.series = shard.reader->read_run(position);
      } catch (const output::OutputError& e) {
        throw MergeError(fmt::format("{} (run {} of the sweep): the shard is damaged or was not written by yucun; "
                                     "run that shard again",
                                     e.what(), r));
      }
    }
    file.add(r, std::move(outcome));
  }
  file.finish();
  return MergeOutcome{context.spec.name, context.runs, count, file.failed(), file.failures()};
}

}  // namespace yucun::sweep
