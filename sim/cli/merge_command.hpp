// `yucun merge SHARDS... -o OUT.h5`: combines the shard files of a sweep
// (`yucun sweep --shard I/N`) into the file a local sweep writes.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace yucun::cli {

struct MergeArgs {
  std::vector<std::string> shards;
  std::string output;
  std::optional<std::string> sweep;  // the sweep file, if it moved
  bool force = false;
  bool quiet = false;
};

CLI::App* add_merge_command(CLI::App& app, MergeArgs& args);
// 0 merged, every run completed; 1 merged, some runs had failed (or writing
// failed); 2 bad input (shards of different sweeps, missing, incomplete...).
int merge_command(const MergeArgs& args);

}  // namespace yucun::cli
