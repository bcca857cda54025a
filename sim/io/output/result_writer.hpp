// Writes runs' daily series to an HDF5 file that netCDF tools and xarray read
// directly. This module alone knows the file layout (docs/output.md).
//
// Two layouts, written by the same code: one run per file (ResultWriter,
// series [time], [time, village], ...) and several runs in one file
// (MultiRunWriter, a leading `run` dimension on every series).
//
// The file is written as it is built, under a temporary name beside the
// target (so memory stays bounded whatever the output's size), and renamed
// into place only when complete, so a file at the final name is never
// partial (or kept in memory only: WriteOptions::in_memory). Chunks
// of the daily series are compressed by the writer
// itself (the file's shuffle, deflate and Fletcher-32 filters, bit for bit as
// HDF5 applies them), in parallel, and stored with HDF5's direct chunk writes.
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sim/model/shared/series.hpp"
#include "sim/core/date.hpp"
#include "sim/world/world_params.hpp"

namespace yucun::output {

// What an integer series holds where nothing was written (the rows of a run a
// sweep left out), declared as its `_FillValue`; never a real value. Real
// series hold NaN there.
inline constexpr std::int64_t kMissingInteger = std::numeric_limits<std::int64_t>::min();

// What a result file describes besides the series: the days it covers and
// the world the runs share.
struct ResultLayout {
  Date start;
  int day_count = 0;
  std::vector<VillageSpec> villages;
  std::vector<RoadSpec> roads;  // ends named as in `villages`
  std::string gateway;          // the tourism gateway village; empty = the first village
};

// Provenance written as root attributes: enough to rerun what produced the file.
struct RunMetadata {
  std::string scenario_name;
  std::string scenario_yaml;  // the resolved scenario, enough to rerun
  std::uint64_t seed = 0;
  std::uint32_t run = 0;      // written by ResultWriter only; a MultiRunWriter labels each run
  std::string model_version;
  // When set, makes the scenario text instead of `scenario_yaml` (e.g.
  // [&] { return scenario::to_yaml(s); }). A ResultWriter calls it in its
  // writer thread while the run goes on, so it must stay callable, and what
  // it reads unchanged, until finish() or the writer's end; its exception,
  // if any, is thrown by the next append_day or finish. A MultiRunWriter
  // calls it in its constructor.
  std::function<std::string()> scenario_yaml_source = {};
  // Days the model ran before the first reported day (its spin-up), and in
  // whole years: written so a reader sees the reported period was settled.
  std::int32_t spin_up_days = 0;
  std::int32_t spin_up_years = 0;
};

// The random-stream identity of one run in a multi-run file: the run is
// exactly `yucun run --seed <seed> --run <replicate>` of the file's scenario
// (or of the scenario the caller records with it, e.g. a sweep point).
struct RunLabel {
  std::uint64_t seed = 0;
  std::uint32_t replicate = 0;
};

struct WriteOptions {
  bool overwrite = false;
  // zlib level 1: half the CPU time of level 4 for a file about 3% larger
  // (baseline 5 years: 2.00 MB instead of 1.94 MB).
  int deflate_level = 1;
  int chunk_days = 366;  // days in a chunk of the daily series (at most the run's days)
  // ... and at most this many bytes in a chunk of the widest series (8 bytes
  // x villages a day), at least one day: a chunk of a large world holds
  // fewer days, so that chunks are compressed while the run goes on.
  std::size_t chunk_bytes = 128 * 1024;
  bool daily_series = true;  // false: only the yearly summaries (and the time coordinate)
  // Builds the file in memory only: no path (it is ignored), no temporary
  // file, nothing on disk; finish() keeps the file's image for take_image()
  // (the Python module's runs).
  bool in_memory = false;
};

// The variable that holds a series' yearly summary (for series with one).
std::string yearly_variable(const SeriesSpec& spec);
template <ValueKind Kind>
std::string yearly_variable(SeriesHandle<Kind> s) {
  return yearly_variable(spec_of(s));
}

// Checks that `path` can be written (parent folder exists, not a folder
// itself, not already there unless overwrite); throws OutputError otherwise.
void check_output_path(const std::string& path, bool overwrite);

// One run's series, collected in memory day by day: its daily values and
// yearly summaries. Holds no file, so runs can be collected in parallel and
// handed to a MultiRunWriter afterwards (about 12 MB for a 5-year baseline run).
class RunSeries {
 public:
  // keep_daily = false keeps only the yearly summaries (for files written
  // with WriteOptions::daily_series = false).
  RunSeries(Date start, int day_count, std::size_t villages, bool keep_daily = true);
  ~RunSeries();
  RunSeries(RunSeries&&) noexcept;
  RunSeries& operator=(RunSeries&&) noexcept;
  RunSeries(const RunSeries&) = delete;
  RunSeries& operator=(const RunSeries&) = delete;

  // Throws OutputError past the last day.
  void append_day(const DayIndicators& day);
  int day_count() const;
  int days_appended() const;
  bool complete() const { return days_appended() == day_count(); }

  // An exact binary image of the series (checkpoints of a sweep, MPI
  // messages), and back: the same values bit for bit, so a run written from
  // its image gives the same file. The image is for this build and machine;
  // deserialize throws OutputError on an image that does not fit (damaged,
  // truncated, or of another series layout). run_series_codec.cpp.
  std::string serialize() const;
  static RunSeries deserialize(std::string_view image);

  struct Data;  // the buffers (run_series_data.hpp)

 private:
  friend class ResultWriter;
  friend class MultiRunWriter;
  friend class ResultReader;
  friend void for_each_day(const RunSeries& series, const std::function<void(Date, const DayIndicators&)>& f);
  explicit RunSeries(std::unique_ptr<Data> data);
  std::unique_ptr<Data> data_;
};

class ResultFile;  // the HDF5 file and its temporary (result_writer.cpp)
class WriterThread;  // a ResultWriter's background thread (result_writer.cpp)
struct SpareBlocks;  // buffers it hands back

// One run, streamed into a file without a `run` dimension. The writer's own
// thread builds the file and compresses and stores each chunk of
// days as soon as it is complete, while the run goes on; it alone makes HDF5
// calls until finish() (HDF5 is not reentrant: make no other HDF5 calls in
// the process meanwhile, except through another ResultWriter or a
// MultiRunWriter, which take turns with it). An error in that thread is
// thrown, as the same OutputError, by the next append_day or finish.
class ResultWriter {
 public:
  // Checks the layout and claims the temporary file at once: a bad output
  // folder fails before the run.
  ResultWriter(std::string path, const ResultLayout& layout, const RunMetadata& metadata, WriteOptions options = {});
  ~ResultWriter();  // stops the thread; removes the temporary file unless finish() succeeded
  ResultWriter(const ResultWriter&) = delete;
  ResultWriter& operator=(const ResultWriter&) = delete;

  void append_day(const DayIndicators& day);
  // Writes the last chunk and the yearly summaries, then the file, and
  // renames it into place; throws OutputError if the run did not write every day.
  void finish();
  const std::string& temporary_path() const;
  // The finished file's bytes, for a writer made with WriteOptions::in_memory
  // (once; throws OutputError before finish() or without in_memory).
  std::vector<char> take_image();

 private:
  std::unique_ptr<ResultFile> file_;
  RunSeries series_;
  int chunk_days_;
  std::shared_ptr<SpareBlocks> spare_;
  std::unique_ptr<WriterThread> thread_;  // stopped (joined) before file_ goes
};

// Several runs of the same world and days in one file, every series with a
// leading `run` dimension, plus `run(run)`, `seed(run)` and `replicate(run)`.
// Runs are written in run order whatever order they finished in, so the file
// is byte-identical however the runs were scheduled.
class MultiRunWriter {
 public:
  // `runs` labels the run dimension, in order; `metadata.seed` is the
  // scenario's seed, `metadata.run` is not used. Claims the temporary file at once.
  MultiRunWriter(std::string path, const ResultLayout& layout, const RunMetadata& metadata, std::vector<RunLabel> runs,
                 WriteOptions options = {});
  ~MultiRunWriter();  // removes the temporary file unless finish() succeeded
  MultiRunWriter(const MultiRunWriter&) = delete;
  MultiRunWriter& operator=(const MultiRunWriter&) = delete;

  // Writes run `index` (0, 1, ... in this order; a complete RunSeries of the
  // layout's days and villages). The series can be dropped afterwards.
  // Call from one thread at a time (the HDF5 library is not reentrant).
  void add_run(std::size_t index, const RunSeries& series);
  // Passes over run `index` (next in order), e.g. a run that failed: its rows
  // keep the fill value, NaN for real series and kMissingInteger for integer
  // ones (both their `_FillValue`). Record why in a run variable.
  void skip_run(std::size_t index);
  std::size_t runs_written() const;

  // A per-run variable on the `run` dimension, e.g. the parameter values of
  // a sweep's runs: one value per run, in run order. Throws OutputError on a
  // wrong count or a name already in the file.
  void add_run_variable(const std::string& name, const std::string& long_name, const std::string& units,
                        const std::vector<double>& values);
  void add_run_variable(const std::string& name, const std::string& long_name, const std::string& units,
                        const std::vector<std::int64_t>& values);
  void add_run_variable(const std::string& name, const std::string& long_name, const std::string& units,
                        const std::vector<std::string>& values);
  // int8, e.g. a sweep's status(run).
  void add_run_variable(const std::string& name, const std::string& long_name, const std::string& units,
                        const std::vector<std::int8_t>& values);

  // A root attribute, e.g. a sweep's design; replaces one of the same name
  // (the writer's own `replicates` included).
  void add_root_attribute(const std::string& name, const std::string& value);
  void add_root_attribute(const std::string& name, std::int64_t value);
  void add_root_attribute(const std::string& name, std::uint64_t value);
  void add_root_attribute(const std::string& name, double value);

  // Throws OutputError unless every run was added or skipped.
  void finish();
  const std::string& temporary_path() const;
  // As ResultWriter::take_image.
  std::vector<char> take_image();

 private:
  std::unique_ptr<ResultFile> file_;
  std::size_t run_count_;
  std::size_t written_ = 0;
};

}  // namespace yucun::output
