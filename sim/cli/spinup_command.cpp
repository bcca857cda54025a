#include "sim/cli/spinup_command.hpp"

#include <cmath>
#include <cstdio>
#include <memory>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "sim/cli/print_error.hpp"
#include "sim/io/scenario/scenario_loader.hpp"
#include "sim/model/simulation.hpp"

namespace yucun::cli {

CLI::App* add_spinup_command(CLI::App& app, SpinUpArgs& args) {
  auto* cmd = app.add_subcommand("spinup", "Run only the spin-up and print its monthly trace (the warm-up diagnostic)");
  cmd->add_option("scenario", args.scenario.scenario, "Scenario YAML file (default: the built-in baseline)");
  cmd->add_option("--set", args.scenario.overrides, "Override a scenario value: key.path=value (repeatable)")
      ->type_name("KEY=VALUE")
      ->allow_extra_args(false);
  cmd->add_option("--years", args.years, "Spin-up years to run (default: the scenario's spin_up.years)")
      ->check(CLI::Range(1, 30));
  cmd->add_option("--csv", args.csv, "Write the trace as CSV to this file")->type_name("FILE");
  return cmd;
}

int spinup_command(const SpinUpArgs& args) {
  Scenario s;
  try {
    s = scenario::load_scenario(args.scenario.scenario, args.scenario.overrides);
    if (args.years) s.spin_up.years = *args.years;
  } catch (const scenario::ScenarioError& e) {
    print_error(e.what());
    return kExitBadInput;
  }
  if (s.spin_up.years <= 0) {
    print_error("error: spin_up.years is 0: there is no spin-up to trace (give --years N)");
    return kExitBadInput;
  }
  try {
    const Simulation sim(s, RunIdentity{s.seed, 0});
    const SpinUpTrace& trace = sim.spin_up_trace();
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> csv(nullptr, &std::fclose);
    if (args.csv) {
      csv.reset(std::fopen(args.csv->c_str(), "w"));
      if (!csv) {
        print_error(fmt::format("error: cannot write '{}'", *args.csv));
        return kExitFailure;
      }
    }
    std::FILE* out = csv ? csv.get() : stdout;
    const char* sep = csv ? "," : " ";
    fmt::print(out, "{:>6}", "month");
    for (auto name : SpinUpTrace::kNames) fmt::print(out, "{}{:>20}", sep, name);
    fmt::print(out, "\n");
    for (std::size_t m = 0; m < trace.months(); ++m) {
      fmt::print(out, "{:>6}", static_cast<long>(m) - static_cast<long>(trace.months()));
      for (std::size_t r = 0; r < SpinUpTrace::count; ++r)
        fmt::print(out, "{}{:>20.6g}", sep, trace.value(m, static_cast<SpinUpTrace::Ratio>(r)));
      fmt::print(out, "\n");
    }
    const double drift = trace.last_year_drift();
    fmt::print(stderr, "spin-up of {} years ({} days) before {}: largest change of a ratio's yearly mean in its last year: {}\n",
               s.spin_up.years, sim.spin_up_days(), s.calendar.start.to_string(),
               std::isnan(drift) ? std::string("n/a (under two years)") : fmt::format("{:.2f}%", 100 * drift));
    return kExitOk;
  } catch (const std::exception& e) {
    print_error(fmt::format("error: spin-up of scenario '{}': {}", s.name, e.what()));
    return kExitFailure;
  }
}

}  // namespace yucun::cli
