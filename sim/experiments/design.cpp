#include "sim/experiments/design.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

#include <boost/random/sobol.hpp>
#include <fmt/format.h>

#include "sim/core/random_streams.hpp"

namespace yucun::sweep {

namespace {

// The design's own random streams, keyed by the sweep seed. These numbers lie
// far from the model's Stream and Purpose values, so a design never shares
// draws with a simulation even when a run's seed equals the sweep seed.
constexpr auto kDesignStream = static_cast<Stream>(0x5357);  // "SW"
constexpr auto kLhsShuffle = static_cast<Purpose>(0x535701);
constexpr auto kLhsJitter = static_cast<Purpose>(0x535702);
constexpr auto kMorrisOrder = static_cast<Purpose>(0x535711);
constexpr auto kMorrisDirection = static_cast<Purpose>(0x535712);
constexpr auto kMorrisStart = static_cast<Purpose>(0x535713);

constexpr std::uint64_t kSaturated = std::numeric_limits<std::uint64_t>::max();

std::uint64_t saturating_mul(std::uint64_t a, std::uint64_t b) {
  if (a == 0 || b == 0) return 0;
  return a > kSaturated / b ? kSaturated : a * b;
}

// A uniformly shuffled 0..n-1 (Fisher-Yates); draw(i) gives the words for step i.
template <class Draw>
std::vector<std::size_t> shuffled(std::size_t n, Draw draw) {
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  for (std::size_t i = n; i-- > 1;) std::swap(order[i], order[draw(i).below(0, i + 1)]);
  return order;
}

void fill_grid(const SweepSpec& spec, Design& d) {
  const std::size_t k = d.parameters;
  std::vector<std::size_t> index(k, 0);
  for (std::size_t p = 0; p < d.points; ++p) {
    for (std::size_t i = 0; i < k; ++i) {
      const auto& values = spec.parameters[i].values;
      d.values[p * k + i] = values[index[i]];
      d.unit[p * k + i] = values.size() > 1 ? static_cast<double>(index[i]) / static_cast<double>(values.size() - 1) : 0.0;
    }
    // The last parameter varies fastest, like nested loops in the order written.
    for (std::size_t i = k; i-- > 0;) {
      if (++index[i] < spec.parameters[i].values.size()) break;
      index[i] = 0;
    }
  }
}

void fill_lhs(const SweepSpec& spec, Design& d) {
  const std::size_t k = d.parameters, n = d.points;
  const RandomStreams rng(spec.seed, 0);
  for (std::size_t i = 0; i < k; ++i) {
    // Point p falls in stratum order[p] of parameter i, at a uniform place in it.
    const auto order = shuffled(n, [&](std::size_t step) { return rng.draw(kDesignStream, i, step, kLhsShuffle); });
    for (std::size_t p = 0; p < n; ++p) {
      const double jitter = 1.0 - rng.draw(kDesignStream, i, p, kLhsJitter).uniform(0);  // [0, 1)
      d.unit[p * k + i] = (static_cast<double>(order[p]) + jitter) / static_cast<double>(n);
    }
  }
}

void fill_sobol(const SweepSpec& spec, Design& d) {
  const std::size_t k = d.parameters;
  // Boost's sequence starts after the origin (its first point is 0.5, 0.5, ...).
  // Boost's sequence leaves out the origin and starts at the centre (0.5, ...),
  // where A and B would coincide; `skip` (1 by default) leaves out that too.
  boost::random::sobol sequence(2 * k);
  if (spec.design.skip > 0) sequence.discard(saturating_mul(spec.design.skip, 2 * k));
  std::vector<double> ab(2 * k);
  for (std::uint64_t j = 0; j < spec.design.n; ++j) {
    for (auto& x : ab) x = static_cast<double>(sequence() >> 11) * 0x1p-53;  // [0, 1) from the top 53 bits
    for (std::size_t block = 0; block < k + 2; ++block) {
      const std::uint64_t p = saltelli_point(j, block, k);
      for (std::size_t i = 0; i < k; ++i) {
        const bool from_b = block == k + 1 || block == i + 1;
        d.unit[p * k + i] = ab[from_b ? k + i : i];
      }
    }
  }
}

void fill_morris(const SweepSpec& spec, Design& d) {
  const std::size_t k = d.parameters;
  const int p = spec.design.levels;
  const std::size_t half = static_cast<std::size_t>(p / 2);  // delta in levels
  const double to_unit = 1.0 / static_cast<double>(p - 1);
  const RandomStreams rng(spec.seed, 0);
  for (std::uint64_t t = 0; t < spec.design.r; ++t) {
    // Start on a level from which the step stays inside [0, 1]: the lower
    // half for a step up, the upper half for a step down.
    std::vector<std::size_t> level(k);
    std::vector<int> direction(k);
    for (std::size_t i = 0; i < k; ++i) {
      direction[i] = (rng.draw(kDesignStream, t, i, kMorrisDirection).word(0) & 1) ? 1 : -1;
      const std::size_t start = rng.draw(kDesignStream, t, i, kMorrisStart).below(0, half);
      level[i] = direction[i] > 0 ? start : start + half;
    }
    const auto order = shuffled(k, [&](std::size_t step) { return rng.draw(kDesignStream, t, step, kMorrisOrder); });
    for (std::size_t s = 0; s <= k; ++s) {
      if (s > 0) {
        const std::size_t moved = order[s - 1];
        level[moved] = direction[moved] > 0 ? level[moved] + half : level[moved] - half;
      }
      const std::uint64_t point = t * (k + 1) + s;
      for (std::size_t i = 0; i < k; ++i)
        d.unit[point * k + i] = level[i] + 1 == static_cast<std::size_t>(p) ? 1.0 : static_cast<double>(level[i]) * to_unit;
    }
  }
}

}  // namespace

double morris_delta(int levels) { return static_cast<double>(levels) / (2.0 * static_cast<double>(levels - 1)); }

std::uint64_t design_point_count(const SweepSpec& spec) {
  const std::uint64_t k = spec.parameters.size();
  switch (spec.design.kind) {
    case DesignKind::grid: {
      std::uint64_t n = spec.parameters.empty() ? 0 : 1;
      for (const auto& p : spec.parameters) n = saturating_mul(n, p.values.size());
      return n;
    }
    case DesignKind::lhs: return spec.design.n;
    case DesignKind::sobol: return saturating_mul(spec.design.n, k + 2);
    case DesignKind::morris: return saturating_mul(spec.design.r, k + 1);
  }
  return 0;
}

std::uint64_t run_count(const SweepSpec& spec) { return saturating_mul(design_point_count(spec), spec.replicates); }

double value_at_unit(const Parameter& parameter, double u) {
  u = std::clamp(u, 0.0, 1.0);
  if (parameter.has_levels()) {
    // Level floor(u L), so each of the L levels takes an equal share of [0, 1].
    const auto count = static_cast<double>(parameter.levels.size());
    return std::min(std::floor(u * count), count - 1.0);
  }
  const double lo = parameter.lo, hi = parameter.hi;
  double v = 0;
  if (parameter.log) {
    v = u == 0.0 ? lo : u == 1.0 ? hi : std::exp((1.0 - u) * std::log(lo) + u * std::log(hi));
    if (parameter.integer) v = std::round(v);
  } else if (parameter.integer) {
    v = std::floor(lo + u * (hi - lo + 1.0));
  } else {
    v = u == 1.0 ? hi : lo + u * (hi - lo);
  }
  return std::clamp(v, lo, hi);
}

Design make_design(const SweepSpec& spec) {
  const std::uint64_t count = design_point_count(spec);
  if (spec.parameters.empty()) throw std::invalid_argument("a sweep needs at least one parameter");
  if (count == 0) throw std::invalid_argument("the design has no points");
  if (run_count(spec) > kMaxRuns)
    throw std::invalid_argument(fmt::format("the design has more than {} runs", kMaxRuns));
  if (spec.design.kind == DesignKind::morris && (spec.design.levels < 2 || spec.design.levels % 2 != 0))
    throw std::invalid_argument("Morris levels must be even and at least 2");

  Design d;
  d.kind = spec.design.kind;
  d.points = static_cast<std::size_t>(count);
  d.parameters = spec.parameters.size();
  d.unit.assign(d.points * d.parameters, 0.0);
  d.values.assign(d.points * d.parameters, 0.0);
  switch (spec.design.kind) {
    case DesignKind::grid: fill_grid(spec, d); return d;  // values come from the lists
    case DesignKind::lhs: fill_lhs(spec, d); break;
    case DesignKind::sobol: fill_sobol(spec, d); break;
    case DesignKind::morris: fill_morris(spec, d); break;
  }
  for (std::size_t p = 0; p < d.points; ++p)
    for (std::size_t i = 0; i < d.parameters; ++i)
      d.values[p * d.parameters + i] = value_at_unit(spec.parameters[i], d.unit_at(p, i));
  return d;
}

std::uint64_t mix64(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

std::uint64_t run_seed(std::uint64_t sweep_seed, std::uint64_t point, std::uint32_t replicate) {
  const std::uint64_t x = (point << 24) | (replicate & kMaxReplicates);
  return mix64(mix64(sweep_seed + 0x9e3779b97f4a7c15ULL) ^ x);
}

SweepRun sweep_run(const SweepSpec& spec, std::uint64_t run) {
  const std::uint32_t k = std::max<std::uint32_t>(spec.replicates, 1);
  SweepRun r;
  r.run = run;
  r.point = run / k;
  r.replicate = static_cast<std::uint32_t>(run % k);
  r.seed = run_seed(spec.seed, spec.common_random_numbers ? 0 : r.point, r.replicate);
  return r;
}

}  // namespace yucun::sweep
