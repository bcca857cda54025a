// The series declarations: each handle names its own spec, a series is read
// and written only as its kind (checked when this file compiles), one day's
// values, and docs/output.md's tables of series are current.
#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <type_traits>

#include "sim/io/output/series_docs.hpp"
#include "sim/model/shared/series.hpp"

using namespace yucun;

namespace {

template <class Handle>
concept real_access = requires(DayIndicators& d, Handle h) { d.real(h); };
template <class Handle>
concept integer_access = requires(DayIndicators& d, Handle h) { d.integer(h); };

// Reading or writing a series as the other kind does not compile.
static_assert(real_access<RealSeries> && !real_access<IntegerSeries>);
static_assert(integer_access<IntegerSeries> && !integer_access<RealSeries>);
static_assert(!real_access<decltype(series::migrants_away)> && !integer_access<decltype(series::leaf_price)>);
static_assert(!std::is_convertible_v<RealSeries, IntegerSeries> && !std::is_convertible_v<IntegerSeries, RealSeries>);
static_assert(!std::is_convertible_v<std::size_t, RealSeries>);  // no handle from a bare number

int scope_rank(Scope s) { return s == Scope::area ? 0 : s == Scope::decile ? 1 : 2; }

}  // namespace

TEST_CASE("series: each handle names its own declaration, and the table is in output order") {
  std::size_t handles = 0;
#define YUCUN_SERIES(series_name, series_scope, series_kind, series_yearly, series_units, ...) \
  ++handles;                                                                                   \
  CHECK(spec_of(series::series_name).name == #series_name);                                    \
  CHECK(spec_of(series::series_name).scope == Scope::series_scope);                            \
  CHECK(spec_of(series::series_name).kind == ValueKind::series_kind);                          \
  CHECK(spec_of(series::series_name).yearly == Yearly::series_yearly);                         \
  CHECK(spec_of(series::series_name).units == series_units);                                   \
  CHECK(spec_of(series::series_name).declared_in.starts_with("sim/model/"));                   \
  CHECK(spec_of(series::series_name).declared_in.ends_with("_series.def"));
#include "sim/model/shared/series_list.def"
#undef YUCUN_SERIES
  CHECK(handles == kSeriesCount);
  std::set<std::string_view> names;
  for (std::size_t i = 0; i < kSeriesCount; ++i) {
    CHECK(names.insert(kSeriesSpecs[i].name).second);
    CHECK_FALSE(kSeriesSpecs[i].long_name.empty());
    CHECK_FALSE(kSeriesSpecs[i].units.empty());
    if (i > 0) CHECK(scope_rank(kSeriesSpecs[i - 1].scope) <= scope_rank(kSeriesSpecs[i].scope));
  }
}

TEST_CASE("series: one day's values, by handle and by position in the table") {
  DayIndicators d(kSeriesSpecs, 3);
  d.real(series::leaf_price) = 512.5;
  d.integer(series::visitors, 2) = 40;
  d.real(series::income_decile_share, 9) = 0.25;
  CHECK(d.reals(series::leaf_price.index()).size() == 1);
  CHECK(d.reals(series::leaf_price.index())[0] == 512.5);
  CHECK(d.integers(series::visitors.index()).size() == 3);
  CHECK(d.integers(series::visitors.index())[2] == 40);
  CHECK(d.reals(series::income_decile_share.index()).size() == kDeciles);
  CHECK(d.real(series::income_decile_share, 9) == 0.25);
  // Walking the table by position checks the kind at run time.
  CHECK_THROWS_AS(d.integers(series::leaf_price.index()), std::logic_error);
  CHECK_THROWS_AS(d.reals(series::visitors.index()), std::logic_error);
  d.clear();
  CHECK(d.real(series::leaf_price) == 0.0);
  CHECK(d.integer(series::visitors, 2) == 0);
}

TEST_CASE("docs/output.md: the tables of series are current (YUCUN_UPDATE_DOCS=1 rewrites them)") {
  const std::string path = std::string(YUCUN_SOURCE_DIR) + "/docs/output.md";
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in);
  std::stringstream text;
  text << in.rdbuf();
  const std::string doc = text.str();
  const std::string current = output::with_current_series_tables(doc);
  if (std::getenv("YUCUN_UPDATE_DOCS") != nullptr && current != doc) {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << current;
    MESSAGE("rewrote the tables of series in " << path);
    return;
  }
  // The first line that differs, not both whole files.
  std::size_t at = 0;
  while (at < doc.size() && at < current.size() && doc[at] == current[at]) ++at;
  const std::size_t line_start = doc.rfind('\n', at == 0 ? 0 : at - 1);
  const std::size_t from = line_start == std::string::npos ? 0 : line_start + 1;
  const std::string differing_line = doc.substr(from, doc.find('\n', from) - from);
  const bool up_to_date = current == doc;
  CHECK_MESSAGE(up_to_date, "docs/output.md's tables of series differ from the declarations (*_series.def) from "
                            "the line\n  " << differing_line << "\nrewrite them with  YUCUN_UPDATE_DOCS=1 "
                                                                "build/tests/yucun_unit_tests -tc='*output.md*'");
}

TEST_CASE("docs: series tables need their markers") {
  CHECK_THROWS_AS(output::with_current_series_tables("no markers here\n"), std::runtime_error);
  const std::string doc =
      "a\n<!-- series tables: area (x) -->\nOLD TABLE\n<!-- end of series tables -->\n"
      "<!-- series tables: decile (x) -->\n<!-- end of series tables -->\n"
      "<!-- series tables: village (x) -->\n<!-- end of series tables -->\nb\n";
  const std::string current = output::with_current_series_tables(doc);
  CHECK(current.find("OLD TABLE") == std::string::npos);
  CHECK(current.find("| `leaf_price` | float64 | fen/kg | - |") != std::string::npos);
  CHECK(current.find("| `income_decile_share` | float64 | 1 | last |") != std::string::npos);
  CHECK(current.find("| `visitors` | int64 | persons | sum |") != std::string::npos);
  CHECK(output::with_current_series_tables(current) == current);
}
