#include "sim/model/tourism/tourists.hpp"

#include <algorithm>
#include <cmath>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

namespace yucun {

double demand_growth_factor(double years, double growth_per_year, double ceiling_ratio) {
  if (growth_per_year < 0) return std::pow(1.0 + growth_per_year, years);
  if (growth_per_year == 0 || ceiling_ratio <= 1.0) return 1.0;
  const double c = ceiling_ratio;
  const double r = std::log1p(growth_per_year) / (1.0 - 1.0 / c);
  return c / (1.0 + (c - 1.0) * std::exp(-r * years));
}

void TouristParties::append(std::uint64_t party_id, std::uint8_t market_index, std::uint8_t persons, float spend,
                            bool by_car, std::uint8_t interest_segment, bool buys_tea, std::uint8_t nights_wanted,
                            std::int32_t start_village, std::int16_t entry_point) {
  id.push_back(party_id);
  market.push_back(market_index);
  size.push_back(persons);
  spend_index.push_back(spend);
  car.push_back(by_car ? 1 : 0);
  interest.push_back(interest_segment);
  tea_buyer.push_back(buys_tea ? 1 : 0);
  nights.push_back(nights_wanted);
  day_of_stay.push_back(0);
  lodging.push_back(-1);
  start.push_back(start_village);
  entry.push_back(entry_point);
  visit_count.push_back(0);
  visits.resize(visits.size() + kMaxVisitsPerDay, -1);
}

std::size_t TouristParties::add_arrivals(std::size_t count) {
  const std::size_t first = id.size(), n = first + count;
  for (auto* v : {&market, &size, &car, &interest, &tea_buyer, &nights}) v->resize(n);
  id.resize(n);
  spend_index.resize(n);
  day_of_stay.resize(n, 0);
  lodging.resize(n, -1);
  start.resize(n, 0);
  entry.resize(n, -1);
  visit_count.resize(n, 0);
  visits.resize(n * kMaxVisitsPerDay, -1);
  return first;
}

void TouristParties::remove_departed(const std::vector<std::uint8_t>& departs) {
  std::size_t kept = 0;
  for (std::size_t p = 0; p < id.size(); ++p) {
    if (departs[p]) continue;
    if (kept != p) {
      id[kept] = id[p];
      market[kept] = market[p];
      size[kept] = size[p];
      spend_index[kept] = spend_index[p];
      car[kept] = car[p];
      interest[kept] = interest[p];
      tea_buyer[kept] = tea_buyer[p];
      nights[kept] = nights[p];
      day_of_stay[kept] = day_of_stay[p];
      lodging[kept] = lodging[p];
      start[kept] = start[p];
      entry[kept] = entry[p];
      visit_count[kept] = visit_count[p];
      std::copy_n(&visits[p * kMaxVisitsPerDay], kMaxVisitsPerDay, &visits[kept * kMaxVisitsPerDay]);
    }
    ++kept;
  }
  for (auto* v : {&market, &size, &car, &interest, &tea_buyer, &nights, &day_of_stay, &visit_count}) v->resize(kept);
  id.resize(kept);
  spend_index.resize(kept);
  lodging.resize(kept);
  start.resize(kept);
  entry.resize(kept);
  visits.resize(kept * kMaxVisitsPerDay);
}

namespace {
// Poisson variate by inversion (small means only); e^-mean is passed in, as
// it is the same for every party.
int poisson(double mean, double exp_minus_mean, double u) {
  double p = exp_minus_mean, cumulative = p;
  int k = 0;
  while (u > cumulative && k < 100) {
    ++k;
    p *= mean / k;
    cumulative += p;
  }
  return k;
}
}  // namespace

std::size_t arrive_tourists(TouristParties& parties, const ArrivalDay& day, const TourismParams& p,
                            const AreaDemand& entries, const RandomStreams& rng) {
  if (p.markets.empty() || day.expected_persons <= 0) return 0;
  const auto d = static_cast<std::uint64_t>(day.day_number);
  const double expected_parties = day.expected_persons / p.mean_party_size;
  const Draws count = rng.draw(Stream::tourists, d, 0, Purpose::arrivals);
  const auto n = static_cast<std::size_t>(std::floor(expected_parties + count.uniform(0)));
  const std::size_t first = parties.add_arrivals(n);
  const double tea_probability = entries.tea_interest_probability();
  const double extra_persons = p.mean_party_size - 1.0, exp_minus_extra = std::exp(-extra_persons);
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n, 256), [&](const auto& r) {
    for (std::size_t i = r.begin(); i != r.end(); ++i) {
      const std::uint64_t id = (d << 24) | i;
      const Draws a = rng.draw(Stream::tourists, d, id, Purpose::party_attributes);
      const Draws b = rng.draw(Stream::tourists, d, id, Purpose::party_attributes, 1);
      std::size_t m = 0;
      for (double u = a.uniform(0), cumulative = p.markets[0].share; u > cumulative && m + 1 < p.markets.size();)
        cumulative += p.markets[++m].share;
      const SourceMarketSpec& market = p.markets[m];
      const int persons = std::min(p.max_party_size, 1 + poisson(extra_persons, exp_minus_extra, a.uniform(1)));
      const double spend = market.spend_index * std::exp(0.4 * a.normal(2) - 0.08);  // lognormal, mean ~1
      const bool car = b.uniform(0) <= market.car_share;
      const Draws c = rng.draw(Stream::tourists, d, id, Purpose::party_attributes, 2);
      const bool tea_lover = c.uniform(0) <= tea_probability;
      const std::size_t entry = entries.sample(tea_lover ? 1 : 0, c.uniform(1));
      const bool buys_tea = entries.is_tea_garden(entry) ? c.uniform(2) <= p.tea_garden_buyer_share
                                                         : tea_lover && b.uniform(3) <= p.tea_buyer_share;
      const double logit = p.overnight_intercept + p.overnight_per_100km * market.distance_km / 100.0 +
                           (day.holiday ? p.overnight_holiday : 0.0) + p.overnight_spend * std::log(spend);
      int nights = 0;
      if (b.uniform(1) <= 1.0 / (1.0 + std::exp(-logit))) {
        const double u = b.uniform(2);
        nights = u <= p.third_night_share ? 3 : u <= p.third_night_share + p.second_night_share ? 2 : 1;
      }
      const std::size_t k = first + i;
      parties.id[k] = id;
      parties.market[k] = static_cast<std::uint8_t>(m);
      parties.size[k] = static_cast<std::uint8_t>(persons);
      parties.spend_index[k] = static_cast<float>(spend);
      parties.car[k] = car ? 1 : 0;
      parties.interest[k] = tea_lover ? 1 : 0;
      parties.tea_buyer[k] = buys_tea ? 1 : 0;
      parties.nights[k] = static_cast<std::uint8_t>(nights);
      parties.entry[k] = static_cast<std::int16_t>(entry);
      parties.start[k] = static_cast<std::int32_t>(entries.village(entry));
    }
  });
  return n;
}

void plan_itineraries(TouristParties& parties, std::int64_t day_number, const TourismParams& p,
                      const DestinationChoice& choice, const RoadNetwork& roads, const RandomStreams& rng,
                      const AreaDemand* entries) {
  const auto d = static_cast<std::uint64_t>(day_number);
  const int max_visits = std::min(p.max_villages_per_day, kMaxVisitsPerDay);
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, parties.size_count(), 256), [&](const auto& r) {
    for (std::size_t i = r.begin(); i != r.end(); ++i) {
      std::int32_t* visits = &parties.visits[i * kMaxVisitsPerDay];
      int count = 0;
      std::size_t here = static_cast<std::size_t>(parties.start[i]);
      double hours = 0;
      // First day: the attraction that drew the party comes first.
      if (entries && parties.day_of_stay[i] == 0 && parties.entry[i] >= 0) {
        const AttractionSpec& a = entries->spec(static_cast<std::size_t>(parties.entry[i]));
        visits[count++] = parties.start[i];
        hours = a.visit_hours > 0 ? a.visit_hours : p.visit_hours;
      }
      // Up to 3 tries per slot so that an already visited village is redrawn;
      // each Philox draw gives four uniforms.
      Draws draw = rng.draw(Stream::tourists, d, parties.id[i], Purpose::itinerary, 0);
      for (std::uint32_t k = 0; count < max_visits && k < 3u * static_cast<std::uint32_t>(max_visits); ++k) {
        if (k > 0 && k % 4 == 0) draw = rng.draw(Stream::tourists, d, parties.id[i], Purpose::itinerary, k / 4);
        const std::size_t next = choice.sample(parties.interest[i], here, draw.uniform(static_cast<int>(k % 4)));
        if (std::find(visits, visits + count, static_cast<std::int32_t>(next)) != visits + count) continue;
        const double needed = roads.travel_minutes(here, next) / 60.0 + p.visit_hours;
        if (count > 0 && hours + needed > p.day_hours) break;
        hours += needed;
        visits[count++] = static_cast<std::int32_t>(next);
        here = next;
      }
      parties.visit_count[i] = static_cast<std::uint8_t>(count);
    }
  });
}

void end_of_day(TouristParties& parties) {
  std::vector<std::uint8_t> departs(parties.size_count(), 0);
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, parties.size_count(), 4096), [&](const auto& r) {
    for (std::size_t p = r.begin(); p != r.end(); ++p) {
      if (parties.day_of_stay[p] >= parties.nights[p]) {
        departs[p] = 1;
        continue;
      }
      ++parties.day_of_stay[p];
      parties.start[p] = parties.lodging[p];
    }
  });
  parties.remove_departed(departs);
}

}  // namespace yucun
