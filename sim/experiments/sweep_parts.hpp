// The parts of a sweep file that other experiment files share: the base
// scenario, its fixed values and scenario values sampled between lo and hi.
// A calibration file writes them as a sweep does and gets the same checks and
// messages (the schema's keys and ranges, probed at lo and hi), at its lines.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "sim/io/scenario/diagnostics.hpp"
#include "sim/experiments/sweep_loader.hpp"
#include "sim/experiments/yaml_reader.hpp"

namespace yucun::sweep {

struct SweepParts {
  YAML::Node document;                      // the whole file (where a missing key is reported)
  YAML::Node base, set, parameters;         // undefined when the file has none
  std::vector<std::string> parameter_keys;  // allowed in a parameter: key, name, lo, hi and the file's own
};

// One key of a parameter that sweeps do not know, for the file's own reader.
using PartsEntry = experiments::YamlEntry;

struct LoadedParts {
  LoadedSweep loaded;  // spec.parameters in the order written, each with lo and hi
  std::vector<std::vector<PartsEntry>> parameter_extras;  // per parameter
  std::vector<YAML::Node> parameter_keys;                 // per parameter: its `key` node
};

// Reads and checks the parts; on any error the diagnostics (file:line:col)
// are added to `diagnostics` and nothing is returned. A ScenarioError of the
// base scenario itself propagates.
std::optional<LoadedParts> load_sweep_parts(const SweepParts& parts, const std::string& file, const std::string& base_dir,
                                            scenario::Diagnostics& diagnostics);

}  // namespace yucun::sweep
