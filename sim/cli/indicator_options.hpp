// The options `compare` and `table` share: which indicators, at which
// levels, over which period (see sim/io/output/result_indicators.hpp).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/io/output/result_indicators.hpp"

namespace CLI {
class App;
}

namespace yucun::cli {

// --year Y | --from Y1 --to Y2, --per-year, --discount RATE.
void add_period_options(CLI::App& cmd, std::optional<int>& year, std::optional<int>& from_year,
                        std::optional<int>& to_year, bool& per_year, std::optional<double>& discount);
// --indicator NAME..., --level area|township|village|all (repeatable).
void add_indicator_options(CLI::App& cmd, std::vector<std::string>& indicators, std::vector<std::string>& levels);
// The levels named; "all" is area, township and village.
std::vector<output::Level> levels_from(const std::vector<std::string>& names);

}  // namespace yucun::cli
