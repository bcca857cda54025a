// One YAML scalar as a typed value, with the message a person sees when it is
// not one. The scenario loader and the sweep loader both read through these, so
// a value written in a sweep is taken, and refused, exactly as in a scenario.
#pragma once

#include <cstdint>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "sim/core/date.hpp"
#include "sim/core/enum_names.hpp"
#include "sim/core/field_bounds.hpp"

namespace yucun::scenario {

// For "expected ..., got ...": "a map", "a list", "nothing" or the scalar in quotes.
std::string describe(const YAML::Node& node);

// Each returns an error message, or empty when `out` was set. Numbers must be
// finite and within double's range; whole numbers also take 1e4 and 300.0.
std::string parse_scalar(const YAML::Node& node, double& out);
std::string parse_scalar(const YAML::Node& node, std::int64_t& out);
std::string parse_scalar(const YAML::Node& node, std::uint64_t& out);
std::string parse_scalar(const YAML::Node& node, int& out);
std::string parse_scalar(const YAML::Node& node, bool& out);
std::string parse_scalar(const YAML::Node& node, std::string& out);
std::string parse_scalar(const YAML::Node& node, Date& out);
std::string parse_scalar(const YAML::Node& node, MonthDay& out);

// The words an option takes and how its messages name them, as in
// "unknown value 'x'; did you mean 'y'? (one of: a, b)".
struct WordChoice {
  std::vector<std::string> words;
  std::string noun = "value";
  std::string list_label = "one of";
};

template <NamedEnum E> WordChoice word_choice() {
  WordChoice choice{{}, std::string(EnumNames<E>::noun), std::string(EnumNames<E>::list_label)};
  for (const auto& entry : EnumNames<E>::names) choice.words.emplace_back(entry.first);
  return choice;
}

// One of `choice.words`; a misspelt word is refused with the closest one.
std::string parse_word(const YAML::Node& node, const WordChoice& choice, std::string& out);

// Options named in words become the model's enums here, so a misspelt word
// is refused where it was written, with the words the option takes.
template <NamedEnum E> std::string parse_scalar(const YAML::Node& node, E& out) {
  std::string word;
  if (std::string error = parse_word(node, word_choice<E>(), word); !error.empty()) return error;
  out = *enum_from_name<E>(word);
  return {};
}

// "must be between 0 and 1, got 2", or empty when `value` is within `bounds`.
std::string check_bounds(double value, const Bounds& bounds);
// "a number between 0 and 1", for a required key that is missing.
std::string describe_bounds(const Bounds& bounds);

// A key's value as the scenario takes it: parsed, then (numbers) within the
// key's bounds. `out` is left alone unless both hold.
template <class T> std::string parse_value(const YAML::Node& node, T& out, const Bounds& bounds) {
  T value = out;
  if (std::string error = parse_scalar(node, value); !error.empty()) return error;
  if constexpr (std::is_arithmetic_v<T> && !std::is_same_v<T, bool>) {
    if (std::string error = check_bounds(static_cast<double>(value), bounds); !error.empty()) return error;
  }
  out = std::move(value);
  return {};
}

}  // namespace yucun::scenario
