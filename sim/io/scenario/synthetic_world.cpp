// Synthetic worlds: villages on a jittered grid, a connected planar road
// network, figures matched to the base scenario's per-household figures.
#include "sim/io/scenario/synthetic_world.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

#include <fmt/format.h>

#include "sim/io/scenario/scenario_loader.hpp"

namespace yucun::scenario {

namespace {

// Counter-based draws (splitmix64 of the seed and a key): each village's
// figures depend only on the seed and its index, never on drawing order.
std::uint64_t mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

class Draw {
 public:
  Draw(std::uint64_t seed, std::uint64_t what, std::uint64_t index)
      : state_(mix(mix(seed ^ 0x5eed5eed5eedULL) ^ (what << 48) ^ index)) {}
  // Uniform on (0, 1).
  double uniform() { return (static_cast<double>(next() >> 11) + 0.5) * 0x1.0p-53; }
  double normal() {
    const double u1 = uniform(), u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }
  double exponential() { return -std::log(uniform()); }

 private:
  std::uint64_t next() { return mix(state_++); }
  std::uint64_t state_;
};

enum What : std::uint64_t { position = 1, figures = 2, road = 3, diagonal = 4 };

// Splits `total` into whole parts in proportion to `weights`, each at least
// `minimum` (largest remainders, ties to the lower index).
std::vector<std::int64_t> split_whole(std::int64_t total, const std::vector<double>& weights, std::int64_t minimum = 0) {
  const auto n = static_cast<std::int64_t>(weights.size());
  std::vector<std::int64_t> out(weights.size(), minimum);
  std::int64_t left = total - minimum * n;
  const double sum = std::accumulate(weights.begin(), weights.end(), 0.0);
  if (left <= 0 || sum <= 0) return out;
  std::vector<std::pair<double, std::size_t>> remainders;
  std::int64_t given = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    const double exact = static_cast<double>(left) * weights[i] / sum;
    const auto whole = static_cast<std::int64_t>(std::floor(exact));
    out[i] += whole;
    given += whole;
    remainders.emplace_back(exact - static_cast<double>(whole), i);
  }
  std::stable_sort(remainders.begin(), remainders.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  for (std::size_t k = 0; given < left; k = (k + 1) % remainders.size(), ++given) ++out[remainders[k].second];
  return out;
}

struct UnionFind {
  std::vector<std::size_t> parent;
  explicit UnionFind(std::size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0); }
  std::size_t find(std::size_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  }
  bool unite(std::size_t a, std::size_t b) {
    a = find(a);
    b = find(b);
    if (a == b) return false;
    parent[std::max(a, b)] = std::min(a, b);
    return true;
  }
};

// The base world's totals per household.
struct PerHousehold {
  double households = 0, population = 0, area_km2 = 0, tea_mu = 0, beds = 0, seats = 0, assets_yuan = 0,
         activity_operators = 0, private_enterprises = 0, ticket_share = 0, ticket_yuan = 0;
};

PerHousehold per_household(const WorldParams& w) {
  PerHousehold p;
  double tickets = 0, ticketed = 0;
  for (const auto& v : w.villages) {
    p.households += static_cast<double>(v.households);
    p.population += static_cast<double>(v.population);
    p.area_km2 += v.area_km2;
    p.tea_mu += v.tea_area_mu;
    p.beds += static_cast<double>(v.homestay_beds);
    p.seats += static_cast<double>(v.restaurant_seats);
    p.assets_yuan += v.collective_assets_yuan;
    p.activity_operators += static_cast<double>(v.activity_operators);
    p.private_enterprises += static_cast<double>(v.private_enterprises);
    if (v.ticket_yuan > 0) {
      ++ticketed;
      tickets += v.ticket_yuan;
    }
  }
  if (p.households <= 0) throw std::invalid_argument("the base scenario has no households to scale from");
  const double h = p.households;
  p.population /= h;
  p.area_km2 /= h;
  p.tea_mu /= h;
  p.beds /= h;
  p.seats /= h;
  p.assets_yuan /= h;
  p.activity_operators /= h;
  p.private_enterprises /= h;
  p.ticket_share = w.villages.empty() ? 0 : ticketed / static_cast<double>(w.villages.size());
  p.ticket_yuan = ticketed > 0 ? tickets / ticketed : 0;
  return p;
}

double round_to(double x, double step) { return std::round(x / step) * step; }

}  // namespace

Scenario make_synthetic_world(const Scenario& base, const SyntheticWorldSpec& spec) {
  if (spec.households < 1) throw std::invalid_argument("a synthetic world needs at least one household");
  const std::int64_t n_villages = spec.villages > 0 ? spec.villages : std::max<std::int64_t>(1, spec.households / 500);
  if (n_villages > spec.households)
    throw std::invalid_argument(fmt::format("{} villages cannot share {} households", n_villages, spec.households));
  if (n_villages > 100'000) throw std::invalid_argument("at most 100,000 villages");
  const std::int64_t n_townships =
      std::min(n_villages, spec.townships > 0 ? spec.townships : std::max<std::int64_t>(1, n_villages / 8));
  const PerHousehold base_per_hh = per_household(base.world);
  const auto n = static_cast<std::size_t>(n_villages);

  // Layout: a grid of `cols` columns, about 4.5 km apart (the baseline's
  // nearest neighbours), each village moved at random within its cell.
  constexpr double kSpacingKm = 4.5;
  const auto cols = static_cast<std::size_t>(std::ceil(std::sqrt(static_cast<double>(n))));
  const std::size_t rows = (n + cols - 1) / cols;
  std::vector<double> x(n), y(n);
  for (std::size_t k = 0; k < n; ++k) {
    Draw d(spec.seed, position, k);
    x[k] = (static_cast<double>(k % cols) - 0.5 * static_cast<double>(cols - 1)) * kSpacingKm + (d.uniform() - 0.5) * 0.6 * kSpacingKm;
    y[k] = (0.5 * static_cast<double>(rows - 1) - static_cast<double>(k / cols)) * kSpacingKm + (d.uniform() - 0.5) * 0.6 * kSpacingKm;
  }
  // The core (gateway) is the village nearest the middle.
  std::size_t core = 0;
  for (std::size_t k = 1; k < n; ++k)
    if (std::hypot(x[k], y[k]) < std::hypot(x[core], y[core])) core = k;

  // Village figures. Attractiveness: most villages modest (~0.2-0.35), a few
  // strong (the baseline has 4 of 24 at 0.5 or more); the core is the strongest.
  std::vector<double> attractiveness(n), size_weight(n), area_spread(n), tea_spread(n), lodging_spread(n),
      assets_spread(n), population_ratio(n), ticket(n);
  for (std::size_t k = 0; k < n; ++k) {
    Draw d(spec.seed, figures, k);
    attractiveness[k] = std::min(0.95, 0.2 * std::exp(0.5 * d.exponential()));
    size_weight[k] = std::exp(0.3 * d.normal());
    area_spread[k] = std::exp(0.3 * d.normal());
    tea_spread[k] = std::exp(0.25 * d.normal());
    lodging_spread[k] = std::exp(0.4 * d.normal());
    assets_spread[k] = std::exp(0.4 * d.normal());
    population_ratio[k] = base_per_hh.population * (0.9 + 0.2 * d.uniform());
    const bool ticketed = d.uniform() < base_per_hh.ticket_share;
    const double price = base_per_hh.ticket_yuan * (0.5 + d.uniform());
    ticket[k] = ticketed ? round_to(price, 5) : 0.0;
  }
  attractiveness[core] = 1.0;
  ticket[core] = 0;

  const std::vector<std::int64_t> households = split_whole(spec.households, size_weight, 1);
  std::vector<double> bed_weight(n), tea_weight(n), asset_weight(n), operator_weight(n);
  double mean_attractiveness = 0;
  for (double a : attractiveness) mean_attractiveness += a / static_cast<double>(n);
  for (std::size_t k = 0; k < n; ++k) {
    const auto h = static_cast<double>(households[k]);
    bed_weight[k] = h * attractiveness[k] / mean_attractiveness * lodging_spread[k];
    tea_weight[k] = h * tea_spread[k];
    asset_weight[k] = h * (0.5 + attractiveness[k]) * assets_spread[k];
    operator_weight[k] = h * std::pow(attractiveness[k], 3.0);
  }
  const auto total_h = static_cast<double>(spec.households);
  const auto beds = split_whole(std::llround(total_h * base_per_hh.beds), bed_weight);
  const auto seats = split_whole(std::llround(total_h * base_per_hh.seats), bed_weight);
  const auto operators = split_whole(std::llround(total_h * base_per_hh.activity_operators), operator_weight);
  // Private enterprises where the strong villages are, as the baseline's are
  // in its core (operator_weight favours attractive villages).
  const auto enterprises = split_whole(std::llround(total_h * base_per_hh.private_enterprises), operator_weight);
  const double tea_sum = std::accumulate(tea_weight.begin(), tea_weight.end(), 0.0);
  const double asset_sum = std::accumulate(asset_weight.begin(), asset_weight.end(), 0.0);

  Scenario s = base;
  s.name = fmt::format("synthetic-{}h-{}v-seed{}", spec.households, n_villages, spec.seed);
  s.description = fmt::format(
      "Synthetic scale-up of greater Yucun: {} households in {} villages ({} townships) on a jittered grid "
      "with a planar road network, figures matched to the baseline per household (yucun generate, seed {}).",
      spec.households, n_villages, n_townships, spec.seed);
  if (spec.years > 0) s.calendar.years = spec.years;
  WorldParams& w = s.world;
  w = WorldParams{};
  for (std::int64_t t = 0; t < n_townships; ++t) w.townships.push_back(TownshipSpec{fmt::format("T{:04}", t), 0, 0});
  for (std::size_t k = 0; k < n; ++k) {
    VillageSpec v;
    v.name = fmt::format("V{:05}", k);
    // Townships: contiguous runs of villages in grid order.
    auto& township = w.townships[k * static_cast<std::size_t>(n_townships) / n];
    v.township = township.name;
    v.x_km = round_to(x[k], 0.01);
    v.y_km = round_to(y[k], 0.01);
    v.households = households[k];
    v.population = std::max<std::int64_t>(v.households, std::llround(static_cast<double>(v.households) * population_ratio[k]));
    v.area_km2 = std::max(0.5, round_to(static_cast<double>(v.households) * base_per_hh.area_km2 * area_spread[k], 0.01));
    v.tea_area_mu = std::round(total_h * base_per_hh.tea_mu * tea_weight[k] / tea_sum);
    v.homestay_beds = beds[k];
    v.restaurant_seats = seats[k];
    v.attractiveness = round_to(attractiveness[k], 0.001);
    v.collective_assets_yuan = round_to(total_h * base_per_hh.assets_yuan * asset_weight[k] / asset_sum, 1000);
    // Baseline pattern: ~600 visitors a day at attractiveness 0.25, 5,000 at 1.
    v.visitor_capacity = round_to(5000.0 * std::pow(attractiveness[k], 1.5), 10);
    v.ticket_yuan = ticket[k];
    v.bed_price_yuan = round_to(110.0 + 90.0 * attractiveness[k], 10);
    v.activity_operators = operators[k];
    v.private_enterprises = enterprises[k];
    township.area_km2 += v.area_km2;
    township.registered_residents += v.population;
    w.villages.push_back(std::move(v));
  }
  for (auto& t : w.townships) t.area_km2 = std::max(0.01, round_to(t.area_km2, 0.01));

  // Roads: grid links (right, down), always those of a random spanning tree
  // so that the network is connected, the rest with probability 0.5, and in
  // a quarter of the grid cells one diagonal (never both, so roads do not
  // cross): about 1.75 roads per village (the baseline has 1.67).
  struct Link {
    std::size_t a, b;
    double order, keep;
  };
  std::vector<Link> grid;
  for (std::size_t k = 0; k < n; ++k) {
    Draw d(spec.seed, road, k);
    const std::size_t col = k % cols;
    if (col + 1 < cols && k + 1 < n) grid.push_back({k, k + 1, d.uniform(), d.uniform()});
    if (k + cols < n) grid.push_back({k, k + cols, d.uniform(), d.uniform()});
  }
  std::vector<std::size_t> by_order(grid.size());
  std::iota(by_order.begin(), by_order.end(), 0);
  std::stable_sort(by_order.begin(), by_order.end(), [&](std::size_t a, std::size_t b) { return grid[a].order < grid[b].order; });
  UnionFind components(n);
  std::vector<std::uint8_t> in_tree(grid.size(), 0);
  for (std::size_t i : by_order) in_tree[i] = components.unite(grid[i].a, grid[i].b) ? 1 : 0;
  std::vector<std::pair<std::size_t, std::size_t>> links;
  for (std::size_t i = 0; i < grid.size(); ++i)
    if (in_tree[i] || grid[i].keep < 0.5) links.emplace_back(grid[i].a, grid[i].b);
  for (std::size_t k = 0; k < n; ++k) {
    const std::size_t col = k % cols;
    if (col + 1 >= cols || k + cols + 1 >= n) continue;
    Draw d(spec.seed, diagonal, k);
    if (d.uniform() >= 0.25) continue;
    if (d.uniform() < 0.5) links.emplace_back(k, k + cols + 1);
    else links.emplace_back(k + 1, k + cols);
  }
  std::sort(links.begin(), links.end());
  links.erase(std::unique(links.begin(), links.end()), links.end());
  for (const auto& [a, b] : links) {
    // Baseline rule: 1.35 x the straight line; 40 km/h into the core, 32 elsewhere.
    const double km = std::max(0.5, round_to(1.35 * std::hypot(x[a] - x[b], y[a] - y[b]), 0.1));
    const double speed = (a == core || b == core) ? 40.0 : 32.0;
    w.roads.push_back(RoadSpec{w.villages[a].name, w.villages[b].name, km, std::max(1.0, std::round(km / speed * 60.0)), false});
  }

  // Tourism: the core is the gateway; visitors per household as in the base.
  s.tourism.gateway = w.villages[core].name;
  s.tourism.annual_visitors = base.tourism.annual_visitors * total_h / base_per_hh.households;
  // The base's attractions: a village-kind one at the core, the others
  // spread over the world at even strides (in village order); grants go to
  // the core, as the base's go to its gateway.
  const std::size_t villages = w.villages.size();
  std::size_t placed = 0;
  for (AttractionSpec& a : s.tourism.attractions) {
    if (a.kind == AttractionKind::village) {
      a.village = w.villages[core].name;
      continue;
    }
    ++placed;
    a.village = w.villages[(placed * villages / (s.tourism.attractions.size() + 1)) % villages].name;
  }
  for (CollectiveGrantSpec& g : s.collectives.grants) g.village = w.villages[core].name;
  return s;
}

Scenario make_synthetic_world(const SyntheticWorldSpec& spec) {
  return make_synthetic_world(load_scenario(std::string(kBuiltinBaselineName)), spec);
}

}  // namespace yucun::scenario
