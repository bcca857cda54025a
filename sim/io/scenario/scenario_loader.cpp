#include "sim/io/scenario/scenario_loader.hpp"

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <type_traits>

#include <fmt/format.h>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include "sim/io/scenario/builtin_scenarios.hpp"
#include "sim/io/scenario/layered_node.hpp"
#include "sim/io/scenario/scenario_schema.hpp"
#include "sim/io/scenario/validate.hpp"
#include "sim/io/scenario/yaml_document.hpp"
#include "sim/io/scenario/yaml_scalars.hpp"

namespace yucun::scenario {

namespace fs = std::filesystem;

namespace {

// ---- Decoding by the schema ----------------------------------------------------

template <class T>
concept Described = requires(T& t) { fields(t, [](const char*, auto&, auto...) {}); };

struct KeyCollector {
  std::vector<std::string>* keys;
  template <class T, class... Rest>
  void operator()(const char* key, T&, Rest...) const {
    keys->push_back(key);
  }
};

template <Described T>
std::vector<std::string> keys_of() {
  std::vector<std::string> keys;
  T probe{};
  fields(probe, KeyCollector{&keys});
  return keys;
}

class Decoder {
 public:
  Decoder(Diagnostics& diagnostics, SourceMap& sources) : diagnostics_(diagnostics), sources_(sources) {}

  // Checks that `node` is a map whose keys (in every layer) are allowed and
  // unique. Returns false when it is not a map at all.
  bool expect_map(const LayeredNode& node, const std::vector<std::string>& allowed,
                  const std::vector<std::string>& also_allowed = {}) {
    if (!node.is_map()) {
      diagnostics_.error(node.location(), node.path(), fmt::format("expected a map of keys, got {}", describe(node.node())));
      return false;
    }
    for (const Layer& layer : node.map_layers()) {
      std::map<std::string, int> seen;
      for (const auto& kv : layer.node) {
        const SourceLocation where = location_of(kv.first, *layer.file);
        if (!kv.first.IsScalar()) {
          diagnostics_.error(where, node.path(), "keys must be plain words");
          continue;
        }
        const std::string key = kv.first.Scalar();
        const std::string path = node.path().empty() ? key : node.path() + "." + key;
        if (auto it = seen.find(key); it != seen.end()) {
          diagnostics_.error(where, path, fmt::format("duplicate key '{}' (first written on line {})", key, it->second));
          continue;
        }
        seen.emplace(key, where.line);
        const bool known = std::find(allowed.begin(), allowed.end(), key) != allowed.end() ||
                           std::find(also_allowed.begin(), also_allowed.end(), key) != also_allowed.end();
        if (!known) {
          std::vector<std::string> candidates = allowed;
          candidates.insert(candidates.end(), also_allowed.begin(), also_allowed.end());
          const std::string suggestion = closest_match(key, candidates);
          diagnostics_.error(where, path,
                             fmt::format("unknown key '{}'{}", key,
                                         suggestion.empty()
                                             ? fmt::format(" (known keys: {})", fmt::join(allowed, ", "))
                                             : fmt::format("; did you mean '{}'?", suggestion)));
        }
      }
    }
    return true;
  }

  template <Described T>
  void decode(const LayeredNode& node, T& out, const std::vector<std::string>& also_allowed = {}) {
    sources_.record(node.path(), node.location());
    if (!expect_map(node, keys_of<T>(), also_allowed)) return;
    fields(out, Visitor{*this, node});
  }

  struct Visitor {
    Decoder& d;
    const LayeredNode& map;

    template <class T>
    void operator()(const char* key, T& field, Bounds bounds = {}) const {
      const LayeredNode child = map.child(key);
      if (!child.defined()) {
        // Keeps the default, which must itself be allowed: keys without a
        // usable default (a road's km) are thereby required.
        if (bounds.required) {
          d.diagnostics_.error(map.location(), child.path(), fmt::format("missing required key '{}'", key));
          return;
        }
        if constexpr (std::is_arithmetic_v<T> && !std::is_same_v<T, bool>) {
          if (!check_bounds(static_cast<double>(field), bounds).empty())
            d.diagnostics_.error(map.location(), child.path(),
                                 fmt::format("missing required key '{}' ({})", key, describe_bounds(bounds)));
        }
        return;
      }
      d.sources_.record(child.path(), child.location());
      if constexpr (Described<T>) {
        d.decode(child, field);
      } else if constexpr (requires { typename T::value_type; } && !std::is_same_v<T, std::string>) {
        d.decode_list(child, field, bounds);
      } else {
        d.decode_scalar(child, field, bounds);
      }
    }
  };

  template <class T>
  void decode_scalar(const LayeredNode& node, T& field, const Bounds& bounds) {
    if (node.is_null()) {
      diagnostics_.error(node.location(), node.path(), "has no value");
      return;
    }
    if (std::string error = parse_value(node.node(), field, bounds); !error.empty())
      diagnostics_.error(node.location(), node.path(), error);
  }

  template <class T>
  void decode_list(const LayeredNode& node, std::vector<T>& out, const Bounds& bounds) {
    if (node.is_null()) {
      out.clear();
      return;
    }
    if (!node.is_sequence()) {
      diagnostics_.error(node.location(), node.path(), fmt::format("expected a list, got {}", describe(node.node())));
      return;
    }
    std::vector<T> items;
    for (const LayeredNode& item : node.items(diagnostics_)) {
      T value{};
      sources_.record(item.path(), item.location());
      if constexpr (Described<T>) {
        decode(item, value);
      } else {
        decode_scalar(item, value, bounds);
      }
      items.push_back(std::move(value));
    }
    out = std::move(items);
  }

 private:
  Diagnostics& diagnostics_;
  SourceMap& sources_;
};

// ---- Files, extends and overrides -----------------------------------------------

struct Document {
  YAML::Node root;
  std::shared_ptr<const std::string> name;
  fs::path base_dir;
};

std::optional<std::string> read_file(const fs::path& path, const LoadLimits& limits, const SourceLocation& asked_from,
                                     Diagnostics& diagnostics, const std::string& key_path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    diagnostics.error(asked_from, key_path, fmt::format("scenario file '{}' does not exist", path.string()));
    return std::nullopt;
  }
  if (fs::is_directory(path, ec)) {
    diagnostics.error(asked_from, key_path, fmt::format("'{}' is a directory, not a scenario file", path.string()));
    return std::nullopt;
  }
  if (!fs::is_regular_file(path, ec)) {
    diagnostics.error(asked_from, key_path,
                      fmt::format("'{}' is not a regular file (a device, pipe or socket), not a scenario file", path.string()));
    return std::nullopt;
  }
  const auto size = fs::file_size(path, ec);
  if (!ec && size > limits.max_file_bytes) {
    diagnostics.error(asked_from, key_path,
                      fmt::format("scenario file '{}' is {} bytes, over the limit of {} bytes", path.string(), size,
                                  limits.max_file_bytes));
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    diagnostics.error(asked_from, key_path, fmt::format("cannot read scenario file '{}'", path.string()));
    return std::nullopt;
  }
  // Read at most one byte past the limit: a file may grow while we read.
  std::string text(limits.max_file_bytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (text.size() > limits.max_file_bytes) {
    diagnostics.error(asked_from, key_path,
                      fmt::format("scenario file '{}' is over the limit of {} bytes", path.string(), limits.max_file_bytes));
    return std::nullopt;
  }
  return text;
}

// Appends the document and the chain of files it extends (child first).
void load_chain(std::string_view text, const std::string& name, const fs::path& base_dir, const LoadLimits& limits,
                std::vector<Document>& chain, std::set<std::string>& visiting, Diagnostics& diagnostics) {
  if (text.size() > limits.max_file_bytes) {
    diagnostics.error(SourceLocation{name}, "",
                      fmt::format("scenario is {} bytes, over the limit of {} bytes", text.size(), limits.max_file_bytes));
    return;
  }
  auto root = parse_yaml_document(text, name, "scenario", diagnostics);
  if (!root) return;
  if (root->IsNull()) {
    diagnostics.error(SourceLocation{name}, "", "the scenario is empty; expected a map of keys such as 'extends', 'world', 'tea'");
    return;
  }
  if (!root->IsMap()) {
    diagnostics.error(location_of(*root, name), "", fmt::format("expected a map of keys at the top, got {}", describe(*root)));
    return;
  }
  chain.push_back(Document{*root, std::make_shared<const std::string>(name), base_dir});
  const YAML::Node parent = (*root)["extends"];
  if (!parent) return;
  const SourceLocation where = location_of(parent, name);
  if (!parent.IsScalar() || parent.Scalar().empty()) {
    diagnostics.error(where, "extends", "expected the path of the scenario file to extend, or @baseline");
    return;
  }
  if (static_cast<int>(chain.size()) > limits.max_extends_depth) {
    diagnostics.error(where, "extends", fmt::format("more than {} levels of 'extends'", limits.max_extends_depth));
    return;
  }
  const std::string target = parent.Scalar();
  if (target.starts_with('@') && target != kBuiltinBaselineName) {
    const std::string suggestion = closest_match(target, {std::string(kBuiltinBaselineName)});
    diagnostics.error(where, "extends",
                      fmt::format("unknown built-in scenario '{}'{}", target,
                                  suggestion.empty() ? fmt::format(" (built-in: {})", kBuiltinBaselineName)
                                                     : fmt::format("; did you mean '{}'?", suggestion)));
    return;
  }
  if (target == kBuiltinBaselineName) {
    if (!visiting.insert(std::string(kBuiltinBaselineName)).second) {
      diagnostics.error(where, "extends", "'extends' cycle through @baseline");
      return;
    }
    load_chain(builtin_baseline_yaml(), std::string(kBuiltinBaselineName), fs::path(), limits, chain, visiting,
               diagnostics);
    return;
  }
  const fs::path path = fs::path(target).is_absolute() ? fs::path(target) : base_dir / target;
  std::error_code ec;
  const fs::path canonical = fs::weakly_canonical(path, ec);
  const std::string key = ec ? path.string() : canonical.string();
  if (!visiting.insert(key).second) {
    diagnostics.error(where, "extends", fmt::format("'extends' cycle: '{}' is already being loaded", target));
    return;
  }
  auto parent_text = read_file(path, limits, where, diagnostics, "extends");
  if (!parent_text) return;
  load_chain(*parent_text, path.string(), path.parent_path(), limits, chain, visiting, diagnostics);
}

// "a.b.c=value" as a document {a: {b: {c: value}}}.
std::optional<Document> override_document(const std::string& assignment, Diagnostics& diagnostics) {
  // Messages name the assignment; a very long one is cut (its value is shown where it matters).
  const std::string name =
      assignment.size() <= 200 ? fmt::format("--set {}", assignment) : fmt::format("--set {}...", assignment.substr(0, 200));
  const auto eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0) {
    diagnostics.error(SourceLocation{name}, "", "expected key.path=value, e.g. --set tea.price.floor_yuan_per_kg=90");
    return std::nullopt;
  }
  const std::string path = assignment.substr(0, eq);
  std::vector<std::string> keys;
  for (std::size_t start = 0;;) {
    const auto dot = path.find('.', start);
    keys.push_back(path.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
    if (keys.back().empty()) {
      diagnostics.error(SourceLocation{name}, path, "empty key in the key path");
      return std::nullopt;
    }
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  // Scenario keys are at most five deep (world.villages.<name>.<field>...):
  // a path far deeper is a mistake, and walking it layer by layer costs its
  // depth squared (10,000 parts took 27 s), so it is refused at once.
  constexpr std::size_t kDeepestKeyPath = 16;
  if (keys.size() > kDeepestKeyPath) {
    diagnostics.error(SourceLocation{name}, path.substr(0, 80) + (path.size() > 80 ? "..." : ""),
                      fmt::format("the key path has {} parts; scenario keys have at most {}", keys.size(),
                                  kDeepestKeyPath));
    return std::nullopt;
  }
  if (keys.front() == "extends") {
    diagnostics.error(SourceLocation{name}, path, "'extends' cannot be overridden with --set");
    return std::nullopt;
  }
  auto value = parse_yaml_document(assignment.substr(eq + 1), name, "scenario", diagnostics);
  if (!value) return std::nullopt;
  // Built inside out; reset() rebinds a Node where `=` would assign through it.
  YAML::Node inner = *value;
  for (std::size_t i = keys.size(); i-- > 0;) {
    YAML::Node map(YAML::NodeType::Map);
    map[keys[i]] = inner;
    inner.reset(map);
  }
  const YAML::Node root = inner;
  return Document{root, std::make_shared<const std::string>(name), fs::path()};
}

Scenario decode_documents(const std::vector<Document>& chain, const std::vector<std::string>& overrides,
                          Diagnostics& diagnostics) {
  std::vector<Layer> layers;  // highest priority first: the last --set wins
  for (auto o = overrides.rbegin(); o != overrides.rend(); ++o)
    if (auto doc = override_document(*o, diagnostics)) layers.push_back(Layer{doc->root, doc->name});
  for (const auto& doc : chain) layers.push_back(Layer{doc.root, doc.name});

  Scenario scenario;
  SourceMap sources;
  Decoder decoder(diagnostics, sources);
  decoder.decode(LayeredNode(layers, ""), scenario, {"extends"});
  if (diagnostics.empty()) validate(scenario, sources, diagnostics);
  return scenario;
}

}  // namespace

Scenario load_scenario_text(std::string_view yaml, const std::string& display_name, const std::string& base_dir,
                            const std::vector<std::string>& overrides, const LoadLimits& limits) {
  Diagnostics diagnostics;
  std::vector<Document> chain;
  std::set<std::string> visiting{display_name};
  load_chain(yaml, display_name, base_dir, limits, chain, visiting, diagnostics);
  if (!diagnostics.empty()) throw ScenarioError(std::move(diagnostics));
  Scenario scenario = decode_documents(chain, overrides, diagnostics);
  if (!diagnostics.empty()) throw ScenarioError(std::move(diagnostics));
  return scenario;
}

Scenario load_scenario(const std::string& source, const std::vector<std::string>& overrides, const LoadLimits& limits) {
  if (source.empty() || source == kBuiltinBaselineName)
    return load_scenario_text(builtin_baseline_yaml(), std::string(kBuiltinBaselineName), "", overrides, limits);
  Diagnostics diagnostics;
  auto text = read_file(source, limits, SourceLocation{source}, diagnostics, "");
  if (!text) throw ScenarioError(std::move(diagnostics));
  std::error_code ec;
  const fs::path canonical = fs::weakly_canonical(source, ec);
  std::vector<Document> chain;
  std::set<std::string> visiting{ec ? source : canonical.string()};
  load_chain(*text, source, fs::path(source).parent_path(), limits, chain, visiting, diagnostics);
  if (!diagnostics.empty()) throw ScenarioError(std::move(diagnostics));
  Scenario scenario = decode_documents(chain, overrides, diagnostics);
  if (!diagnostics.empty()) throw ScenarioError(std::move(diagnostics));
  return scenario;
}

}  // namespace yucun::scenario
