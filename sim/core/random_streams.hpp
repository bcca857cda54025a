// Counter-based random numbers (Random123 Philox4x64-10).
//
// Every draw is a pure function of (seed, run, stream) as the key and
// (day, agent, purpose, index) as the counter. No generator state is carried
// between draws, so results cannot depend on thread count, scheduling or the
// order in which agents are processed.
#pragma once

#include <array>
#include <cmath>
#include <cstdint>

#include <Random123/philox.h>
#include <Random123/uniform.hpp>

namespace yucun {

// Independent families of draws; a new purpose never perturbs existing ones.
enum class Stream : std::uint32_t {
  population = 1,  // building households at the start
  harvest = 2,     // yearly harvest opening and leaf yield
  tourists = 3,    // arrivals, parties' attributes and itineraries
  firms = 4,       // initial homestays, firm entry and ownership
  jobs = 5,        // job choice and homestay investment
};

enum class Purpose : std::uint32_t {
  household_size = 1,
  household_labour = 2,
  tea_plot = 3,
  picker_skill = 4,
  harvest_open = 5,
  yield_shock = 6,
  savings = 8,
  arrivals = 9,
  party_attributes = 10,
  itinerary = 11,
  lodging_priority = 12,
  homestay_owner = 13,
  firm_entry = 14,
  job_choice = 15,
  investment = 16,
  firm_owner = 17,
  talent = 18,
  worker_skill = 19,
  enterprise_owner = 20,
};

// Four 64-bit random words and helpers to turn them into variates.
class Draws {
 public:
  explicit Draws(const std::array<std::uint64_t, 4>& words) : words_(words) {}
  std::uint64_t word(int i) const { return words_[i]; }
  // Uniform on (0, 1]; never 0, so logs are safe.
  double uniform(int i) const { return r123::u01<double>(words_[i]); }
  // Standard normal from two words (Box-Muller; uses words i and i+1).
  double normal(int i) const {
    const double u1 = uniform(i), u2 = uniform(i + 1);
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }
  // Integer uniform on [0, n) (n > 0); the modulo bias is below 2^-40 for n < 2^24.
  std::uint64_t below(int i, std::uint64_t n) const { return words_[i] % n; }

 private:
  std::array<std::uint64_t, 4> words_;
};

class RandomStreams {
 public:
  RandomStreams(std::uint64_t seed, std::uint32_t run) : seed_(seed), run_(run) {}

  Draws draw(Stream stream, std::uint64_t day, std::uint64_t agent, Purpose purpose, std::uint32_t index = 0) const {
    using Philox = r123::Philox4x64;
    const Philox::key_type key = {{seed_, (std::uint64_t{run_} << 32) | static_cast<std::uint32_t>(stream)}};
    const Philox::ctr_type ctr = {{day, agent, static_cast<std::uint64_t>(purpose), index}};
    const auto out = Philox()(ctr, key);
    return Draws({out[0], out[1], out[2], out[3]});
  }

  std::uint64_t seed() const { return seed_; }
  std::uint32_t run() const { return run_; }

 private:
  std::uint64_t seed_;
  std::uint32_t run_;
};

}  // namespace yucun
