// The end of a command that writes a result, made certain when the libraries
// it uses can no longer be trusted: once memory has run out, HDF5 can crash,
// loop while closing ("infinite loop closing library") or hang on its global
// lock, deaf to SIGINT and SIGTERM (issue 18, fault 5). Whatever happens, the
// process ends with a message, its exit code and no temporary file left.
#pragma once

namespace yucun::cli {

// Starts the watchdog thread (now, while there is memory for it) and
// installs the handlers: a failed `new` arms the watchdog before it throws
// std::bad_alloc; a crash (SIGSEGV, SIGBUS) ends the process with exit 1
// and a message (in sanitizer builds the sanitizer reports it, and its death
// removes the temporaries). For commands that never recover from running
// out of memory. Call once.
void install_fail_safe();

// From now on the process ends within a few seconds: if the normal path has
// not ended it by then, the watchdog says so, removes this process's
// temporary files and calls _exit(exit_code). The first call's code counts.
// Async-signal-safe.
void arm_fail_safe(int exit_code) noexcept;

// Ends the process at once with `code`, after flushing stdio, without the
// atexit handlers (HDF5's library cleanup, which may loop, crash or hang
// after a failure). For the end of a run that failed or was stopped, once
// its temporary file is gone.
[[noreturn]] void exit_without_cleanup(int code);

}  // namespace yucun::cli
