#include "sim/cli/crash_guard.hpp"

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <fmt/format.h>

#include "sim/cli/print_error.hpp"

namespace yucun::cli {

namespace {
constexpr int kOk = 0;
constexpr int kBadInput = 2;
}  // namespace

GuardedExit run_guarded(const std::function<int()>& work) {
  std::fflush(nullptr);  // nothing buffered is printed twice
  const pid_t child = fork();
  if (child < 0) {
    // No child to be had: read here, unguarded, rather than not at all.
    return GuardedExit{false, work(), {}};
  }
  if (child == 0) {
    const rlimit no_core{0, 0};
    setrlimit(RLIMIT_CORE, &no_core);
    int status = kBadInput;
    try {
      status = work();
    } catch (const std::exception& e) {
      print_error(fmt::format("error: {}", e.what()));
    }
    std::fflush(nullptr);
    _exit(status);
  }
  int raw = 0;
  while (waitpid(child, &raw, 0) < 0)
    if (errno != EINTR) return GuardedExit{true, 0, std::strerror(errno)};
  if (WIFSIGNALED(raw)) return GuardedExit{true, 0, strsignal(WTERMSIG(raw))};
  const int status = WIFEXITED(raw) ? WEXITSTATUS(raw) : 1;
  // A sanitizer that caught the fault exits with its own status (1).
  if (status != kOk && status != kBadInput) return GuardedExit{true, 0, fmt::format("exit status {}", status)};
  return GuardedExit{false, status, {}};
}

}  // namespace yucun::cli
