#include "sim/experiments/calibration/posterior.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "sim/experiments/design.hpp"

namespace yucun::calibration {

std::size_t posterior_mode(const Generation& g, const std::vector<Prior>& priors) {
  const std::size_t n = g.particles.size();
  if (n == 0) return 0;
  const std::size_t k = priors.size();
  std::vector<std::vector<double>> x(n, std::vector<double>(k));
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < k; ++j) x[i][j] = to_kernel_space(priors[j], g.particles[i].theta[j]);
  // Scott's rule with the effective sample size: h_j = sd_j n_eff^(-1/(k+4)).
  double w2 = 0;
  for (const auto& p : g.particles) w2 += p.weight * p.weight;
  const double n_eff = w2 > 0 ? 1.0 / w2 : static_cast<double>(n);
  std::vector<double> h(k, 1.0);
  for (std::size_t j = 0; j < k; ++j) {
    double mean = 0, var = 0;
    for (std::size_t i = 0; i < n; ++i) mean += g.particles[i].weight * x[i][j];
    for (std::size_t i = 0; i < n; ++i) var += g.particles[i].weight * (x[i][j] - mean) * (x[i][j] - mean);
    const double sd = std::sqrt(var);
    h[j] = sd > 0 ? sd * std::pow(n_eff, -1.0 / (static_cast<double>(k) + 4.0)) : 1.0;
  }
  std::size_t best = 0;
  double best_density = -1;
  for (std::size_t i = 0; i < n; ++i) {
    double density = 0;
    for (std::size_t m = 0; m < n; ++m) {
      double d2 = 0;
      for (std::size_t j = 0; j < k; ++j) {
        const double z = (x[i][j] - x[m][j]) / h[j];
        d2 += z * z;
      }
      density += g.particles[m].weight * std::exp(-0.5 * d2);
    }
    if (density > best_density) {
      best_density = density;
      best = i;
    }
  }
  return best;
}

std::vector<std::size_t> resample(const Generation& g, std::size_t n, std::uint64_t seed) {
  std::vector<std::size_t> out;
  if (g.particles.empty() || n == 0) return out;
  double total = 0;
  for (const auto& p : g.particles) total += p.weight;
  // One uniform offset from the seed (53 bits), then n evenly spaced points.
  const double u = static_cast<double>(sweep::mix64(seed ^ 0x5bd1e995ull) >> 11) * 0x1p-53;
  std::size_t i = 0;
  double cumulative = g.particles[0].weight / total;
  for (std::size_t d = 0; d < n; ++d) {
    const double point = (static_cast<double>(d) + u) / static_cast<double>(n);
    while (point > cumulative && i + 1 < g.particles.size()) cumulative += g.particles[++i].weight / total;
    out.push_back(i);
  }
  return out;
}

}  // namespace yucun::calibration
