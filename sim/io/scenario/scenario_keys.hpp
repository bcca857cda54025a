// What the schema says of one scenario key path, without loading a scenario:
// the kind of value it takes, its bounds and an option's words. The sweep
// loader asks it which keys a sweep can vary, and how their values are read.
#pragma once

#include <string>
#include <string_view>

#include "sim/io/scenario/scenario_schema.hpp"
#include "sim/io/scenario/yaml_scalars.hpp"

namespace yucun::scenario {

struct KeyDescription {
  // option: one word of a set, an enum of the model (dividends.basis).
  enum class Kind { number, whole_number, flag, text, date, option, list, map };
  Kind kind = Kind::map;
  Bounds bounds;       // of numbers and whole numbers
  WordChoice options;  // of an option: its words, for parse_word
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

// "a number", "a whole number", "true or false", "text", "a date", "a named
// value", "a list", "a map".
std::string_view describe(KeyDescription::Kind kind);

}  // namespace yucun::scenario
