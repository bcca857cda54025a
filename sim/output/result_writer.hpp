// Writes one run's daily series to an HDF5 file that netCDF tools and xarray
// read directly. This module alone knows the file layout (docs/output.md).
//
// The file is written under a temporary name beside the target and renamed
// into place only when complete, so a file at the final name is never partial.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "sim/engine/indicators.hpp"
#include "sim/world/date.hpp"
#include "sim/world/world_params.hpp"

namespace yucun::output {

struct RunMetadata {
  std::string scenario_name;
  std::string scenario_yaml;  // the resolved scenario, enough to rerun
  std::uint64_t seed = 0;
  std::uint32_t run = 0;
  std::string model_version;
};

struct WriteOptions {
  bool overwrite = false;
  int deflate_level = 4;
  int chunk_days = 366;
};

// Checks that `path` can be written (parent folder exists, not a folder
// itself, not already there unless overwrite); throws OutputError otherwise.
void check_output_path(const std::string& path, bool overwrite);

class ResultWriter {
 public:
  ResultWriter(std::string path, Date start, int day_count, const std::vector<VillageSpec>& villages,
               const RunMetadata& metadata, WriteOptions options = {});
  ~ResultWriter();  // removes the temporary file unless finish() succeeded
  ResultWriter(const ResultWriter&) = delete;
  ResultWriter& operator=(const ResultWriter&) = delete;

  void append_day(const DayIndicators& day);
  // Flushes, closes and renames into place; throws OutputError if the run
  // did not write every day.
  void finish();
  const std::string& temporary_path() const { return temp_path_; }

  struct State;  // the open file and buffers (result_writer.cpp)

 private:
  std::unique_ptr<State> state_;
  std::string path_;
  std::string temp_path_;
  bool finished_ = false;
};

}  // namespace yucun::output
