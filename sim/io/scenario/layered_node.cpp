#include "sim/io/scenario/layered_node.hpp"

#include <algorithm>
#include <charconv>
#include <optional>

#include <fmt/format.h>

namespace yucun::scenario {

SourceLocation location_of(const YAML::Node& node, const std::string& file) {
  const YAML::Mark mark = node.Mark();
  // A --set override is one line typed on the command line: its name says it all.
  if (mark.is_null() || file.starts_with("--set ")) return SourceLocation{file, 0, 0};
  return SourceLocation{file, mark.line + 1, mark.column + 1};
}

SourceLocation LayeredNode::location() const {
  if (!defined()) return SourceLocation{};
  return location_of(node(), *layers_.front().file);
}

std::vector<Layer> LayeredNode::map_layers() const {
  std::vector<Layer> out;
  for (const auto& layer : layers_) {
    if (!layer.node.IsMap()) break;
    out.push_back(layer);
  }
  return out;
}

bool LayeredNode::is_sequence() const {
  for (const auto& layer : layers_) {
    if (layer.node.IsSequence()) return true;
    if (!layer.node.IsMap()) return false;
  }
  return false;
}

std::vector<std::pair<std::string, SourceLocation>> LayeredNode::keys() const {
  std::vector<std::pair<std::string, SourceLocation>> out;
  for (const auto& layer : map_layers())
    for (const auto& kv : layer.node) {
      const std::string key = kv.first.Scalar();
      if (std::none_of(out.begin(), out.end(), [&](const auto& k) { return k.first == key; }))
        out.emplace_back(key, location_of(kv.first, *layer.file));
    }
  return out;
}

LayeredNode LayeredNode::child(const std::string& key) const {
  std::vector<Layer> found;
  for (const auto& layer : layers_) {
    if (!layer.node.IsMap()) break;
    // Iterate rather than index: indexing a const node with a missing key is
    // fine, but iterating also gives the first of duplicate keys consistently.
    for (const auto& kv : layer.node)
      if (kv.first.IsScalar() && kv.first.Scalar() == key) {
        found.push_back(Layer{kv.second, layer.file});
        break;
      }
    // A scalar or list replaces everything below it.
    if (!found.empty() && !found.back().node.IsMap()) break;
  }
  return LayeredNode(std::move(found), path_.empty() ? key : path_ + "." + key);
}

namespace {
std::optional<std::size_t> as_index(const std::string& text) {
  std::size_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return value;
}
}  // namespace

std::vector<LayeredNode> LayeredNode::items(Diagnostics& diagnostics) const {
  // Find the list at the bottom of the patches.
  std::size_t base = 0;
  while (base < layers_.size() && layers_[base].node.IsMap()) ++base;
  std::vector<LayeredNode> out;
  if (base == layers_.size() || !layers_[base].node.IsSequence()) return out;
  const Layer& list = layers_[base];
  std::vector<std::string> names;
  for (std::size_t i = 0; i < list.node.size(); ++i) {
    const YAML::Node item = list.node[i];
    names.push_back(item.IsMap() && item["name"] && item["name"].IsScalar() ? item["name"].Scalar() : "");
    out.emplace_back(std::vector<Layer>{Layer{item, list.file}}, fmt::format("{}[{}]", path_, i));
  }
  // Apply patches from the lowest up so that higher layers end up on top.
  for (std::size_t p = base; p-- > 0;) {
    const Layer& patch = layers_[p];
    for (const auto& kv : patch.node) {
      const std::string key = kv.first.Scalar();
      std::optional<std::size_t> index = as_index(key);
      if (!index) {
        auto it = std::find(names.begin(), names.end(), key);
        if (it != names.end()) index = static_cast<std::size_t>(it - names.begin());
      }
      if (!index || *index >= out.size()) {
        std::vector<std::string> candidates;
        for (const auto& n : names)
          if (!n.empty()) candidates.push_back(n);
        const std::string suggestion = closest_match(key, candidates);
        if (out.empty())
          diagnostics.error(location_of(kv.first, *patch.file), path_,
                            fmt::format("no item '{}' to override: the list is empty", key));
        else
          diagnostics.error(location_of(kv.first, *patch.file), path_,
                            fmt::format("no item '{}' to override (items are addressed by index 0-{} or by name){}",
                                        key, out.size() - 1,
                                        suggestion.empty() ? "" : fmt::format("; did you mean '{}'?", suggestion)));
        continue;
      }
      std::vector<Layer> stacked{Layer{kv.second, patch.file}};
      // Keep what lies below unless the patch replaces the item outright.
      if (kv.second.IsMap())
        for (const auto& l : out[*index].layers_) stacked.push_back(l);
      out[*index] = LayeredNode(std::move(stacked), out[*index].path_);
    }
  }
  return out;
}

}  // namespace yucun::scenario
