#include "sim/experiments/calibration/prior.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

#include <fmt/format.h>

namespace yucun::calibration {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// The truncated normal's standardised bounds a, b.
std::pair<double, double> standard_bounds(const Prior& p) { return {(p.lo - p.mean) / p.sd, (p.hi - p.mean) / p.sd}; }

// Phi(b) - Phi(a), from the tail where the mass lies, so that a truncation
// far right of the mean does not lose it to 1 - 1.
double normal_mass(double a, double b) { return a > 0 ? normal_cdf(-a) - normal_cdf(-b) : normal_cdf(b) - normal_cdf(a); }

// A standard normal truncated to [a, b] (a <= 0 or a tail on the left), by the inverse CDF.
double truncated_standard_normal(double a, double b, double u) {
  const double pa = normal_cdf(a), pb = normal_cdf(b);
  const double p = pa + u * (pb - pa);
  if (p <= 0) return a;
  if (p >= 1) return b;
  return std::clamp(normal_quantile(p), a, b);
}

}  // namespace

std::string prior_problem(const Prior& p) {
  switch (p.kind) {
    case PriorKind::uniform:
    case PriorKind::log_uniform:
      if (!std::isfinite(p.lo) || !std::isfinite(p.hi)) return fmt::format("bounds [{}, {}] must be finite", p.lo, p.hi);
      if (!(p.lo < p.hi)) return fmt::format("lo ({}) must be below hi ({})", p.lo, p.hi);
      if (p.kind == PriorKind::log_uniform && !(p.lo > 0))
        return fmt::format("a log-uniform prior needs lo > 0 (lo is {})", p.lo);
      return {};
    case PriorKind::normal: {
      if (!std::isfinite(p.mean)) return fmt::format("mean ({}) must be finite", p.mean);
      if (!std::isfinite(p.sd) || !(p.sd > 0)) return fmt::format("sd ({}) must be finite and above 0", p.sd);
      if (std::isnan(p.lo) || std::isnan(p.hi) || !(p.lo < p.hi))
        return fmt::format("lo ({}) must be below hi ({})", p.lo, p.hi);
      const auto [a, b] = standard_bounds(p);
      if (!(normal_mass(a, b) > 1e-300))
        return fmt::format("[{}, {}] holds no mass of N({}, {}^2)", p.lo, p.hi, p.mean, p.sd);
      return {};
    }
  }
  return "unknown prior kind";
}

double to_kernel_space(const Prior& p, double theta) { return p.kind == PriorKind::log_uniform ? std::log(theta) : theta; }

double from_kernel_space(const Prior& p, double x) {
  if (p.kind != PriorKind::log_uniform) return x;
  return std::clamp(std::exp(x), p.lo, p.hi);
}

double kernel_lo(const Prior& p) { return p.kind == PriorKind::log_uniform ? std::log(p.lo) : p.lo; }
double kernel_hi(const Prior& p) { return p.kind == PriorKind::log_uniform ? std::log(p.hi) : p.hi; }

double prior_density_kernel_space(const Prior& p, double x) {
  if (!(x >= kernel_lo(p) && x <= kernel_hi(p))) return 0;  // NaN too
  switch (p.kind) {
    case PriorKind::uniform:
    case PriorKind::log_uniform:
      return 1.0 / (kernel_hi(p) - kernel_lo(p));
    case PriorKind::normal: {
      const auto [a, b] = standard_bounds(p);
      const double z = (x - p.mean) / p.sd;
      return std::exp(-0.5 * z * z) / (std::sqrt(2 * std::numbers::pi) * p.sd * normal_mass(a, b));
    }
  }
  return 0;
}

double sample_prior(const Prior& p, double u) {
  u = std::clamp(u, 0.0, 1.0);
  switch (p.kind) {
    case PriorKind::uniform:
      return std::clamp(p.lo + u * (p.hi - p.lo), p.lo, p.hi);
    case PriorKind::log_uniform:
      return from_kernel_space(p, kernel_lo(p) + u * (kernel_hi(p) - kernel_lo(p)));
    case PriorKind::normal: {
      const auto [a, b] = standard_bounds(p);
      // Right of the mean, mirror so the inverse CDF works in the left tail,
      // where Phi keeps its precision.
      const double z = a > 0 ? -truncated_standard_normal(-b, -a, 1 - u) : truncated_standard_normal(a, b, u);
      return std::clamp(p.mean + p.sd * z, p.lo, p.hi);
    }
  }
  return p.lo;
}

double normal_cdf(double z) { return 0.5 * std::erfc(-z / std::numbers::sqrt2); }

// Acklam's rational approximation (relative error 1.15e-9), then one step of
// Halley's method on erfc, which brings it to near double precision.
double normal_quantile(double p) {
  if (!(p > 0)) return -kInf;
  if (!(p < 1)) return kInf;
  static constexpr double a[] = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                                 1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
  static constexpr double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                                 6.680131188771972e+01,  -1.328068155288572e+01};
  static constexpr double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                                 -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
  static constexpr double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                                 3.754408661907416e+00};
  constexpr double p_low = 0.02425;
  double x;
  if (p < p_low || p > 1 - p_low) {
    const double q = std::sqrt(-2 * std::log(p < p_low ? p : 1 - p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    if (p > 1 - p_low) x = -x;
  } else {
    const double q = p - 0.5, r = q * q;
    x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
        (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  }
  const double e = normal_cdf(x) - p;
  const double u = e * std::sqrt(2 * std::numbers::pi) * std::exp(0.5 * x * x);
  return x - u / (1 + 0.5 * x * u);
}

}  // namespace yucun::calibration
