#include "sim/io/output/statistics.hpp"

#include <algorithm>
#include <cmath>
#include <vector>
#include <limits>

namespace yucun::output {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Continued fraction of I_x(a, b) (modified Lentz, as in Numerical Recipes'
// betacf), converging fast for x < (a + 1) / (a + b + 2).
double beta_fraction(double a, double b, double x) {
  constexpr double tiny = 1e-300, eps = 1e-16;
  const double qab = a + b, qap = a + 1, qam = a - 1;
  double c = 1, d = 1 - qab * x / qap;
  if (std::fabs(d) < tiny) d = tiny;
  d = 1 / d;
  double h = d;
  // Terms needed grow like sqrt(max(a, b)); the bound is generous.
  const int max_terms = 1000 + static_cast<int>(10 * std::sqrt(std::max(a, b)));
  for (int m = 1; m <= max_terms; ++m) {
    const double m2 = 2.0 * m;
    double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (std::fabs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (std::fabs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (std::fabs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (std::fabs(c) < tiny) c = tiny;
    d = 1 / d;
    const double delta = d * c;
    h *= delta;
    if (std::fabs(delta - 1) < eps) break;
  }
  return h;
}

// I_x(a, b) with y = 1 - x given separately (exact where x is close to 1).
double incomplete_beta_xy(double a, double b, double x, double y) {
  if (x <= 0) return 0;
  if (y <= 0) return 1;
  const double log_front = std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) + a * std::log(x) + b * std::log(y);
  const double front = std::exp(log_front);
  if (x < (a + 1) / (a + b + 2)) return front * beta_fraction(a, b, x) / a;
  return 1 - front * beta_fraction(b, a, y) / b;
}

// P(T > t) for t >= 0: half of I_{df/(df+t²)}(df/2, 1/2).
double upper_tail(double t, double df) {
  const double t2 = t * t;
  const double x = df / (df + t2), y = t2 / (df + t2);
  return 0.5 * incomplete_beta_xy(df / 2, 0.5, x, y);
}

double density(double t, double df) {
  const double log_c = std::lgamma((df + 1) / 2) - std::lgamma(df / 2) - 0.5 * std::log(df * M_PI);
  return std::exp(log_c - (df + 1) / 2 * std::log1p(t * t / df));
}

}  // namespace

double incomplete_beta(double a, double b, double x) {
  if (!(a > 0) || !(b > 0) || !(x >= 0) || !(x <= 1)) return kNaN;
  return incomplete_beta_xy(a, b, x, 1 - x);
}

double student_t_cdf(double t, double df) {
  if (!(df > 0) || std::isnan(t)) return kNaN;
  if (std::isinf(t)) return t > 0 ? 1 : 0;
  const double tail = upper_tail(std::fabs(t), df);
  return t >= 0 ? 1 - tail : tail;
}

double student_t_quantile(double p, double df) {
  if (!(df > 0) || !(p > 0) || !(p < 1)) return kNaN;
  if (p == 0.5) return 0;
  if (p < 0.5) return -student_t_quantile(1 - p, df);
  // Solve P(T > t) = 1 - p for t > 0: bracket the root, then Newton steps
  // kept inside the bracket (bisection where a step would leave it).
  const double target = 1 - p;
  double lo = 0, hi = 1;
  while (upper_tail(hi, df) > target) {
    lo = hi;
    hi *= 2;
    if (hi > 1e300) return std::numeric_limits<double>::infinity();
  }
  double t = (lo + hi) / 2;
  for (int i = 0; i < 200; ++i) {
    const double g = upper_tail(t, df) - target;  // decreasing in t
    if (g == 0) break;
    if (g > 0) lo = t;
    else hi = t;
    double next = t + g / density(t, df);
    if (!(next > lo && next < hi)) next = (lo + hi) / 2;
    if (std::fabs(next - t) <= 1e-15 * std::fabs(t) || hi - lo <= 1e-15 * hi) {
      t = next;
      break;
    }
    t = next;
  }
  return t;
}

MeanInterval mean_interval(std::span<const double> sample, double level) {
  MeanInterval out;
  out.n = sample.size();
  if (sample.empty()) {
    out.mean = out.low = out.high = kNaN;
    return out;
  }
  double sum = 0;
  for (double v : sample) sum += v;
  out.mean = sum / static_cast<double>(out.n);
  if (out.n < 2) {
    out.low = out.high = kNaN;
    return out;
  }
  double squares = 0;
  for (double v : sample) squares += (v - out.mean) * (v - out.mean);
  const double n = static_cast<double>(out.n);
  const double half = student_t_quantile(1 - (1 - level) / 2, n - 1) * std::sqrt(squares / (n - 1)) / std::sqrt(n);
  out.low = out.mean - half;
  out.high = out.mean + half;
  return out;
}

DifferenceInterval paired_interval(std::span<const double> a, std::span<const double> b, double level) {
  std::vector<double> d(a.size());
  for (std::size_t i = 0; i < a.size(); ++i) d[i] = b[i] - a[i];
  const MeanInterval m = mean_interval(d, level);
  return DifferenceInterval{m.mean, m.low, m.high, a.size() >= 2 ? static_cast<double>(a.size() - 1) : kNaN};
}

DifferenceInterval welch_interval(std::span<const double> a, std::span<const double> b, double level) {
  DifferenceInterval out;
  const MeanInterval ma = mean_interval(a, level), mb = mean_interval(b, level);
  out.diff = mb.mean - ma.mean;
  if (a.size() < 2 || b.size() < 2) {
    out.low = out.high = out.df = kNaN;
    return out;
  }
  auto variance_of_mean = [](std::span<const double> x, double mean) {
    double squares = 0;
    for (double v : x) squares += (v - mean) * (v - mean);
    const double n = static_cast<double>(x.size());
    return squares / (n - 1) / n;
  };
  const double va = variance_of_mean(a, ma.mean), vb = variance_of_mean(b, mb.mean);
  const double se2 = va + vb;
  if (se2 == 0) {
    out.low = out.high = out.diff;
    out.df = std::numeric_limits<double>::infinity();
    return out;
  }
  const double na = static_cast<double>(a.size()), nb = static_cast<double>(b.size());
  out.df = se2 * se2 / (va * va / (na - 1) + vb * vb / (nb - 1));
  const double half = student_t_quantile(1 - (1 - level) / 2, out.df) * std::sqrt(se2);
  out.low = out.diff - half;
  out.high = out.diff + half;
  return out;
}

}  // namespace yucun::output
