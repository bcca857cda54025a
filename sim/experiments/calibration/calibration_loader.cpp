#include "sim/experiments/calibration/calibration_loader.hpp"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "sim/core/calendar.hpp"
#include "sim/io/scenario/builtin_scenarios.hpp"
#include "sim/io/scenario/layered_node.hpp"
#include "sim/io/scenario/yaml_document.hpp"
#include "sim/experiments/calibration/target_measures.hpp"
#include "sim/experiments/calibration/targets_loader.hpp"
#include "sim/experiments/design.hpp"
#include "sim/experiments/sweep_parts.hpp"
#include "sim/experiments/yaml_reader.hpp"

namespace yucun::calibration {

namespace fs = std::filesystem;
using experiments::YamlEntry;
using experiments::YamlReader;
using scenario::Diagnostics;
using scenario::SourceLocation;

namespace {

constexpr std::size_t kMaxFileBytes = 1u << 20;
const std::vector<std::string> kTopKeys = {"name",    "description", "base",       "set",  "targets_file", "year",
                                           "targets", "parameters",  "replicates", "seed", "method"};
const std::vector<std::string> kParameterKeys = {"key", "name", "lo", "hi", "prior", "mean", "sd"};
const std::vector<std::string> kPriorKinds = {"uniform", "log_uniform", "normal"};
const std::vector<std::string> kMethodKeys = {"kind",           "particles",     "batch",   "generations", "quantile",
                                              "min_acceptance", "final_epsilon", "max_runs"};
const std::vector<std::string> kTargetKeys = {"name", "weight", "tolerance"};
const std::vector<std::string> kToleranceKeys = {"relative", "absolute", "range"};

std::string num(double x) { return fmt::format("{}", x); }

class CalibrationReader {
 public:
  CalibrationReader(std::string file, fs::path base_dir, std::string default_targets, Diagnostics& diagnostics)
      : r_(std::move(file), diagnostics), base_dir_(std::move(base_dir)), default_targets_(std::move(default_targets)),
        diagnostics_(diagnostics) {}

  std::optional<LoadedCalibration> read(const YAML::Node& root) {
    CalibrationSpec& spec = out_.spec;
    spec.file = r_.file();
    auto entries = r_.map(root, "", kTopKeys);
    if (!entries) return std::nullopt;
    sweep::SweepParts parts;
    parts.document = root;
    parts.parameter_keys = kParameterKeys;
    std::optional<YamlEntry> targets, year, targets_file, method;
    for (const YamlEntry& e : *entries) {
      if (e.key == "name") {
        if (auto v = r_.scalar<std::string>(e.value, e.key)) spec.name = *v;
      } else if (e.key == "description") {
        if (auto v = r_.scalar<std::string>(e.value, e.key)) spec.description = *v;
      } else if (e.key == "base") {
        parts.base = e.value;
      } else if (e.key == "set") {
        parts.set = e.value;
      } else if (e.key == "parameters") {
        parts.parameters = e.value;
      } else if (e.key == "targets") {
        targets = e;
      } else if (e.key == "targets_file") {
        targets_file = e;
      } else if (e.key == "year") {
        year = e;
      } else if (e.key == "method") {
        method = e;
      } else if (e.key == "replicates") {
        if (auto v = r_.scalar<std::uint64_t>(e.value, e.key, between(1, 1000))) spec.replicates = static_cast<std::uint32_t>(*v);
      } else if (e.key == "seed") {
        if (auto v = r_.scalar<std::uint64_t>(e.value, e.key)) spec.seed = *v;
      }
    }
    if (spec.name.empty()) spec.name = fs::path(r_.file()).stem().string();

    // The scenario parts first: the parameters' priors are read on top.
    const std::size_t before = diagnostics_.size();
    auto loaded = sweep::load_sweep_parts(parts, r_.file(), base_dir_.string(), diagnostics_);
    if (loaded) {
      out_.base = loaded->loaded.base;
      spec.base = loaded->loaded.spec.base;
      spec.fixed = loaded->loaded.spec.fixed;
      for (std::size_t i = 0; i < loaded->loaded.spec.parameters.size(); ++i)
        read_prior(loaded->loaded.spec.parameters[i], loaded->parameter_extras[i], loaded->parameter_keys[i],
                   fmt::format("parameters[{}]", i));
    }
    read_method(method);
    read_targets(root, targets, targets_file, year, diagnostics_.size() == before && loaded.has_value());
    spec.abc.seed = spec.seed;
    if (diagnostics_.size() != before || !loaded) return std::nullopt;
    return std::move(out_);
  }

 private:
  YamlReader r_;
  fs::path base_dir_;
  std::string default_targets_;
  Diagnostics& diagnostics_;
  LoadedCalibration out_;

  void read_prior(const sweep::Parameter& p, const std::vector<YamlEntry>& extras, const YAML::Node& key_node,
                  const std::string& path) {
    EstimatedParameter e{p.name, p.key_path, Prior{PriorKind::uniform, p.lo, p.hi, 0.0, 1.0}};
    std::optional<YamlEntry> mean, sd;
    std::string kind = "uniform";
    YAML::Node kind_node = key_node;
    for (const YamlEntry& x : extras) {
      if (x.key == "prior") {
        if (auto k = r_.choice(x.value, path + ".prior", kPriorKinds)) kind = *k; else return;
        kind_node = x.value;
      } else if (x.key == "mean") {
        mean = x;
      } else if (x.key == "sd") {
        sd = x;
      }
    }
    if (kind == "normal") {
      if (!mean || !sd) {
        r_.error(kind_node, path, fmt::format("a normal prior needs `mean` and `sd` (and is truncated to lo..hi); missing {}",
                                              !mean && !sd ? "both" : !mean ? "mean" : "sd"));
        return;
      }
      auto m = r_.scalar<double>(mean->value, path + ".mean");
      auto s = r_.scalar<double>(sd->value, path + ".sd", between(0, 1e300));
      if (!m || !s) return;
      if (!(*s > 0)) {
        r_.error(sd->value, path + ".sd", fmt::format("must be above 0, got {}", num(*s)));
        return;
      }
      if (*m < p.lo || *m > p.hi) {
        r_.error(mean->value, path + ".mean",
                 fmt::format("the mean {} is outside lo..hi ({}..{}), the range the prior is truncated to", num(*m),
                             num(p.lo), num(p.hi)));
        return;
      }
      e.prior = Prior{PriorKind::normal, p.lo, p.hi, *m, *s};
    } else {
      for (const auto* x : {&mean, &sd})
        if (*x) {
          r_.error((*x)->key_node, path + "." + (*x)->key,
                   fmt::format("`{}` applies to a normal prior; this one is {}", (*x)->key, kind));
          return;
        }
      if (kind == "log_uniform") {
        if (!(p.lo > 0)) {
          r_.error(key_node, path + ".lo", fmt::format("a log_uniform prior needs lo above 0, got {}", num(p.lo)));
          return;
        }
        e.prior.kind = PriorKind::log_uniform;
      }
    }
    out_.spec.parameters.push_back(std::move(e));
  }

  void read_method(const std::optional<YamlEntry>& method) {
    AbcSettings& abc = out_.spec.abc;
    abc.particles = 100;
    abc.max_generations = 6;
    if (!method) return;
    auto entries = r_.map(method->value, "method", kMethodKeys);
    if (!entries) return;
    for (const YamlEntry& e : *entries) {
      const std::string path = "method." + e.key;
      if (e.key == "kind") {
        r_.choice(e.value, path, {"abc_smc"});
      } else if (e.key == "particles") {
        if (auto v = r_.scalar<std::uint64_t>(e.value, path, between(2, 1e6))) abc.particles = *v;
      } else if (e.key == "batch") {
        if (auto v = r_.scalar<std::uint64_t>(e.value, path, between(1, 1e7))) abc.batch = *v;
      } else if (e.key == "generations") {
        if (auto v = r_.scalar<std::uint64_t>(e.value, path, between(1, 1000))) abc.max_generations = *v;
      } else if (e.key == "quantile") {
        if (auto v = r_.scalar<double>(e.value, path, between(0.01, 0.99))) abc.quantile = *v;
      } else if (e.key == "min_acceptance") {
        if (auto v = r_.scalar<double>(e.value, path, between(0, 1))) abc.min_acceptance = *v;
      } else if (e.key == "final_epsilon") {
        if (auto v = r_.scalar<double>(e.value, path, between(0, 1e300))) abc.final_epsilon = *v;
      } else if (e.key == "max_runs") {
        if (auto v = r_.scalar<std::uint64_t>(e.value, path, between(1, sweep::kMaxRuns))) max_runs_ = *v;
      }
    }
  }

  void read_targets(const YAML::Node& root, const std::optional<YamlEntry>& targets,
                    const std::optional<YamlEntry>& targets_file, const std::optional<YamlEntry>& year, bool base_ok) {
    CalibrationSpec& spec = out_.spec;
    if (max_runs_) spec.abc.max_candidates = std::max<std::uint64_t>(1, *max_runs_ / spec.replicates);
    std::string path = default_targets_.empty() ? std::string(scenario::kBuiltinTargetsName) : default_targets_;
    YAML::Node where = root;
    if (targets_file) {
      auto text = r_.scalar<std::string>(targets_file->value, "targets_file");
      if (!text) return;
      const fs::path p = fs::path(*text).is_absolute() ? fs::path(*text) : base_dir_ / *text;
      std::error_code ec;
      if (!fs::is_regular_file(p, ec)) {
        r_.error(targets_file->value, "targets_file",
                 fmt::format("targets file '{}' does not exist (paths are relative to the calibration file)", p.string()));
        return;
      }
      path = p.string();
      where = targets_file->value;
    }
    if (!targets) {
      r_.error(root, "targets", "missing required key 'targets' (the names of the published targets to fit, from " +
                                    path + ")");
      return;
    }
    TargetsFile file;
    try {
      file = path == scenario::kBuiltinTargetsName
                 ? load_targets_text(scenario::builtin_targets_yaml(), "scenarios/data/targets.yaml (built in as @targets)")
                 : load_targets(path);
    } catch (const scenario::ScenarioError& e) {
      for (const auto& d : e.diagnostics().list()) diagnostics_.error(d.where, d.key_path, d.message);
      return;
    }
    spec.targets_file = path;
    spec.year = file.calibration_year;
    if (year) {
      if (auto v = r_.scalar<int>(year->value, "year", between(1900, 2200))) spec.year = *v;
    }
    const YAML::Node& list = targets->value;
    if (!list.IsSequence() || list.size() == 0) {
      r_.error(list, "targets",
               list.IsSequence() ? std::string("the list is empty: name at least one target")
                                 : fmt::format("expected a list of target names, got {}", scenario::describe(list)));
      return;
    }
    std::vector<std::string> names;
    for (const auto& t : file.targets) names.push_back(t.name);
    std::map<std::string, int> seen;
    for (std::size_t i = 0; i < list.size(); ++i) {
      const std::string item_path = fmt::format("targets[{}]", i);
      const YAML::Node& item = list[i];
      FittedTarget fitted;
      YAML::Node name_node = item;
      std::optional<std::string> name;
      std::optional<YamlEntry> tolerance;
      if (item.IsScalar()) {
        name = r_.scalar<std::string>(item, item_path);
      } else {
        auto entries = r_.map(item, item_path, kTargetKeys);
        if (!entries) continue;
        for (const YamlEntry& e : *entries) {
          if (e.key == "name") {
            name = r_.scalar<std::string>(e.value, item_path + ".name");
            name_node = e.value;
          } else if (e.key == "weight") {
            if (auto w = r_.scalar<double>(e.value, item_path + ".weight", between(0, 1e6))) fitted.weight = *w;
          } else if (e.key == "tolerance") {
            tolerance = e;
          }
        }
        if (!name) {
          r_.error(item, item_path + ".name", "missing required key 'name' (a target of " + path + ")");
          continue;
        }
      }
      if (!name) continue;
      const TargetSpec* t = file.find(*name);
      if (!t) {
        const std::string suggestion = scenario::closest_match(*name, names);
        r_.error(name_node, item_path,
                 fmt::format("unknown target '{}' in {}{}", *name,
                             path == scenario::kBuiltinTargetsName ? std::string("scenarios/data/targets.yaml") : path,
                             suggestion.empty() ? fmt::format(" (its targets: {})", fmt::join(names, ", "))
                                                : fmt::format("; did you mean '{}'?", suggestion)));
        continue;
      }
      if (auto it = seen.find(*name); it != seen.end()) {
        r_.error(name_node, item_path, fmt::format("target '{}' is already fitted (line {})", *name, it->second));
        continue;
      }
      seen.emplace(*name, r_.at(name_node).line);
      fitted.spec = *t;
      if (tolerance && !read_tolerance(tolerance->value, item_path + ".tolerance", fitted.spec)) continue;
      if (!fitted.spec.published && fitted.spec.tolerance.kind != Tolerance::Kind::range) {
        r_.error(name_node, item_path, fmt::format("target '{}' has no numeric published value to fit", *name));
        continue;
      }
      if (!(fitted.spec.scale() > 0)) {
        r_.error(name_node, item_path,
                 fmt::format("target '{}' has a tolerance of 0, which cannot scale a distance: give it one here "
                             "(- {{name: {}, tolerance: {{absolute: 0.5}}}})",
                             *name, *name));
        continue;
      }
      if (base_ok) {
        // The measure must find its village and series in this world.
        try {
          const TargetSpec one[] = {fitted.spec};
          TargetAccumulator check(one, file.calibration_year, world_facts(out_.base));
        } catch (const std::invalid_argument& e) {
          r_.error(name_node, item_path, e.what());
          continue;
        }
      }
      spec.targets.push_back(std::move(fitted));
      target_nodes_.push_back(name_node);
    }
    if (base_ok) check_period(where);
  }

  bool read_tolerance(const YAML::Node& node, const std::string& path, TargetSpec& t) {
    auto entries = r_.map(node, path, kToleranceKeys);
    if (!entries) return false;
    if (entries->size() != 1) {
      r_.error(node, path, "give one of relative, absolute or range");
      return false;
    }
    const YamlEntry& e = entries->front();
    if (e.key == "range") {
      if (!e.value.IsSequence() || e.value.size() != 2) {
        r_.error(e.value, path + ".range", "expected [low, high]");
        return false;
      }
      auto lo = r_.scalar<double>(e.value[0], path + ".range");
      auto hi = r_.scalar<double>(e.value[1], path + ".range");
      if (!lo || !hi) return false;
      if (!(*lo < *hi)) {
        r_.error(e.value, path + ".range", fmt::format("low ({}) must be below high ({})", num(*lo), num(*hi)));
        return false;
      }
      t.tolerance = Tolerance{Tolerance::Kind::range, 0, *lo, *hi};
      return true;
    }
    auto v = r_.scalar<double>(e.value, path + "." + e.key, between(0, 1e300));
    if (!v) return false;
    if (!(*v > 0)) {
      r_.error(e.value, path + "." + e.key, "must be above 0 (it scales the target's distance)");
      return false;
    }
    t.tolerance = Tolerance{e.key == "relative" ? Tolerance::Kind::relative : Tolerance::Kind::absolute, *v, 0, 0};
    if (t.tolerance.kind == Tolerance::Kind::relative && t.published && *t.published == 0) {
      r_.error(e.value, path + ".relative", "a relative tolerance of a target published as 0 is 0: give an absolute one");
      return false;
    }
    return true;
  }

  // The runs must cover the calibration year (and the seasons that run into
  // the next one): each target is measured from them.
  void check_period(const YAML::Node& where) {
    const Calendar calendar(out_.base.calendar);
    const Date first = calendar.start();
    const Date last = calendar.end();
    const int year = out_.spec.year;
    Date needed_last = Date::from_ymd(year, 12, 31);
    YAML::Node at = where;
    for (std::size_t i = 0; i < out_.spec.targets.size(); ++i)
      if (const auto& t = out_.spec.targets[i]; t.spec.measure.kind == MeasureKind::season_village_sum) {
        const auto& m = t.spec.measure;
        const bool wraps = std::make_pair(m.last.month, m.last.day) < std::make_pair(m.first.month, m.first.day);
        const Date end = Date::from_ymd(year + (wraps ? 1 : 0), static_cast<unsigned>(m.last.month),
                                        static_cast<unsigned>(m.last.day));
        if (needed_last < end) {
          needed_last = end;
          if (last < end) at = target_nodes_[i];  // the target that needs the longer run
        }
      }
    if (Date::from_ymd(year, 1, 1) < first || last < needed_last)
      r_.error(at, "year",
               fmt::format("the runs cover {} to {}, but the targets of {} need {} to {}: set calendar.start and "
                           "calendar.years in `set` so the runs cover them",
                           first.to_string(), last.to_string(), year, Date::from_ymd(year, 1, 1).to_string(),
                           needed_last.to_string()));
  }

  std::optional<std::uint64_t> max_runs_;
  std::vector<YAML::Node> target_nodes_;  // where each fitted target was named
};

LoadedCalibration load_document(std::string_view text, const std::string& name, const fs::path& base_dir,
                                const std::string& default_targets) {
  Diagnostics diagnostics;
  if (text.size() > kMaxFileBytes) {
    diagnostics.error(SourceLocation{name}, "",
                      fmt::format("calibration file is {} bytes, over the limit of {} bytes", text.size(), kMaxFileBytes));
    throw CalibrationError(std::move(diagnostics));
  }
  auto root = scenario::parse_yaml_document(text, name, "calibration", diagnostics);
  if (!root) throw CalibrationError(std::move(diagnostics));
  if (root->IsNull()) {
    diagnostics.error(SourceLocation{name}, "",
                      "the calibration file is empty; expected a map with base, parameters, targets (see "
                      "docs/calibration.md)");
    throw CalibrationError(std::move(diagnostics));
  }
  CalibrationReader reader(name, base_dir, default_targets, diagnostics);
  auto loaded = reader.read(*root);
  if (!diagnostics.empty() || !loaded) throw CalibrationError(std::move(diagnostics));
  return std::move(*loaded);
}

}  // namespace

std::vector<std::string> CalibrationSpec::fixed_assignments() const {
  std::vector<std::string> out;
  for (const auto& f : fixed) out.push_back(f.assignment());
  return out;
}

LoadedCalibration load_calibration_text(std::string_view yaml, const std::string& display_name,
                                        const std::string& base_dir, const std::string& default_targets) {
  return load_document(yaml, display_name, base_dir, default_targets);
}

LoadedCalibration load_calibration(const std::string& path, const std::string& default_targets) {
  Diagnostics diagnostics;
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) {
    diagnostics.error(SourceLocation{path}, "",
                      fs::exists(path, ec) ? fmt::format("'{}' is not a regular file, not a calibration file", path)
                                           : fmt::format("calibration file '{}' does not exist", path));
    throw CalibrationError(std::move(diagnostics));
  }
  std::ifstream in(path, std::ios::binary);
  std::string text(kMaxFileBytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  return load_document(text, path, fs::path(path).parent_path(), default_targets);
}

}  // namespace yucun::calibration
