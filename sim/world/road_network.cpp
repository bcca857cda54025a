#include "sim/world/road_network.hpp"

#include <algorithm>

#include <limits>
#include <map>
#include <unordered_map>

#include <boost/graph/connected_components.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <fmt/format.h>
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

namespace yucun {

RoadNetwork::RoadNetwork(const std::vector<VillageSpec>& villages, const std::vector<RoadSpec>& roads,
                         TravelTimes travel)
    : graph_(villages.size()) {
  std::unordered_map<std::string_view, std::size_t> index;
  index.reserve(villages.size());
  for (std::size_t i = 0; i < villages.size(); ++i) {
    graph_[i] = VillageVertex{villages[i].name, villages[i].township};
    index.emplace(villages[i].name, i);  // the first of a repeated name, as a linear search would find
  }
  for (const auto& road : roads) {
    const auto from = index.find(road.from), to = index.find(road.to);
    if (from == index.end() || to == index.end())
      throw WorldError(fmt::format("road {} - {} names an unknown village", road.from, road.to));
    boost::add_edge(from->second, to->second, RoadEdge{road.km, road.minutes, road.shuttle}, graph_);
  }
  if (travel == TravelTimes::all_pairs) compute_all_pairs();
}

std::optional<std::size_t> RoadNetwork::index_of(std::string_view name) const {
  for (std::size_t v = 0; v < village_count(); ++v)
    if (graph_[v].name == name) return v;
  return std::nullopt;
}

std::vector<int> RoadNetwork::components() const {
  std::vector<int> component(village_count());
  if (!component.empty()) boost::connected_components(graph_, component.data());
  return component;
}

std::size_t RoadNetwork::component_count() const {
  if (village_count() == 0) return 0;
  std::vector<int> component(village_count());
  return static_cast<std::size_t>(boost::connected_components(graph_, component.data()));
}

void RoadNetwork::shortest_from(std::size_t source, std::vector<double>& dist, std::vector<std::size_t>& pred) const {
  const std::size_t n = village_count();
  dist.resize(n);
  pred.resize(n);
  boost::dijkstra_shortest_paths(
      graph_, source,
      boost::weight_map(boost::get(&RoadEdge::minutes, graph_))
          .distance_map(boost::make_iterator_property_map(dist.begin(), boost::get(boost::vertex_index, graph_)))
          .predecessor_map(boost::make_iterator_property_map(pred.begin(), boost::get(boost::vertex_index, graph_))));
}

void RoadNetwork::compute_all_pairs() {
  const std::size_t n = village_count();
  minutes_.resize(n * n);
  // One Dijkstra per source village, each filling its own row: rows are
  // independent, so the table is the same whatever the thread count.
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n, 8), [&](const tbb::blocked_range<std::size_t>& r) {
    std::vector<double> dist;
    std::vector<std::size_t> pred;
    for (std::size_t source = r.begin(); source != r.end(); ++source) {
      shortest_from(source, dist, pred);
      double* row = &minutes_[source * n];
      for (std::size_t target = 0; target < n; ++target)
        row[target] = dist[target] == std::numeric_limits<double>::max() ? std::numeric_limits<double>::infinity()
                                                                        : dist[target];
    }
  });
}

double RoadNetwork::travel_km(std::size_t from, std::size_t to) const {
  std::vector<double> dist;
  std::vector<std::size_t> pred;
  shortest_from(from, dist, pred);
  if (dist[to] == std::numeric_limits<double>::max()) return std::numeric_limits<double>::infinity();
  // Walk the predecessor chain; between two villages joined by several roads
  // the route uses the fastest.
  double km = 0;
  for (std::size_t v = to; v != from;) {
    const std::size_t u = pred[v];
    double edge_km = 0;
    double best = std::numeric_limits<double>::infinity();
    for (auto [e, end] = boost::out_edges(u, graph_); e != end; ++e)
      if (boost::target(*e, graph_) == v && graph_[*e].minutes < best) {
        best = graph_[*e].minutes;
        edge_km = graph_[*e].km;
      }
    km += edge_km;
    v = u;
  }
  return km;
}

std::string RoadNetwork::to_dot() const {
  std::map<std::string, std::vector<std::size_t>> by_township;
  for (std::size_t v = 0; v < village_count(); ++v) by_township[graph_[v].township].push_back(v);
  std::string out = "graph greater_yucun {\n  node [shape=ellipse, fontname=\"Helvetica\"];\n";
  int cluster = 0;
  for (const auto& [township, members] : by_township) {
    out += fmt::format("  subgraph cluster_{} {{\n    label=\"{}\";\n", cluster++, township);
    for (auto v : members) out += fmt::format("    v{} [label=\"{}\"];\n", v, graph_[v].name);
    out += "  }\n";
  }
  for (auto [e, end] = boost::edges(graph_); e != end; ++e) {
    const auto& road = graph_[*e];
    out += fmt::format("  v{} -- v{} [label=\"{:.1f} km, {:.0f} min\"{}];\n", boost::source(*e, graph_),
                       boost::target(*e, graph_), road.km, road.minutes, road.shuttle ? ", style=bold" : "");
  }
  out += "}\n";
  return out;
}

std::vector<std::vector<std::uint32_t>> nearby_villages(const RoadNetwork& roads, double radius_minutes) {
  const std::size_t n = roads.village_count();
  std::vector<std::vector<std::uint32_t>> out(n);
  for (std::size_t v = 0; v < n; ++v) {
    for (std::size_t u = 0; u < n; ++u)
      if (roads.travel_minutes(v, u) <= radius_minutes) out[v].push_back(static_cast<std::uint32_t>(u));
    std::stable_sort(out[v].begin(), out[v].end(), [&](std::uint32_t a, std::uint32_t b) {
      return roads.travel_minutes(v, a) < roads.travel_minutes(v, b);
    });
  }
  return out;
}

}  // namespace yucun
