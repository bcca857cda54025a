// Destination choice: the cumulative logit tables give the analytic
// multinomial-logit shares, and sampling them reproduces those shares.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "sim/core/random_streams.hpp"
#include "sim/model/tourism/destination_choice.hpp"
#include "sim/world/road_network.hpp"

using namespace yucun;

namespace {

// A - B 10 min, B - C 20 min, C - D 5 min, A - D 60 min: the fastest A -> D
// runs through B and C (35 min), not the direct road.
const std::vector<std::vector<double>> kMinutes = {
    {0, 10, 30, 35},
    {10, 0, 20, 25},
    {30, 20, 0, 5},
    {35, 25, 5, 0},
};

std::vector<VillageSpec> four_villages() {
  std::vector<VillageSpec> out;
  for (const char* name : {"A", "B", "C", "D"}) {
    out.emplace_back();
    out.back().name = std::string(name);  // (string(...) sidesteps a GCC 12 -Wrestrict false positive)
    out.back().township = std::string(1, 'T');
  }
  return out;
}

RoadNetwork four_village_roads() {
  return RoadNetwork(four_villages(), {{"A", "B", 5, 10}, {"B", "C", 8, 20}, {"C", "D", 2, 5}, {"A", "D", 30, 60}});
}

TourismParams choice_params(double attractiveness_weight, double minutes_weight, double crowding_weight) {
  TourismParams p;
  p.choice_attractiveness = attractiveness_weight;
  p.choice_minutes = minutes_weight;
  p.choice_crowding = crowding_weight;
  return p;
}

// exp(U_v) / sum exp(U), straight from the model description.
std::vector<double> logit_shares(const TourismParams& p, std::size_t from, const std::vector<double>& attractiveness,
                                 const std::vector<double>& reputation, const std::vector<double>& crowding) {
  std::vector<double> out(attractiveness.size());
  double total = 0;
  for (std::size_t to = 0; to < out.size(); ++to) {
    const double u = p.choice_attractiveness * std::log(attractiveness[to] * reputation[to]) -
                     p.choice_minutes * kMinutes[from][to] - p.choice_crowding * std::max(0.0, crowding[to] - 1.0);
    out[to] = std::exp(u);
    total += out[to];
  }
  for (double& s : out) s /= total;
  return out;
}

const std::vector<double> kAttractiveness = {1.0, 0.6, 1.4, 0.8};
const std::vector<double> kReputation = {1.0, 0.9, 0.7, 1.2};
const std::vector<double> kCrowding = {0.4, 1.5, 2.2, 0.0};

}  // namespace

TEST_CASE("the hand-built network has the travel times the tests assume") {
  const RoadNetwork roads = four_village_roads();
  for (std::size_t a = 0; a < 4; ++a)
    for (std::size_t b = 0; b < 4; ++b) CHECK(roads.travel_minutes(a, b) == doctest::Approx(kMinutes[a][b]));
}

TEST_CASE("choice shares equal the analytic multinomial-logit probabilities") {
  const RoadNetwork roads = four_village_roads();
  const TourismParams p = choice_params(1.5, 0.08, 1.0);
  DestinationChoice choice(roads, kAttractiveness);
  choice.update(p, kReputation, kCrowding);
  for (std::size_t from = 0; from < 4; ++from) {
    CAPTURE(from);
    const auto expected = logit_shares(p, from, kAttractiveness, kReputation, kCrowding);
    double sum = 0;
    for (std::size_t to = 0; to < 4; ++to) {
      CAPTURE(to);
      CHECK(choice.probability(from, to) == doctest::Approx(expected[to]).epsilon(1e-12));
      sum += choice.probability(from, to);
    }
    CHECK(sum == doctest::Approx(1.0).epsilon(1e-12));
  }
  // Travel time matters: from A, nearby B beats far D although D is more
  // attractive and better reputed (checked against the analytic values above).
  CHECK(choice.probability(0, 1) > choice.probability(0, 3));
  CHECK(choice.probability(3, 3) > choice.probability(0, 3));
}

TEST_CASE("the tables are rebuilt from each day's reputation") {
  const RoadNetwork roads = four_village_roads();
  const TourismParams p = choice_params(1.5, 0.08, 1.0);
  DestinationChoice choice(roads, kAttractiveness);
  choice.update(p, kReputation, kCrowding);
  const double before = choice.probability(1, 2);
  std::vector<double> reputation = kReputation;
  reputation[2] *= 2;
  choice.update(p, reputation, kCrowding);
  CHECK(choice.probability(1, 2) > before);
  const auto expected = logit_shares(p, 1, kAttractiveness, reputation, kCrowding);
  for (std::size_t to = 0; to < 4; ++to) CHECK(choice.probability(1, to) == doctest::Approx(expected[to]).epsilon(1e-12));
}

TEST_CASE("sampling stratified uniforms reproduces the shares to within 1/N") {
  const RoadNetwork roads = four_village_roads();
  const TourismParams p = choice_params(1.5, 0.08, 1.0);
  DestinationChoice choice(roads, kAttractiveness);
  choice.update(p, kReputation, kCrowding);
  constexpr int kDraws = 100'000;
  for (std::size_t from = 0; from < 4; ++from) {
    std::vector<int> hits(4, 0);
    for (int k = 0; k < kDraws; ++k) ++hits[choice.sample(from, (k + 0.5) / kDraws)];
    for (std::size_t to = 0; to < 4; ++to) {
      CAPTURE(from);
      CAPTURE(to);
      CHECK(std::abs(hits[to] / double(kDraws) - choice.probability(from, to)) <= 1.0 / kDraws + 1e-12);
    }
  }
  // The ends of (0, 1] map to the first and the last village.
  CHECK(choice.sample(0, 1e-300) == 0);
  CHECK(choice.sample(0, 1.0) == 3);
}

TEST_CASE("sampling random draws reproduces the shares within binomial noise") {
  const RoadNetwork roads = four_village_roads();
  const TourismParams p = choice_params(1.5, 0.08, 1.0);
  DestinationChoice choice(roads, kAttractiveness);
  choice.update(p, kReputation, kCrowding);
  const RandomStreams rng(2024, 0);
  constexpr std::uint64_t kDraws = 400'000;  // 100'000 Philox blocks of four uniforms
  for (std::size_t from = 0; from < 4; ++from) {
    std::vector<double> hits(4, 0);
    for (std::uint64_t k = 0; k < kDraws / 4; ++k) {
      const Draws d = rng.draw(Stream::tourists, from, k, Purpose::itinerary);
      for (int i = 0; i < 4; ++i) ++hits[choice.sample(from, d.uniform(i))];
    }
    for (std::size_t to = 0; to < 4; ++to) {
      const double share = choice.probability(from, to);
      const double sigma = std::sqrt(share * (1 - share) / kDraws);
      CAPTURE(from);
      CAPTURE(to);
      CHECK(std::abs(hits[to] / kDraws - share) <= 5 * sigma);
      CHECK(std::abs(hits[to] / kDraws - share) <= 0.003);
    }
  }
}

TEST_CASE("crowding above capacity lowers a village's share, crowding below it does nothing") {
  const RoadNetwork roads = four_village_roads();
  const TourismParams p = choice_params(1.5, 0.08, 1.0);
  DestinationChoice calm(roads, kAttractiveness), crowded(roads, kAttractiveness), light(roads, kAttractiveness),
      packed(roads, kAttractiveness);
  const std::vector<double> reputation(4, 1.0);
  calm.update(p, reputation, {0, 0, 0, 0});
  light.update(p, reputation, {0, 0.99, 0, 0});
  crowded.update(p, reputation, {0, 1.5, 0, 0});
  packed.update(p, reputation, {0, 3.0, 0, 0});
  for (std::size_t from = 0; from < 4; ++from) {
    CAPTURE(from);
    CHECK(light.probability(from, 1) == doctest::Approx(calm.probability(from, 1)).epsilon(1e-12));
    CHECK(crowded.probability(from, 1) < calm.probability(from, 1));
    CHECK(packed.probability(from, 1) < crowded.probability(from, 1));
    // The others gain.
    for (std::size_t to : {0u, 2u, 3u}) CHECK(crowded.probability(from, to) > calm.probability(from, to));
    // Crowding of 1.5 costs exactly 0.5 utility: the odds against any other village fall by e^-0.5.
    const double odds_calm = calm.probability(from, 1) / calm.probability(from, 0);
    const double odds_crowded = crowded.probability(from, 1) / crowded.probability(from, 0);
    CHECK(odds_crowded / odds_calm == doctest::Approx(std::exp(-0.5)).epsilon(1e-10));
  }
}

TEST_CASE("without travel-time weight, shares are proportional to (attractiveness x reputation)^b") {
  const RoadNetwork roads = four_village_roads();
  for (double b : {0.5, 1.0, 1.5, 3.0}) {
    CAPTURE(b);
    const TourismParams p = choice_params(b, 0.0, 1.0);
    DestinationChoice choice(roads, kAttractiveness);
    const std::vector<double> no_crowding(4, 0.0);
    choice.update(p, kReputation, no_crowding);
    double total = 0;
    for (std::size_t v = 0; v < 4; ++v) total += std::pow(kAttractiveness[v] * kReputation[v], b);
    for (std::size_t from = 0; from < 4; ++from)
      for (std::size_t to = 0; to < 4; ++to) {
        CAPTURE(from);
        CAPTURE(to);
        CHECK(choice.probability(from, to) ==
              doctest::Approx(std::pow(kAttractiveness[to] * kReputation[to], b) / total).epsilon(1e-12));
      }
  }
  // With b = 0 as well, every village is equally likely.
  DestinationChoice flat(roads, kAttractiveness);
  flat.update(choice_params(0.0, 0.0, 0.0), kReputation, kCrowding);
  for (std::size_t to = 0; to < 4; ++to) CHECK(flat.probability(2, to) == doctest::Approx(0.25).epsilon(1e-12));
}

TEST_CASE("extreme utilities neither overflow nor lose the favourite") {
  const RoadNetwork roads = four_village_roads();
  TourismParams p = choice_params(1.5, 100.0, 1.0);  // 100 utility units a minute: only staying put counts
  DestinationChoice choice(roads, kAttractiveness);
  choice.update(p, kReputation, std::vector<double>(4, 0.0));
  for (std::size_t from = 0; from < 4; ++from) {
    CHECK(choice.probability(from, from) == doctest::Approx(1.0).epsilon(1e-12));
    CHECK(choice.sample(from, 0.5) == from);
  }
}

TEST_CASE("a visitor segment's bonus adds to its utilities and the general segment is unchanged") {
  const RoadNetwork roads = four_village_roads();
  const TourismParams p = choice_params(1.5, 0.08, 1.0);
  const std::vector<double> bonus = {0.0, 0.7, 1.2, -0.3};
  DestinationChoice plain(roads, kAttractiveness);
  DestinationChoice segmented(roads, kAttractiveness, {bonus});
  CHECK(plain.segments() == 1);
  CHECK(segmented.segments() == 2);
  plain.update(p, kReputation, kCrowding);
  segmented.update(p, kReputation, kCrowding);
  for (std::size_t from = 0; from < 4; ++from) {
    CAPTURE(from);
    auto expected = logit_shares(p, from, kAttractiveness, kReputation, kCrowding);
    double total = 0;
    for (std::size_t to = 0; to < 4; ++to) total += expected[to] *= std::exp(bonus[to]);
    for (std::size_t to = 0; to < 4; ++to) {
      CAPTURE(to);
      CHECK(segmented.probability(0, from, to) == doctest::Approx(plain.probability(from, to)).epsilon(1e-12));
      CHECK(segmented.probability(1, from, to) == doctest::Approx(expected[to] / total).epsilon(1e-12));
    }
    // Sampling reads the segment's own table.
    std::vector<int> hits(4, 0);
    constexpr int kDraws = 20'000;
    for (int k = 0; k < kDraws; ++k) ++hits[segmented.sample(1, from, (k + 0.5) / kDraws)];
    for (std::size_t to = 0; to < 4; ++to)
      CHECK(std::abs(hits[to] / double(kDraws) - segmented.probability(1, from, to)) <= 1.0 / kDraws + 1e-12);
  }
}

TEST_CASE("rows filled in any order, on any day, hold the same shares (row slots are reused daily)") {
  const RoadNetwork roads = four_village_roads();
  const TourismParams p = choice_params(1.5, 0.08, 1.0);
  DestinationChoice forward(roads, kAttractiveness), backward(roads, kAttractiveness);
  std::vector<double> reputation = kReputation;
  for (int day = 0; day < 3; ++day) {
    reputation[static_cast<std::size_t>(day)] *= 1.5;
    forward.update(p, reputation, kCrowding);
    backward.update(p, reputation, kCrowding);
    // Today only some rows are used, in opposite orders, so the rows land in
    // different slots of the day's table.
    const std::vector<std::size_t> used = day == 1 ? std::vector<std::size_t>{2} : std::vector<std::size_t>{0, 1, 3};
    for (std::size_t from : used) (void)forward.sample(from, 0.5);
    for (auto it = used.rbegin(); it != used.rend(); ++it) (void)backward.sample(*it, 0.5);
    CHECK(forward.rows_filled() == used.size());
    for (std::size_t from : used) {
      const auto expected = logit_shares(p, from, kAttractiveness, reputation, kCrowding);
      for (std::size_t to = 0; to < 4; ++to) {
        CHECK(forward.probability(from, to) == backward.probability(from, to));
        CHECK(forward.probability(from, to) == doctest::Approx(expected[to]).epsilon(1e-12));
      }
      for (double u : {1e-9, 0.3, 0.7, 1.0}) CHECK(forward.sample(from, u) == backward.sample(from, u));
    }
  }
}
