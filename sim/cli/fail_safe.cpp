#include "sim/cli/fail_safe.hpp"

#include <pthread.h>
#include <semaphore.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <new>

#include <hdf5.h>

#include "sim/core/sanitizer_build.hpp"
#include "sim/io/output/publish_file.hpp"

#ifdef YUCUN_SANITIZED
#include <sanitizer/common_interface_defs.h>
#endif

namespace yucun::cli {

namespace {

// How long the normal path has, once armed, to end the process itself: a
// stopped run ends its day, removes its temporary and exits well within it.
constexpr int kGraceSeconds = 20;

sem_t g_armed;
std::atomic<int> g_exit_code{-1};
std::atomic<bool> g_installed{false};

// Plain write(2): async-signal-safe, and needs no memory.
void say(const char* text) noexcept {
  for (std::size_t done = 0, size = std::strlen(text); done < size;) {
    const ssize_t n = ::write(STDERR_FILENO, text + done, size - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    done += static_cast<std::size_t>(n);
  }
}

void* watchdog(void*) {
  while (sem_wait(&g_armed) != 0) {
  }
  timespec left{kGraceSeconds, 0};
  while (nanosleep(&left, &left) != 0 && errno == EINTR) {
  }
  say("yucun: the process did not end within 20 s of the run failing or being stopped (the HDF5 library may be "
      "stuck after running out of memory); ending it now, no result written\n");
  output::remove_claimed_parts_now();
  _exit(g_exit_code.load());
}

// HDF5 itself may end the process, with exit(-1), when it cannot allocate
// memory (seen inside H5Acreate2 in the writer's thread): no stack unwinds
// and no destructor removes the temporary. Registered after HDF5's own
// cleanup, so it runs first and HDF5's (which may loop or hang) never does.
void on_exit_call() {
  if (!output::holds_claimed_parts()) return;  // an ordinary end
  output::remove_claimed_parts_now();
  say("error: yucun failed: the HDF5 library ended the process, most likely out of memory (a memory limit such "
      "as ulimit -v, or the machine's memory); no result written\n");
  _exit(1);
}

void on_out_of_memory() {
  arm_fail_safe(1);
  throw std::bad_alloc();
}

#ifndef YUCUN_SANITIZED
extern "C" void on_crash(int sig) {
  output::remove_claimed_parts_now();
  say(sig == SIGBUS ? "error: yucun failed: the process crashed (bus error)"
                    : "error: yucun failed: the process crashed (segmentation fault)");
  say(", most likely out of memory inside a library (a memory limit such as ulimit -v, or the machine's memory); "
      "no result written\n");
  _exit(1);
}
#else
void on_sanitizer_death() { output::remove_claimed_parts_now(); }
#endif

}  // namespace

void install_fail_safe() {
  if (g_installed.exchange(true)) return;
  if (sem_init(&g_armed, 0, 0) == 0) {
    // A small stack: under a tight memory limit a default 8 MiB one may not be had.
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, 64 * 1024);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_t thread;
    pthread_create(&thread, &attr, watchdog, nullptr);
    pthread_attr_destroy(&attr);
  }
  H5open();  // HDF5 registers its cleanup at exit now, before ours
  std::atexit(on_exit_call);
  std::set_new_handler(on_out_of_memory);
#ifndef YUCUN_SANITIZED
  struct sigaction crash {};
  crash.sa_handler = on_crash;
  crash.sa_flags = SA_RESETHAND;  // a crash in the handler itself ends the process
  sigemptyset(&crash.sa_mask);
  sigaction(SIGSEGV, &crash, nullptr);
  sigaction(SIGBUS, &crash, nullptr);
#else
  __sanitizer_set_death_callback(on_sanitizer_death);
#endif
}

void arm_fail_safe(int exit_code) noexcept {
  int none = -1;
  if (!g_exit_code.compare_exchange_strong(none, exit_code)) return;
  if (g_installed.load()) sem_post(&g_armed);
}

void exit_without_cleanup(int code) {
  std::fflush(nullptr);
  _exit(code);
}

}  // namespace yucun::cli
