// The village road network as a Boost.Graph, with all-pairs travel times.
#pragma once

#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <boost/graph/adjacency_list.hpp>

#include "sim/world/world_params.hpp"

namespace yucun {

struct VillageVertex {
  std::string name;
  std::string township;
};

struct RoadEdge {
  double km = 0;
  double minutes = 0;
  bool shuttle = false;
};

using RoadGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS, VillageVertex, RoadEdge>;

// Thrown when roads reference villages that do not exist; scenario validation
// reports these earlier with file positions, so reaching it means a caller bug.
class WorldError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Whether a network computes its all-pairs travel times (what the model
// needs) or only its graph (enough for connectivity checks and listings).
enum class TravelTimes { all_pairs, none };

class RoadNetwork {
 public:
  // Vertex i is villages[i]; roads name their ends by village name.
  RoadNetwork(const std::vector<VillageSpec>& villages, const std::vector<RoadSpec>& roads,
              TravelTimes travel = TravelTimes::all_pairs);

  std::size_t village_count() const { return boost::num_vertices(graph_); }
  std::size_t road_count() const { return boost::num_edges(graph_); }
  const RoadGraph& graph() const { return graph_; }
  std::optional<std::size_t> index_of(std::string_view name) const;
  const std::string& name_of(std::size_t v) const { return graph_[v].name; }

  // Number of connected components and, per village, its component id.
  std::size_t component_count() const;
  std::vector<int> components() const;
  bool is_connected() const { return component_count() <= 1; }

  // Shortest travel time in minutes (Dijkstra over road minutes); infinity
  // between villages in different components. Needs TravelTimes::all_pairs.
  double travel_minutes(std::size_t from, std::size_t to) const { return minutes_[from * village_count() + to]; }
  // Length of the fastest route, found when asked (one Dijkstra): the model
  // reads only minutes, so an n x n km table is not kept.
  double travel_km(std::size_t from, std::size_t to) const;

  // Graphviz DOT text of the network, villages clustered by township.
  std::string to_dot() const;

 private:
  void compute_all_pairs();
  // Dijkstra over road minutes from one village (distances, predecessors).
  void shortest_from(std::size_t source, std::vector<double>& dist, std::vector<std::size_t>& pred) const;
  RoadGraph graph_;
  std::vector<double> minutes_;  // row-major [from][to]
};

// For each village, the villages within `radius_minutes`, nearest first.
std::vector<std::vector<std::uint32_t>> nearby_villages(const RoadNetwork& roads, double radius_minutes);

}  // namespace yucun
