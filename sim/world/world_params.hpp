// Typed description of the physical world: townships, villages and roads.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "sim/core/field_bounds.hpp"

namespace yucun {

struct TownshipSpec {
  std::string name;
  double area_km2 = 0;
  std::int64_t registered_residents = 0;
};

struct VillageSpec {
  std::string name;
  std::string township;
  // Approximate position on a local plane (km east / north of Yucun): an
  // assumption used only to lay out a plausible road network and to draw maps.
  double x_km = 0;
  double y_km = 0;
  std::int64_t households = 0;
  std::int64_t population = 0;
  double area_km2 = 0;
  double tea_area_mu = 0;
  std::int64_t homestay_beds = 0;
  std::int64_t restaurant_seats = 0;
  double attractiveness = 1;  // relative scenic pull, Yucun = 1
  double collective_assets_yuan = 0;
  // Tourism: visitors a day before crowding spoils the visit, entry ticket,
  // price of a bed-night, and activity operators (tours, study tours).
  double visitor_capacity = 2000;
  double ticket_yuan = 0;
  double bed_price_yuan = 150;
  std::int64_t activity_operators = 0;
  // Private enterprises outside tourism and tea owned by the village's
  // households (firms.* are the tourism firms); each pays its owner
  // enterprises.profit_yuan_per_year.
  std::int64_t private_enterprises = 0;
};

struct RoadSpec {
  std::string from;
  std::string to;
  double km = 0;
  double minutes = 0;
  bool shuttle = false;
  bool operator==(const RoadSpec&) const = default;
};

struct WorldParams {
  std::vector<TownshipSpec> townships;
  std::vector<VillageSpec> villages;
  std::vector<RoadSpec> roads;
};

// Whether the world has a village of this name.
inline bool has_village_named(const WorldParams& world, const std::string& name) {
  return std::any_of(world.villages.begin(), world.villages.end(), [&](const VillageSpec& s) { return s.name == name; });
}

// The YAML keys of these parameters and their allowed ranges (the loader,
// the writer, validation and sweeps read them; docs/scenarios.md lists them).
template <class V> void fields(TownshipSpec& p, V&& v) {
  v("name", p.name, required());
  v("area_km2", p.area_km2, positive());
  v("registered_residents", p.registered_residents, at_least(0));
}

template <class V> void fields(VillageSpec& p, V&& v) {
  v("name", p.name, required());
  v("township", p.township);
  v("x_km", p.x_km, between(-1e4, 1e4));
  v("y_km", p.y_km, between(-1e4, 1e4));
  v("households", p.households, between(0, 1e7));
  v("population", p.population, between(0, 1e8));
  v("area_km2", p.area_km2, positive());
  v("tea_area_mu", p.tea_area_mu, between(0, 1e8));
  v("homestay_beds", p.homestay_beds, between(0, 1e7));
  v("restaurant_seats", p.restaurant_seats, between(0, 1e7));
  v("attractiveness", p.attractiveness, positive());
  v("collective_assets_yuan", p.collective_assets_yuan, at_least(0));
  v("visitor_capacity", p.visitor_capacity, positive());
  v("ticket_yuan", p.ticket_yuan, between(0, 1e4));
  v("bed_price_yuan", p.bed_price_yuan, between(0, 1e5));
  v("activity_operators", p.activity_operators, between(0, 1e5));
  v("private_enterprises", p.private_enterprises, between(0, 1e6));
}

template <class V> void fields(RoadSpec& p, V&& v) {
  v("from", p.from, required());
  v("to", p.to, required());
  v("km", p.km, positive());
  v("minutes", p.minutes, positive());
  v("shuttle", p.shuttle);
}

template <class V> void fields(WorldParams& p, V&& v) {
  v("townships", p.townships);
  v("villages", p.villages);
  v("roads", p.roads);
}

}  // namespace yucun
