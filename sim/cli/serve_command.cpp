#include "sim/cli/serve_command.hpp"

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "sim/cli/python_tool.hpp"

namespace yucun::cli {

CLI::App* add_serve_command(CLI::App& app, ServeArgs& args) {
  auto* cmd = app.add_subcommand(
      "serve",
      "Start the planner's workbench: a web app (in Chinese or English) to set up policies, run them against the "
      "baseline and compare them; works offline");
  cmd->add_option("--port", args.port, "Port (default 8642; 0: any free port)")->check(CLI::Range(0, 65535));
  cmd->add_option("--host", args.host,
                  "Address to listen on (default 127.0.0.1: this machine only; 0.0.0.0 shares it on the network, "
                  "with an access token)");
  cmd->add_option("--workspace", args.workspace,
                  "Folder for saved scenarios (YAML the CLI runs) and cached results (default ./yucun-workspace)")
      ->type_name("DIR");
  cmd->add_option("--workers", args.workers, "Scenarios run at the same time (default 1)")->check(CLI::Range(1, 64));
  cmd->add_option("--threads", args.threads, "Threads per run (default: all cores)")->check(CLI::Range(0, 4096));
  cmd->add_option("--token", args.token,
                  "Access token (default: none on 127.0.0.1, a random one printed at start otherwise)");
  return cmd;
}

int serve_command(const ServeArgs& args, const char* argv0) {
  std::vector<std::string> argv = {"--port", std::to_string(args.port), "--host", args.host, "--workspace", args.workspace,
                                   "--workers", std::to_string(args.workers), "--threads", std::to_string(args.threads)};
  if (args.token) {
    argv.emplace_back("--token");
    argv.push_back(*args.token);
  }
  return exec_python_module("yucun.workbench", argv, argv0);
}

}  // namespace yucun::cli
