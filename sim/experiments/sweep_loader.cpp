#include "sim/experiments/sweep_loader.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <optional>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "sim/core/calendar.hpp"
#include "sim/io/scenario/layered_node.hpp"
#include "sim/io/scenario/scenario_keys.hpp"
#include "sim/io/scenario/scenario_loader.hpp"
#include "sim/io/scenario/yaml_document.hpp"
#include "sim/io/scenario/yaml_scalars.hpp"
#include "sim/experiments/design.hpp"
#include "sim/experiments/sweep_points.hpp"
#include "sim/experiments/sweep_parts.hpp"
#include "sim/experiments/yaml_reader.hpp"

namespace yucun::sweep {

namespace fs = std::filesystem;
using scenario::closest_match;
using scenario::describe;
using scenario::Diagnostics;
using scenario::SourceLocation;

namespace {

const std::vector<std::string> kTopKeys = {"name",       "description", "base",   "set",    "seed",
                                           "replicates", "output",      "design", "parameters", "common_random_numbers"};
const std::vector<std::string> kParameterKeys = {"key", "name", "values", "range", "lo", "hi", "log", "integer", "levels", "files"};
const std::vector<std::string> kRangeKeys = {"lo", "hi", "step", "count"};
const std::vector<std::string> kDesignKinds = {"grid", "lhs", "sobol", "morris"};
const std::vector<std::string> kOutputLevels = {"summary", "full"};
const std::map<std::string, std::vector<std::string>> kDesignKeys = {
    {"grid", {"kind"}}, {"lhs", {"kind", "n"}}, {"sobol", {"kind", "n", "skip"}}, {"morris", {"kind", "r", "levels"}}};
// Scenario keys a sweep cannot vary, and why.
const std::map<std::string, std::string> kFixedKeys = {
    {"seed", "each run's seed derives from the sweep's `seed` (vary `replicates` instead)"},
    {"name", "it is text, not a number"},
    {"description", "it is text, not a number"},
    {"extends", "the base scenario is the sweep's `base`"},
};

std::string num(double x) { return fmt::format("{}", x); }

using Entry = experiments::YamlEntry;
using Reader = experiments::YamlReader;

// Where each part of a parameter was written, for errors found by applying it.
struct ParameterSource {
  YAML::Node key;
  YAML::Node lo, hi;               // sampled designs, or the range's
  std::vector<YAML::Node> values;  // grid `values` or `levels` items
  std::string path;  // parameters[i]
};

struct FixedSource {
  YAML::Node key;
  YAML::Node value;
};

// ---- Text checks and parsing ------------------------------------------------

// Nodes in a value, counting an alias at each place it is used; stops past
// `limit`, so a "billion laughs" of aliases is found without expanding it.
std::size_t count_nodes(const YAML::Node& node, std::size_t limit) {
  std::size_t count = 0;
  std::vector<YAML::Node> stack{node};
  while (!stack.empty() && count <= limit) {
    const YAML::Node n = stack.back();
    stack.pop_back();
    ++count;
    if (n.IsMap()) {
      for (const auto& kv : n) {
        stack.push_back(kv.first);
        stack.push_back(kv.second);
      }
    } else if (n.IsSequence()) {
      for (const auto& item : n) stack.push_back(item);
    }
  }
  return count;
}

std::string flow_yaml(const YAML::Node& node) {
  YAML::Emitter out;
  out << YAML::Flow << node;
  return out.c_str();
}

bool is_identifier(const std::string& s) {
  if (s.empty() || s.size() > 64 || std::isdigit(static_cast<unsigned char>(s[0]))) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
}

// The default name of a parameter: the key path's last part, or the whole
// path with every other character as '_' when that is not a plain word.
std::string default_name(const std::string& key_path) {
  const std::string last = key_path.substr(key_path.rfind('.') + 1);
  if (is_identifier(last)) return last;
  std::string name;
  for (char c : key_path) name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0]))) name = "p_" + name;
  return name.substr(0, 64);
}

bool is_whole(double x) { return std::floor(x) == x; }

// What a parameter over `key_path` varies, from the schema; a key the schema
// does not know is read as a number and refused later, with its suggestion.
ParameterKind kind_of(const std::string& key_path) {
  if (key_path == kScenarioKey) return ParameterKind::scenario;
  const scenario::KeyLookup key = scenario::describe_key(key_path);
  if (!key.found) return ParameterKind::number;
  using Kind = scenario::KeyDescription::Kind;
  switch (key.key.kind) {
    case Kind::date: return ParameterKind::date;
    case Kind::flag: return ParameterKind::flag;
    case Kind::option: return ParameterKind::option;
    default: return ParameterKind::number;
  }
}

// A value as the sweep file writes it: a date as a date.
std::string show(const Parameter& p, double x) {
  return p.kind == ParameterKind::date ? Date::from_days(static_cast<std::int32_t>(x)).to_string() : num(x);
}

// The words of the option `key_path` names, or nothing when it is no option.
std::optional<std::vector<std::string>> option_words(const std::string& key_path) {
  const scenario::KeyLookup key = scenario::describe_key(key_path);
  if (!key.found || key.key.kind != scenario::KeyDescription::Kind::option) return std::nullopt;
  return key.key.options.words;
}

double round_to_12_digits(double x) {
  const std::string text = fmt::format("{:.12g}", x);
  double value = x;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

// ---- Reading the document -------------------------------------------------------

class SweepReader {
 public:
  SweepReader(std::string file, fs::path base_dir, const SweepLoadLimits& limits, Diagnostics& diagnostics)
      : r_(std::move(file), diagnostics), base_dir_(std::move(base_dir)), limits_(limits) {}

  SweepSpec spec;
  std::optional<YAML::Node> base_node;
  std::vector<FixedSource> fixed_sources;
  std::vector<ParameterSource> parameter_sources;
  // The keys a parameter may have; entries of keys a sweep does not know
  // (another file's, such as a calibration's prior) are kept per parameter.
  std::vector<std::string> parameter_keys = kParameterKeys;
  std::vector<std::vector<Entry>> parameter_extras;
  // Every parameter a number, as another experiment file (a calibration's
  // prior) takes them: dates, flags, options and scenario files are refused.
  bool numbers_only = false;

  // Another experiment file's base, set and sampled parameters (between lo
  // and hi), read as a sweep with a sampled design would read them.
  void read_parts(const SweepParts& parts) {
    spec.file = r_.file();
    numbers_only = true;
    spec.design.kind = DesignKind::lhs;
    spec.design.n = 2;
    design_ok_ = true;
    if (parts.base) base_node = parts.base;
    if (parts.set) read_fixed(parts.set);
    read_base();
    if (!parts.parameters) {
      r_.error(parts.document, "parameters", "missing required key 'parameters' (the list of scenario values to estimate)");
      return;
    }
    read_parameters(parts.parameters);
  }

  void read(const YAML::Node& root) {
    spec.file = r_.file();
    auto entries = r_.map(root, "", kTopKeys);
    if (!entries) return;
    std::optional<Entry> design, parameters;
    for (const Entry& e : *entries) {
      if (e.key == "name") {
        if (auto v = r_.scalar<std::string>(e.value, e.key)) spec.name = *v;
      } else if (e.key == "description") {
        if (auto v = r_.scalar<std::string>(e.value, e.key)) spec.description = *v;
      } else if (e.key == "base") {
        base_node = e.value;
      } else if (e.key == "set") {
        read_fixed(e.value);
      } else if (e.key == "seed") {
        if (auto v = r_.scalar<std::uint64_t>(e.value, e.key)) spec.seed = *v;
      } else if (e.key == "replicates") {
        if (auto v = r_.scalar<std::uint64_t>(e.value, e.key, between(1, kMaxReplicates)))
          spec.replicates = static_cast<std::uint32_t>(*v);
      } else if (e.key == "common_random_numbers") {
        if (auto v = r_.scalar<bool>(e.value, e.key)) spec.common_random_numbers = *v;
      } else if (e.key == "output") {
        if (auto v = r_.choice(e.value, e.key, kOutputLevels))
          spec.output = *v == "full" ? OutputLevel::full : OutputLevel::summary;
      } else if (e.key == "design") {
        design = e;
      } else if (e.key == "parameters") {
        parameters = e;
      }
    }
    if (spec.name.empty()) spec.name = fs::path(r_.file()).stem().string();
    read_base();
    if (!design) {
      r_.error(root, "design",
               "missing required key 'design' (grid, or a map such as {kind: lhs, n: 50}, {kind: sobol, n: 1024}, "
               "{kind: morris, r: 10})");
    } else {
      read_design(*design);
    }
    if (!parameters) {
      r_.error(root, "parameters", "missing required key 'parameters' (the list of scenario values to vary)");
    } else if (design_ok_) {
      read_parameters(parameters->value);
    }
  }

 private:
  Reader r_;
  fs::path base_dir_;
  SweepLoadLimits limits_;
  bool design_ok_ = false;

  void read_base() {
    if (!base_node) return;  // @baseline
    if (auto file = scenario_file(*base_node, "base", "the base scenario file")) spec.base = *file;
  }

  // A scenario file named in the sweep (relative to it), as a path usable
  // from here, or @baseline; nothing, with the error reported, otherwise.
  std::optional<std::string> scenario_file(const YAML::Node& node, const std::string& path, std::string_view what) {
    auto text = r_.scalar<std::string>(node, path);
    if (!text) return std::nullopt;
    if (text->empty()) {
      r_.error(node, path, fmt::format("expected the path of {}, or @baseline", what));
      return std::nullopt;
    }
    if (text->starts_with('@')) {
      if (*text == scenario::kBuiltinBaselineName) return *text;
      const std::string suggestion = closest_match(*text, {std::string(scenario::kBuiltinBaselineName)});
      r_.error(node, path,
               fmt::format("unknown built-in scenario '{}'{}", *text,
                           suggestion.empty() ? fmt::format(" (built-in: {})", scenario::kBuiltinBaselineName)
                                              : fmt::format("; did you mean '{}'?", suggestion)));
      return std::nullopt;
    }
    const fs::path file = fs::path(*text).is_absolute() ? fs::path(*text) : base_dir_ / *text;
    std::error_code ec;
    if (!fs::is_regular_file(file, ec)) {
      r_.error(node, path,
               fs::exists(file, ec) ? fmt::format("'{}' is not a scenario file", file.string())
                                    : fmt::format("scenario file '{}' does not exist (paths are relative to the sweep file)",
                                                  file.string()));
      return std::nullopt;
    }
    return file.string();
  }

  void read_fixed(const YAML::Node& node) {
    if (node.IsNull()) return;
    auto entries = r_.map(node, "set", {});
    if (!entries) return;
    for (const Entry& e : *entries) {
      const std::string path = "set." + e.key;
      if (e.key.empty() || e.key.front() == '.' || e.key.back() == '.' || e.key.find("..") != std::string::npos) {
        r_.error(e.key_node, path, "expected a scenario key path such as calendar.years");
        continue;
      }
      if (e.value.IsNull()) {
        r_.error(e.key_node, path, "has no value");
        continue;
      }
      if (count_nodes(e.value, 100'000) > 100'000) {
        r_.error(e.value, path, "the value is too large (over 100,000 YAML nodes, counting aliases)");
        continue;
      }
      spec.fixed.push_back(FixedOverride{e.key, flow_yaml(e.value)});
      fixed_sources.push_back(FixedSource{e.key_node, e.value});
    }
  }

  void read_design(const Entry& design) {
    const std::string path = "design";
    std::string kind;
    std::optional<std::vector<Entry>> entries;
    if (design.value.IsScalar()) {
      auto k = r_.choice(design.value, path, kDesignKinds);
      if (!k) return;
      kind = *k;
      entries.emplace();
    } else if (design.value.IsMap()) {
      const YAML::Node& map = design.value;
      const YAML::Node kind_node = map["kind"];
      if (!kind_node) {
        r_.error(design.value, path + ".kind", "missing required key 'kind' (one of: grid, lhs, sobol, morris)");
        return;
      }
      auto k = r_.choice(kind_node, path + ".kind", kDesignKinds);
      if (!k) return;
      kind = *k;
      // Keys of other designs are named as such, not as unknown.
      std::vector<std::string> all = {"kind", "n", "r", "levels", "skip"};
      entries = r_.map(design.value, path, all);
      if (!entries) return;
    } else {
      r_.error(design.value, path,
               fmt::format("expected a design kind (grid, lhs, sobol, morris) or a map such as {{kind: sobol, n: 1024}}, "
                           "got {}",
                           describe(design.value)));
      return;
    }
    spec.design.kind = kind == "grid" ? DesignKind::grid : kind == "lhs" ? DesignKind::lhs
                       : kind == "sobol" ? DesignKind::sobol : DesignKind::morris;
    const auto& allowed = kDesignKeys.at(kind);
    bool ok = true;
    for (const Entry& e : *entries) {
      const std::string key_path = path + "." + e.key;
      if (std::find(allowed.begin(), allowed.end(), e.key) == allowed.end()) {
        r_.error(e.key_node, key_path,
                 fmt::format("'{}' does not apply to a {} design (its keys: {})", e.key, kind, fmt::join(allowed, ", ")));
        ok = false;
        continue;
      }
      if (e.key == "n") {
        if (auto v = r_.scalar<std::uint64_t>(e.value, key_path, between(2, kMaxRuns))) spec.design.n = *v; else ok = false;
      } else if (e.key == "r") {
        if (auto v = r_.scalar<std::uint64_t>(e.value, key_path, between(2, kMaxRuns))) spec.design.r = *v; else ok = false;
      } else if (e.key == "skip") {
        if (auto v = r_.scalar<std::uint64_t>(e.value, key_path, between(0, 0x1p32))) spec.design.skip = *v; else ok = false;
      } else if (e.key == "levels") {
        if (auto v = r_.scalar<std::uint64_t>(e.value, key_path, between(2, 1000))) {
          if (*v % 2 != 0) {
            r_.error(e.value, key_path,
                     fmt::format("must be an even number of levels (4, 6, 8...) so that each step is p/(2(p-1)); got {}", *v));
            ok = false;
          } else {
            spec.design.levels = static_cast<int>(*v);
          }
        } else {
          ok = false;
        }
      }
    }
    const auto missing = [&](const char* key, const char* what) {
      r_.error(design.value, path + "." + key, fmt::format("missing required key '{}' ({})", key, what));
      ok = false;
    };
    if (kind == "lhs" && spec.design.n == 0 && ok) missing("n", "the number of points, at least 2");
    if (kind == "sobol" && spec.design.n == 0 && ok) missing("n", "the number of base samples N, at least 2; a power of two is best");
    if (kind == "morris" && spec.design.r == 0 && ok) missing("r", "the number of trajectories, at least 2");
    design_ok_ = ok;
  }

  void read_parameters(const YAML::Node& node) {
    if (!node.IsSequence()) {
      r_.error(node, "parameters",
               fmt::format("expected a list of parameters (- key: tourism.annual_visitors ...), got {}", describe(node)));
      return;
    }
    if (node.size() == 0) {
      r_.error(node, "parameters", "the list is empty: a sweep varies at least one scenario value");
      return;
    }
    for (std::size_t i = 0; i < node.size(); ++i) read_parameter(node[i], fmt::format("parameters[{}]", i));
  }

  void read_parameter(const YAML::Node& item, const std::string& path) {
    auto entries = r_.map(item, path, parameter_keys);
    if (!entries) return;
    Parameter p;
    ParameterSource src;
    src.path = path;
    bool ok = true;
    std::optional<Entry> values, range, levels, files, lo, hi, key;
    std::vector<Entry> extras;
    bool name_given = false;
    for (const Entry& e : *entries) {
      const std::string key_path = path + "." + e.key;
      if (std::find(kParameterKeys.begin(), kParameterKeys.end(), e.key) == kParameterKeys.end()) {
        extras.push_back(e);
      } else if (e.key == "key") {
        key = e;
      } else if (e.key == "name") {
        if (auto v = r_.scalar<std::string>(e.value, key_path)) {
          if (!is_identifier(*v)) {
            r_.error(e.value, key_path,
                     fmt::format("'{}' is not a plain name: use letters, digits and _ (it names result variables "
                                 "param_<name>)",
                                 *v));
            ok = false;
          } else {
            p.name = *v;
            name_given = true;
          }
        } else {
          ok = false;
        }
      } else if (e.key == "values") {
        values = e;
      } else if (e.key == "range") {
        range = e;
      } else if (e.key == "levels") {
        levels = e;
      } else if (e.key == "files") {
        files = e;
      } else if (e.key == "lo") {
        lo = e;
      } else if (e.key == "hi") {
        hi = e;
      } else if (e.key == "log") {
        if (auto v = r_.scalar<bool>(e.value, key_path)) p.log = *v; else ok = false;
      } else if (e.key == "integer") {
        if (auto v = r_.scalar<bool>(e.value, key_path)) p.integer = *v; else ok = false;
      }
    }
    if (!key) {
      r_.error(item, path + ".key", "missing required key 'key' (the scenario key path to vary, e.g. tourism.annual_visitors)");
      return;
    }
    src.key = key->value;
    if (auto v = r_.scalar<std::string>(key->value, path + ".key")) {
      p.key_path = *v;
      if (!check_key_path(p.key_path, key->value, path + ".key")) ok = false;
    } else {
      ok = false;
    }
    if (!name_given && !p.key_path.empty()) p.name = default_name(p.key_path);
    p.kind = numbers_only ? ParameterKind::number : kind_of(p.key_path);
    if (files && p.kind != ParameterKind::scenario) {
      r_.error(files->key_node, path + ".files",
               fmt::format("`files` lists whole scenario files, the levels of a parameter with `key: {}`", kScenarioKey));
      ok = false;
    }
    if (p.kind == ParameterKind::date) {
      p.integer = true;  // whole days
      if (p.log) {
        r_.error(item, path, fmt::format("{} takes a date: log: true applies to numbers", p.key_path));
        ok = false;
      }
    }

    const bool grid = spec.design.kind == DesignKind::grid;
    const std::string kind(to_string(spec.design.kind));
    if (p.kind == ParameterKind::flag || p.kind == ParameterKind::option || p.kind == ParameterKind::scenario) {
      // Levels, in any design: a grid runs each, a sampled design draws them evenly.
      const bool flag = p.kind == ParameterKind::flag, option = p.kind == ParameterKind::option;
      const std::string list_key = flag ? "values" : option ? "levels" : "files";
      const std::optional<Entry>& list = flag ? values : option ? levels : files;
      const std::string takes = flag     ? std::string("true or false")
                                : option ? fmt::format("one of {}", fmt::join(*option_words(p.key_path), ", "))
                                         : std::string("whole scenario files");
      const std::string hint = flag     ? "values: [false, true]"
                               : option ? fmt::format("levels: [{}]", fmt::join(*option_words(p.key_path), ", "))
                                        : "files: [a.yaml, b.yaml]";
      for (const auto* e : {&values, &range, &levels, &lo, &hi})
        if (*e && (*e)->key != list_key) {
          r_.error((*e)->key_node, path + "." + (*e)->key,
                   fmt::format("{} takes {}: list the levels to run as `{}`, not `{}` (the {} design {} them)",
                               p.key_path, takes, hint, (*e)->key, kind, grid ? "runs each of" : "draws evenly from"));
          ok = false;
        }
      if (p.log || p.integer) {
        r_.error(item, path, fmt::format("{} takes {}: log and integer apply to numbers, not to levels", p.key_path, takes));
        ok = false;
      }
      if (!list) {
        if (ok) r_.error(item, path, fmt::format("{} takes {}: list the levels to run as `{}`", p.key_path, takes, hint));
        ok = false;
      } else if (flag) {
        ok = read_flags(list->value, path + ".values", p, src) && ok;
      } else if (option) {
        ok = read_levels(list->value, path + ".levels", p, src) && ok;
      } else {
        ok = read_files(list->value, path + ".files", p, src) && ok;
      }
    } else if (grid) {
      for (const auto* e : {&lo, &hi})
        if (*e) {
          r_.error((*e)->key_node, path + "." + (*e)->key,
                   "lo and hi bound sampled designs (lhs, sobol, morris); a grid takes `values: [...]` or "
                   "`range: {lo, hi, count}` (or step)");
          ok = false;
        }
      if (values && range) {
        r_.error(range->key_node, path + ".range", "give either values or range, not both");
        ok = false;
      } else if (levels && (values || range)) {
        r_.error(levels->key_node, path + ".levels",
                 fmt::format("give either levels or {}, not both", values ? "values" : "range"));
        ok = false;
      } else if (levels) {
        ok = read_levels(levels->value, path + ".levels", p, src) && ok;
      } else if (const auto words = option_words(p.key_path); values && words) {
        r_.error(values->key_node, path + ".values",
                 fmt::format("{} takes one of {}: list the ones to run as `levels: [...]`, not `values`", p.key_path,
                             fmt::join(*words, ", ")));
        ok = false;
      } else if (values) {
        ok = read_values(values->value, path + ".values", p, src) && ok;
      } else if (range) {
        ok = read_range(range->value, path + ".range", p, src) && ok;
      } else {
        r_.error(item, path, "a grid parameter needs `values: [...]` or `range: {lo, hi, count}` (or step)");
        ok = false;
      }
    } else {
      for (const auto* e : {&values, &range, &levels})
        if (*e) {
          r_.error((*e)->key_node, path + "." + (*e)->key,
                   fmt::format("{} is for grid designs; a {} design samples between `lo` and `hi`", (*e)->key, kind));
          ok = false;
        }
      if (!lo || !hi) {
        r_.error(item, path, fmt::format("missing `{}`: a {} design samples each parameter between lo and hi",
                                         !lo && !hi ? "lo` and `hi" : !lo ? "lo" : "hi", kind));
        return;
      }
      src.lo = lo->value;
      src.hi = hi->value;
      auto l = read_number(p, lo->value, path + ".lo");
      auto h = read_number(p, hi->value, path + ".hi");
      if (!l || !h) return;
      p.lo = *l;
      p.hi = *h;
      ok = check_bounds(p, lo->value, hi->value, path) && ok;
    }
    if (ok) {
      spec.parameters.push_back(std::move(p));
      parameter_sources.push_back(std::move(src));
      parameter_extras.push_back(std::move(extras));
    }
  }

  bool check_key_path(const std::string& key_path, const YAML::Node& node, const std::string& path) {
    if (key_path.empty() || key_path.front() == '.' || key_path.back() == '.' ||
        key_path.find("..") != std::string::npos || key_path.find_first_of(" \t=") != std::string::npos) {
      r_.error(node, path, fmt::format("'{}' is not a scenario key path (such as tourism.annual_visitors)", key_path));
      return false;
    }
    const std::string first = key_path.substr(0, key_path.find('.'));
    if (auto it = kFixedKeys.find(first); it != kFixedKeys.end() && (first == "extends" || key_path == first)) {
      r_.error(node, path, fmt::format("'{}' cannot be varied: {}", key_path, it->second));
      return false;
    }
    return true;
  }

  // A number, or for a date parameter a date as days since 1970-01-01.
  std::optional<double> read_number(const Parameter& p, const YAML::Node& node, const std::string& path) {
    if (p.kind != ParameterKind::date) return r_.scalar<double>(node, path);
    auto date = r_.scalar<Date>(node, path);
    if (!date) return std::nullopt;
    return static_cast<double>(date->days_since_epoch());
  }

  bool check_bounds(const Parameter& p, const YAML::Node& lo, const YAML::Node& hi, const std::string& path) {
    if (!(p.lo < p.hi)) {
      r_.error(hi, path + ".hi", fmt::format("hi ({}) must be {} lo ({})", show(p, p.hi),
                                             p.kind == ParameterKind::date ? "after" : "above", show(p, p.lo)));
      return false;
    }
    if (p.log && p.lo <= 0) {
      r_.error(lo, path + ".lo", fmt::format("log: true needs lo above 0, got {}", num(p.lo)));
      return false;
    }
    if (p.integer && (!is_whole(p.lo) || !is_whole(p.hi))) {
      r_.error(is_whole(p.lo) ? hi : lo, path + (is_whole(p.lo) ? ".hi" : ".lo"),
               fmt::format("integer: true needs whole-number bounds, got lo {} and hi {}", num(p.lo), num(p.hi)));
      return false;
    }
    return true;
  }

  // A list of `items` (numbers), with at least one `item` (value) and at most
  // the limit of values per parameter.
  bool check_list(const YAML::Node& node, const std::string& path, std::string_view items, std::string_view item) {
    if (!node.IsSequence()) {
      r_.error(node, path, fmt::format("expected a list of {}, got {}", items, describe(node)));
      return false;
    }
    if (node.size() == 0) {
      r_.error(node, path, fmt::format("the list is empty: give at least one {}", item));
      return false;
    }
    if (node.size() > limits_.max_values_per_parameter) {
      r_.error(node, path, fmt::format("{} {}s, over the limit of {}", node.size(), item, limits_.max_values_per_parameter));
      return false;
    }
    return true;
  }

  bool read_values(const YAML::Node& node, const std::string& path, Parameter& p, ParameterSource& src) {
    if (!check_list(node, path, p.kind == ParameterKind::date ? "dates (YYYY-MM-DD)" : "numbers", "value")) return false;
    if (p.log) {
      r_.error(node, path, "log: true applies to sampled designs and grid ranges with a count, not to a list of values");
      return false;
    }
    bool ok = true;
    std::map<double, std::size_t> seen;
    for (std::size_t i = 0; i < node.size(); ++i) {
      const std::string item_path = fmt::format("{}[{}]", path, i);
      auto v = read_number(p, node[i], item_path);
      if (!v) {
        ok = false;
        continue;
      }
      if (auto it = seen.find(*v); it != seen.end()) {
        r_.error(node[i], item_path, fmt::format("value {} is already in the list (item {})", show(p, *v), it->second));
        ok = false;
        continue;
      }
      if (p.integer && !is_whole(*v)) {
        r_.error(node[i], item_path, fmt::format("integer: true needs whole numbers, got {}", num(*v)));
        ok = false;
        continue;
      }
      seen.emplace(*v, i);
      p.values.push_back(*v);
      src.values.push_back(node[i]);
    }
    return ok;
  }

  // The words of an option, in the order written; the design runs over their
  // indices. Whether the key takes these words is the schema's to say, later.
  bool read_levels(const YAML::Node& node, const std::string& path, Parameter& p, ParameterSource& src) {
    if (!check_list(node, path, "the option's words", "level")) return false;
    if (p.log || p.integer) {
      r_.error(node, path, "log and integer apply to numbers, not to levels");
      return false;
    }
    bool ok = true;
    std::map<std::string, std::size_t> seen;
    for (std::size_t i = 0; i < node.size(); ++i) {
      const std::string item_path = fmt::format("{}[{}]", path, i);
      auto word = r_.scalar<std::string>(node[i], item_path);
      if (!word) {
        ok = false;
        continue;
      }
      if (auto it = seen.find(*word); it != seen.end()) {
        r_.error(node[i], item_path, fmt::format("level '{}' is already in the list (item {})", *word, it->second));
        ok = false;
        continue;
      }
      seen.emplace(*word, i);
      p.values.push_back(static_cast<double>(p.levels.size()));
      p.levels.push_back(*word);
      src.values.push_back(node[i]);
    }
    return ok;
  }

  // A flag's values, true and/or false, in the order written: its levels.
  bool read_flags(const YAML::Node& node, const std::string& path, Parameter& p, ParameterSource& src) {
    if (!check_list(node, path, "flags (true or false)", "value")) return false;
    bool ok = true;
    std::map<bool, std::size_t> seen;
    for (std::size_t i = 0; i < node.size(); ++i) {
      const std::string item_path = fmt::format("{}[{}]", path, i);
      auto flag = r_.scalar<bool>(node[i], item_path);
      if (!flag) {
        ok = false;
        continue;
      }
      if (auto it = seen.find(*flag); it != seen.end()) {
        r_.error(node[i], item_path, fmt::format("value {} is already in the list (item {})", *flag, it->second));
        ok = false;
        continue;
      }
      seen.emplace(*flag, i);
      p.values.push_back(static_cast<double>(p.levels.size()));
      p.levels.emplace_back(*flag ? "true" : "false");
      src.values.push_back(node[i]);
    }
    return ok;
  }

  // Whole scenario files (or @baseline), relative to the sweep file; each
  // level is named by its file's name without the extension.
  bool read_files(const YAML::Node& node, const std::string& path, Parameter& p, ParameterSource& src) {
    if (!check_list(node, path, "scenario files", "file")) return false;
    bool ok = true;
    std::map<std::string, std::size_t> seen;
    for (std::size_t i = 0; i < node.size(); ++i) {
      const std::string item_path = fmt::format("{}[{}]", path, i);
      auto file = scenario_file(node[i], item_path, "a scenario file");
      if (!file) {
        ok = false;
        continue;
      }
      const std::string name = file->starts_with('@') ? file->substr(1) : fs::path(*file).stem().string();
      if (auto it = seen.find(name); it != seen.end()) {
        r_.error(node[i], item_path,
                 fmt::format("a level named '{}' is already in the list (item {}); levels are named by their file's "
                             "name without .yaml",
                             name, it->second));
        ok = false;
        continue;
      }
      seen.emplace(name, i);
      p.values.push_back(static_cast<double>(p.levels.size()));
      p.levels.push_back(name);
      p.files.push_back(*file);
      src.values.push_back(node[i]);
    }
    return ok;
  }

  bool read_range(const YAML::Node& node, const std::string& path, Parameter& p, ParameterSource& src) {
    auto entries = r_.map(node, path, kRangeKeys);
    if (!entries) return false;
    std::optional<double> lo, hi, step;
    std::optional<std::uint64_t> count;
    YAML::Node lo_node, hi_node, step_node = node;
    bool ok = true;
    for (const Entry& e : *entries) {
      const std::string key_path = path + "." + e.key;
      if (e.key == "lo") {
        lo = read_number(p, e.value, key_path);
        lo_node = e.value;
        ok = ok && lo;
      } else if (e.key == "hi") {
        hi = read_number(p, e.value, key_path);
        hi_node = e.value;
        ok = ok && hi;
      } else if (e.key == "step") {
        step = r_.scalar<double>(e.value, key_path);
        step_node = e.value;
        ok = ok && step;
      } else if (e.key == "count") {
        count = r_.scalar<std::uint64_t>(e.value, key_path,
                                         between(2, static_cast<double>(limits_.max_values_per_parameter)));
        ok = ok && count;
      }
    }
    if (!ok) return false;
    if (!lo || !hi) {
      r_.error(node, path, fmt::format("missing `{}`: a range is {{lo, hi, count}} or {{lo, hi, step}}",
                                       !lo && !hi ? "lo` and `hi" : !lo ? "lo" : "hi"));
      return false;
    }
    if (step && count) {
      r_.error(step_node, path + ".step", "give either step or count, not both");
      return false;
    }
    if (!step && !count) {
      r_.error(node, path, "a range needs `count` (values from lo to hi, both included) or `step`");
      return false;
    }
    p.lo = *lo;
    p.hi = *hi;
    src.lo = lo_node;
    src.hi = hi_node;
    if (!check_bounds(p, lo_node, hi_node, path)) return false;
    if (step) {
      if (!(*step > 0)) {
        r_.error(step_node, path + ".step", fmt::format("must be greater than 0, got {}", num(*step)));
        return false;
      }
      if (p.log) {
        r_.error(step_node, path + ".step", "log: true spaces values geometrically: give a count, not a step");
        return false;
      }
      const double steps = std::floor((p.hi - p.lo) / *step * (1 + 1e-12));
      if (steps + 1 > static_cast<double>(limits_.max_values_per_parameter)) {
        r_.error(step_node, path + ".step",
                 fmt::format("gives {} values, over the limit of {}", steps + 1, limits_.max_values_per_parameter));
        return false;
      }
      for (std::size_t i = 0; i <= static_cast<std::size_t>(steps); ++i)
        p.values.push_back(std::min(p.hi, p.lo + static_cast<double>(i) * *step));
    } else {
      const auto n = static_cast<std::size_t>(*count);
      for (std::size_t i = 0; i < n; ++i) {
        const double u = static_cast<double>(i) / static_cast<double>(n - 1);
        Parameter linear = p;
        linear.integer = false;
        p.values.push_back(value_at_unit(linear, u));
      }
    }
    // Values as a person would write them (0.04, not 0.039999999999999994):
    // a grid's range stands for round numbers.
    for (double& v : p.values) v = std::clamp(p.integer ? std::round(v) : round_to_12_digits(v), p.lo, p.hi);
    p.values.erase(std::unique(p.values.begin(), p.values.end()), p.values.end());
    return true;
  }
};

// ---- Checking against the base scenario --------------------------------------------

struct Probe {
  std::string assignment;
  YAML::Node where;       // the sweep's node of the value
  YAML::Node key_where;   // the sweep's node of the key path
};

bool about_the_key(const std::string& message) {
  return message.starts_with("unknown key") || message.starts_with("no item") ||
         message.starts_with("expected a map of keys") || message.find("cannot be overridden") != std::string::npos;
}

// Loads the base with the overrides; diagnostics of the probe's --set are
// moved to where the sweep wrote the value.
std::optional<Scenario> try_load(const SweepSpec& spec, const std::vector<std::string>& overrides, const Probe* probe,
                                 const std::string& sweep_file, Diagnostics& out) {
  try {
    return scenario::load_scenario(spec.base, overrides);
  } catch (const scenario::ScenarioError& e) {
    for (const auto& d : e.diagnostics().list()) {
      if (probe && d.where.file == "--set " + probe->assignment) {
        const YAML::Node& node = about_the_key(d.message) ? probe->key_where : probe->where;
        out.error(scenario::location_of(node, sweep_file), d.key_path, d.message);
      } else if (probe) {
        out.error(d.where, d.key_path,
                  fmt::format("{} (with the sweep's {} from {})", d.message, probe->assignment,
                              scenario::location_of(probe->where, sweep_file).to_string()));
      } else {
        out.error(d.where, d.key_path, d.message);
      }
    }
    return std::nullopt;
  }
}

// Each level of a `scenario` parameter loads with the sweep's fixed values and
// covers the base scenario's days and villages (the result file's layout).
void check_scenario_levels(const SweepSpec& spec, const Parameter& p, const ParameterSource& src, const Scenario& base,
                           RunSize& largest, Diagnostics& diagnostics) {
  const Calendar base_calendar(base.calendar);
  for (std::size_t l = 0; l < p.files.size(); ++l) {
    const std::string where = scenario::location_of(src.values[l], spec.file).to_string();
    std::optional<Scenario> level;
    try {
      level = scenario::load_scenario(p.files[l], spec.fixed_assignments());
    } catch (const scenario::ScenarioError& e) {
      for (const auto& d : e.diagnostics().list())
        diagnostics.error(d.where, d.key_path, fmt::format("{} (in scenario level '{}' of {})", d.message, p.levels[l], where));
      continue;
    }
    const Calendar calendar(level->calendar);
    bool same_villages = level->world.villages.size() == base.world.villages.size();
    for (std::size_t v = 0; same_villages && v < base.world.villages.size(); ++v)
      same_villages = level->world.villages[v].name == base.world.villages[v].name;
    if (calendar.start() != base_calendar.start() || calendar.day_count() != base_calendar.day_count()) {
      diagnostics.error(scenario::location_of(src.values[l], spec.file), src.path + ".files",
                        fmt::format("scenario level '{}' covers {} days from {}, the base scenario ({}) {} days from {}: "
                                    "every run of a sweep covers the base's days (set calendar.* in `set`)",
                                    p.levels[l], calendar.day_count(), calendar.start().to_string(), spec.base,
                                    base_calendar.day_count(), base_calendar.start().to_string()));
    } else if (!same_villages) {
      diagnostics.error(scenario::location_of(src.values[l], spec.file), src.path + ".files",
                        fmt::format("scenario level '{}' has other villages than the base scenario ({}): every run of a "
                                    "sweep has the base's villages",
                                    p.levels[l], spec.base));
    } else {
      largest = larger(largest, run_size(*level));
    }
  }
}

LoadedSweep check_against_base(SweepReader& reader, Diagnostics& diagnostics) {
  SweepSpec& spec = reader.spec;
  const std::string& file = spec.file;

  // The base with the fixed overrides, each fixed override's errors at its line.
  LoadedSweep loaded;
  {
    Diagnostics fixed_errors;
    std::optional<Scenario> base;
    try {
      base = scenario::load_scenario(spec.base, spec.fixed_assignments());
    } catch (const scenario::ScenarioError& e) {
      for (const auto& d : e.diagnostics().list()) {
        bool placed = false;
        for (std::size_t i = 0; i < spec.fixed.size() && !placed; ++i) {
          if (d.where.file != "--set " + spec.fixed[i].assignment()) continue;
          const YAML::Node& node = about_the_key(d.message) ? reader.fixed_sources[i].key : reader.fixed_sources[i].value;
          diagnostics.error(scenario::location_of(node, file), d.key_path, d.message);
          placed = true;
        }
        if (!placed) diagnostics.error(d.where, d.key_path, d.message);
      }
      return loaded;
    }
    loaded.base = *base;
  }
  RunSize largest = run_size(loaded.base);
  const RunSize base_size = largest;
  RunSize typical = base_size;

  // Each parameter: unique key and name, not fixed too, and every extreme
  // value accepted by the scenario.
  std::map<std::string, std::size_t> keys, names;
  for (std::size_t i = 0; i < spec.parameters.size(); ++i) {
    const Parameter& p = spec.parameters[i];
    const ParameterSource& src = reader.parameter_sources[i];
    if (auto it = keys.find(p.key_path); it != keys.end()) {
      diagnostics.error(scenario::location_of(src.key, file), src.path + ".key",
                        fmt::format("{} is already varied by parameters[{}] (line {})", p.key_path, it->second,
                                    scenario::location_of(reader.parameter_sources[it->second].key, file).line));
      continue;
    }
    keys.emplace(p.key_path, i);
    if (auto it = names.find(p.name); it != names.end()) {
      diagnostics.error(scenario::location_of(src.key, file), src.path + ".name",
                        fmt::format("two parameters are named '{}' (parameters[{}] is {}); give one a `name:`", p.name,
                                    it->second, spec.parameters[it->second].key_path));
      continue;
    }
    names.emplace(p.name, i);
    bool fixed_too = false;
    for (std::size_t f = 0; f < spec.fixed.size(); ++f)
      if (spec.fixed[f].key_path == p.key_path) {
        diagnostics.error(scenario::location_of(src.key, file), src.path + ".key",
                          fmt::format("{} is both varied here and fixed in `set` (line {})", p.key_path,
                                      scenario::location_of(reader.fixed_sources[f].key, file).line));
        fixed_too = true;
      }
    if (fixed_too) continue;

    if (p.kind == ParameterKind::scenario) {
      check_scenario_levels(spec, p, src, loaded.base, largest, diagnostics);
      continue;
    }
    // The values to try: the extremes, or every level.
    struct Try {
      double value;
      YAML::Node node;
    };
    std::vector<Try> tries;
    if (!p.levels.empty()) {
      for (std::size_t l = 0; l < p.levels.size(); ++l) tries.push_back({p.values[l], src.values[l]});
    } else if (!src.values.empty()) {
      const auto [lo, hi] = std::minmax_element(p.values.begin(), p.values.end());
      tries.push_back({*lo, src.values[static_cast<std::size_t>(lo - p.values.begin())]});
      if (hi != lo) tries.push_back({*hi, src.values[static_cast<std::size_t>(hi - p.values.begin())]});
    } else {
      const double lo = p.values.empty() ? p.lo : p.values.front();
      const double hi = p.values.empty() ? p.hi : p.values.back();
      tries.push_back({lo, src.lo});
      tries.push_back({hi, src.hi});
    }
    // The schema says what the key takes: a sweep varies numbers, whole
    // numbers only where the key takes them, and an option's words as levels.
    const scenario::KeyLookup key = scenario::describe_key(p.key_path);
    if (!key.found) {
      diagnostics.error(scenario::location_of(src.key, file), key.error_path, key.error);
      continue;
    }
    using Kind = scenario::KeyDescription::Kind;
    if (key.key.kind == Kind::option) {
      const auto& words = key.key.options.words;
      if (p.levels.empty()) {
        diagnostics.error(scenario::location_of(src.key, file), p.key_path,
                          fmt::format("takes one of {}, not a number: list the ones to run in a grid "
                                      "(`levels: [{}]`)",
                                      fmt::join(words, ", "), fmt::join(words, ", ")));
        continue;
      }
      // Each level read as the scenario reads the key, with its message.
      bool levels_ok = true;
      for (std::size_t l = 0; l < p.levels.size(); ++l) {
        std::string word;
        if (std::string message = scenario::parse_word(src.values[l], key.key.options, word); !message.empty()) {
          diagnostics.error(scenario::location_of(src.values[l], file), p.key_path, message);
          levels_ok = false;
        }
      }
      if (!levels_ok) continue;
    } else if (p.has_levels() && p.kind != ParameterKind::flag) {
      diagnostics.error(scenario::location_of(src.key, file), p.key_path,
                        fmt::format("takes {}, not one of a set of words: give `values` or `range`, not `levels`",
                                    scenario::describe(key.key.kind)));
      continue;
    } else if (key.key.kind != Kind::number && key.key.kind != Kind::whole_number &&
               (reader.numbers_only || (key.key.kind != Kind::date && key.key.kind != Kind::flag))) {
      diagnostics.error(scenario::location_of(src.key, file), p.key_path,
                        fmt::format("takes {}, not a number: {}", scenario::describe(key.key.kind),
                                    reader.numbers_only
                                        ? "only numeric scenario values can be estimated"
                                        : "a sweep varies numbers, dates, flags, options and whole scenario files "
                                          "(`key: scenario`)"));
      continue;
    }
    if (key.key.kind == Kind::whole_number && !p.integer) {
      if (src.values.empty()) {
        diagnostics.error(scenario::location_of(src.key, file), p.key_path,
                          "takes whole numbers only: add `integer: true` to the parameter");
        continue;
      }
      const auto fraction = std::find_if(p.values.begin(), p.values.end(), [](double v) { return !is_whole(v); });
      if (fraction != p.values.end()) {
        diagnostics.error(scenario::location_of(src.values[static_cast<std::size_t>(fraction - p.values.begin())], file),
                          p.key_path, fmt::format("takes whole numbers only, got {}", num(*fraction)));
        continue;
      }
    }
    // The extremes, loaded: the key's bounds, the scenario's own checks
    // (dates in order, a list item that exists) and the largest run.
    std::vector<RunSize> tried;
    for (const Try& t : tries) {
      Probe probe{assignment(p, t.value), t.node, src.key};
      auto overrides = spec.fixed_assignments();
      overrides.push_back(probe.assignment);
      Diagnostics errors;
      if (auto s = try_load(spec, overrides, &probe, file, errors)) {
        tried.push_back(run_size(*s));
        largest = larger(largest, tried.back());
        continue;
      }
      for (const auto& d : errors.list()) diagnostics.error(d.where, d.key_path, d.message);
      break;
    }
    typical = moved_by_mean(typical, base_size, tried);
  }
  loaded.largest_run = largest;
  loaded.typical_run = typical;
  return loaded;
}

LoadedSweep load_document(std::string_view text, const std::string& name, const fs::path& base_dir,
                          const SweepLoadLimits& limits) {
  Diagnostics diagnostics;
  if (text.size() > limits.max_file_bytes) {
    diagnostics.error(SourceLocation{name}, "",
                      fmt::format("sweep file is {} bytes, over the limit of {} bytes", text.size(), limits.max_file_bytes));
    throw SweepError(std::move(diagnostics));
  }
  auto root = parse_yaml_document(text, name, "sweep", diagnostics);
  if (!root) throw SweepError(std::move(diagnostics));
  if (root->IsNull()) {
    diagnostics.error(SourceLocation{name}, "",
                      "the sweep file is empty; expected a map with base, design, parameters (see docs/sweeps.md)");
    throw SweepError(std::move(diagnostics));
  }
  SweepReader reader(name, base_dir, limits, diagnostics);
  reader.read(*root);
  if (!diagnostics.empty()) throw SweepError(std::move(diagnostics));
  if (run_count(reader.spec) > kMaxRuns) {
    diagnostics.error(scenario::location_of(*root, name), "design",
                      fmt::format("the design has {} runs, over the hard limit of {}",
                                  run_count(reader.spec) == std::numeric_limits<std::uint64_t>::max()
                                      ? std::string("more than 2^64")
                                      : fmt::format("{}", run_count(reader.spec)),
                                  kMaxRuns));
    throw SweepError(std::move(diagnostics));
  }
  LoadedSweep loaded = check_against_base(reader, diagnostics);
  if (!diagnostics.empty()) throw SweepError(std::move(diagnostics));
  loaded.spec = std::move(reader.spec);
  return loaded;
}

}  // namespace

std::optional<LoadedParts> load_sweep_parts(const SweepParts& parts, const std::string& file, const std::string& base_dir,
                                            Diagnostics& diagnostics) {
  const std::size_t errors_before = diagnostics.size();
  SweepReader reader(file, base_dir, SweepLoadLimits{}, diagnostics);
  reader.parameter_keys = parts.parameter_keys;
  reader.read_parts(parts);
  if (diagnostics.size() != errors_before) return std::nullopt;
  LoadedSweep loaded = check_against_base(reader, diagnostics);
  if (diagnostics.size() != errors_before) return std::nullopt;
  LoadedParts out;
  loaded.spec = reader.spec;
  out.loaded = std::move(loaded);
  for (const auto& extras : reader.parameter_extras) {
    auto& row = out.parameter_extras.emplace_back();
    for (const Entry& e : extras) row.push_back(e);
  }
  for (const auto& src : reader.parameter_sources) out.parameter_keys.push_back(src.key);
  return out;
}

LoadedSweep load_sweep_text(std::string_view yaml, const std::string& display_name, const std::string& base_dir,
                            const SweepLoadLimits& limits) {
  return load_document(yaml, display_name, base_dir, limits);
}

LoadedSweep load_sweep(const std::string& path, const SweepLoadLimits& limits) {
  Diagnostics diagnostics;
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    diagnostics.error(SourceLocation{path}, "", fmt::format("sweep file '{}' does not exist", path));
    throw SweepError(std::move(diagnostics));
  }
  if (!fs::is_regular_file(path, ec)) {
    diagnostics.error(SourceLocation{path}, "",
                      fmt::format("'{}' is not a regular file (a directory, device or pipe), not a sweep file", path));
    throw SweepError(std::move(diagnostics));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    diagnostics.error(SourceLocation{path}, "", fmt::format("cannot read sweep file '{}'", path));
    throw SweepError(std::move(diagnostics));
  }
  std::string text(limits.max_file_bytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  return load_document(text, path, fs::path(path).parent_path(), limits);
}

}  // namespace yucun::sweep
