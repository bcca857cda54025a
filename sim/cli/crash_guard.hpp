// Reading a damaged result file can crash inside the HDF5 library itself
// (1.10 dereferences corrupt object-header fields before checking them), out
// of reach of any exception. A read-only command therefore reads each file in
// a child process: a crash ends the child, and the command reports the file
// as damaged with a clear error and exit code 2 instead of dying.
#pragma once

#include <functional>
#include <string>

namespace yucun::cli {

struct GuardedExit {
  bool crashed = false;  // the child died of a signal or a sanitizer's report
  int status = 0;        // the child's exit status when it did not crash
  std::string how;       // what ended it, when it crashed ("Segmentation fault")
};

// Runs `work` in a child process whose stdout and stderr are ours; `work`
// returns the exit status (0, or 2 for bad input). Any other ending counts as
// a crash. No core file is written.
GuardedExit run_guarded(const std::function<int()>& work);

}  // namespace yucun::cli
