#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "sim/io/output/statistics.hpp"

using namespace yucun::output;

TEST_CASE("Student-t quantiles match the published table and closed forms") {
  CHECK(student_t_quantile(0.975, 1) == doctest::Approx(12.706204736).epsilon(1e-9));
  CHECK(student_t_quantile(0.975, 2) == doctest::Approx(4.302652730).epsilon(1e-9));
  CHECK(student_t_quantile(0.975, 4) == doctest::Approx(2.776445105).epsilon(1e-9));
  CHECK(student_t_quantile(0.975, 10) == doctest::Approx(2.228138852).epsilon(1e-9));
  CHECK(student_t_quantile(0.975, 30) == doctest::Approx(2.042272456).epsilon(1e-9));
  CHECK(student_t_quantile(0.975, 1000) == doctest::Approx(1.962339081).epsilon(1e-9));
  CHECK(student_t_quantile(0.995, 5) == doctest::Approx(4.032142984).epsilon(1e-9));
  CHECK(student_t_quantile(0.95, 3) == doctest::Approx(2.353363435).epsilon(1e-9));
  // Large df tends to the normal quantile 1.959963985.
  CHECK(student_t_quantile(0.975, 1e6) == doctest::Approx(1.959966).epsilon(1e-6));
  // df = 1 is the Cauchy distribution, df = 2 has a closed form too.
  for (double p : {0.51, 0.6, 0.75, 0.9, 0.975, 0.999}) {
    CHECK(student_t_quantile(p, 1) == doctest::Approx(std::tan(M_PI * (p - 0.5))).epsilon(1e-12));
    CHECK(student_t_quantile(p, 2) == doctest::Approx((2 * p - 1) / std::sqrt(2 * p * (1 - p))).epsilon(1e-12));
    CHECK(student_t_quantile(1 - p, 7) == doctest::Approx(-student_t_quantile(p, 7)).epsilon(1e-14));
  }
  // Non-integer df (Welch) and the distribution function round trip.
  for (double df : {0.7, 2.5, 5.52, 17.3, 250.0})
    for (double p : {0.6, 0.9, 0.975})
      CHECK(student_t_cdf(student_t_quantile(p, df), df) == doctest::Approx(p).epsilon(1e-12));
  CHECK(student_t_quantile(0.5, 3) == 0);
  CHECK(std::isnan(student_t_quantile(0.975, 0)));
  CHECK(std::isnan(student_t_quantile(1.0, 3)));
  CHECK(incomplete_beta(2, 3, 0.4) == doctest::Approx(0.5248).epsilon(1e-12));  // 1 - (1-x)^4 - 4x(1-x)^3
}

TEST_CASE("mean intervals and Welch's interval of a difference") {
  const std::vector<double> a{10, 20, 30}, b{40, 50, 60};
  const MeanInterval ma = mean_interval(a);
  CHECK(ma.n == 3);
  CHECK(ma.mean == doctest::Approx(20));
  // s = 10, t(0.975, 2) = 4.3027: 20 ± 24.841
  CHECK(ma.high - ma.mean == doctest::Approx(4.302652730 * 10 / std::sqrt(3.0)).epsilon(1e-9));
  // Equal variances and sizes: Welch's df = 2 (n - 1) = 4; R's t.test(b, a) gives 7.330 to 52.670.
  const DifferenceInterval d = welch_interval(a, b);
  CHECK(d.diff == doctest::Approx(30));
  CHECK(d.df == doctest::Approx(4));
  CHECK(d.low == doctest::Approx(7.330).epsilon(1e-4));
  CHECK(d.high == doctest::Approx(52.670).epsilon(1e-4));
  // Unequal variances and sizes: the Welch-Satterthwaite df.
  const std::vector<double> c{1, 2, 3, 4}, e{2, 4, 6, 8, 10};
  const DifferenceInterval w = welch_interval(c, e);
  const double vc = (5.0 / 3) / 4, ve = 10.0 / 5;
  CHECK(w.df == doctest::Approx((vc + ve) * (vc + ve) / (vc * vc / 3 + ve * ve / 4)).epsilon(1e-12));
  CHECK(w.df == doctest::Approx(5.5208).epsilon(1e-4));
  CHECK(w.high - w.diff == doctest::Approx(student_t_quantile(0.975, w.df) * std::sqrt(vc + ve)).epsilon(1e-12));
  // One replicate: no interval; no spread: the interval is the difference itself.
  const std::vector<double> one{5};
  CHECK(std::isnan(mean_interval(one).low));
  CHECK(std::isnan(welch_interval(one, b).low));
  CHECK(welch_interval(one, b).diff == doctest::Approx(45));
  const std::vector<double> flat{3, 3, 3}, flat2{4, 4};
  const DifferenceInterval f = welch_interval(flat, flat2);
  CHECK(f.low == 1);
  CHECK(f.high == 1);
}

TEST_CASE("paired interval: the t interval of per-pair differences; shared noise cancels") {
  // Each pair shares a large common term (a replicate's random streams); the
  // differences are 100, 120, 80, 100: mean 100, sd sqrt(800/3).
  const std::vector<double> a = {40000, 41000, 42000, 43000};
  const std::vector<double> b = {40100, 41120, 42080, 43100};
  const auto d = yucun::output::paired_interval(a, b);
  const double half = 3.182446305284263 * std::sqrt(800.0 / 3) / 2;
  CHECK(d.diff == doctest::Approx(100));
  CHECK(d.low == doctest::Approx(100 - half));
  CHECK(d.high == doctest::Approx(100 + half));
  CHECK(d.df == 3);
  // Welch on the same numbers sees two samples of sd ~1300: the difference is noise to it.
  const auto w = yucun::output::welch_interval(a, b);
  CHECK(w.low < 0);
  CHECK(w.high > 0);
  CHECK(std::isnan(yucun::output::paired_interval(std::vector<double>{1}, std::vector<double>{2}).low));
}
