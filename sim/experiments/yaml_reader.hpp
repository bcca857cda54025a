// Reading experiment files (sweeps, calibrations) from YAML: maps with known
// keys, scalars taken exactly as a scenario takes them, choices among words,
// every problem reported at its file:line:column.
#pragma once

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "sim/io/scenario/diagnostics.hpp"
#include "sim/io/scenario/layered_node.hpp"
#include "sim/io/scenario/yaml_scalars.hpp"

namespace yucun::experiments {

inline std::string join_path(const std::string& parent, const std::string& key) {
  return parent.empty() ? key : parent + "." + key;
}

// One entry of a YAML map: its key (for locations) and value.
struct YamlEntry {
  std::string key;
  YAML::Node key_node;
  YAML::Node value;
};

class YamlReader {
 public:
  YamlReader(std::string file, scenario::Diagnostics& diagnostics) : file_(std::move(file)), diagnostics_(diagnostics) {}

  scenario::SourceLocation at(const YAML::Node& node) const { return scenario::location_of(node, file_); }
  const std::string& file() const { return file_; }
  void error(const YAML::Node& node, const std::string& path, const std::string& message) {
    diagnostics_.error(at(node), path, message);
  }

  // The entries of a map with plain, unique keys; unknown keys are reported
  // (with a suggestion) unless `allowed` is empty. Nothing when not a map.
  std::optional<std::vector<YamlEntry>> map(const YAML::Node& node, const std::string& path,
                                        const std::vector<std::string>& allowed) {
    if (!node.IsMap()) {
      error(node, path, fmt::format("expected a map of keys, got {}", scenario::describe(node)));
      return std::nullopt;
    }
    std::vector<YamlEntry> entries;
    std::map<std::string, int> seen;
    for (const auto& kv : node) {
      if (!kv.first.IsScalar()) {
        error(kv.first, path, "keys must be plain words");
        continue;
      }
      const std::string key = kv.first.Scalar();
      const std::string key_path = join_path(path, key);
      if (auto it = seen.find(key); it != seen.end()) {
        error(kv.first, key_path, fmt::format("duplicate key '{}' (first written on line {})", key, it->second));
        continue;
      }
      seen.emplace(key, at(kv.first).line);
      if (!allowed.empty() && std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
        const std::string suggestion = scenario::closest_match(key, allowed);
        error(kv.first, key_path,
              fmt::format("unknown key '{}'{}", key,
                          suggestion.empty() ? fmt::format(" (known keys: {})", fmt::join(allowed, ", "))
                                             : fmt::format("; did you mean '{}'?", suggestion)));
        continue;
      }
      entries.push_back(YamlEntry{key, kv.first, kv.second});
    }
    return entries;
  }

  // A scalar as a scenario takes it (yaml_scalars.hpp), within `bounds`;
  // nothing, with the error reported, when it is not one.
  template <class T>
  std::optional<T> scalar(const YAML::Node& node, const std::string& path, const Bounds& bounds = {}) {
    T value{};
    if (std::string message = scenario::parse_value(node, value, bounds); !message.empty()) {
      error(node, path, message);
      return std::nullopt;
    }
    return value;
  }

  // One of `choices`, with a suggestion when misspelt.
  std::optional<std::string> choice(const YAML::Node& node, const std::string& path,
                                    const std::vector<std::string>& choices) {
    auto word = scalar<std::string>(node, path);  // a list or map is "expected text"
    if (!word) return std::nullopt;
    scenario::WordChoice words;
    words.words = choices;
    if (std::string message = scenario::parse_word(node, words, *word); !message.empty()) {
      error(node, path, message);
      return std::nullopt;
    }
    return word;
  }

 private:
  std::string file_;
  scenario::Diagnostics& diagnostics_;
};

}  // namespace yucun::experiments
