// One YAML document from text, checked beyond what yaml-cpp checks: UTF-8
// text without NUL bytes, exactly one document (found by its `---`
// separator: YAML::LoadAll can loop forever on bad input), every quoted
// scalar closed, nesting that yaml-cpp refuses reported with where. Used by
// the scenario and the sweep loaders.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <yaml-cpp/yaml.h>

#include "sim/io/scenario/diagnostics.hpp"

namespace yucun::scenario {

// Line and column (1-based) of a byte offset in `text`.
SourceLocation location_at(std::string_view text, std::size_t offset, const std::string& name);

// The document, or nullopt with the problems in `diagnostics`; `kind` names
// what the file holds in messages ("scenario", "sweep").
std::optional<YAML::Node> parse_yaml_document(std::string_view text, const std::string& name, std::string_view kind,
                                              Diagnostics& diagnostics);

}  // namespace yucun::scenario
