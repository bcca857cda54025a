// Reading result files back: the one reader of what result_writer writes.
// `yucun info`, `yucun compare` (and so the report) and `yucun merge` open
// files through it and get typed access to their dimensions, root attributes,
// variables and, in a file of several runs, each run's series.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sim/io/output/result_writer.hpp"
#include "sim/core/date.hpp"

namespace yucun::output {

class ResultReader {
 public:
  // Opens a yucun result file of one run or several; throws OutputError,
  // naming the file, when it is missing, not HDF5, or HDF5 but not a yucun
  // result (no model_version, time or village_name).
  explicit ResultReader(std::string path);
  ~ResultReader();
  ResultReader(ResultReader&&) noexcept;
  ResultReader& operator=(ResultReader&&) noexcept;
  ResultReader(const ResultReader&) = delete;
  ResultReader& operator=(const ResultReader&) = delete;

  const std::string& path() const { return path_; }

  // ---- Dimensions ----
  // The length of a dimension (time, village, road, run, year, ...), nothing
  // when the file has none of that name.
  std::optional<std::size_t> dimension(const std::string& name) const;
  bool has_run_dimension() const { return dimension("run").has_value(); }
  std::size_t run_count() const;  // 1 in a file without a run dimension
  int day_count() const;
  std::size_t village_count() const;
  // The time coordinate's units ("days since YYYY-MM-DD") and the first day
  // they name, when they name one.
  std::string time_units() const;
  std::optional<Date> start() const;
  bool daily_series() const;  // false: yearly summaries only (a summary sweep)

  // ---- Root attributes: empty / nothing when absent (or of another type) ----
  bool has_attribute(const std::string& name) const;
  std::string string_attribute(const std::string& name) const;
  std::optional<std::int64_t> integer_attribute(const std::string& name) const;
  std::optional<std::uint64_t> unsigned_attribute(const std::string& name) const;

  // ---- Variables ----
  struct Variable {
    std::string name;
    std::vector<std::string> dims;    // dimension names, "?" where none is attached
    std::vector<std::size_t> shape;
    std::string units, long_name;
    bool numeric = false;
  };
  bool has_variable(const std::string& name) const;
  std::vector<Variable> variables() const;  // every variable, by name
  // Every value of a numeric variable as a double, row-major, with its shape;
  // an integer variable's `_FillValue` (a run left out) reads as NaN.
  // Throws OutputError when it is missing, not numeric, or cannot be read
  // (a damaged chunk: "'<path>' is corrupt: variable <name> cannot be read").
  std::vector<double> numbers(const std::string& name, std::vector<std::size_t>* shape = nullptr) const;
  // A list of strings (village_name, ...).
  std::vector<std::string> strings(const std::string& name) const;
  // A variable on the run dimension, one value per run; throws OutputError
  // when it is missing or not one value per run.
  std::vector<std::int64_t> integer_variable(const std::string& name) const;
  // Unsigned 64-bit whole numbers on the run dimension (seeds), exactly.
  std::vector<std::uint64_t> unsigned_variable(const std::string& name) const;
  std::vector<std::string> string_variable(const std::string& name) const;

  // ---- Runs of a multi-run file (sweeps, shards, replicates) ----
  // Throws OutputError unless the file has a run dimension and the time and
  // year coordinates of its series.
  void check_multi_run() const;
  // Run `run`'s series (daily ones when the file holds them, and the yearly
  // summaries) as a complete RunSeries, ready for MultiRunWriter::add_run.
  RunSeries read_run(std::size_t run) const;

 private:
  struct File;
  std::string path_;
  std::unique_ptr<File> file_;
};

}  // namespace yucun::output
