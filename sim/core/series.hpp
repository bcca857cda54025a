// What a recorded series is (name, units, dims, kind, yearly rule), typed
// handles to series, and one day's values of them all. Which series exist is
// the model's business (sim/model/series.hpp); how they are stored, output's.
#pragma once

#include <cassert>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace yucun {

// area: one value a day; village: one per village; decile: one per tenth of
// households ranked by income per capita.
enum class Scope : std::uint8_t { area, village, decile };
inline constexpr std::size_t kDeciles = 10;
enum class ValueKind : std::uint8_t { real, integer };
// How a daily series is summarised per year in the output.
enum class Yearly : std::uint8_t { none, sum, mean, last };

// Values a series of `scope` holds each day.
constexpr std::size_t values_per_day(Scope scope, std::size_t villages) {
  return scope == Scope::village ? villages : scope == Scope::decile ? kDeciles : 1;
}

struct SeriesSpec {
  std::string_view name;
  std::string_view long_name;  // the file's long_name attribute
  std::string_view units;
  Scope scope = Scope::area;
  ValueKind kind = ValueKind::real;
  Yearly yearly = Yearly::none;
  std::string_view note;         // what the documentation adds to the long name (may be empty)
  std::string_view declared_in;  // the file that declares it, from the repository root
};

// A series of one kind, by its index in the table of specs. Handles of the
// two kinds do not convert into each other, so DayIndicators reads and writes
// a real series only as real and an integer one only as integer.
template <ValueKind Kind>
class SeriesHandle {
 public:
  static constexpr ValueKind kind = Kind;
  explicit constexpr SeriesHandle(std::size_t index) : index_(static_cast<std::uint16_t>(index)) {}
  constexpr std::size_t index() const { return index_; }

 private:
  std::uint16_t index_;
};
using RealSeries = SeriesHandle<ValueKind::real>;
using IntegerSeries = SeriesHandle<ValueKind::integer>;

// One day's values of every series in a table of specs: area series hold one
// value, village series one per village, decile series one per decile.
class DayIndicators {
 public:
  // `specs` must outlive the object (the model's table is static).
  DayIndicators(std::span<const SeriesSpec> specs, std::size_t villages);
  std::span<const SeriesSpec> specs() const { return specs_; }
  std::size_t villages() const { return villages_; }
  double& real(RealSeries s, std::size_t index = 0) { return reals_[slot(s.index(), index)]; }
  double real(RealSeries s, std::size_t index = 0) const { return reals_[slot(s.index(), index)]; }
  std::int64_t& integer(IntegerSeries s, std::size_t index = 0) { return ints_[slot(s.index(), index)]; }
  std::int64_t integer(IntegerSeries s, std::size_t index = 0) const { return ints_[slot(s.index(), index)]; }
  // The day's values of the series at position `series` of the table, for
  // code that walks the table (the output); throws std::logic_error when the
  // series is of the other kind.
  std::span<const double> reals(std::size_t series) const;
  std::span<const std::int64_t> integers(std::size_t series) const;
  void clear();

 private:
  std::size_t slot(std::size_t series, std::size_t index) const {
    assert(series < offset_.size());
    return offset_[series] + index;
  }
  std::span<const SeriesSpec> specs_;
  std::size_t villages_;
  std::vector<std::size_t> offset_;  // per series: its first value in reals_ or ints_
  std::vector<double> reals_;
  std::vector<std::int64_t> ints_;
 public:
  // The state that changes as the run goes on, for checkpoints (sim/io/checkpoint).
  template <class Archive> void serialize(Archive& ar) { ar(reals_, ints_); }
};

}  // namespace yucun
