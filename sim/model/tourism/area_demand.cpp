#include "sim/model/tourism/area_demand.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace yucun {

namespace {
constexpr double kClosed = -std::numeric_limits<double>::infinity();

std::size_t village_index(const WorldParams& world, const std::string& name, std::size_t fallback) {
  for (std::size_t v = 0; v < world.villages.size(); ++v)
    if (world.villages[v].name == name) return v;
  return fallback;  // validation refuses unknown names before a run
}
}  // namespace

AreaDemand::AreaDemand(const TourismParams& p, const WorldParams& world, std::size_t gateway)
    : tea_share_(p.tea_interest_share) {
  if (p.attractions.empty()) {
    AttractionSpec core;
    core.name = world.villages.empty() ? std::string{} : world.villages[gateway].name;
    core.village = core.name;
    core.kind = AttractionKind::village;
    specs_.push_back(core);
  } else {
    specs_ = p.attractions;
  }
  for (const AttractionSpec& a : specs_) villages_.push_back(village_index(world, a.village, gateway));
  for (const VillageSpec& v : world.villages) scenario_attractiveness_.push_back(v.attractiveness);
  utility_.assign(kVisitorSegments * count(), 0.0);
  cumulative_.assign(kVisitorSegments * count(), 1.0);
  inclusive_.assign(kVisitorSegments, 0.0);
}

void AreaDemand::update(const TourismParams& p, int month, const InForce& in, const std::vector<double>& reputation,
                        const std::vector<double>& entrants_yesterday) {
  const std::size_t n = count();
  const double marketing = std::log(std::max(in.demand_multiplier, 1e-12));
  for (std::size_t a = 0; a < n; ++a) {
    const AttractionSpec& s = specs_[a];
    const std::size_t v = villages_[a];
    const double season = s.month_pull.size() == 12 ? s.month_pull[static_cast<std::size_t>(month - 1)] : 1.0;
    double u = kClosed;
    if (season > 0) {
      // Levers that raise a village's attractiveness (brand, marketing's
      // reach) raise the draw of the village itself and of its tea gardens in
      // proportion; scenic areas and resorts keep their own (they are known
      // by their own names, not the village's).
      const bool village_draw = s.kind == AttractionKind::village || s.kind == AttractionKind::tea_garden;
      const double lever = village_draw && scenario_attractiveness_[v] > 0
                               ? in.attractiveness[v] / scenario_attractiveness_[v]
                               : 1.0;
      const double fees = s.ticket_yuan + in.ticket_yuan[v] + in.parking_yuan / p.mean_party_size +
                          p.lodging_weight * in.bed_price_yuan[v];
      const double crowding = entrants_yesterday.empty() ? 0.0 : entrants_yesterday[a] / s.daily_capacity;
      u = std::log(s.pull * season * lever) + p.reputation_elasticity * std::log(std::max(reputation[v], 1e-6)) -
          p.price_elasticity * std::log(p.trip_cost_yuan + fees) - p.attraction_crowding * std::max(0.0, crowding - 1.0);
    }
    utility_[a] = u;
    utility_[n + a] = u == kClosed ? kClosed : u + (s.kind == AttractionKind::tea_garden ? p.tea_garden_pull : 0.0);
  }
  for (std::size_t seg = 0; seg < kVisitorSegments; ++seg) {
    const double* u = &utility_[seg * n];
    double* c = &cumulative_[seg * n];
    const double top = *std::max_element(u, u + n);
    if (top == kClosed) {
      inclusive_[seg] = kClosed;
      std::fill(c, c + n, 1.0);
      continue;
    }
    double total = 0;
    for (std::size_t a = 0; a < n; ++a) {
      total += u[a] == kClosed ? 0.0 : std::exp(u[a] - top);
      c[a] = total;
    }
    for (std::size_t a = 0; a < n; ++a) c[a] /= total;
    c[n - 1] = 1.0;
    inclusive_[seg] = top + std::log(total) + marketing;
  }
}

double AreaDemand::come_share(std::size_t segment) const {
  if (inclusive_[segment] == kClosed) return 0.0;
  return 1.0 / (1.0 + std::exp(outside_ - inclusive_[segment]));
}

double AreaDemand::come_share() const { return (1.0 - tea_share_) * come_share(0) + tea_share_ * come_share(1); }

double AreaDemand::tea_interest_probability() const {
  const double all = come_share();
  return all > 0 ? tea_share_ * come_share(1) / all : tea_share_;
}

std::size_t AreaDemand::sample(std::size_t segment, double u) const {
  const double* c = &cumulative_[segment * count()];
  const auto hit = std::lower_bound(c, c + count(), u);
  return std::min<std::size_t>(static_cast<std::size_t>(hit - c), count() - 1);
}

double AreaDemand::probability(std::size_t segment, std::size_t a) const {
  const double* c = &cumulative_[segment * count()];
  return c[a] - (a == 0 ? 0.0 : c[a - 1]);
}

}  // namespace yucun
