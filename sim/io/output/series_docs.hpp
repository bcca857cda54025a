// The tables of series in docs/output.md, written from the series'
// declarations (sim/model/shared/series.hpp), so the docs cannot drift from
// what the file holds; a unit test checks that docs/output.md is current.
#pragma once

#include <string>
#include <string_view>

#include "sim/model/shared/series.hpp"

namespace yucun::output {

// Markdown tables of the series of one scope, one table per declaring file
// (variable, type, units, yearly rule, meaning), in output order.
std::string series_tables(Scope scope);

// `doc` with the text between each marker line
//   <!-- series tables: area|decile|village (...) -->
// and the next line <!-- end of series tables --> replaced by series_tables()
// of that scope. Throws std::runtime_error when a scope has no marker or a
// marker no end.
std::string with_current_series_tables(std::string_view doc);

}  // namespace yucun::output
