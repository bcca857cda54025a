// Typed parameters of tourist demand, destination choice, lodging and spending.
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/core/enum_names.hpp"
#include "sim/core/field_bounds.hpp"

namespace yucun {

// What draws a party to the area (docs/ODD.md 7.9a): a village itself, a
// scenic area, a resort, or a tea garden (spring picking and tasting, with
// dry tea sold at the farm gate).
enum class AttractionKind : std::uint8_t { village, scenic, resort, tea_garden };

template <> struct EnumNames<AttractionKind> {
  static constexpr std::string_view noun = "kind";
  static constexpr std::string_view list_label = "one of";
  static constexpr std::array<std::pair<std::string_view, AttractionKind>, 4> names{{
      {"village", AttractionKind::village},
      {"scenic", AttractionKind::scenic},
      {"resort", AttractionKind::resort},
      {"tea_garden", AttractionKind::tea_garden},
  }};
};

// An attraction: an entry point to the area. Parties that come for it enter
// the area in its village, pay its ticket and spend its visit hours there on
// their first day.
struct AttractionSpec {
  std::string name;
  std::string village;
  AttractionKind kind = AttractionKind::scenic;
  double pull = 1;                         // relative draw at full reputation, no fees
  std::vector<double> month_pull{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};  // times pull, Jan..Dec; 0 = closed
  double ticket_yuan = 0;                  // per person, start-year yuan
  double daily_capacity = 1e9;             // entrants a day before crowding
  double visit_hours = 0;                  // hours spent there; 0 = tourism.visit_hours
  double collective_share = 0;             // of ticket revenue paid to the village's collective
};

// A source market: where parties come from and how they travel and spend.
struct SourceMarketSpec {
  std::string name;
  double share = 0;          // of arriving parties
  double distance_km = 100;  // to the gateway
  double spend_index = 1;    // multiplies the per-person spending
  double car_share = 0.8;    // parties arriving by car (pay parking)
};

struct TourismParams {
  // The core village (the brand's centre); where parties enter when the
  // scenario lists no attractions. Empty = the first village.
  std::string gateway;
  // Persons arriving in the first simulated year at its conditions; later
  // years grow, and arrivals respond to the area's draw (the outside option
  // below). No tourists unless a scenario sets it (the baseline does).
  double annual_visitors = 0;
  // Attractions (entry points). None: one entry, the gateway village.
  std::vector<AttractionSpec> attractions;
  // The outside option (ODD 7.9a): of the potential visitors of a day, the
  // share s = 1 / (1 + exp(V0 - IV)) come, where IV is the log-sum of the
  // attractions' utilities and V0 is set so that s = area_share at the start.
  //   U(a) = ln(pull x month pull x attractiveness in force / scenario's)
  //        + reputation_elasticity x ln(reputation of its village)
  //        - price_elasticity x ln(trip_cost_yuan + fees of a visit)
  //        - attraction_crowding x max(0, yesterday's entrants / capacity - 1)
  //        (+ tea_garden_pull for tea-culture parties at tea gardens)
  // plus ln(demand multiplier) (marketing) in IV.
  double area_share = 0.1;
  double trip_cost_yuan = 150;     // a visit's cost before fees (travel, food), per person
  double price_elasticity = 1.0;   // of the utility in ln(trip cost)
  double lodging_weight = 0.15;    // bed price share in a visit's fees (those who stay)
  double attraction_crowding = 1.0;
  double tea_garden_pull = 1.0;
  // Tea gardens: per person, a picking or tasting experience paid to the
  // village's tea households; parties entering at a tea garden buy dry tea
  // with this probability, from the farmers (who keep the retail margin).
  double tea_experience_yuan = 40;
  double tea_garden_buyer_share = 0.5;
  // Demand grows along a logistic path: at growth_per_year at the start,
  // slowing as it nears demand_ceiling_ratio times the start-year level
  // (crowding and the destination's capacity to receive visitors). A
  // negative growth rate declines without floor.
  double growth_per_year = 0.05;
  double demand_ceiling_ratio = 2.0;
  // Relative demand by month (January first) and by kind of day.
  std::vector<double> month_weights{0.5, 0.7, 1.3, 1.6, 1.2, 0.9, 1.0, 1.0, 0.9, 1.3, 1.0, 0.6};
  double weekend_multiplier = 2.0;
  double holiday_multiplier = 3.0;
  double summer_multiplier = 1.2;
  double mean_party_size = 2.8;
  int max_party_size = 8;
  std::vector<SourceMarketSpec> markets;

  // Destination choice: U(v) = attractiveness * ln(attr * reputation)
  //   - minutes * travel_minutes - crowding * max(0, yesterday's crowding - 1).
  double choice_attractiveness = 1.5;
  double choice_minutes = 0.08;
  double choice_crowding = 1.0;
  // Interests: a share of parties come for tea culture; for them a village's
  // utility gains tea_interest_pull * ln(1 + tea area / 1,000 mu), and they
  // are the ones who may buy dry tea.
  double tea_interest_share = 0.3;
  double tea_interest_pull = 1.0;
  // A day's itinerary: visits of visit_hours each, travel between, within day_hours.
  double visit_hours = 2.0;
  double day_hours = 7.0;
  int max_villages_per_day = 3;

  // Overnight stays: logit(p) = intercept + per_100km * distance / 100
  //   + holiday (on holidays) + spend * ln(spend index).
  double overnight_intercept = -2.6;
  double overnight_per_100km = 0.35;
  double overnight_holiday = 0.6;
  double overnight_spend = 0.5;
  double second_night_share = 0.3;  // of overnight parties
  double third_night_share = 0.1;
  double lodging_radius_minutes = 30;

  // Spending per person per day, yuan (times the party's spend index).
  double food_yuan = 30;
  double activity_yuan = 25;        // in villages with activity operators
  double parking_yuan = 15;         // per car and village visited
  double tea_buyer_share = 0.4;     // of tea-interest parties, buying dry tea on their first day
  double tea_kg_per_buyer = 0.25;
  double tea_retail_markup = 0.6;   // over the outside dry-tea price
  // Shares of revenue paid out for supplies and running costs.
  double homestay_cost_share = 0.35;
  double restaurant_cost_share = 0.55;
  double activity_cost_share = 0.4;

  // Satisfaction falls with crowding above capacity; reputation is its
  // exponentially weighted mean, and demand follows reputation.
  double crowding_dissatisfaction = 0.6;
  // ... and with the share of a visit's spending that goes on fees (tickets
  // and parking) rather than on food and activities.
  double fee_dissatisfaction = 0.5;
  double reputation_memory = 0.02;      // weight of today's satisfaction
  double reputation_elasticity = 1.0;

  // Homestay beds are bounded by land and permits: no household lets more
  // than this many (the provincial homestay rules allow at most 15 guest
  // rooms to a house), so a village has at most its households times this
  // (or the beds it starts with, if more). Households add beds only where the
  // last twelve months' occupancy reached investment_min_occupancy.
  double max_homestay_beds_per_household = 30;
  double investment_min_occupancy = 0.2;
};

// The YAML keys of these parameters and their allowed ranges (the loader,
// the writer, validation and sweeps read them; docs/scenarios.md lists them).
template <class V> void fields(SourceMarketSpec& p, V&& v) {
  v("name", p.name, required());
  Bounds market_share = share();
  market_share.required = true;
  v("share", p.share, market_share);
  v("distance_km", p.distance_km, between(0, 2e4));
  v("spend_index", p.spend_index, between(0.01, 100));
  v("car_share", p.car_share, share());
}

template <class V> void fields(AttractionSpec& p, V&& v) {
  v("name", p.name, required());
  v("village", p.village, required());
  v("kind", p.kind);
  v("pull", p.pull, positive());
  v("month_pull", p.month_pull, at_least(0));
  v("ticket_yuan", p.ticket_yuan, between(0, 1e4));
  v("daily_capacity", p.daily_capacity, positive());
  v("visit_hours", p.visit_hours, between(0, 24));
  v("collective_share", p.collective_share, share());
}

template <class V> void fields(TourismParams& p, V&& v) {
  v("gateway", p.gateway);
  v("annual_visitors", p.annual_visitors, between(0, 1e10));
  v("attractions", p.attractions);
  v("area_share", p.area_share, between(1e-6, 0.999));
  v("trip_cost_yuan", p.trip_cost_yuan, positive());
  v("price_elasticity", p.price_elasticity, between(0, 20));
  v("lodging_weight", p.lodging_weight, share());
  v("attraction_crowding", p.attraction_crowding, between(0, 100));
  v("tea_garden_pull", p.tea_garden_pull, between(0, 100));
  v("tea_experience_yuan", p.tea_experience_yuan, between(0, 1e5));
  v("tea_garden_buyer_share", p.tea_garden_buyer_share, share());
  v("growth_per_year", p.growth_per_year, between(-0.9, 10));
  v("demand_ceiling_ratio", p.demand_ceiling_ratio, between(1, 1e6));
  v("month_weights", p.month_weights, at_least(0));
  v("weekend_multiplier", p.weekend_multiplier, between(0, 100));
  v("holiday_multiplier", p.holiday_multiplier, between(0, 100));
  v("summer_multiplier", p.summer_multiplier, between(0, 100));
  v("mean_party_size", p.mean_party_size, between(1, 50));
  v("max_party_size", p.max_party_size, between(1, 100));
  v("markets", p.markets);
  v("choice_attractiveness", p.choice_attractiveness, between(0, 100));
  v("choice_minutes", p.choice_minutes, between(0, 100));
  v("choice_crowding", p.choice_crowding, between(0, 100));
  v("tea_interest_share", p.tea_interest_share, share());
  v("tea_interest_pull", p.tea_interest_pull, between(0, 100));
  v("visit_hours", p.visit_hours, between(0.1, 24));
  v("day_hours", p.day_hours, between(0.1, 24));
  v("max_villages_per_day", p.max_villages_per_day, between(1, 10));
  v("overnight_intercept", p.overnight_intercept, between(-50, 50));
  v("overnight_per_100km", p.overnight_per_100km, between(-50, 50));
  v("overnight_holiday", p.overnight_holiday, between(-50, 50));
  v("overnight_spend", p.overnight_spend, between(-50, 50));
  v("second_night_share", p.second_night_share, share());
  v("third_night_share", p.third_night_share, share());
  v("lodging_radius_minutes", p.lodging_radius_minutes, between(0, 1e4));
  v("food_yuan", p.food_yuan, between(0, 1e5));
  v("activity_yuan", p.activity_yuan, between(0, 1e5));
  v("parking_yuan", p.parking_yuan, between(0, 1e4));
  v("tea_buyer_share", p.tea_buyer_share, share());
  v("tea_kg_per_buyer", p.tea_kg_per_buyer, between(0, 100));
  v("tea_retail_markup", p.tea_retail_markup, between(0, 100));
  v("homestay_cost_share", p.homestay_cost_share, share());
  v("restaurant_cost_share", p.restaurant_cost_share, share());
  v("activity_cost_share", p.activity_cost_share, share());
  v("crowding_dissatisfaction", p.crowding_dissatisfaction, between(0, 100));
  v("fee_dissatisfaction", p.fee_dissatisfaction, between(0, 100));
  v("reputation_memory", p.reputation_memory, share());
  v("reputation_elasticity", p.reputation_elasticity, between(0, 10));
  v("max_homestay_beds_per_household", p.max_homestay_beds_per_household, between(1, 1e4));
  v("investment_min_occupancy", p.investment_min_occupancy, share());
}

}  // namespace yucun
