#include "sim/experiments/sweep_file.hpp"

#include <algorithm>
#include <charconv>
#include <stdexcept>

#include <fmt/format.h>

#include "sim/io/output/hdf5_file.hpp"
#include "sim/io/scenario/scenario_writer.hpp"
#include "sim/experiments/sweep_points.hpp"
#include "yucun/version.hpp"

namespace yucun::sweep {

std::string Shard::to_string() const { return whole() ? std::string() : fmt::format("{}/{}", index, count); }

Shard parse_shard(const std::string& text) {
  const auto slash = text.find('/');
  auto number = [&](std::string_view part, std::uint64_t& out) {
    const auto [ptr, ec] = std::from_chars(part.data(), part.data() + part.size(), out);
    return !part.empty() && ec == std::errc() && ptr == part.data() + part.size();
  };
  Shard s;
  if (slash == std::string::npos || !number(std::string_view(text).substr(0, slash), s.index) ||
      !number(std::string_view(text).substr(slash + 1), s.count))
    throw std::invalid_argument(fmt::format("--shard: expected I/N (shard I of N, counted from 0), got '{}'", text));
  if (s.count == 0 || s.index >= s.count)
    throw std::invalid_argument(
        fmt::format("--shard {}: shards of {} are numbered 0 to {}", text, s.count, s.count == 0 ? 0 : s.count - 1));
  return s;
}

std::vector<std::uint64_t> shard_runs(std::uint64_t runs, Shard shard) {
  std::vector<std::uint64_t> out;
  for (std::uint64_t r = shard.index; r < runs; r += shard.count) out.push_back(r);
  return out;
}

namespace {

output::RunMetadata metadata_of(const SweepContext& c) {
  output::RunMetadata m{c.base.name, scenario::to_yaml(c.base), c.spec.seed, 0, kVersion};
  m.spin_up_years = c.base.spin_up.years;  // of the base scenario (a sweep may vary it per point)
  m.spin_up_days = spin_up_days(c.base.calendar.start, c.base.spin_up.years);
  return m;
}

std::vector<output::RunLabel> labels_of(const SweepContext& c, const std::vector<std::uint64_t>& runs) {
  std::vector<output::RunLabel> labels;
  labels.reserve(runs.size());
  for (std::uint64_t r : runs) {
    const SweepRun run = sweep_run(c.spec, r);
    labels.push_back(output::RunLabel{run.seed, run.replicate});
  }
  return labels;
}

template <class T>
std::vector<T> pick(const std::vector<T>& all, const std::vector<std::uint64_t>& runs) {
  std::vector<T> out;
  out.reserve(runs.size());
  for (std::uint64_t r : runs) out.push_back(all[r]);
  return out;
}

}  // namespace

SweepFileWriter::SweepFileWriter(const std::string& path, const SweepContext& context, std::vector<std::uint64_t> runs,
                                 std::optional<ShardProvenance> shard, bool overwrite,
                                 const std::vector<std::uint64_t>& saved, LoadSaved load_saved)
    : context_(context),
      runs_(std::move(runs)),
      shard_(std::move(shard)),
      saved_(runs_.size(), false),
      load_saved_(std::move(load_saved)),
      writer_(path, context.layout(), metadata_of(context), labels_of(context, runs_),
              output::WriteOptions{.overwrite = overwrite, .daily_series = context.spec.output == OutputLevel::full}),
      status_(runs_.size(), static_cast<std::int8_t>(RunStatus::not_run)),
      error_(runs_.size()) {
  for (std::uint64_t r : saved) {
    const auto it = std::lower_bound(runs_.begin(), runs_.end(), r);
    if (it != runs_.end() && *it == r) saved_[static_cast<std::size_t>(it - runs_.begin())] = true;
  }
  std::lock_guard lock(mutex_);
  flush();
}

SweepFileWriter::~SweepFileWriter() = default;

void SweepFileWriter::add(std::uint64_t run, RunOutcome outcome) {
  const auto it = std::lower_bound(runs_.begin(), runs_.end(), run);
  if (it == runs_.end() || *it != run) throw std::logic_error(fmt::format("run {} is not a run of this file", run));
  if (outcome.status == RunStatus::not_run) throw std::logic_error(fmt::format("run {} was not run", run));
  const auto position = static_cast<std::size_t>(it - runs_.begin());
  std::lock_guard lock(mutex_);
  if (position < writer_.runs_written() || waiting_.count(position))
    throw std::logic_error(fmt::format("run {} handed over twice", run));
  waiting_.emplace(position, std::move(outcome));
  flush();
}

void SweepFileWriter::flush() {
  for (;;) {
    const std::size_t next = writer_.runs_written();
    if (next >= runs_.size()) return;
    if (auto it = waiting_.find(next); it != waiting_.end()) {
      write(next, it->second);
      waiting_.erase(it);
    } else if (saved_[next]) {
      RunOutcome outcome = load_saved_(runs_[next]);
      write(next, outcome);
    } else {
      return;
    }
  }
}

void SweepFileWriter::write(std::size_t position, RunOutcome& outcome) {
  if (outcome.status == RunStatus::ok) {
    writer_.add_run(position, *outcome.series);
  } else {
    writer_.skip_run(position);
    ++failed_;
  }
  status_[position] = static_cast<std::int8_t>(outcome.status);
  error_[position] = std::move(outcome.error);
}

std::size_t SweepFileWriter::written() const {
  std::lock_guard lock(mutex_);
  return writer_.runs_written();
}

std::size_t SweepFileWriter::failed() const {
  std::lock_guard lock(mutex_);
  return failed_;
}

std::vector<std::pair<std::uint64_t, std::string>> SweepFileWriter::failures() const {
  std::lock_guard lock(mutex_);
  std::vector<std::pair<std::uint64_t, std::string>> out;
  for (std::size_t i = 0; i < writer_.runs_written(); ++i)
    if (status_[i] != static_cast<std::int8_t>(RunStatus::ok)) out.emplace_back(runs_[i], error_[i]);
  return out;
}

void SweepFileWriter::finish() {
  std::lock_guard lock(mutex_);
  if (writer_.runs_written() != runs_.size())
    throw output::OutputError(
        fmt::format("{} of {} runs written; not saving an incomplete result", writer_.runs_written(), runs_.size()));
  for (const RunVariable& v : run_variables(context_.spec, context_.design)) {
    if (!v.reals.empty()) writer_.add_run_variable(v.name, v.long_name, v.units, pick(v.reals, runs_));
    else if (!v.integers.empty()) writer_.add_run_variable(v.name, v.long_name, v.units, pick(v.integers, runs_));
    else writer_.add_run_variable(v.name, v.long_name, v.units, pick(v.texts, runs_));
  }
  // run_status is the name to read; status, the same values, stays for the
  // readers written before it (analysis/sensitivity.py, shard files).
  writer_.add_run_variable("run_status",
                           "outcome of the run: 0 completed, 1 failed (see error; its series hold the fill value), "
                           "2 not run",
                           "1", status_);
  writer_.add_run_variable("status", "outcome of the run: 0 completed, 1 failed (see error), 2 not run", "1", status_);
  writer_.add_run_variable("error", "why the run failed (empty when it completed)", "1", error_);
  if (shard_) {
    std::vector<std::int64_t> sweep_runs(runs_.begin(), runs_.end());
    writer_.add_run_variable("sweep_run", "index of the run in the whole sweep (this file is one shard)", "1",
                             sweep_runs);
  }
  for (const SweepAttribute& a : sweep_attributes(context_.spec, context_.design))
    std::visit([&](const auto& value) { writer_.add_root_attribute(a.name, value); }, a.value);
  writer_.add_root_attribute("sweep_hash", context_.fingerprint);
  if (shard_) {
    writer_.add_root_attribute("shard", shard_->shard.to_string());
    writer_.add_root_attribute("shard_index", static_cast<std::int64_t>(shard_->shard.index));
    writer_.add_root_attribute("shard_count", static_cast<std::int64_t>(shard_->shard.count));
    writer_.add_root_attribute("sweep_runs", static_cast<std::int64_t>(context_.runs));
    writer_.add_root_attribute("sweep_file", shard_->sweep_file);
  }
  writer_.finish();
}

}  // namespace yucun::sweep
