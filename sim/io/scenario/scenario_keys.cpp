#include "sim/io/scenario/scenario_keys.hpp"

#include <algorithm>
#include <span>
#include <type_traits>
#include <vector>

#include <fmt/format.h>

#include "sim/io/scenario/diagnostics.hpp"

namespace yucun::scenario {

namespace {

template <class T>
concept HasFields = requires(T& t) { fields(t, [](const char*, auto&, auto...) {}); };

template <class T>
concept List = requires { typename T::value_type; } && !std::is_same_v<T, std::string>;

template <class T>
KeyDescription::Kind scalar_kind() {
  if constexpr (std::is_same_v<T, bool>) return KeyDescription::Kind::flag;
  else if constexpr (std::is_integral_v<T>) return KeyDescription::Kind::whole_number;
  else if constexpr (std::is_floating_point_v<T>) return KeyDescription::Kind::number;
  else if constexpr (std::is_same_v<T, Date> || std::is_same_v<T, MonthDay>) return KeyDescription::Kind::date;
  else if constexpr (NamedEnum<T>) return KeyDescription::Kind::option;
  else return KeyDescription::Kind::text;
}

std::string joined(std::span<const std::string> parts) { return fmt::format("{}", fmt::join(parts, ".")); }

class Lookup {
 public:
  explicit Lookup(std::vector<std::string> parts) : parts_(std::move(parts)) {}

  KeyLookup run() {
    Scenario root{};
    in_map(root, 0);
    return result_;
  }

 private:
  std::vector<std::string> parts_;
  KeyLookup result_;

  void fail(std::size_t known, std::string error) {
    result_.found = false;
    result_.error_path = joined(std::span(parts_).first(known));
    result_.error = std::move(error);
  }

  // parts_[at...] inside a struct with fields().
  template <HasFields T>
  void in_map(T& value, std::size_t at) {
    if (at == parts_.size()) {
      result_ = KeyLookup{true, {KeyDescription::Kind::map, {}, {}}, {}, {}};
      return;
    }
    std::vector<std::string> keys;
    bool matched = false;
    fields(value, [&]<class F>(const char* key, F& field, Bounds bounds = {}) {
      keys.emplace_back(key);
      if (matched || parts_[at] != key) return;
      matched = true;
      in_field(field, bounds, at + 1);
    });
    if (matched) return;
    const std::string suggestion = closest_match(parts_[at], keys);
    fail(at + 1, fmt::format("unknown key '{}'{}", parts_[at],
                             suggestion.empty() ? fmt::format(" (known keys: {})", fmt::join(keys, ", "))
                                                : fmt::format("; did you mean '{}'?", suggestion)));
  }

  // parts_[at...] inside a field of type F.
  template <class F>
  void in_field(F& field, const Bounds& bounds, std::size_t at) {
    if constexpr (HasFields<F>) {
      in_map(field, at);
    } else if constexpr (List<F>) {
      if (at == parts_.size()) {
        result_ = KeyLookup{true, {KeyDescription::Kind::list, {}, {}}, {}, {}};
        return;
      }
      typename F::value_type item{};  // parts_[at] names the item
      in_field(item, bounds, at + 1);
    } else {
      if (at < parts_.size()) {
        fail(at + 1, fmt::format("unknown key '{}': {} takes {}, not a map of keys", parts_[at],
                                 joined(std::span(parts_).first(at)), describe(scalar_kind<F>())));
        return;
      }
      result_ = KeyLookup{true, {scalar_kind<F>(), bounds, {}}, {}, {}};
      if constexpr (NamedEnum<F>) result_.key.options = word_choice<F>();
    }
  }
};

}  // namespace

KeyLookup describe_key(const std::string& key_path) {
  std::vector<std::string> parts;
  for (std::size_t start = 0;;) {
    const auto dot = key_path.find('.', start);
    parts.push_back(key_path.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return Lookup(std::move(parts)).run();
}

std::string_view describe(KeyDescription::Kind kind) {
  switch (kind) {
    case KeyDescription::Kind::number: return "a number";
    case KeyDescription::Kind::whole_number: return "a whole number";
    case KeyDescription::Kind::flag: return "true or false";
    case KeyDescription::Kind::text: return "text";
    case KeyDescription::Kind::date: return "a date";
    case KeyDescription::Kind::option: return "a named value";
    case KeyDescription::Kind::list: return "a list";
    case KeyDescription::Kind::map: return "a map";
  }
  return "";
}

}  // namespace yucun::scenario
