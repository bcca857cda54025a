#!/usr/bin/env bash
# Feeds every input in tests/regressions/fuzz/ (crashes the fuzzers once found)
# to `yucun validate` the way the fuzz targets see it, and expects a clean
# refusal: exit 2, no signal, no sanitizer report, no hang.
#
#   bash run_fuzz_regressions.sh <path-to-yucun> <source-dir>
#
# An input whose first line starts with "--set " passes the rest of that line
# as one --set override and the remaining lines as the scenario. Scenarios are
# validated from a scratch copy of fuzz/extends/, so relative `extends` paths
# resolve as they did in the fuzzer.
set -u
if [[ $# -lt 2 ]]; then
  echo "usage: $0 <path-to-yucun> <source-dir>" >&2
  exit 2
fi
yucun=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
src=$(cd "$2" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/yucun-fuzz-regressions.XXXXXX")
trap 'rm -rf "$work"' EXIT

# Keep runaway memory from taking the machine down: ulimit -v, or in sanitizer
# builds their RSS and allocation limits.
source "$(dirname "$0")/../sanitizer_limits.sh"
if sanitizer_limits "$yucun"; then
  limit_memory=""
else
  limit_memory="ulimit -v 2000000;"
fi

passed=0
failed=0
shopt -s nullglob
for input in "$src"/tests/regressions/fuzz/*; do
  [[ -f "$input" && "$input" != *.md ]] || continue
  name=$(basename "$input")
  case_dir="$work/$name.d"
  mkdir -p "$case_dir"
  cp "$src"/fuzz/extends/*.yaml "$case_dir"/
  args=()
  if [[ $(head -c 6 "$input") == "--set " ]]; then
    first=$(head -n 1 "$input")
    args=(--set "${first#--set }")
    tail -n +2 "$input" >"$case_dir/fuzz.yaml"
  else
    cp "$input" "$case_dir/fuzz.yaml"
  fi
  out=$(cd "$case_dir" && bash -c "$limit_memory"' exec timeout 60 "$@"' _ "$yucun" validate fuzz.yaml "${args[@]}" 2>&1)
  code=$?
  if [[ $code -eq 2 ]] && ! grep -q -E 'Sanitizer|runtime error' <<<"$out"; then
    passed=$((passed + 1))
    printf 'PASS  %s\n' "$name"
  else
    failed=$((failed + 1))
    what="exit $code"
    ((code == 124)) && what="timed out after 60 s"
    ((code > 128 && code != 124)) && what="killed by signal $((code - 128))"
    printf 'FAIL  %s: %s, expected exit 2\n' "$name" "$what"
    grep -v -E "^\s+0x|memory map follows" <<<"$out" | head -n 25 | sed 's/^/      /'
  fi
done
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
