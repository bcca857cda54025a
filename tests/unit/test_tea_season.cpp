#include <doctest/doctest.h>

#include <numeric>
#include <set>

#include "sim/model/tea/tea_market.hpp"

using namespace yucun;

TEST_CASE("harvest windows open within the configured days each year") {
  TeaParams p;
  const TeaSeason season(p, 2023, 2042, 3, RandomStreams(11, 0));
  REQUIRE(season.windows().size() == 20);
  std::set<int> opening_days;
  for (const auto& w : season.windows()) {
    CHECK(w.first >= p.harvest.open_earliest.in_year(w.first.year()));
    CHECK(w.first <= p.harvest.open_latest.in_year(w.first.year()));
    CHECK(w.length_days == p.harvest.length_days);
    CHECK((w.last().month() == 4 || w.last().month() == 3));
    opening_days.insert(static_cast<int>(w.first.day()));
  }
  CHECK(opening_days.size() > 3);  // the opening varies from year to year
}

TEST_CASE("leaf price: opening and second-day prices, then decay towards the floor") {
  TeaParams p;  // 520, 360, floor 140 by default
  const TeaSeason season(p, 2023, 2023, 1, RandomStreams(1, 0));
  CHECK(season.leaf_price_fen_per_kg(0) == doctest::Approx(52000));
  CHECK(season.leaf_price_fen_per_kg(1) == doctest::Approx(36000));
  for (int d = 1; d < p.harvest.length_days; ++d) {
    CHECK(season.leaf_price_fen_per_kg(d) < season.leaf_price_fen_per_kg(d - 1));
    CHECK(season.leaf_price_fen_per_kg(d) > p.price.floor_yuan_per_kg * 100);
  }
  // Dry tea: leaf cost per kg of dry tea plus the markup.
  CHECK(season.dry_price_fen_per_kg(0) == doctest::Approx(52000 * 4.5 * 1.25));
}

TEST_CASE("the ready-leaf hump sums to one and peaks mid-window") {
  TeaParams p;
  const TeaSeason season(p, 2023, 2023, 1, RandomStreams(1, 0));
  double total = 0;
  for (int d = 0; d < p.harvest.length_days; ++d) total += season.ready_share(d);
  CHECK(total == doctest::Approx(1.0));
  CHECK(season.ready_share(p.harvest.length_days / 2) > season.ready_share(0));
  CHECK(season.ready_share(0) == doctest::Approx(season.ready_share(p.harvest.length_days - 1)));
  // Fresh leaf per mu over the season averages the potential yield.
  std::vector<double> per_mu;
  double season_kg = 0;
  for (int d = 0; d < p.harvest.length_days; ++d) {
    season.fresh_kg_per_mu(2023, d, per_mu);
    season_kg += per_mu[0];
  }
  CHECK(season_kg == doctest::Approx(p.yield.dry_kg_per_mu * p.yield.fresh_to_dry_ratio).epsilon(0.35));
}
