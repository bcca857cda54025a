// Parsing one YAML document from text, for every file format of yucun that
// is YAML (scenarios, sweeps): the checks yaml-cpp leaves out, with errors at
// file:line:column.
#include "sim/io/scenario/yaml_document.hpp"

#include <algorithm>
#include <set>
#include <vector>

#include <fmt/format.h>
#include <yaml-cpp/depthguard.h>

namespace yucun::scenario {

SourceLocation location_at(std::string_view text, std::size_t offset, const std::string& name) {
  int line = 1, column = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return SourceLocation{name, line, column};
}

namespace {

// The text must be UTF-8 text: reports the first NUL byte or invalid
// UTF-8 sequence, which YAML parsers otherwise pass through.
bool check_text(std::string_view text, const std::string& name, Diagnostics& diagnostics) {
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == 0) {
      diagnostics.error(location_at(text, i, name), "", "the file contains NUL bytes: it is not a text (YAML) file");
      return false;
    }
    const int extra = c < 0x80 ? 0 : (c >> 5) == 0x6 ? 1 : (c >> 4) == 0xE ? 2 : (c >> 3) == 0x1E ? 3 : -1;
    bool ok = extra >= 0 && i + static_cast<std::size_t>(extra) < text.size() + (extra == 0 ? 1 : 0);
    for (int k = 1; ok && k <= extra; ++k) ok = (static_cast<unsigned char>(text[i + k]) >> 6) == 0x2;
    if (!ok) {
      diagnostics.error(location_at(text, i, name), "",
                        fmt::format("byte 0x{:02x} is not valid UTF-8: save the file as UTF-8 text", c));
      return false;
    }
    i += static_cast<std::size_t>(extra) + 1;
  }
  return true;
}

// yaml-cpp accepts a quoted scalar that is never closed and runs it to the
// end of the file, silently swallowing the keys after it. Every quoted scalar
// of the document must have its closing quote.
bool check_quotes(const YAML::Node& root, std::string_view text, const std::string& name, Diagnostics& diagnostics) {
  std::vector<std::size_t> line_start{0};
  for (std::size_t i = 0; i < text.size(); ++i)
    if (text[i] == '\n') line_start.push_back(i + 1);
  std::set<std::pair<int, int>> seen;  // by position: aliases are visited once
  std::vector<YAML::Node> stack{root};
  while (!stack.empty()) {
    const YAML::Node node = stack.back();
    stack.pop_back();
    const YAML::Mark mark = node.Mark();
    if (!mark.is_null() && !seen.insert({mark.line, mark.column}).second) continue;
    if (node.IsMap()) {
      for (const auto& kv : node) {
        stack.push_back(kv.first);
        stack.push_back(kv.second);
      }
      continue;
    }
    if (node.IsSequence()) {
      for (const auto& item : node) stack.push_back(item);
      continue;
    }
    if (!node.IsScalar() || mark.is_null() || static_cast<std::size_t>(mark.line) >= line_start.size()) continue;
    const std::size_t at = line_start[static_cast<std::size_t>(mark.line)] + static_cast<std::size_t>(mark.column);
    if (at >= text.size() || (text[at] != '"' && text[at] != '\'')) continue;
    const char quote = text[at];
    bool closed = false;
    for (std::size_t i = at + 1; i < text.size(); ++i) {
      if (quote == '"' && text[i] == '\\') {
        ++i;
      } else if (text[i] == quote) {
        if (quote == '\'' && i + 1 < text.size() && text[i + 1] == '\'') {
          ++i;  // '' is an escaped quote
          continue;
        }
        closed = true;
        break;
      }
    }
    if (!closed) {
      diagnostics.error(SourceLocation{name, mark.line + 1, mark.column + 1}, "",
                        fmt::format("malformed YAML: this quoted text is never closed (add the closing {})", quote));
      return false;
    }
  }
  return true;
}

}  // namespace

std::optional<YAML::Node> parse_yaml_document(std::string_view text, const std::string& name, std::string_view kind,
                                              Diagnostics& diagnostics) {
  if (!check_text(text, name, diagnostics)) return std::nullopt;
  try {
    // YAML::LoadAll can loop forever on a stray ',' (found by fuzzing), so
    // the first document is parsed with Load and a second one is found by
    // its '---' separator: a line starting with it after some content.
    const YAML::Node document = YAML::Load(std::string(text));
    bool content = false;
    for (std::size_t at = 0; at < text.size();) {
      const std::size_t end = std::min(text.find('\n', at), text.size());
      const std::string_view line = text.substr(at, end - at);
      const bool separator = line.starts_with("---") && (line.size() == 3 || line[3] == ' ' || line[3] == '\r');
      if (separator && content) {
        diagnostics.error(location_at(text, at, name), "",
                          fmt::format("the file holds more than one YAML document (separated by ---); a {} is one document", kind));
        return std::nullopt;
      }
      const std::size_t first = line.find_first_not_of(" \t\r");
      if (!separator && first != std::string_view::npos && line[first] != '#') content = true;
      at = end + 1;
    }
    if (!check_quotes(document, text, name, diagnostics)) return std::nullopt;
    return document;
  } catch (const YAML::DeepRecursion& e) {
    diagnostics.error(SourceLocation{name, e.mark.line + 1, e.mark.column + 1}, "",
                      fmt::format("the YAML nests too deeply (over 2,000 levels); {}s need a handful", kind));
    return std::nullopt;
  } catch (const YAML::Exception& e) {
    diagnostics.error(SourceLocation{name, e.mark.is_null() ? 0 : e.mark.line + 1,
                                     e.mark.is_null() ? 0 : e.mark.column + 1},
                      "", fmt::format("malformed YAML: {}", e.msg));
    return std::nullopt;
  }
}

}  // namespace yucun::scenario
