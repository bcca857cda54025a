// Options that a scenario names in words (`basis: households`) are enums in
// the model: each enum declares its words once, by specialising EnumNames,
// and loading turns a word into the enum (or refuses it), so the model never
// compares strings.
#pragma once

#include <array>
#include <optional>
#include <string_view>
#include <type_traits>
#include <utility>

namespace yucun {

// Specialise with:
//   static constexpr std::string_view noun = "value";        // in "unknown value 'x'"
//   static constexpr std::string_view list_label = "one of";  // in "(one of: a, b)"
//   static constexpr std::array<std::pair<std::string_view, E>, N> names{...};
template <class E> struct EnumNames;

template <class E>
concept NamedEnum = std::is_enum_v<E> && requires { EnumNames<E>::names; };

template <NamedEnum E> constexpr std::string_view name_of(E value) {
  for (const auto& [name, e] : EnumNames<E>::names)
    if (e == value) return name;
  return {};
}

template <NamedEnum E> constexpr std::optional<E> enum_from_name(std::string_view name) {
  for (const auto& [n, e] : EnumNames<E>::names)
    if (n == name) return e;
  return std::nullopt;
}

}  // namespace yucun
