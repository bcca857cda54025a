// `yucun generate`: writes a synthetic scale-up of greater Yucun as a scenario file.
#pragma once

#include <cstdint>
#include <string>

namespace CLI {
class App;
}

namespace yucun::cli {

struct GenerateArgs {
  std::int64_t households = 10'000;
  std::int64_t villages = 0;   // 0 = households / 500
  std::int64_t townships = 0;  // 0 = villages / 8
  std::uint64_t seed = 1;
  int years = 0;               // 0 = the baseline's
  std::string output;
  bool force = false;
};

// Adds the `generate` subcommand and its options to `app`.
CLI::App* add_generate_command(CLI::App& app, GenerateArgs& args);
int generate_command(const GenerateArgs& args);

}  // namespace yucun::cli
