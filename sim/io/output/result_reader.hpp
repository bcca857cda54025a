// Reads multi-run result files back (the shards of a sweep, for `yucun
// merge`): root attributes, variables on `run`, and each run's series exactly
// as written, so that writing them again gives the same bytes.
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
  // Opens a file written by MultiRunWriter; throws OutputError (naming the
  // file) when it is missing, not HDF5, or not a multi-run result file.
  explicit ResultReader(std::string path);
  ~ResultReader();
  ResultReader(const ResultReader&) = delete;
  ResultReader& operator=(const ResultReader&) = delete;

  const std::string& path() const { return path_; }
  std::size_t run_count() const { return run_count_; }
  bool daily_series() const { return daily_series_; }  // false: yearly summaries only
  Date start() const { return start_; }
  int day_count() const { return day_count_; }
  std::size_t village_count() const { return villages_; }

  // Root attributes: empty / nullopt when absent (or of another type).
  std::string string_attribute(const std::string& name) const;
  std::optional<std::int64_t> integer_attribute(const std::string& name) const;

  // A variable on the run dimension; throws OutputError when it is missing
  // or not one value per run.
  bool has_variable(const std::string& name) const;
  std::vector<std::int64_t> integer_variable(const std::string& name) const;
  std::vector<std::string> string_variable(const std::string& name) const;

  // Run `run`'s series (daily ones when the file holds them, and the yearly
  // summaries) as a complete RunSeries, ready for MultiRunWriter::add_run.
  RunSeries read_run(std::size_t run) const;

 private:
  struct File;
  std::string path_;
  std::unique_ptr<File> file_;
  std::size_t run_count_ = 0;
  bool daily_series_ = false;
  Date start_;
  int day_count_ = 0;
  std::size_t villages_ = 0;
  int first_year_ = 0;
  int year_count_ = 0;
};

}  // namespace yucun::output
