// A view of one key path through stacked YAML documents: `--set` overrides on
// top, then the scenario file, then the file it extends, and so on. Maps merge
// key by key; a scalar or a list in a higher layer replaces what is below;
// a map over a list patches list items by index or by their `name`.
// Every node keeps the file it came from, so errors point at the right file.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "sim/io/scenario/diagnostics.hpp"

namespace yucun::scenario {

struct Layer {
  YAML::Node node;
  std::shared_ptr<const std::string> file;

  Layer(YAML::Node n, std::shared_ptr<const std::string> f) : node(std::move(n)), file(std::move(f)) {}
  Layer(const Layer&) = default;
  // YAML::Node's `=` assigns through to the node it refers to; containers
  // that shift elements by assignment would overwrite documents. Rebind.
  Layer& operator=(const Layer& other) {
    node.reset(other.node);
    file = other.file;
    return *this;
  }
};

class LayeredNode {
 public:
  LayeredNode() = default;
  LayeredNode(std::vector<Layer> layers, std::string path) : layers_(std::move(layers)), path_(std::move(path)) {}

  bool defined() const { return !layers_.empty(); }
  const std::string& path() const { return path_; }
  const YAML::Node& node() const { return layers_.front().node; }  // the winning value
  SourceLocation location() const;
  bool is_map() const { return defined() && node().IsMap(); }
  bool is_sequence() const;  // a list, possibly patched by maps above it
  bool is_scalar() const { return defined() && node().IsScalar(); }
  bool is_null() const { return defined() && node().IsNull(); }

  // The map layers that merge into this value, top first.
  std::vector<Layer> map_layers() const;
  // Keys of the merged map, in first-seen order, with where each was written (top-most).
  std::vector<std::pair<std::string, SourceLocation>> keys() const;
  LayeredNode child(const std::string& key) const;

  // Items of a (possibly patched) list. Patch keys that match no item are
  // reported to diagnostics.
  std::vector<LayeredNode> items(Diagnostics& diagnostics) const;

 private:
  std::vector<Layer> layers_;
  std::string path_;
};

SourceLocation location_of(const YAML::Node& node, const std::string& file);

}  // namespace yucun::scenario
