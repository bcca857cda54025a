// Checks that need the whole scenario: dates in order, villages and roads
// consistent, a connected road network.
#pragma once

#include <map>
#include <string>

#include "sim/model/scenario.hpp"
#include "sim/io/scenario/diagnostics.hpp"

namespace yucun::scenario {

// Where each key path's value was written, for errors found after decoding.
class SourceMap {
 public:
  void record(const std::string& key_path, SourceLocation where) { map_[key_path] = std::move(where); }
  // The location of key_path, or of its nearest recorded ancestor.
  SourceLocation find(const std::string& key_path) const;

 private:
  std::map<std::string, SourceLocation> map_;
};

void validate(const Scenario& scenario, const SourceMap& sources, Diagnostics& diagnostics);

}  // namespace yucun::scenario
