// Priors of calibrated parameters: independent per parameter, each uniform,
// log-uniform or a normal truncated to [lo, hi]. ABC-SMC perturbs particles in
// a kernel space where a log-uniform parameter is its logarithm, so that its
// kernel is scale-free; the densities here are of that space.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <utility>

#include "sim/core/enum_names.hpp"

namespace yucun::calibration {

enum class PriorKind { uniform, log_uniform, normal };

// uniform and log_uniform: on [lo, hi] (finite; lo > 0 for log_uniform).
// normal: N(mean, sd^2) truncated to [lo, hi]; either bound may be infinite.
struct Prior {
  PriorKind kind = PriorKind::uniform;
  double lo = 0, hi = 1;
  double mean = 0, sd = 1;
};

// Why a prior cannot be used, in words; empty when it can.
std::string prior_problem(const Prior& prior);

// x = log(theta) for log_uniform, theta otherwise. from_kernel_space keeps
// the result within [lo, hi] (exp(log(hi)) may round past hi).
double to_kernel_space(const Prior& prior, double theta);
double from_kernel_space(const Prior& prior, double x);
// The support [lo, hi] in kernel space.
double kernel_lo(const Prior& prior);
double kernel_hi(const Prior& prior);

// The density of x = to_kernel_space(theta) (for log_uniform with the
// Jacobian theta, so uniform in x); 0 outside the support.
double prior_density_kernel_space(const Prior& prior, double x);

// theta from u in (0, 1) by the inverse distribution function (the truncated
// normal's too, accurate far into either tail); u = 0 and 1 give lo and hi.
double sample_prior(const Prior& prior, double u);

// The standard normal distribution function and its inverse (0 < p < 1),
// both to near double precision.
double normal_cdf(double z);
double normal_quantile(double p);

}  // namespace yucun::calibration

template <> struct yucun::EnumNames<yucun::calibration::PriorKind> {
  static constexpr std::string_view noun = "prior";
  static constexpr std::string_view list_label = "one of";
  static constexpr std::array<std::pair<std::string_view, calibration::PriorKind>, 3> names{{
      {"uniform", calibration::PriorKind::uniform},
      {"log_uniform", calibration::PriorKind::log_uniform},
      {"normal", calibration::PriorKind::normal},
  }};
};
