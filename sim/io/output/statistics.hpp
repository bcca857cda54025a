// Small-sample statistics for comparing scenarios across replicates: the
// Student-t quantile, mean intervals and Welch's interval of a difference.
#pragma once

#include <cstddef>
#include <span>

namespace yucun::output {

// The regularized incomplete beta function I_x(a, b), a, b > 0, 0 <= x <= 1.
double incomplete_beta(double a, double b, double x);

// Student's t distribution with `df` > 0 degrees of freedom (any real df,
// as Welch's interval needs): distribution function and p-quantile, 0 < p < 1.
// NaN for arguments out of range.
double student_t_cdf(double t, double df);
double student_t_quantile(double p, double df);

// The mean of a sample and its confidence interval mean ± t(1 - (1 - level)/2, n - 1) s / sqrt(n);
// the interval is NaN with fewer than two values, the mean too with none.
struct MeanInterval {
  std::size_t n = 0;
  double mean = 0, low = 0, high = 0;
};
MeanInterval mean_interval(std::span<const double> sample, double level = 0.95);

// mean(b) - mean(a) and its Welch interval, with the Welch-Satterthwaite
// degrees of freedom. NaN interval (and df) when either sample has fewer than
// two values; with no spread in either sample the interval is the difference itself.
struct DifferenceInterval {
  double diff = 0, low = 0, high = 0, df = 0;
};
DifferenceInterval welch_interval(std::span<const double> a, std::span<const double> b, double level = 0.95);

// mean(b - a) over pairs (a[i], b[i]) and the paired t interval, n - 1
// degrees of freedom: for replicates that share their random streams (common
// random numbers), where the pairs' shared noise cancels. a and b must have
// the same length; NaN interval with fewer than two pairs.
DifferenceInterval paired_interval(std::span<const double> a, std::span<const double> b, double level = 0.95);

}  // namespace yucun::output
