// Typed description of the physical world: townships, villages and roads.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

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
};

struct RoadSpec {
  std::string from;
  std::string to;
  double km = 0;
  double minutes = 0;
  bool shuttle = false;
};

struct WorldParams {
  std::vector<TownshipSpec> townships;
  std::vector<VillageSpec> villages;
  std::vector<RoadSpec> roads;
};

}  // namespace yucun
