#include "sim/experiments/calibration/posterior.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "sim/experiments/design.hpp"

namespace yucun::calibration {

Generation posterior_of(const output::CalibrationResults& r) {
  Generation g{};
  if (r.generations.empty()) return g;
  const auto& last = r.generations.back();
  const std::size_t K = r.parameter_name.size(), M = r.target_name.size();
  g.index = r.generations.size() - 1;
  g.epsilon = last.epsilon;
  g.candidates = last.candidates;
  g.acceptance_rate = last.acceptance_rate;
  for (std::size_t i = 0; i < last.weight.size(); ++i) {
    Particle p;
    const auto at = [](std::size_t n) { return static_cast<std::ptrdiff_t>(n); };
    p.theta.assign(last.theta.begin() + at(i * K), last.theta.begin() + at((i + 1) * K));
    p.weight = last.weight[i];
    p.distance = last.distance[i];
    p.summaries.assign(last.value.begin() + at(i * M), last.value.begin() + at((i + 1) * M));
    g.particles.push_back(std::move(p));
  }
  return g;
}

std::vector<Prior> priors_of(const output::CalibrationResults& r) {
  std::vector<Prior> priors;
  for (std::size_t i = 0; i < r.parameter_name.size(); ++i) {
    const PriorKind kind = r.prior_kind[i] == "log_uniform" ? PriorKind::log_uniform
                           : r.prior_kind[i] == "normal"    ? PriorKind::normal
                                                            : PriorKind::uniform;
    priors.push_back(Prior{kind, r.prior_lo[i], r.prior_hi[i], std::isfinite(r.prior_mean[i]) ? r.prior_mean[i] : 0.0,
                           std::isfinite(r.prior_sd[i]) ? r.prior_sd[i] : 1.0});
  }
  return priors;
}

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
