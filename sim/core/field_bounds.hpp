// What a parameter may hold: a field's allowed range, declared next to the
// field in each parameter struct's fields() so that loading, writing,
// validation and sweeps all read one declaration.
#pragma once

#include <limits>

namespace yucun {

struct Bounds {
  double lo = -std::numeric_limits<double>::infinity();
  double hi = std::numeric_limits<double>::infinity();
  bool lo_open = false;  // lo itself not allowed
  bool required = false; // must be written (no usable default)
};
inline constexpr Bounds any() { return {}; }
inline constexpr Bounds at_least(double lo) { return {lo, std::numeric_limits<double>::infinity(), false}; }
inline constexpr Bounds positive() { return {0, std::numeric_limits<double>::infinity(), true}; }
inline constexpr Bounds between(double lo, double hi) { return {lo, hi, false}; }
inline constexpr Bounds share() { return between(0, 1); }
inline constexpr Bounds required() {
  Bounds b;
  b.required = true;
  return b;
}

}  // namespace yucun
