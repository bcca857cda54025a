#include "sim/cli/print_error.hpp"

#include <cstdio>

#include "sim/cli/sweep_run.hpp"

namespace yucun::cli {

void print_error(const std::string& message) {
  std::fputs(message.c_str(), stderr);
  if (message.empty() || message.back() != '\n') std::fputc('\n', stderr);
}

void print_error_once(const std::string& message) {
  if (!is_mpi_worker_process()) print_error(message);
}

}  // namespace yucun::cli
