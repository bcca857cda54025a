# Sourced by the shell test scripts: the two arguments each takes, a scratch
# folder removed on exit, and PASS/FAIL lines with the closing tally.
#
#   source "$(dirname "$0")/../harness.sh"
#   harness_arguments "$@"          # sets YUCUN and SRC (absolute paths)
#   harness_workdir NAME            # sets WORK, removed on exit, and cd's there
#   pass "what"; fail "what" [detail lines...]
#   harness_summary                 # prints "N passed, M failed"; false if any failed

harness_arguments() {
  if [[ $# -lt 2 ]]; then
    echo "usage: $0 <path-to-yucun> <source-dir>" >&2
    exit 2
  fi
  YUCUN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
  SRC=$(cd "$2" && pwd)
}

harness_workdir() {
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/yucun-$1.XXXXXX")
  trap 'rm -rf "$WORK"' EXIT
  cd "$WORK" || exit 2
}

passed=0
failed=0
pass() {
  passed=$((passed + 1))
  printf 'PASS  %s\n' "$1"
}
fail() {
  failed=$((failed + 1))
  printf 'FAIL  %s\n' "$1"
  shift
  local line
  for line in "$@"; do printf '      %s\n' "$line"; done
}

harness_summary() {
  echo "$passed passed, $failed failed"
  [[ $failed -eq 0 ]]
}
