#include "sim/experiments/shard_merge.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>

#include <fmt/format.h>

#include "sim/io/output/hdf5_file.hpp"
#include "sim/io/output/result_reader.hpp"
#include "sim/io/scenario/diagnostics.hpp"
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
  if (*count < 1 || *index < 0 || *index >= *count || *runs < 0)
    throw MergeError(fmt::format("{}: damaged shard attributes (shard {} of {}, {} runs)", path, *index, *count, *runs));
  s.shard = Shard{static_cast<std::uint64_t>(*index), static_cast<std::uint64_t>(*count)};
  s.sweep_runs = static_cast<std::uint64_t>(*runs);
  try {
    const auto expected = shard_runs(s.sweep_runs, s.shard);
    const auto held = r.integer_variable("sweep_run");
    if (held.size() != expected.size() || !std::equal(held.begin(), held.end(), expected.begin(),
                                                      [](std::int64_t a, std::uint64_t b) {
                                                        return a >= 0 && static_cast<std::uint64_t>(a) == b;
                                                      }))
      throw MergeError(fmt::format("{}: shard {} should hold {} runs ({}, {}, ...), it holds {}: incomplete or damaged",
                                   path, s.shard.to_string(), expected.size(), s.shard.index,
                                   s.shard.index + s.shard.count, held.size()));
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
    std::vector<std::string> missing;
    for (std::uint64_t i = 0; i < count; ++i)
      if (!by_index.count(i)) missing.push_back(fmt::format("{}/{}", i, count));
    const std::size_t shown = std::min<std::size_t>(missing.size(), 10);
    throw MergeError(fmt::format("incomplete: {} of {} shards given; missing shard{} {}{}", files.size(), count,
                                 missing.size() == 1 ? "" : "s",
                                 fmt::join(missing.begin(), missing.begin() + static_cast<long>(shown), ", "),
                                 missing.size() > shown ? ", ..." : ""));
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

  std::vector<std::uint64_t> runs(context.runs);
  for (std::uint64_t r = 0; r < context.runs; ++r) runs[r] = r;
  SweepFileWriter file(o.output, context, runs, std::nullopt, o.overwrite);
  for (std::uint64_t r = 0; r < context.runs; ++r) {
    const ShardFile& shard = files[by_index.at(r % count)];
    const std::size_t position = static_cast<std::size_t>(r / count);
    RunOutcome outcome;
    outcome.status = static_cast<RunStatus>(shard.status[position]);
    outcome.error = shard.error[position];
    if (outcome.status == RunStatus::ok) outcome.series = shard.reader->read_run(position);
    file.add(r, std::move(outcome));
  }
  file.finish();
  return MergeOutcome{context.spec.name, context.runs, count, file.failed(), file.failures()};
}

}  // namespace yucun::sweep
