// Parsing of YAML scalars into scenario values (see yaml_scalars.hpp).
#include "sim/io/scenario/yaml_scalars.hpp"

#include <charconv>
#include <cmath>
#include <limits>
#include <optional>
#include <set>

#include <fmt/format.h>

#include "sim/io/scenario/diagnostics.hpp"

namespace yucun::scenario {

namespace {

bool is_non_finite(const std::string& s) {
  static const std::set<std::string> words = {".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "-.inf", "-.Inf",
                                              "-.INF", "+.inf", "+.Inf", "+.INF", "nan", "NaN", "inf", "-inf",
                                              "infinity", "-infinity"};
  return words.count(s) > 0;
}

// Numbers beyond double precision's range (1e400).
bool is_out_of_range(std::string text) {
  if (!text.empty() && text[0] == '+') text.erase(0, 1);
  double value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc::result_out_of_range && ptr == text.data() + text.size();
}

std::optional<double> parse_real(std::string text) {
  if (!text.empty() && text[0] == '+') text.erase(0, 1);
  double value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

template <class Int>
std::string parse_integer(const YAML::Node& node, Int& out) {
  if (!node.IsScalar()) return fmt::format("expected a whole number, got {}", describe(node));
  std::string text = node.Scalar();
  if (!text.empty() && text[0] == '+') text.erase(0, 1);
  if (std::is_unsigned_v<Int> && !text.empty() && text[0] == '-')
    return fmt::format("must not be negative, got '{}'", node.Scalar());
  Int value{};
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (!text.empty() && ec == std::errc() && ptr == text.data() + text.size()) {
    out = value;
    return {};
  }
  if (ec == std::errc::result_out_of_range || is_out_of_range(text))
    return fmt::format("'{}' is out of range for a whole number", node.Scalar());
  // Accept 1e4 and 300.0 when they are whole and representable.
  if (auto real = parse_real(node.Scalar()); real && std::isfinite(*real) && std::floor(*real) == *real) {
    if (*real < static_cast<double>(std::numeric_limits<Int>::min()) ||
        *real >= static_cast<double>(std::numeric_limits<Int>::max()))  // max rounds up to a power of two
      return fmt::format("'{}' is out of range for a whole number", node.Scalar());
    out = static_cast<Int>(*real);
    return {};
  }
  return fmt::format("expected a whole number, got '{}'", node.Scalar());
}

}  // namespace

std::string describe(const YAML::Node& node) {
  if (node.IsMap()) return "a map";
  if (node.IsSequence()) return "a list";
  if (!node.IsDefined() || node.IsNull()) return "nothing";
  return fmt::format("'{}'", node.Scalar());
}

std::string parse_scalar(const YAML::Node& node, double& out) {
  if (!node.IsScalar()) return fmt::format("expected a number, got {}", describe(node));
  if (is_non_finite(node.Scalar())) return fmt::format("must be a finite number, got '{}'", node.Scalar());
  if (is_out_of_range(node.Scalar())) return fmt::format("'{}' is out of range for a number", node.Scalar());
  auto value = parse_real(node.Scalar());
  if (!value) return fmt::format("expected a number, got '{}'", node.Scalar());
  if (!std::isfinite(*value)) return fmt::format("must be a finite number, got '{}'", node.Scalar());
  out = *value;
  return {};
}

std::string parse_scalar(const YAML::Node& node, std::int64_t& out) { return parse_integer(node, out); }
std::string parse_scalar(const YAML::Node& node, std::uint64_t& out) { return parse_integer(node, out); }
std::string parse_scalar(const YAML::Node& node, int& out) { return parse_integer(node, out); }

std::string parse_scalar(const YAML::Node& node, bool& out) {
  bool value = false;
  if (!node.IsScalar() || !YAML::convert<bool>::decode(node, value))
    return fmt::format("expected true or false, got {}", describe(node));
  out = value;
  return {};
}

std::string parse_scalar(const YAML::Node& node, std::string& out) {
  if (!node.IsScalar()) return fmt::format("expected text, got {}", describe(node));
  out = node.Scalar();
  return {};
}

std::string parse_scalar(const YAML::Node& node, Date& out) {
  if (!node.IsScalar()) return fmt::format("expected a date YYYY-MM-DD, got {}", describe(node));
  auto date = Date::parse(node.Scalar());
  if (!date) return fmt::format("expected a date YYYY-MM-DD, got '{}'", node.Scalar());
  if (date->year() < 1900 || date->year() > 2200)
    return fmt::format("date '{}' is out of range (years 1900-2200)", node.Scalar());
  out = *date;
  return {};
}

std::string parse_scalar(const YAML::Node& node, MonthDay& out) {
  if (!node.IsScalar()) return fmt::format("expected a month and day MM-DD, got {}", describe(node));
  auto md = MonthDay::parse(node.Scalar());
  if (!md) return fmt::format("expected a month and day MM-DD (e.g. 03-20), got '{}'", node.Scalar());
  out = *md;
  return {};
}

std::string parse_word(const YAML::Node& node, const WordChoice& choice, std::string& out) {
  if (!node.IsScalar())
    return fmt::format("expected one of {}, got {}", fmt::join(choice.words, ", "), describe(node));
  for (const std::string& word : choice.words)
    if (word == node.Scalar()) {
      out = word;
      return {};
    }
  const std::string suggestion = closest_match(node.Scalar(), choice.words);
  return fmt::format("unknown {} '{}'{} ({}: {})", choice.noun, node.Scalar(),
                     suggestion.empty() ? "" : fmt::format("; did you mean '{}'?", suggestion), choice.list_label,
                     fmt::join(choice.words, ", "));
}

std::string check_bounds(double value, const Bounds& b) {
  const bool low_ok = b.lo_open ? value > b.lo : value >= b.lo;
  if (low_ok && value <= b.hi) return {};
  auto num = [](double x) { return fmt::format("{}", x); };
  if (std::isinf(b.hi)) {
    if (b.lo_open) return fmt::format("must be greater than {}, got {}", num(b.lo), num(value));
    return fmt::format("must be at least {}, got {}", num(b.lo), num(value));
  }
  return fmt::format("must be between {} and {}, got {}", num(b.lo), num(b.hi), num(value));
}

std::string describe_bounds(const Bounds& b) {
  if (std::isinf(b.hi)) return fmt::format("a number {} {}", b.lo_open ? "greater than" : "of at least", b.lo);
  return fmt::format("a number between {} and {}", b.lo, b.hi);
}

}  // namespace yucun::scenario
