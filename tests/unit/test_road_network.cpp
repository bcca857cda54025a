#include <doctest/doctest.h>

#include <cmath>

#include "sim/world/road_network.hpp"

using namespace yucun;

namespace {
std::vector<VillageSpec> villages(std::initializer_list<std::string> names) {
  std::vector<VillageSpec> out;
  for (const std::string& n : names) {
    out.emplace_back();
    out.back().name = n;
    out.back().township = std::string(1, 'T');
  }
  return out;
}
}  // namespace

TEST_CASE("shortest travel times on a hand-checked network") {
  // A - B 10 min, B - C 10 min, A - C 25 min, C - D 5 min, D - E 30, B - E 50.
  // Fastest: A->C via B = 20 (not 25); A->E = A-B-C-D-E = 55 (not A-B-E = 60).
  const auto vs = villages({"A", "B", "C", "D", "E"});
  const std::vector<RoadSpec> roads = {{"A", "B", 4, 10}, {"B", "C", 5, 10}, {"A", "C", 12, 25},
                                       {"C", "D", 2, 5},  {"D", "E", 9, 30}, {"B", "E", 20, 50}};
  const RoadNetwork net(vs, roads);
  CHECK(net.village_count() == 5);
  CHECK(net.road_count() == 6);
  CHECK(net.is_connected());
  CHECK(net.travel_minutes(0, 0) == 0);
  CHECK(net.travel_minutes(0, 2) == doctest::Approx(20));
  CHECK(net.travel_minutes(2, 0) == doctest::Approx(20));  // undirected
  CHECK(net.travel_minutes(0, 3) == doctest::Approx(25));
  CHECK(net.travel_minutes(0, 4) == doctest::Approx(55));
  CHECK(net.travel_km(0, 4) == doctest::Approx(4 + 5 + 2 + 9));  // km of the fastest route
  CHECK(net.travel_minutes(1, 4) == doctest::Approx(45));
}

TEST_CASE("disconnected networks are detected") {
  const auto vs = villages({"A", "B", "C", "D"});
  const RoadNetwork net(vs, {{"A", "B", 1, 1}, {"C", "D", 1, 1}});
  CHECK_FALSE(net.is_connected());
  CHECK(net.component_count() == 2);
  CHECK(std::isinf(net.travel_minutes(0, 2)));
  const auto comp = net.components();
  CHECK(comp[0] == comp[1]);
  CHECK(comp[0] != comp[2]);
}

TEST_CASE("roads naming unknown villages are refused") {
  CHECK_THROWS_AS(RoadNetwork(villages({"A"}), {{"A", "Z", 1, 1}}), WorldError);
}

TEST_CASE("DOT output lists villages by township and roads") {
  auto vs = villages({"A", "B"});
  vs[1].township = std::string(1, 'U');
  const std::string dot = RoadNetwork(vs, {{"A", "B", 3.5, 7, true}}).to_dot();
  CHECK(dot.find("graph greater_yucun {") == 0);
  CHECK(dot.find("label=\"T\"") != std::string::npos);
  CHECK(dot.find("label=\"U\"") != std::string::npos);
  CHECK(dot.find("v0 -- v1 [label=\"3.5 km, 7 min\", style=bold]") != std::string::npos);
}
