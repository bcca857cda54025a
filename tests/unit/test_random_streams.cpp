#include <doctest/doctest.h>

#include <cmath>

#include "sim/core/random_streams.hpp"

using namespace yucun;

TEST_CASE("draws are pure functions of key and counter") {
  const RandomStreams a(42, 0), b(42, 0);
  const auto x = a.draw(Stream::population, 10, 5, Purpose::tea_plot);
  const auto y = b.draw(Stream::population, 10, 5, Purpose::tea_plot);
  for (int i = 0; i < 4; ++i) CHECK(x.word(i) == y.word(i));
  // Changing any part of the key or counter changes the draw.
  CHECK(RandomStreams(43, 0).draw(Stream::population, 10, 5, Purpose::tea_plot).word(0) != x.word(0));
  CHECK(RandomStreams(42, 1).draw(Stream::population, 10, 5, Purpose::tea_plot).word(0) != x.word(0));
  CHECK(a.draw(Stream::harvest, 10, 5, Purpose::tea_plot).word(0) != x.word(0));
  CHECK(a.draw(Stream::population, 11, 5, Purpose::tea_plot).word(0) != x.word(0));
  CHECK(a.draw(Stream::population, 10, 6, Purpose::tea_plot).word(0) != x.word(0));
  CHECK(a.draw(Stream::population, 10, 5, Purpose::savings).word(0) != x.word(0));
  CHECK(a.draw(Stream::population, 10, 5, Purpose::tea_plot, 1).word(0) != x.word(0));
}

TEST_CASE("uniform and normal variates have the right moments") {
  const RandomStreams rng(7, 0);
  const int n = 200'000;
  double sum = 0, sum_sq = 0, normal_sum = 0, normal_sq = 0;
  double lo = 1, hi = 0;
  for (int i = 0; i < n; ++i) {
    const auto d = rng.draw(Stream::population, 0, static_cast<std::uint64_t>(i), Purpose::household_size);
    const double u = d.uniform(0);
    lo = std::min(lo, u);
    hi = std::max(hi, u);
    sum += u;
    sum_sq += u * u;
    const double z = d.normal(2);
    normal_sum += z;
    normal_sq += z * z;
  }
  CHECK(lo > 0.0);
  CHECK(hi <= 1.0);
  CHECK(sum / n == doctest::Approx(0.5).epsilon(0.01));
  CHECK(sum_sq / n - (sum / n) * (sum / n) == doctest::Approx(1.0 / 12).epsilon(0.02));
  CHECK(std::abs(normal_sum / n) < 0.01);
  CHECK(normal_sq / n == doctest::Approx(1.0).epsilon(0.02));
}
