// Approximate Bayesian computation by sequential Monte Carlo (ABC-SMC): the
// population Monte Carlo sampler of Beaumont, Cornuet, Marin & Robert (2009,
// Biometrika 96:983) with adaptive tolerances and an adaptive Gaussian kernel.
// The algorithm only: the caller simulates candidates and measures their
// distance to the data. A pure function of the priors, the settings and the
// seed: candidate (generation, batch, index) is the same whatever order,
// parallelism or process the caller evaluates candidates in.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/core/enum_names.hpp"
#include "sim/experiments/calibration/prior.hpp"

namespace yucun::calibration {

// At most this many parameters (the proposal's draw counters assume it).
inline constexpr std::size_t kMaxParameters = 1000;

struct AbcSettings {
  std::size_t particles = 100;       // N accepted per generation
  std::size_t batch = 0;             // candidates proposed per batch (0: = particles)
  std::size_t max_generations = 8;   // at least 1
  double quantile = 0.5;             // alpha in (0, 1]: epsilon_t is this quantile of generation t-1's distances
  double min_acceptance = 0.02;      // a generation whose acceptance rate would fall below this ends the run
  double final_epsilon = 0;          // stop at a generation with epsilon <= this (0: not used)
  std::uint64_t max_candidates = 0;  // evaluations over all generations (0: no budget)
  std::uint64_t seed = 1;
};

// A parameter vector to simulate; index is its place within its batch.
struct Candidate {
  std::size_t generation = 0, batch = 0, index = 0;
  std::vector<double> theta;
};

// What the caller found for a candidate. A NaN or infinite distance marks a
// failed simulation, never accepted; a negative one is refused (a bad distance).
struct Evaluation {
  std::vector<double> summaries;
  double distance = 0;
};

struct Particle {
  std::vector<double> theta;
  double weight = 0;  // normalised: a generation's weights sum to 1
  double distance = 0;
  std::vector<double> summaries;
};

struct Generation {
  std::size_t index = 0;
  double epsilon = 0;  // +infinity for generation 0
  std::vector<Particle> particles;
  std::uint64_t candidates = 0;  // evaluated, including those past the N-th acceptance in the last batch
  std::size_t batches = 0;
  double acceptance_rate = 0;  // particles / candidates (as pyabc reports it)
};

// Why a run ended. max_candidates and min_acceptance end it at a generation
// that was abandoned unfinished (see run_generation); the others after the
// last generation made.
enum class StopReason { max_generations, min_acceptance, final_epsilon, max_candidates };

// The result of trying to make one generation.
struct GenerationOutcome {
  std::optional<Generation> generation;  // empty: abandoned unfinished
  StopReason abandoned_for = StopReason::max_candidates;  // when empty: max_candidates or min_acceptance
  std::uint64_t candidates = 0;                          // evaluated, made or abandoned
  std::size_t batches = 0;
};

struct AbcResult {
  std::vector<Generation> generations;  // possibly none (generation 0 abandoned)
  StopReason stop = StopReason::max_generations;
  std::uint64_t candidates = 0;  // all evaluated, those of an abandoned generation included
};

// The caller evaluates a batch (in any order, in parallel) and returns one
// Evaluation per candidate, in the batch's order.
using EvaluateBatch = std::function<std::vector<Evaluation>(const std::vector<Candidate>&)>;

class AbcSmc {
 public:
  // Throws std::invalid_argument on bad settings or priors (one per parameter).
  AbcSmc(std::vector<Prior> priors, AbcSettings settings);

  const std::vector<Prior>& priors() const { return priors_; }
  const AbcSettings& settings() const { return settings_; }
  std::size_t batch_size() const { return settings_.batch == 0 ? settings_.particles : settings_.batch; }

  // The candidates of batch batch_index of a generation: from the prior for
  // generation 0 (previous null), else perturbed from `previous`, which must be
  // generation - 1. Throws std::invalid_argument otherwise.
  std::vector<Candidate> batch(std::size_t generation, std::size_t batch_index, const Generation* previous) const;

  // The tolerance of a generation: +infinity for generation 0, else the
  // quantile of the previous generation's distances (at least final_epsilon).
  double epsilon(std::size_t generation, const Generation* previous) const;

  // Makes a generation: proposes and evaluates batches until N candidates are
  // accepted (distance <= epsilon; the first N in (batch, index) order are
  // kept). Abandons it unfinished, as pyabc does, once it has evaluated
  // particles / min_acceptance candidates (its acceptance rate would fall
  // below min_acceptance), or when the next batch would take the candidates
  // of the run past max_candidates (counting candidates_used_before).
  GenerationOutcome run_generation(std::size_t generation, const Generation* previous, const EvaluateBatch& evaluate,
                                   std::uint64_t candidates_used_before) const;

  // Generations from 0 until a stopping rule; on_generation (if given) sees
  // each as it is made.
  AbcResult run(const EvaluateBatch& evaluate, const std::function<void(const Generation&)>& on_generation = {}) const;

 private:
  std::vector<Prior> priors_;
  AbcSettings settings_;
};

// Weighted posterior summaries of a generation, in parameter space (theta):
// per parameter the mean, median and 5% / 95% quantiles, and the weighted
// correlation matrix (NaN off the diagonal for a parameter with no spread).
// Quantiles interpolate between the particles' cumulative-weight midpoints
// (pyabc's weighted_quantile; with equal weights, Hazen's rule).
struct ParameterSummary {
  double mean = 0, median = 0, q05 = 0, q95 = 0;
};
std::vector<ParameterSummary> summarise(const Generation& generation);
std::vector<std::vector<double>> correlations(const Generation& generation);

// The weighted p-quantile of values by that rule (weights need not sum to 1).
double weighted_quantile(std::vector<std::pair<double, double>> value_weight, double p);

}  // namespace yucun::calibration

template <> struct yucun::EnumNames<yucun::calibration::StopReason> {
  static constexpr std::string_view noun = "stop reason";
  static constexpr std::string_view list_label = "one of";
  static constexpr std::array<std::pair<std::string_view, calibration::StopReason>, 4> names{{
      {"max_generations", calibration::StopReason::max_generations},
      {"min_acceptance", calibration::StopReason::min_acceptance},
      {"final_epsilon", calibration::StopReason::final_epsilon},
      {"max_candidates", calibration::StopReason::max_candidates},
  }};
};
