#include "sim/experiments/calibration/abc_smc.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <stdexcept>

#include <fmt/format.h>

#include "sim/core/random_streams.hpp"

namespace yucun::calibration {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// Calibration's own random streams, keyed by (seed, generation): the
// counter is (batch, index, purpose, draw), so a candidate's draws depend on
// nothing but its place. The numbers lie far from the model's streams and the
// sweep designs' ("SW").
constexpr auto kAbcStream = static_cast<Stream>(0x4142);  // "AB"
constexpr auto kPriorDraw = static_cast<Purpose>(0x414201);
constexpr auto kParentDraw = static_cast<Purpose>(0x414202);
constexpr auto kPerturbDraw = static_cast<Purpose>(0x414203);
// Perturbations redrawn before giving up on a candidate inside the prior's
// support; with kMaxParameters this keeps the draw counter within 32 bits.
constexpr std::uint32_t kMaxAttempts = 100'000;

// Uniform on (0, 1) from a 64-bit word: the midpoints of 2^53 equal cells.
double open_unit(std::uint64_t word) { return (static_cast<double>(word >> 11) + 0.5) * 0x1p-53; }

std::uint32_t generation_key(std::size_t generation) {
  if (generation > std::numeric_limits<std::uint32_t>::max())
    throw std::invalid_argument(fmt::format("generation {} is beyond 2^32 - 1", generation));
  return static_cast<std::uint32_t>(generation);
}

// The lower Cholesky factor of the d x d matrix a, or nothing when a is not
// (numerically) positive definite: a pivot at or below 1e-12 of its diagonal
// entry counts as singular, since whitening by it would blow the kernel up.
std::optional<std::vector<double>> cholesky(const std::vector<double>& a, std::size_t d) {
  std::vector<double> l(d * d, 0.0);
  for (std::size_t j = 0; j < d; ++j) {
    double pivot = a[j * d + j];
    for (std::size_t k = 0; k < j; ++k) pivot -= l[j * d + k] * l[j * d + k];
    if (!(pivot > 1e-12 * a[j * d + j]) || !std::isfinite(pivot)) return std::nullopt;
    l[j * d + j] = std::sqrt(pivot);
    for (std::size_t i = j + 1; i < d; ++i) {
      double s = a[i * d + j];
      for (std::size_t k = 0; k < j; ++k) s -= l[i * d + k] * l[j * d + k];
      l[i * d + j] = s / l[j * d + j];
    }
  }
  return l;
}

// z = L^-1 x by forward substitution.
void whiten(const std::vector<double>& l, std::size_t d, const double* x, double* z) {
  for (std::size_t i = 0; i < d; ++i) {
    double s = x[i];
    for (std::size_t k = 0; k < i; ++k) s -= l[i * d + k] * z[k];
    z[i] = s / l[i * d + i];
  }
}

// The perturbation kernel around a generation, in kernel space: a mixture of
// N(x_j, 2 Sigma) with the particles' weights, Sigma their weighted
// covariance (Beaumont et al. 2009; Filippi et al. 2013 for the multivariate
// form). Distances under it are taken in whitened coordinates, z = L^-1 x.
struct Kernel {
  std::size_t d = 0, n = 0;
  std::vector<double> centres;     // n * d
  std::vector<double> weights;     // n, normalised
  std::vector<double> cumulative;  // n, running sums of weights
  std::vector<double> chol;        // d * d, lower: L L^T = 2 Sigma (+ a ridge when singular)
  std::vector<double> whitened;    // n * d
  double log_normaliser = 0;       // -log det L - d/2 log(2 pi)
};

Kernel make_kernel(const std::vector<Prior>& priors, const Generation& previous) {
  Kernel k;
  k.d = priors.size();
  k.n = previous.particles.size();
  const std::size_t d = k.d, n = k.n;
  k.centres.resize(n * d);
  k.weights.resize(n);
  double total = 0;
  for (std::size_t j = 0; j < n; ++j) {
    const Particle& p = previous.particles[j];
    if (p.theta.size() != d)
      throw std::invalid_argument(fmt::format("particle {} of generation {} has {} parameters, not {}", j,
                                              previous.index, p.theta.size(), d));
    if (!(p.weight >= 0) || !std::isfinite(p.weight))
      throw std::invalid_argument(fmt::format("particle {} of generation {} has weight {}", j, previous.index, p.weight));
    for (std::size_t i = 0; i < d; ++i) k.centres[j * d + i] = to_kernel_space(priors[i], p.theta[i]);
    total += p.weight;
  }
  if (!(total > 0)) throw std::invalid_argument(fmt::format("generation {} has no weight", previous.index));
  double running = 0;
  k.cumulative.resize(n);
  for (std::size_t j = 0; j < n; ++j) {
    k.weights[j] = previous.particles[j].weight / total;
    running += k.weights[j];
    k.cumulative[j] = running;
  }

  std::vector<double> mean(d, 0.0), cov(d * d, 0.0);
  for (std::size_t j = 0; j < n; ++j)
    for (std::size_t i = 0; i < d; ++i) mean[i] += k.weights[j] * k.centres[j * d + i];
  for (std::size_t j = 0; j < n; ++j)
    for (std::size_t a = 0; a < d; ++a)
      for (std::size_t b = 0; b <= a; ++b)
        cov[a * d + b] += k.weights[j] * (k.centres[j * d + a] - mean[a]) * (k.centres[j * d + b] - mean[b]);
  for (std::size_t a = 0; a < d; ++a)
    for (std::size_t b = 0; b <= a; ++b) cov[b * d + a] = cov[a * d + b] = 2 * cov[a * d + b];

  // Singular (particles on a line, or all equal in a parameter): a ridge
  // proportional to each parameter's variance, or to its prior range in
  // kernel space where it has none, grown tenfold until the factor exists.
  std::vector<double> scale(d);
  for (std::size_t i = 0; i < d; ++i) {
    const double range = kernel_hi(priors[i]) - kernel_lo(priors[i]);
    scale[i] = cov[i * d + i] > 0 ? cov[i * d + i] : std::isfinite(range) ? range * range : priors[i].sd * priors[i].sd;
  }
  auto l = cholesky(cov, d);
  for (double ridge = 1e-10; !l; ridge *= 10) {
    if (ridge > 1e3) throw std::runtime_error(fmt::format("the kernel around generation {} has no Cholesky factor", previous.index));
    auto ridged = cov;
    for (std::size_t i = 0; i < d; ++i) ridged[i * d + i] += ridge * scale[i];
    l = cholesky(ridged, d);
  }
  k.chol = std::move(*l);
  double log_det = 0;
  for (std::size_t i = 0; i < d; ++i) log_det += std::log(k.chol[i * d + i]);
  k.log_normaliser = -log_det - 0.5 * static_cast<double>(d) * std::log(2 * std::numbers::pi);
  k.whitened.resize(n * d);
  for (std::size_t j = 0; j < n; ++j) whiten(k.chol, d, &k.centres[j * d], &k.whitened[j * d]);
  return k;
}

void check_previous(std::size_t generation, const Generation* previous, std::size_t parameters) {
  if (generation == 0) {
    if (previous) throw std::invalid_argument("generation 0 comes from the prior: previous must be null");
    return;
  }
  if (!previous) throw std::invalid_argument(fmt::format("generation {} needs generation {}", generation, generation - 1));
  if (previous->index + 1 != generation)
    throw std::invalid_argument(
        fmt::format("generation {} needs generation {}, not {}", generation, generation - 1, previous->index));
  if (previous->particles.empty())
    throw std::invalid_argument(fmt::format("generation {} has no particles", previous->index));
  for (const auto& p : previous->particles)
    if (p.theta.size() != parameters)
      throw std::invalid_argument(
          fmt::format("generation {} has a particle of {} parameters, not {}", previous->index, p.theta.size(), parameters));
}

// The candidates of batch b of generation g (kernel null for generation 0).
std::vector<Candidate> propose(const std::vector<Prior>& priors, const AbcSettings& settings, std::size_t batch_size,
                               const Kernel* kernel, std::size_t g, std::size_t b) {
  const RandomStreams rng(settings.seed, generation_key(g));
  const std::size_t d = priors.size();
  const auto pairs = static_cast<std::uint32_t>((d + 1) / 2);
  std::vector<Candidate> out(batch_size);
  std::vector<double> z(d), x(d);
  for (std::size_t i = 0; i < batch_size; ++i) {
    Candidate& c = out[i];
    c.generation = g;
    c.batch = b;
    c.index = i;
    c.theta.resize(d);
    if (!kernel) {
      for (std::size_t k = 0; k < d; ++k) {
        const auto words = rng.draw(kAbcStream, b, i, kPriorDraw, static_cast<std::uint32_t>(k / 4));
        c.theta[k] = sample_prior(priors[k], open_unit(words.word(static_cast<int>(k % 4))));
      }
      continue;
    }
    // A parent by weight, then its perturbation; both redrawn until inside
    // the support, as pyabc does: the proposal is then the whole mixture
    // truncated to the support, one normalising constant for all particles,
    // so the importance weights below stay right.
    bool inside = false;
    for (std::uint32_t attempt = 0; attempt < kMaxAttempts && !inside; ++attempt) {
      const double u = open_unit(rng.draw(kAbcStream, b, i, kParentDraw, attempt).word(0));
      const auto at = std::lower_bound(kernel->cumulative.begin(), kernel->cumulative.end(), u * kernel->cumulative.back());
      const auto parent = std::min<std::size_t>(static_cast<std::size_t>(at - kernel->cumulative.begin()), kernel->n - 1);
      for (std::size_t k = 0; k < d; k += 2) {
        const auto words = rng.draw(kAbcStream, b, i, kPerturbDraw, attempt * pairs + static_cast<std::uint32_t>(k / 2));
        z[k] = words.normal(0);
        if (k + 1 < d) z[k + 1] = words.normal(2);
      }
      inside = true;
      for (std::size_t r = 0; r < d; ++r) {
        double s = kernel->centres[parent * d + r];
        for (std::size_t k = 0; k <= r; ++k) s += kernel->chol[r * d + k] * z[k];
        x[r] = s;
        inside = inside && prior_density_kernel_space(priors[r], s) > 0;
      }
    }
    if (!inside)
      throw std::runtime_error(fmt::format("candidate {} of batch {} of generation {}: {} perturbations all fell outside the prior",
                                           i, b, g, kMaxAttempts));
    for (std::size_t k = 0; k < d; ++k) c.theta[k] = from_kernel_space(priors[k], x[k]);
  }
  return out;
}

// Importance weights w_i = prior(x_i) / sum_j W_j K(x_i | x_j), normalised,
// in logs so that far particles cannot underflow the mixture to 0.
void set_weights(const std::vector<Prior>& priors, const Kernel& kernel, std::vector<Particle>& particles) {
  const std::size_t d = kernel.d;
  std::vector<double> x(d), z(d), log_w(particles.size()), terms(kernel.n);
  for (std::size_t i = 0; i < particles.size(); ++i) {
    double log_prior = 0;
    for (std::size_t k = 0; k < d; ++k) {
      x[k] = to_kernel_space(priors[k], particles[i].theta[k]);
      log_prior += std::log(prior_density_kernel_space(priors[k], x[k]));
    }
    whiten(kernel.chol, d, x.data(), z.data());
    double top = -kInf;
    for (std::size_t j = 0; j < kernel.n; ++j) {
      double r2 = 0;
      for (std::size_t k = 0; k < d; ++k) {
        const double dz = z[k] - kernel.whitened[j * d + k];
        r2 += dz * dz;
      }
      terms[j] = kernel.weights[j] > 0 ? std::log(kernel.weights[j]) - 0.5 * r2 : -kInf;
      top = std::max(top, terms[j]);
    }
    double sum = 0;
    for (std::size_t j = 0; j < kernel.n; ++j) sum += std::exp(terms[j] - top);
    const double log_mixture = top + std::log(sum) + kernel.log_normaliser;
    log_w[i] = std::isfinite(log_prior) ? log_prior - log_mixture : -kInf;
  }
  const double top = *std::max_element(log_w.begin(), log_w.end());
  if (!std::isfinite(top)) throw std::runtime_error("no accepted particle has a positive importance weight");
  double total = 0;
  for (std::size_t i = 0; i < particles.size(); ++i) total += particles[i].weight = std::exp(log_w[i] - top);
  for (auto& p : particles) p.weight /= total;
}

}  // namespace

AbcSmc::AbcSmc(std::vector<Prior> priors, AbcSettings settings) : priors_(std::move(priors)), settings_(settings) {
  if (priors_.empty()) throw std::invalid_argument("calibration needs at least one parameter");
  if (priors_.size() > kMaxParameters)
    throw std::invalid_argument(fmt::format("{} parameters: at most {} can be calibrated", priors_.size(), kMaxParameters));
  for (std::size_t i = 0; i < priors_.size(); ++i)
    if (auto problem = prior_problem(priors_[i]); !problem.empty())
      throw std::invalid_argument(fmt::format("prior of parameter {}: {}", i, problem));
  const AbcSettings& s = settings_;
  if (s.particles == 0) throw std::invalid_argument("particles must be at least 1");
  if (s.max_generations == 0) throw std::invalid_argument("max_generations must be at least 1");
  if (s.max_generations - 1 > std::numeric_limits<std::uint32_t>::max())
    throw std::invalid_argument(fmt::format("max_generations ({}) is beyond 2^32", s.max_generations));
  if (!(s.quantile > 0 && s.quantile <= 1)) throw std::invalid_argument(fmt::format("quantile ({}) must be in (0, 1]", s.quantile));
  if (!(s.min_acceptance >= 0 && s.min_acceptance < 1))
    throw std::invalid_argument(fmt::format("min_acceptance ({}) must be in [0, 1)", s.min_acceptance));
  if (!(s.final_epsilon >= 0) || !std::isfinite(s.final_epsilon))
    throw std::invalid_argument(fmt::format("final_epsilon ({}) must be finite and at least 0", s.final_epsilon));
}

double AbcSmc::epsilon(std::size_t generation, const Generation* previous) const {
  check_previous(generation, previous, priors_.size());
  if (generation == 0) return kInf;
  // The unweighted quantile, as in Drovandi & Pettitt (2011), whose epsilon
  // keeps the given fraction of the previous particles alive; pyabc's
  // QuantileEpsilon(weighted=False). Weighting by importance weights (pyabc's
  // default) would follow the posterior mass instead; both converge.
  std::vector<std::pair<double, double>> distances;
  distances.reserve(previous->particles.size());
  for (const auto& p : previous->particles) distances.emplace_back(p.distance, 1.0);
  const double q = weighted_quantile(std::move(distances), settings_.quantile);
  return std::max(q, settings_.final_epsilon);
}

std::vector<Candidate> AbcSmc::batch(std::size_t generation, std::size_t batch_index, const Generation* previous) const {
  check_previous(generation, previous, priors_.size());
  if (generation == 0) return propose(priors_, settings_, batch_size(), nullptr, 0, batch_index);
  const Kernel kernel = make_kernel(priors_, *previous);
  return propose(priors_, settings_, batch_size(), &kernel, generation, batch_index);
}

GenerationOutcome AbcSmc::run_generation(std::size_t generation, const Generation* previous, const EvaluateBatch& evaluate,
                                         std::uint64_t candidates_used_before) const {
  const double eps = epsilon(generation, previous);
  std::optional<Kernel> kernel;
  if (generation > 0) kernel = make_kernel(priors_, *previous);
  const std::size_t n = settings_.particles, batch_size = this->batch_size();

  GenerationOutcome outcome;
  std::vector<Particle> accepted;
  accepted.reserve(n);
  while (accepted.size() < n) {
    // pyabc's max_eval: a generation still short after N / min_acceptance
    // candidates could only finish with an acceptance rate below it.
    if (settings_.min_acceptance > 0 &&
        static_cast<double>(outcome.candidates) * settings_.min_acceptance >= static_cast<double>(n)) {
      outcome.abandoned_for = StopReason::min_acceptance;
      return outcome;
    }
    if (settings_.max_candidates > 0) {
      const std::uint64_t used = candidates_used_before + outcome.candidates;
      if (used >= settings_.max_candidates || batch_size > settings_.max_candidates - used) {
        outcome.abandoned_for = StopReason::max_candidates;
        return outcome;
      }
    }
    const auto candidates = propose(priors_, settings_, batch_size, kernel ? &*kernel : nullptr, generation, outcome.batches);
    auto evaluations = evaluate(candidates);
    if (evaluations.size() != candidates.size())
      throw std::runtime_error(fmt::format("batch {} of generation {}: {} evaluations for {} candidates", outcome.batches,
                                           generation, evaluations.size(), candidates.size()));
    for (std::size_t i = 0; i < candidates.size(); ++i) {
      const double distance = evaluations[i].distance;
      if (std::isfinite(distance) && distance < 0)
        throw std::invalid_argument(fmt::format("candidate {} of batch {} of generation {} has a negative distance ({})", i,
                                                outcome.batches, generation, distance));
      if (accepted.size() < n && std::isfinite(distance) && distance <= eps)
        accepted.push_back(Particle{candidates[i].theta, 0.0, distance, std::move(evaluations[i].summaries)});
    }
    outcome.candidates += candidates.size();
    ++outcome.batches;
  }

  if (kernel) {
    set_weights(priors_, *kernel, accepted);
  } else {
    for (auto& p : accepted) p.weight = 1.0 / static_cast<double>(n);
  }
  Generation g;
  g.index = generation;
  g.epsilon = eps;
  g.particles = std::move(accepted);
  g.candidates = outcome.candidates;
  g.batches = outcome.batches;
  g.acceptance_rate = static_cast<double>(n) / static_cast<double>(outcome.candidates);
  outcome.generation = std::move(g);
  return outcome;
}

AbcResult AbcSmc::run(const EvaluateBatch& evaluate, const std::function<void(const Generation&)>& on_generation) const {
  AbcResult result;
  for (std::size_t g = 0;; ++g) {
    const Generation* previous = result.generations.empty() ? nullptr : &result.generations.back();
    auto outcome = run_generation(g, previous, evaluate, result.candidates);
    result.candidates += outcome.candidates;
    if (!outcome.generation) {
      result.stop = outcome.abandoned_for;
      return result;
    }
    result.generations.push_back(std::move(*outcome.generation));
    const Generation& made = result.generations.back();
    if (on_generation) on_generation(made);
    if (settings_.final_epsilon > 0 && made.epsilon <= settings_.final_epsilon) {
      result.stop = StopReason::final_epsilon;
      return result;
    }
    if (made.acceptance_rate < settings_.min_acceptance) {
      result.stop = StopReason::min_acceptance;
      return result;
    }
    if (result.generations.size() >= settings_.max_generations) {
      result.stop = StopReason::max_generations;
      return result;
    }
  }
}

double weighted_quantile(std::vector<std::pair<double, double>> value_weight, double p) {
  std::erase_if(value_weight, [](const auto& vw) { return !(vw.second > 0) || !std::isfinite(vw.second) || std::isnan(vw.first); });
  if (value_weight.empty()) return std::numeric_limits<double>::quiet_NaN();
  std::sort(value_weight.begin(), value_weight.end());
  double total = 0;
  for (const auto& vw : value_weight) total += vw.second;
  double cumulative = 0, previous_position = 0, previous_value = 0;
  for (std::size_t i = 0; i < value_weight.size(); ++i) {
    const auto [value, weight] = value_weight[i];
    const double position = (cumulative + 0.5 * weight) / total;
    cumulative += weight;
    if (p <= position) {
      if (i == 0) return value;
      return previous_value + (p - previous_position) / (position - previous_position) * (value - previous_value);
    }
    previous_position = position;
    previous_value = value;
  }
  return value_weight.back().first;
}

namespace {

// Weighted means and covariance of the particles' theta.
void weighted_moments(const Generation& generation, std::vector<double>& mean, std::vector<double>& cov) {
  const auto& ps = generation.particles;
  const std::size_t d = ps.empty() ? 0 : ps.front().theta.size();
  mean.assign(d, 0.0);
  cov.assign(d * d, 0.0);
  double total = 0;
  for (const auto& p : ps) total += p.weight;
  for (const auto& p : ps)
    for (std::size_t i = 0; i < d; ++i) mean[i] += p.weight / total * p.theta[i];
  for (const auto& p : ps)
    for (std::size_t a = 0; a < d; ++a)
      for (std::size_t b = 0; b <= a; ++b) cov[a * d + b] += p.weight / total * (p.theta[a] - mean[a]) * (p.theta[b] - mean[b]);
  for (std::size_t a = 0; a < d; ++a)
    for (std::size_t b = 0; b < a; ++b) cov[b * d + a] = cov[a * d + b];
}

}  // namespace

std::vector<ParameterSummary> summarise(const Generation& generation) {
  std::vector<double> mean, cov;
  weighted_moments(generation, mean, cov);
  std::vector<ParameterSummary> out(mean.size());
  for (std::size_t i = 0; i < mean.size(); ++i) {
    std::vector<std::pair<double, double>> vw;
    vw.reserve(generation.particles.size());
    for (const auto& p : generation.particles) vw.emplace_back(p.theta[i], p.weight);
    out[i].mean = mean[i];
    out[i].median = weighted_quantile(vw, 0.5);
    out[i].q05 = weighted_quantile(vw, 0.05);
    out[i].q95 = weighted_quantile(std::move(vw), 0.95);
  }
  return out;
}

std::vector<std::vector<double>> correlations(const Generation& generation) {
  std::vector<double> mean, cov;
  weighted_moments(generation, mean, cov);
  const std::size_t d = mean.size();
  std::vector<std::vector<double>> r(d, std::vector<double>(d));
  for (std::size_t a = 0; a < d; ++a)
    for (std::size_t b = 0; b < d; ++b) {
      const double scale = std::sqrt(cov[a * d + a] * cov[b * d + b]);
      r[a][b] = a == b ? 1.0 : scale > 0 ? cov[a * d + b] / scale : std::numeric_limits<double>::quiet_NaN();
    }
  return r;
}

}  // namespace yucun::calibration
