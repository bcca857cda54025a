// libFuzzer targets for the scenario loader (see README, "Reliability checks").
//
// Input: scenario YAML. When it starts with "--set ", its first line (without
// that prefix) is passed as one `--set key.path=value` override and the rest is
// the YAML, so the override path is fuzzed too. `extends` paths resolve
// against fuzz/extends/, which holds a few small parent files.
//
// scenario_fuzzer: load_scenario_text may only throw ScenarioError; any other
// exception, a crash, a leak or undefined behaviour is a finding.
// scenario_roundtrip_fuzzer (built with YUCUN_FUZZ_ROUNDTRIP): additionally,
// when the input loads, to_yaml(scenario) must load again and give the same
// YAML.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <string_view>
#include <vector>

#include "sim/io/scenario/diagnostics.hpp"
#include "sim/io/scenario/scenario_loader.hpp"
#include "sim/io/scenario/scenario_writer.hpp"

#ifndef YUCUN_FUZZ_EXTENDS_DIR
#define YUCUN_FUZZ_EXTENDS_DIR "fuzz/extends"
#endif

namespace {

using yucun::Scenario;
using yucun::scenario::load_scenario_text;
using yucun::scenario::ScenarioError;

[[noreturn]] void finding(const char* what, const std::string& detail) {
  std::fprintf(stderr, "\n==== yucun fuzz finding: %s\n%s\n", what, detail.c_str());
  std::fflush(stderr);
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> overrides;
  constexpr std::string_view kSet = "--set ";
  if (input.starts_with(kSet)) {
    const auto eol = input.find('\n');
    overrides.emplace_back(input.substr(kSet.size(), eol == std::string_view::npos ? std::string_view::npos
                                                                                   : eol - kSet.size()));
    input = eol == std::string_view::npos ? std::string_view() : input.substr(eol + 1);
  }

  Scenario scenario;
  try {
    scenario = load_scenario_text(input, "fuzz.yaml", YUCUN_FUZZ_EXTENDS_DIR, overrides);
  } catch (const ScenarioError&) {
    return 0;  // refused with diagnostics: the expected outcome for bad input
  } catch (const std::exception& e) {
    finding("load_scenario_text threw something other than ScenarioError", e.what());
  } catch (...) {
    finding("load_scenario_text threw a non-std exception", "");
  }

#ifdef YUCUN_FUZZ_ROUNDTRIP
  std::string yaml, again;
  try {
    yaml = yucun::scenario::to_yaml(scenario);
  } catch (const std::exception& e) {
    finding("to_yaml threw on a scenario that loaded", e.what());
  }
  try {
    again = yucun::scenario::to_yaml(load_scenario_text(yaml, "roundtrip.yaml", YUCUN_FUZZ_EXTENDS_DIR));
  } catch (const std::exception& e) {
    finding("to_yaml(scenario) does not load again", std::string(e.what()) + "\n---- to_yaml:\n" + yaml);
  }
  if (again != yaml)
    finding("to_yaml(load(to_yaml(scenario))) differs from to_yaml(scenario)",
            "---- first:\n" + yaml + "---- second:\n" + again);
#endif
  return 0;
}
