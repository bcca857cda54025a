#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "sim/io/scenario/diagnostics.hpp"

namespace yucun::scenario {

std::string SourceLocation::to_string() const {
  if (line <= 0) return file;
  return fmt::format("{}:{}:{}", file, line, column);
}

std::string Diagnostic::to_string() const {
  if (key_path.empty()) return fmt::format("{}: error: {}", where.to_string(), message);
  return fmt::format("{}: error: {}: {}", where.to_string(), key_path, message);
}

void Diagnostics::error(SourceLocation where, std::string key_path, std::string message) {
  list_.push_back(Diagnostic{std::move(where), std::move(key_path), std::move(message)});
}

std::string Diagnostics::to_string() const {
  std::string out;
  for (const auto& d : list_) out += d.to_string() + "\n";
  return out;
}

ScenarioError::ScenarioError(Diagnostics diagnostics)
    : std::runtime_error(diagnostics.to_string()), diagnostics_(std::move(diagnostics)) {}

namespace {
std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      const bool same = std::tolower(static_cast<unsigned char>(a[i - 1])) ==
                        std::tolower(static_cast<unsigned char>(b[j - 1]));
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (same ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}
}  // namespace

std::string closest_match(const std::string& word, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t best_distance = std::max<std::size_t>(2, word.size() / 3) + 1;
  for (const auto& c : candidates) {
    const std::size_t d = edit_distance(word, c);
    if (d < best_distance) {
      best_distance = d;
      best = c;
    }
  }
  // Short forms of long keys ("floor" for "floor_yuan_per_kg", "demand" for
  // "tourist_demand") are far in edits but plainly meant: suggest the first
  // key that starts with, or else contains, the word.
  if (best.empty() && word.size() >= 3) {
    for (const auto& c : candidates)
      if (c.starts_with(word)) return c;
    for (const auto& c : candidates)
      if (c.find(word) != std::string::npos) return c;
  }
  return best;
}

}  // namespace yucun::scenario
