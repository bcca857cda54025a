// `yucun serve`: the planner's workbench, a local web app (docs/workbench.md).
// The app is Python (FastAPI over the module `yucun`, python/yucun/workbench):
// this command finds it and hands over to it, so the CLI stays the one entry
// point. Why Python and not a server inside the binary: docs/architecture.md.
#pragma once

#include <optional>
#include <string>

namespace CLI {
class App;
}

namespace yucun::cli {

struct ServeArgs {
  int port = 8642;
  std::string host = "127.0.0.1";
  std::string workspace = "yucun-workspace";
  int workers = 1;
  int threads = 0;
  std::optional<std::string> token;
};

CLI::App* add_serve_command(CLI::App& app, ServeArgs& args);
// Replaces this process with the workbench's server; returns only on failure.
int serve_command(const ServeArgs& args, const char* argv0);

}  // namespace yucun::cli
