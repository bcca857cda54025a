// Commands written in Python on top of the module `yucun` (the planner's
// workbench: `yucun serve`, `yucun report`): the CLI finds the package and
// hands over to /usr/bin/python3, so `yucun` stays the one entry point.
#pragma once

#include <string>
#include <vector>

namespace yucun::cli {

// Replaces this process with `/usr/bin/python3 -m MODULE ARGS... --yucun SELF`,
// PYTHONPATH pointing at the package (installed next to this binary, or the
// source folder it was built from) and the compiled module (<build>/python).
// Returns only on failure (with the error printed): kExitFailure.
int exec_python_module(const std::string& module, const std::vector<std::string>& args, const char* argv0);

}  // namespace yucun::cli
