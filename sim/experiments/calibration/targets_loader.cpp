#include "sim/experiments/calibration/targets_loader.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "sim/core/date.hpp"
#include "sim/model/shared/series.hpp"
#include "sim/io/scenario/layered_node.hpp"
#include "sim/io/scenario/yaml_document.hpp"
#include "sim/io/scenario/yaml_scalars.hpp"
#include "sim/experiments/yaml_reader.hpp"

namespace yucun::calibration {

namespace fs = std::filesystem;
using scenario::closest_match;
using scenario::describe;
using scenario::Diagnostics;
using scenario::SourceLocation;

namespace {

constexpr std::size_t kMaxFileBytes = 1u << 20;

const std::vector<std::string> kTopKeys = {"calibration_year", "targets"};
const std::vector<std::string> kTargetKeys = {"name",    "figure",    "published", "units", "source",
                                              "measure", "tolerance", "open",      "note"};
const std::vector<std::string> kMeasureKeys = {"kind",     "variable", "village", "township", "numerator", "denominator",
                                               "subtract", "sources",  "first",   "last",      "scale"};
const std::vector<std::string> kToleranceKeys = {"relative", "absolute", "range"};

// The keys each kind needs and the ones it may take besides `kind`.
struct KindKeys {
  std::vector<std::string> required, optional;
};
const std::map<MeasureKind, KindKeys> kKindKeys = {
    // Sums over a village, a township's villages (township), or all (neither).
    {MeasureKind::village_sum, {{"variable"}, {"village", "township", "subtract", "scale"}}},
    {MeasureKind::season_village_sum, {{"variable", "first", "last"}, {"village", "township", "subtract", "scale"}}},
    {MeasureKind::village_last, {{"variable", "village"}, {}}},
    {MeasureKind::area_income_share, {{"sources"}, {}}},
    {MeasureKind::village_ratio, {{"numerator"}, {"village", "township", "denominator", "scale"}}},
    {MeasureKind::per_resident, {{"variable"}, {"village", "township"}}},
    {MeasureKind::area_last, {{"variable"}, {}}},
    {MeasureKind::period_peak, {{"variable", "first", "last"}, {}}},
    {MeasureKind::harvest_open_day, {{}, {}}},
    {MeasureKind::harvest_length, {{}, {}}},
    {MeasureKind::leaf_price_falls, {{}, {}}},
    {MeasureKind::dry_tea_per_mu, {{}, {}}},
};

std::vector<std::string> words(auto const& names) { return {names.begin(), names.end()}; }

const std::vector<std::string>& series_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const SeriesSpec& s : kSeriesSpecs) out.emplace_back(s.name);
    return out;
  }();
  return names;
}

const SeriesSpec* find_series(const std::string& name) {
  for (const SeriesSpec& s : kSeriesSpecs)
    if (s.name == name) return &s;
  return nullptr;
}

std::string suggestion_or_list(const std::string& word, const std::vector<std::string>& candidates, const char* label) {
  const std::string suggestion = closest_match(word, candidates);
  return suggestion.empty() ? fmt::format(" ({}: {})", label, fmt::join(candidates, ", "))
                            : fmt::format("; did you mean '{}'?", suggestion);
}

// Maps with known keys and scalars as a scenario takes them: the experiment
// files' one reader.
using Entry = experiments::YamlEntry;
using Reader = experiments::YamlReader;

const Entry* find(const std::vector<Entry>& entries, const std::string& key) {
  for (const Entry& e : entries)
    if (e.key == key) return &e;
  return nullptr;
}

class TargetsReader {
 public:
  TargetsReader(const std::string& file, Diagnostics& diagnostics) : r_(file, diagnostics) { out.path = file; }

  TargetsFile out;

  void read(const YAML::Node& root) {
    auto entries = r_.map(root, "", kTopKeys);
    if (!entries) return;
    if (const Entry* year = find(*entries, "calibration_year")) {
      if (auto v = r_.scalar<int>(year->value, "calibration_year", between(1900, 2200))) out.calibration_year = *v;
    } else {
      r_.error(root, "calibration_year", "missing required key 'calibration_year' (the year the figures describe)");
    }
    const Entry* targets = find(*entries, "targets");
    if (!targets) {
      r_.error(root, "targets", "missing required key 'targets' (the list of published figures)");
      return;
    }
    if (!targets->value.IsSequence() || targets->value.size() == 0) {
      r_.error(targets->value, "targets",
               targets->value.IsSequence() ? std::string("the list is empty")
                                           : fmt::format("expected a list of targets (- name: ...), got {}",
                                                         describe(targets->value)));
      return;
    }
    for (std::size_t i = 0; i < targets->value.size(); ++i)
      read_target(targets->value[i], fmt::format("targets[{}]", i));
  }

 private:
  Reader r_;
  std::map<std::string, int> names_;  // target name -> line

  void read_target(const YAML::Node& item, const std::string& path) {
    auto entries = r_.map(item, path, kTargetKeys);
    if (!entries) return;
    TargetSpec t;
    bool ok = true;
    const auto text = [&](const char* key, std::string& field, bool required) {
      if (const Entry* e = find(*entries, key)) {
        if (auto v = r_.scalar<std::string>(e->value, path + "." + key)) field = *v; else ok = false;
      } else if (required) {
        r_.error(item, path + "." + key, fmt::format("missing required key '{}'", key));
        ok = false;
      }
    };
    text("name", t.name, true);
    text("figure", t.figure, false);
    text("units", t.units, false);
    text("source", t.source, true);
    text("note", t.note, false);
    if (const Entry* e = find(*entries, "name"); e && !t.name.empty()) {
      const int line = r_.at(e->value).line;
      if (auto [it, added] = names_.emplace(t.name, line); !added) {
        r_.error(e->value, path + ".name",
                 fmt::format("duplicate target name '{}' (first used on line {})", t.name, it->second));
        ok = false;
      }
    } else if (e && e->value.IsScalar()) {
      r_.error(e->value, path + ".name", "a target's name must not be empty");
      ok = false;
    }
    if (const Entry* e = find(*entries, "open")) {
      if (auto v = r_.scalar<bool>(e->value, path + ".open")) t.open = *v; else ok = false;
    }
    const Entry* published = find(*entries, "published");
    if (!published) {
      r_.error(item, path + ".published", "missing required key 'published' (the figure, or its description in quotes)");
      ok = false;
    } else if (!published->value.IsScalar()) {
      r_.error(published->value, path + ".published",
               fmt::format("expected a number or a description such as \"few\", got {}", describe(published->value)));
      ok = false;
    } else {
      double value = 0;
      if (scenario::parse_scalar(published->value, value).empty()) t.published = value;
    }
    if (const Entry* e = find(*entries, "measure")) {
      ok = read_measure(e->value, path + ".measure", t.measure) && ok;
    } else {
      r_.error(item, path + ".measure", "missing required key 'measure' (e.g. {kind: village_sum, variable: visitors, "
                                        "village: Yucun})");
      ok = false;
    }
    if (const Entry* e = find(*entries, "tolerance")) {
      if (read_tolerance(e->value, path + ".tolerance", t.tolerance)) {
        if (t.tolerance.kind != Tolerance::Kind::range && published && published->value.IsScalar() && !t.published) {
          r_.error(published->value, path + ".published",
                   fmt::format("'{}' is not a number, but a {} tolerance needs one (give a number, or a range "
                               "tolerance for a described figure)",
                               published->value.Scalar(),
                               t.tolerance.kind == Tolerance::Kind::relative ? "relative" : "absolute"));
          ok = false;
        }
      } else {
        ok = false;
      }
    } else {
      r_.error(item, path + ".tolerance", "missing required key 'tolerance' (relative, absolute or range: [low, high])");
      ok = false;
    }
    if (ok) out.targets.push_back(std::move(t));
  }

  bool read_measure(const YAML::Node& node, const std::string& path, Measure& m) {
    auto entries = r_.map(node, path, kMeasureKeys);
    if (!entries) return false;
    const Entry* kind_entry = find(*entries, "kind");
    const std::vector<std::string> kinds = words(kMeasureKindNames);
    if (!kind_entry) {
      r_.error(node, path + ".kind", fmt::format("missing required key 'kind' (one of: {})", fmt::join(kinds, ", ")));
      return false;
    }
    auto kind = r_.scalar<std::string>(kind_entry->value, path + ".kind");
    if (!kind) return false;
    const auto at = std::find(kinds.begin(), kinds.end(), *kind);
    if (at == kinds.end()) {
      r_.error(kind_entry->value, path + ".kind",
               fmt::format("unknown measure kind '{}'{}", *kind, suggestion_or_list(*kind, kinds, "kinds")));
      return false;
    }
    m.kind = static_cast<MeasureKind>(at - kinds.begin());
    const KindKeys& keys = kKindKeys.at(m.kind);
    bool ok = true;
    for (const Entry& e : *entries) {
      if (e.key == "kind") continue;
      const bool takes = std::find(keys.required.begin(), keys.required.end(), e.key) != keys.required.end() ||
                         std::find(keys.optional.begin(), keys.optional.end(), e.key) != keys.optional.end();
      if (!takes) {
        std::vector<std::string> all = keys.required;
        all.insert(all.end(), keys.optional.begin(), keys.optional.end());
        r_.error(e.key_node, path + "." + e.key,
                 fmt::format("'{}' does not apply to a {} measure ({})", e.key, *kind,
                             all.empty() ? std::string("it takes no other keys")
                                         : fmt::format("its keys: {}", fmt::join(all, ", "))));
        ok = false;
        continue;
      }
      ok = read_measure_key(e, path + "." + e.key, m) && ok;
    }
    for (const std::string& key : keys.required)
      if (!find(*entries, key)) {
        r_.error(node, path + "." + key, fmt::format("missing required key '{}' for a {} measure", key, *kind));
        ok = false;
      }
    if (const Entry* t = find(*entries, "township"); t && find(*entries, "village")) {
      r_.error(t->key_node, path + ".township",
               "give a village or a township (or neither, for all villages), not both");
      ok = false;
    }
    if (ok && m.kind == MeasureKind::period_peak &&
        std::pair(m.last.month, m.last.day) < std::pair(m.first.month, m.first.day)) {
      r_.error(find(*entries, "last")->value, path + ".last",
               fmt::format("a period_peak window lies within the year: {:02d}-{:02d} is before {:02d}-{:02d}",
                           m.last.month, m.last.day, m.first.month, m.first.day));
      ok = false;
    }
    return ok;
  }

  // What scope a series named in this measure must have.
  static std::optional<Scope> scope_needed(MeasureKind kind) {
    switch (kind) {
      case MeasureKind::area_last: return Scope::area;
      case MeasureKind::period_peak: return std::nullopt;
      default: return Scope::village;
    }
  }

  bool check_series(const YAML::Node& node, const std::string& path, const std::string& name, MeasureKind kind) {
    const SeriesSpec* spec = find_series(name);
    if (!spec) {
      r_.error(node, path, fmt::format("unknown series '{}'{}", name, suggestion_or_list(name, series_names(), "series")));
      return false;
    }
    const auto scope = scope_needed(kind);
    if (scope && spec->scope != *scope) {
      const auto scope_name = [](Scope s) {
        return s == Scope::area ? "an area-wide" : s == Scope::village ? "a village" : "a decile";
      };
      r_.error(node, path,
               fmt::format("'{}' is {} series; {} measures take {} one", name, scope_name(spec->scope), name_of(kind),
                           scope_name(*scope)));
      return false;
    }
    if (kind == MeasureKind::area_last && spec->yearly != Yearly::last) {
      r_.error(node, path,
               fmt::format("'{}' is not summarised by its value on the year's last day; area_last takes a series such "
                           "as rural_income_per_capita",
                           name));
      return false;
    }
    return true;
  }

  std::optional<std::vector<std::string>> names(const YAML::Node& node, const std::string& path) {
    if (!node.IsSequence()) {
      r_.error(node, path, fmt::format("expected a list of names such as [a, b], got {}", describe(node)));
      return std::nullopt;
    }
    std::vector<std::string> out;
    bool ok = true;
    for (std::size_t i = 0; i < node.size(); ++i) {
      if (auto v = r_.scalar<std::string>(node[i], fmt::format("{}[{}]", path, i))) out.push_back(*v); else ok = false;
    }
    if (!ok) return std::nullopt;
    return out;
  }

  std::optional<MonthDay> month_day(const YAML::Node& node, const std::string& path) {
    auto md = r_.scalar<yucun::MonthDay>(node, path);
    if (!md) return std::nullopt;
    if (md->month == 2 && md->day == 29) {
      r_.error(node, path, "02-29 is not a day of every year; use 02-28 or 03-01");
      return std::nullopt;
    }
    return MonthDay{static_cast<int>(md->month), static_cast<int>(md->day)};
  }

  bool read_measure_key(const Entry& e, const std::string& path, Measure& m) {
    if (e.key == "variable") {
      auto v = r_.scalar<std::string>(e.value, path);
      if (!v) return false;
      m.variable = *v;
      return check_series(e.value, path, *v, m.kind);
    }
    if (e.key == "village" || e.key == "township") {
      auto v = r_.scalar<std::string>(e.value, path);
      if (!v) return false;
      if (v->empty()) {
        r_.error(e.value, path, fmt::format("expected a {} name", e.key));
        return false;
      }
      (e.key == "village" ? m.village : m.township) = *v;
      return true;
    }
    if (e.key == "numerator" || e.key == "denominator" || e.key == "subtract") {
      auto list = names(e.value, path);
      if (!list) return false;
      if (list->empty() && e.key == "numerator") {
        r_.error(e.value, path, "the list is empty: name the series to sum");
        return false;
      }
      bool ok = true;
      for (std::size_t i = 0; i < list->size(); ++i)
        ok = check_series(e.value[i], fmt::format("{}[{}]", path, i), (*list)[i], m.kind) && ok;
      (e.key == "numerator" ? m.numerator : e.key == "denominator" ? m.denominator : m.subtract) = std::move(*list);
      return ok;
    }
    if (e.key == "sources") {
      auto list = names(e.value, path);
      if (!list) return false;
      if (list->empty()) {
        r_.error(e.value, path, "the list is empty: name the income sources to share");
        return false;
      }
      const std::vector<std::string> known = words(kIncomeSources);
      bool ok = true;
      for (std::size_t i = 0; i < list->size(); ++i) {
        const std::string& s = (*list)[i];
        const std::string item_path = fmt::format("{}[{}]", path, i);
        if (std::find(known.begin(), known.end(), s) == known.end()) {
          r_.error(e.value[i], item_path,
                   fmt::format("unknown income source '{}'{}", s, suggestion_or_list(s, known, "sources")));
          ok = false;
        } else if (std::find(list->begin(), list->begin() + static_cast<std::ptrdiff_t>(i), s) !=
                   list->begin() + static_cast<std::ptrdiff_t>(i)) {
          r_.error(e.value[i], item_path, fmt::format("'{}' is listed twice", s));
          ok = false;
        }
      }
      m.sources = std::move(*list);
      return ok;
    }
    if (e.key == "first" || e.key == "last") {
      auto md = month_day(e.value, path);
      if (!md) return false;
      (e.key == "first" ? m.first : m.last) = *md;
      return true;
    }
    if (e.key == "scale") {
      auto v = r_.scalar<double>(e.value, path);
      if (!v) return false;
      m.scale = *v;
      return true;
    }
    return false;
  }

  bool read_tolerance(const YAML::Node& node, const std::string& path, Tolerance& tol) {
    auto entries = r_.map(node, path, kToleranceKeys);
    if (!entries) return false;
    if (entries->empty()) {
      r_.error(node, path, "give one of relative, absolute or range: [low, high]");
      return false;
    }
    if (entries->size() > 1) {
      r_.error((*entries)[1].key_node, path,
               fmt::format("give only one of relative, absolute or range (got {} and {})", (*entries)[0].key,
                           (*entries)[1].key));
      return false;
    }
    const Entry& e = entries->front();
    const std::string key_path = path + "." + e.key;
    if (e.key == "relative" || e.key == "absolute") {
      auto v = r_.scalar<double>(e.value, key_path, at_least(0));
      if (!v) return false;
      tol.kind = e.key == "relative" ? Tolerance::Kind::relative : Tolerance::Kind::absolute;
      tol.value = *v;
      return true;
    }
    if (!e.value.IsSequence() || e.value.size() != 2) {
      r_.error(e.value, key_path, fmt::format("expected [low, high], got {}", describe(e.value)));
      return false;
    }
    auto low = r_.scalar<double>(e.value[0], key_path + "[0]");
    auto high = r_.scalar<double>(e.value[1], key_path + "[1]");
    if (!low || !high) return false;
    if (*low > *high) {
      r_.error(e.value, key_path, fmt::format("low {} is above high {}", *low, *high));
      return false;
    }
    tol.kind = Tolerance::Kind::range;
    tol.low = *low;
    tol.high = *high;
    return true;
  }
};

}  // namespace

TargetsFile load_targets_text(std::string_view yaml, const std::string& display_name) {
  Diagnostics diagnostics;
  if (yaml.size() > kMaxFileBytes) {
    diagnostics.error(SourceLocation{display_name}, "",
                      fmt::format("targets file is {} bytes, over the limit of {} bytes", yaml.size(), kMaxFileBytes));
    throw TargetsError(std::move(diagnostics));
  }
  auto root = scenario::parse_yaml_document(yaml, display_name, "targets file", diagnostics);
  if (!root) throw TargetsError(std::move(diagnostics));
  if (root->IsNull()) {
    diagnostics.error(SourceLocation{display_name}, "",
                      "the targets file is empty; expected a map with calibration_year and targets");
    throw TargetsError(std::move(diagnostics));
  }
  TargetsReader reader(display_name, diagnostics);
  reader.read(*root);
  if (!diagnostics.empty()) throw TargetsError(std::move(diagnostics));
  return std::move(reader.out);
}

TargetsFile load_targets(const std::string& path) {
  Diagnostics diagnostics;
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) {
    diagnostics.error(SourceLocation{path}, "",
                      fs::exists(path, ec) ? fmt::format("'{}' is not a regular file, not a targets file", path)
                                           : fmt::format("targets file '{}' does not exist", path));
    throw TargetsError(std::move(diagnostics));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    diagnostics.error(SourceLocation{path}, "", fmt::format("cannot read targets file '{}'", path));
    throw TargetsError(std::move(diagnostics));
  }
  std::string text(kMaxFileBytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  return load_targets_text(text, path);
}

}  // namespace yucun::calibration
