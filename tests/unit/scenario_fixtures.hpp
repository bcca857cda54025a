// Small scenarios and helpers shared by the scenario tests.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "sim/io/scenario/diagnostics.hpp"
#include "sim/io/scenario/scenario_loader.hpp"

namespace yucun::test {

// Three villages in one township, two roads, one year: small and valid.
inline const char* kMiniScenario = R"(name: mini
seed: 5
calendar:
  start: 2024-01-01
  years: 1
  holidays:
    - {name: qingming, start: 2024-04-04, end: 2024-04-06}
world:
  townships:
    - {name: Hill, area_km2: 30, registered_residents: 900}
  villages:
    - {name: Upper, township: Hill, households: 100, population: 300, area_km2: 10, tea_area_mu: 400}
    - {name: Middle, township: Hill, households: 120, population: 400, area_km2: 10, tea_area_mu: 300}
    - {name: Lower, township: Hill, households: 80, population: 200, area_km2: 10, tea_area_mu: 200}
  roads:
    - {from: Upper, to: Middle, km: 3, minutes: 6}
    - {from: Middle, to: Lower, km: 4, minutes: 8}
)";

// A temporary folder removed when the test ends.
struct TempDir {
  std::filesystem::path path;
  TempDir() {
    path = std::filesystem::temp_directory_path() /
           ("yucun-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter()++));
    std::filesystem::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  std::string write(const std::string& name, const std::string& text) const {
    const auto file = path / name;
    std::ofstream(file) << text;
    return file.string();
  }
  static int& counter() {
    static int n = 0;
    return n;
  }
};

// The diagnostics of loading `text`, or empty when it loads.
inline scenario::Diagnostics errors_of(const std::string& text, const std::vector<std::string>& overrides = {}) {
  try {
    scenario::load_scenario_text(text, "test.yaml", ".", overrides);
  } catch (const scenario::ScenarioError& e) {
    return e.diagnostics();
  }
  return {};
}

// True when some diagnostic's full text contains all the fragments.
inline bool has_error(const scenario::Diagnostics& d, std::initializer_list<std::string> fragments) {
  for (const auto& diag : d.list()) {
    const std::string text = diag.to_string();
    bool all = true;
    for (const auto& f : fragments) all = all && text.find(f) != std::string::npos;
    if (all) return true;
  }
  return false;
}

}  // namespace yucun::test
