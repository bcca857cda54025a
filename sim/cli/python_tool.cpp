#include "sim/cli/python_tool.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include <unistd.h>

#include <fmt/format.h>

#include "sim/cli/commands.hpp"
#include "sim/cli/print_error.hpp"

namespace yucun::cli {

namespace fs = std::filesystem;

namespace {

// The folders that hold the package `yucun` (python/) and the compiled
// module _yucun: next to an installed binary (../share/yucun/python), or the
// source and build folders this binary was built from.
std::vector<std::string> python_path(const fs::path& self) {
  std::vector<std::string> out;
  std::error_code ec;
  const fs::path installed = self.parent_path().parent_path() / "share" / "yucun" / "python";
  if (fs::exists(installed / "yucun" / "workbench", ec)) out.push_back(installed.string());
#ifdef YUCUN_PYTHON_SOURCE_DIR
  if (fs::exists(fs::path(YUCUN_PYTHON_SOURCE_DIR) / "yucun" / "workbench", ec)) out.push_back(YUCUN_PYTHON_SOURCE_DIR);
#endif
  const fs::path built = self.parent_path() / "python";
  if (fs::exists(built, ec)) out.push_back(built.string());
  return out;
}

}  // namespace

int exec_python_module(const std::string& module, const std::vector<std::string>& args, const char* argv0) {
  std::error_code ec;
  fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (ec) self = fs::absolute(argv0, ec);
  const auto paths = python_path(self);
  if (paths.empty()) {
    print_error("error: the workbench (python/yucun/workbench) was not found next to this yucun or in its source folder");
    return kExitFailure;
  }
  std::string pythonpath = fmt::format("{}", fmt::join(paths, ":"));
  if (const char* old = std::getenv("PYTHONPATH"); old && *old) pythonpath += std::string(":") + old;
  ::setenv("PYTHONPATH", pythonpath.c_str(), 1);

  const char* python = "/usr/bin/python3";
  std::vector<std::string> argv = {python, "-m", module};
  argv.insert(argv.end(), args.begin(), args.end());
  argv.emplace_back("--yucun");
  argv.push_back(self.string());
  std::vector<char*> c_argv;
  for (auto& a : argv) c_argv.push_back(a.data());
  c_argv.push_back(nullptr);
  ::execv(python, c_argv.data());
  print_error(fmt::format("error: cannot start {}: {} (scripts/setup installs Python and the workbench's packages)",
                          python, std::strerror(errno)));
  return kExitFailure;
}

}  // namespace yucun::cli
