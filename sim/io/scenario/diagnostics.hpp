// Errors in scenario input, each tied to where it was written.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace yucun::scenario {

// A place in an input: a file (or "--set k=v") with 1-based line and column;
// line 0 when the place is a whole file.
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;
  std::string to_string() const;
};

struct Diagnostic {
  SourceLocation where;
  std::string key_path;  // e.g. "tea.price.floor_yuan_per_kg"; empty for the document
  std::string message;
  // "file:line:col: error: key.path: message"
  std::string to_string() const;
};

class Diagnostics {
 public:
  void error(SourceLocation where, std::string key_path, std::string message);
  bool empty() const { return list_.empty(); }
  std::size_t size() const { return list_.size(); }
  const std::vector<Diagnostic>& list() const { return list_; }
  std::string to_string() const;  // one line per diagnostic

 private:
  std::vector<Diagnostic> list_;
};

// Thrown by loaders when the input has errors; carries all of them.
class ScenarioError : public std::runtime_error {
 public:
  explicit ScenarioError(Diagnostics diagnostics);
  const Diagnostics& diagnostics() const { return diagnostics_; }

 private:
  Diagnostics diagnostics_;
};

// The closest candidate to a misspelt word, or empty when none is close.
std::string closest_match(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace yucun::scenario
