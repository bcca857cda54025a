// What the schema says of one scenario key path, without loading a scenario:
// the kind of value it takes and its bounds. The sweep loader asks it which
// keys a sweep can vary, and whether they take whole numbers.
#pragma once

#include <string>
#include <string_view>

#include "sim/io/scenario/scenario_schema.hpp"

namespace yucun::scenario {

struct KeyDescription {
  enum class Kind { number, whole_number, flag, text, date, list, map };
  Kind kind = Kind::map;
  Bounds bounds;  // of numbers and whole numbers
};

struct KeyLookup {
  bool found = false;
  KeyDescription key;
  // When not found: the path as far as it is known, and why, in the words
  // the scenario loader uses ("unknown key 'x'; did you mean 'y'?").
  std::string error_path;
  std::string error;
};

// Looks `key_path` up in the schema (fields() of Scenario): dot-separated as
// `--set` takes it, a list item named by its name or index
// (world.villages.Yucun.homestay_beds). Whether such an item exists is the
// scenario's business, not the schema's: any name is taken.
KeyLookup describe_key(const std::string& key_path);

// "a number", "a whole number", "true or false", "text", "a date", "a list", "a map".
std::string_view describe(KeyDescription::Kind kind);

}  // namespace yucun::scenario
