// `yucun spinup [SCENARIO] [--years N] [--csv FILE]`: runs only the spin-up
// and prints its monthly trace (job shares, beds per arrival, deposits over
// income, firms, reputation, rural income) and how far the state still
// moved in its last year: the diagnostic behind spin_up.years (docs/ODD.md,
// Initialisation; analysis/warmup.py applies MSER-5 to it).
#pragma once

#include <optional>
#include <string>

#include "sim/cli/commands.hpp"

namespace CLI {
class App;
}

namespace yucun::cli {

struct SpinUpArgs {
  ScenarioArgs scenario;
  std::optional<int> years;          // overrides spin_up.years
  std::optional<std::string> csv;    // write the trace here instead of a table
};

CLI::App* add_spinup_command(CLI::App& app, SpinUpArgs& args);
int spinup_command(const SpinUpArgs& args);

}  // namespace yucun::cli
