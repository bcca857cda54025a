# Sourced by the test scripts that feed yucun crafted input under a memory
# limit (tests/e2e/faults.sh, tests/regressions/run_fuzz_regressions.sh).
#
# sanitizer_limits BINARY: in a sanitizer build, which reserves terabytes of
# address space for its shadow memory and so cannot run under ulimit -v,
# exports ASan's and TSan's RSS and allocation limits instead and returns 0;
# returns 1 for any other build (the caller then uses ulimit -v).
sanitizer_limits() {
  grep -q -a -E '__asan_init|__tsan_init' "$1" || return 1
  export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}hard_rss_limit_mb=1500:max_allocation_size_mb=1024"
  export TSAN_OPTIONS="${TSAN_OPTIONS:+$TSAN_OPTIONS:}hard_rss_limit_mb=1500:max_allocation_size_mb=1024"
}
