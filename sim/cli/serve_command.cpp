#include "sim/cli/serve_command.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "sim/cli/commands.hpp"
#include "sim/cli/print_error.hpp"

namespace yucun::cli {

namespace fs = std::filesystem;

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

namespace {

// The folders that hold the package `yucun` (python/) and the compiled
// module _yucun: next to an installed binary (../share/yucun/python), or the
// source and build folders this binary was built from.
std::vector<std::string> python_path(const fs::path& self) {
  std::vector<std::string> out;
  const fs::path installed = self.parent_path().parent_path() / "share" / "yucun" / "python";
  if (fs::exists(installed / "yucun" / "workbench")) out.push_back(installed.string());
#ifdef YUCUN_PYTHON_SOURCE_DIR
  if (fs::exists(fs::path(YUCUN_PYTHON_SOURCE_DIR) / "yucun" / "workbench")) out.push_back(YUCUN_PYTHON_SOURCE_DIR);
#endif
  const fs::path built = self.parent_path() / "python";
  if (fs::exists(built)) out.push_back(built.string());
  return out;
}

}  // namespace

int serve_command(const ServeArgs& args, const char* argv0) {
  std::error_code ec;
  fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (ec) self = fs::absolute(argv0);
  const auto paths = python_path(self);
  if (paths.empty()) {
    print_error("error: the workbench (python/yucun/workbench) was not found next to this yucun or in its source folder");
    return kExitFailure;
  }
  std::string pythonpath = fmt::format("{}", fmt::join(paths, ":"));
  if (const char* old = std::getenv("PYTHONPATH"); old && *old) pythonpath += std::string(":") + old;
  ::setenv("PYTHONPATH", pythonpath.c_str(), 1);

  const char* python = "/usr/bin/python3";
  std::vector<std::string> argv = {python, "-m", "yucun.workbench", "--port", std::to_string(args.port),
                                   "--host", args.host, "--workspace", args.workspace,
                                   "--workers", std::to_string(args.workers), "--threads", std::to_string(args.threads),
                                   "--yucun", self.string()};
  if (args.token) {
    argv.emplace_back("--token");
    argv.push_back(*args.token);
  }
  std::vector<char*> c_argv;
  for (auto& a : argv) c_argv.push_back(a.data());
  c_argv.push_back(nullptr);
  ::execv(python, c_argv.data());
  print_error(fmt::format("error: cannot start {}: {} (scripts/setup installs Python and the workbench's packages)", python,
                          std::strerror(errno)));
  return kExitFailure;
}

}  // namespace yucun::cli
