// One day's values of a table of series: an offset per series into two flat
// vectors, one per kind.
#include "sim/core/series.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace yucun {

DayIndicators::DayIndicators(std::span<const SeriesSpec> specs, std::size_t villages)
    : specs_(specs), villages_(villages), offset_(specs.size()) {
  std::size_t reals = 0, ints = 0;
  for (std::size_t i = 0; i < specs.size(); ++i) {
    std::size_t& next = specs[i].kind == ValueKind::real ? reals : ints;
    offset_[i] = next;
    next += values_per_day(specs[i].scope, villages);
  }
  reals_.assign(reals, 0.0);
  ints_.assign(ints, 0);
}

namespace {

void expect_kind(const SeriesSpec& spec, ValueKind kind) {
  if (spec.kind != kind)
    throw std::logic_error("series " + std::string(spec.name) + " read as " +
                           (kind == ValueKind::real ? "real" : "integer") + " values but it is not");
}

}  // namespace

std::span<const double> DayIndicators::reals(std::size_t series) const {
  const SeriesSpec& spec = specs_[series];
  expect_kind(spec, ValueKind::real);
  return {reals_.data() + offset_[series], values_per_day(spec.scope, villages_)};
}

std::span<const std::int64_t> DayIndicators::integers(std::size_t series) const {
  const SeriesSpec& spec = specs_[series];
  expect_kind(spec, ValueKind::integer);
  return {ints_.data() + offset_[series], values_per_day(spec.scope, villages_)};
}

void DayIndicators::clear() {
  std::fill(reals_.begin(), reals_.end(), 0.0);
  std::fill(ints_.begin(), ints_.end(), 0);
}

}  // namespace yucun
