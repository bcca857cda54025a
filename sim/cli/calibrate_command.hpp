// `yucun calibrate`: estimates a scenario's uncertain values from published
// targets by ABC-SMC (calibration_runner.hpp), and reads a calibration's file
// back: the posterior's summary, its median or best particle as a scenario,
// or a sample of posterior draws.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace CLI {
class App;
}

namespace yucun::cli {

struct CalibrateArgs {
  std::string file;                          // CALIBRATION.yaml
  std::optional<std::string> output;         // -o OUT.h5
  bool resume = false;
  bool force = false;
  int threads = 0;
  bool quiet = false;
  std::optional<std::string> summary;        // --summary OUT.h5
  std::optional<std::string> export_scenario;  // with --summary: write the estimate as a scenario
  std::string estimate = "median";           // median or map (the best particle)
  std::optional<std::uint64_t> export_sample;  // with --summary: N posterior draws ...
  std::optional<std::string> sample_file;      // ... into this CSV
  std::uint64_t sample_seed = 1;
};

CLI::App* add_calibrate_command(CLI::App& app, CalibrateArgs& args);
int calibrate_command(const CalibrateArgs& args);

}  // namespace yucun::cli
