// The series the model records: each declared once, as one line of the .def
// file of the module that records it (the files sim/model/shared/series_list.def
// lists). This header turns those lines into typed handles,
// yucun::series::<name>, and the table of specs the output reads, kSeriesSpecs.
//
// A line of a .def file:
//   YUCUN_SERIES(name, scope, kind, yearly, "units", "long name"[, "note"])
// scope: area | village | decile; kind: real | integer; yearly (the rule of
// the yearly summary <name>_yearly): none | sum | mean | last. The long name
// is written into the file; the note is what docs/output.md adds to it.
//
// Output order (the table's, hence the file's): area-wide series, then decile,
// then village ones; within each, in the order of series_list.def and the lines.
//
// A new series: its line in the module's .def file, its value set where it is
// measured (d.real(series::name, v) = ... or d.integer(...), whichever its kind
// allows), and docs/output.md's tables rewritten (the unit test that checks them
// says how). A new module with series: its .def file, one line in series_list.def.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sim/core/series.hpp"

namespace yucun {

namespace series::detail {

// The series in the order they are declared.
enum class Declared : std::uint16_t {
#define YUCUN_SERIES(name, ...) name,
#include "sim/model/shared/series_list.def"
#undef YUCUN_SERIES
  count
};
inline constexpr std::size_t kCount = static_cast<std::size_t>(Declared::count);

// __FILE__ where a line expands is its .def file: the path from "sim/" on.
constexpr std::string_view from_repository_root(std::string_view file) {
  const std::size_t at = file.rfind("sim/model/");
  return at == std::string_view::npos ? file : file.substr(at);
}

inline constexpr std::array<SeriesSpec, kCount> kDeclared = {{
#define YUCUN_SERIES(name, scope, kind, yearly, units, long_name, ...)                                          \
  SeriesSpec{#name, long_name, units, Scope::scope, ValueKind::kind, Yearly::yearly, std::string_view("" __VA_ARGS__), \
             from_repository_root(__FILE__)},
#include "sim/model/shared/series_list.def"
#undef YUCUN_SERIES
}};

constexpr int scope_rank(Scope s) { return s == Scope::area ? 0 : s == Scope::decile ? 1 : 2; }

// Where a declared series goes in output order.
constexpr std::size_t position(Declared d) {
  const auto i = static_cast<std::size_t>(d);
  const int rank = scope_rank(kDeclared[i].scope);
  std::size_t before = 0;
  for (std::size_t j = 0; j < kCount; ++j) {
    const int other = scope_rank(kDeclared[j].scope);
    if (other < rank || (other == rank && j < i)) ++before;
  }
  return before;
}

constexpr std::array<SeriesSpec, kCount> in_output_order() {
  std::array<SeriesSpec, kCount> out{};
  for (std::size_t i = 0; i < kCount; ++i) out[position(static_cast<Declared>(i))] = kDeclared[i];
  return out;
}

}  // namespace series::detail

inline constexpr std::size_t kSeriesCount = series::detail::kCount;
// Every series, in output order; a handle's index() is its position here.
inline constexpr std::array<SeriesSpec, kSeriesCount> kSeriesSpecs = series::detail::in_output_order();

namespace series {

#define YUCUN_SERIES(name, scope, kind, ...) \
  inline constexpr SeriesHandle<ValueKind::kind> name{detail::position(detail::Declared::name)};
#include "sim/model/shared/series_list.def"
#undef YUCUN_SERIES

}  // namespace series

template <ValueKind Kind>
constexpr const SeriesSpec& spec_of(SeriesHandle<Kind> s) {
  return kSeriesSpecs[s.index()];
}

}  // namespace yucun
