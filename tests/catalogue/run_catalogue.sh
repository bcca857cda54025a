#!/usr/bin/env bash
# The bad-input catalogue: every way a user can hand yucun something wrong,
# each case asserting the exit code, the exact message fragments (with
# file:line:column and key path where they apply), that no signal killed the
# process, that it did not hang, and that no output or temporary file appeared.
#
#   bash tests/catalogue/run_catalogue.sh <path-to-yucun> [CASE-NAME-PATTERN]
#
# Each case is a folder cases/NNN-short-name/ holding a `case` file and any
# input files (input.yaml, ...). The `case` file has one directive a line:
#
#   cmd: {yucun} validate input.yaml    the command line, run by bash in a fresh
#                                       temporary folder holding copies of the
#                                       case's files; placeholders: {yucun} the
#                                       binary, {dir} that folder, {result} a
#                                       real one-year result file (read-only use)
#   exit: 2                             the expected exit status
#   stderr: FRAGMENT                    must appear in stderr (repeatable)
#   stdout: FRAGMENT                    must appear in stdout (repeatable)
#                                       a fragment "re:REGEX" is an extended
#                                       regular expression matched per line
#   absent: PATH                        must not exist afterwards (repeatable)
#   unchanged: PATH                     must be byte-identical afterwards
#   needs: readonly-dir PATH            PATH is made an unwritable folder
#   timeout: SECONDS                    default 10; longer is a hang
#   # ...                               a comment
#
# An optional setup.sh runs first in the temporary folder (env YUCUN, RESULT)
# to make inputs not worth committing (huge, binary, generated); exit 77 from
# it skips the case with the reason it printed.
#
# Whatever the case, any file the command leaves behind (a new file anywhere
# in the temporary folder, a hidden .*.part-* temporary) is a failure.
#
# Prints one line per case (PASS/FAIL/SKIP) and ends with "N passed, M failed";
# exits non-zero when any case failed.
set -u

if [[ $# -lt 1 ]]; then
  echo "usage: $0 <path-to-yucun> [case-name-pattern]" >&2
  exit 2
fi
YUCUN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
FILTER=${2:-}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CASES=$HERE/cases
if [[ ! -x $YUCUN ]]; then
  echo "error: '$YUCUN' is not an executable" >&2
  exit 2
fi
if ! command -v timeout >/dev/null 2>&1; then
  echo "error: the catalogue needs 'timeout' (coreutils) to catch hangs" >&2
  exit 2
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/yucun-catalogue.XXXXXX")
chmod 755 "$WORK"
cleanup() {
  # Unwritable folders made by cases must be writable again to be removed.
  chmod -R u+w "$WORK" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT

# One real result, for the `info` cases (truncated, corrupted copies...).
RESULT=$WORK/fixtures/result.h5
mkdir -p "$WORK/fixtures"
if ! (cd "$WORK/fixtures" && timeout 120 "$YUCUN" run -q --set calendar.years=1 -o result.h5) \
  >"$WORK/fixtures/run.log" 2>&1; then
  echo "note: could not make the fixture result (cases using it will fail):"
  sed -e 's/^/      | /' "$WORK/fixtures/run.log" | head -n 10
fi
chmod 444 "$RESULT" 2>/dev/null

passed=0
failed=0
skipped=0

# Does TEXT contain PATTERN? "re:" patterns are extended regular expressions.
matches() {
  local pattern=$1 text=$2
  if [[ $pattern == re:* ]]; then
    grep -Eq -- "${pattern#re:}" <<<"$text"
  else
    grep -Fq -- "$pattern" <<<"$text"
  fi
}

# Every entry under a folder, hidden ones too, one a line, sorted.
listing() { (cd "$1" && find . -mindepth 1 \( -type f -o -type l -o -type d \) -print 2>/dev/null | LC_ALL=C sort); }

expand() {
  local s=$1 dir=$2
  s=${s//\{yucun\}/$(printf '%q' "$YUCUN")}
  s=${s//\{dir\}/$(printf '%q' "$dir")}
  s=${s//\{result\}/$(printf '%q' "$RESULT")}
  printf '%s' "$s"
}

show_text() {
  local label=$1 text=$2
  [[ -z $text ]] && { printf '      %s: (empty)\n' "$label"; return; }
  printf '      %s:\n' "$label"
  head -n 12 <<<"$text" | cut -c1-300 | sed -e 's/^/      | /'
}

run_case() {
  local case_dir=$1 name
  name=$(basename "$case_dir")
  local spec=$case_dir/case
  if [[ ! -f $spec ]]; then
    failed=$((failed + 1))
    printf 'FAIL  %s\n      no case file\n' "$name"
    return
  fi

  local cmd="" want_exit="" limit=10 line key value
  local -a want_err=() want_out=() absent=() unchanged=() needs=()
  while IFS= read -r line || [[ -n $line ]]; do
    [[ -z ${line//[[:space:]]/} || $line == \#* ]] && continue
    key=${line%%:*}
    value=${line#*:}
    value=${value# }
    case $key in
      cmd) cmd=$value ;;
      exit) want_exit=$value ;;
      stderr) want_err+=("$value") ;;
      stdout) want_out+=("$value") ;;
      absent) absent+=("$value") ;;
      unchanged) unchanged+=("$value") ;;
      needs) needs+=("$value") ;;
      timeout) limit=$value ;;
      *)
        failed=$((failed + 1))
        printf 'FAIL  %s\n      unknown directive in case file: %s\n' "$name" "$line"
        return
        ;;
    esac
  done <"$spec"
  if [[ -z $cmd || -z $want_exit ]]; then
    failed=$((failed + 1))
    printf 'FAIL  %s\n      the case file needs cmd: and exit:\n' "$name"
    return
  fi

  local dir=$WORK/$name
  mkdir -p "$dir"
  (cd "$case_dir" && find . -mindepth 1 -maxdepth 1 ! -name case ! -name setup.sh -exec cp -R {} "$dir"/ \;)

  if [[ -f $case_dir/setup.sh ]]; then
    local setup_out setup_code
    setup_out=$(cd "$dir" && YUCUN=$YUCUN RESULT=$RESULT bash "$case_dir/setup.sh" 2>&1)
    setup_code=$?
    if [[ $setup_code -eq 77 ]]; then
      skipped=$((skipped + 1))
      printf 'SKIP  %s: %s\n' "$name" "${setup_out:-setup asked to skip}"
      return
    elif [[ $setup_code -ne 0 ]]; then
      failed=$((failed + 1))
      printf 'FAIL  %s\n      setup.sh failed (exit %s)\n' "$name" "$setup_code"
      show_text "setup output" "$setup_out"
      return
    fi
  fi

  local -a wrapper=()
  local need
  for need in "${needs[@]}"; do
    case $need in
      readonly-dir\ *)
        local ro=${need#readonly-dir }
        mkdir -p "$dir/$ro"
        chmod 555 "$dir/$ro"
        if (touch "$dir/$ro/.probe") 2>/dev/null; then
          # Running as root: permissions do not stop writes. A read-only bind
          # mount in a private mount namespace does.
          rm -f "$dir/$ro/.probe"
          # shellcheck disable=SC2016  # $1.. expand in the inner bash
          if unshare -m bash -c 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" "$1" && ! touch "$1/.probe"' _ \
            "$dir/$ro" >/dev/null 2>&1; then
            # shellcheck disable=SC2016
            wrapper=(unshare -m bash -c 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" "$1" && cd "$2" && exec bash -c "$3"' _
              "$dir/$ro" "$dir")
          else
            skipped=$((skipped + 1))
            printf 'SKIP  %s: running as root, where chmod 555 does not stop writes, and no read-only bind mount is possible here (unshare -m / mount --bind refused)\n' "$name"
            return
          fi
        fi
        ;;
      *)
        failed=$((failed + 1))
        printf 'FAIL  %s\n      unknown need: %s\n' "$name" "$need"
        return
        ;;
    esac
  done

  local -A sums=()
  local u
  for u in "${unchanged[@]}"; do sums[$u]=$(cd "$dir" && sha256sum -- "$u" 2>/dev/null | cut -d' ' -f1); done
  local before
  before=$(listing "$dir")

  local full
  full=$(expand "$cmd" "$dir")
  local out_file=$WORK/$name.stdout err_file=$WORK/$name.stderr code
  if [[ ${#wrapper[@]} -gt 0 ]]; then
    timeout -k 5 "$limit" "${wrapper[@]}" "$full" >"$out_file" 2>"$err_file" </dev/null
  else
    (cd "$dir" && exec timeout -k 5 "$limit" bash -c "$full") >"$out_file" 2>"$err_file" </dev/null
  fi
  code=$?
  local out err
  out=$(cat "$out_file")
  err=$(cat "$err_file")
  rm -f "$out_file" "$err_file"

  local -a problems=()
  if [[ $code -eq 124 || $code -eq 137 ]]; then
    problems+=("hung: no exit within ${limit} s (killed by timeout, status $code); expected exit $want_exit")
  elif [[ $code -ge 128 ]]; then
    problems+=("killed by signal $((code - 128)) (status $code); expected exit $want_exit")
  elif [[ $code -ne $want_exit ]]; then
    problems+=("expected exit $want_exit, got $code")
  fi
  local f
  for f in "${want_err[@]}"; do matches "$f" "$err" || problems+=("stderr lacks: $f"); done
  for f in "${want_out[@]}"; do matches "$f" "$out" || problems+=("stdout lacks: $f"); done
  for f in "${absent[@]}"; do
    [[ -e $dir/$f || -L $dir/$f ]] && problems+=("file exists but must not: $f")
  done
  for u in "${unchanged[@]}"; do
    local now
    now=$(cd "$dir" && sha256sum -- "$u" 2>/dev/null | cut -d' ' -f1)
    [[ -n ${sums[$u]} && ${sums[$u]} == "$now" ]] || problems+=("file changed or vanished: $u")
  done
  local after leftover
  after=$(listing "$dir")
  leftover=$(LC_ALL=C comm -13 <(printf '%s\n' "$before") <(printf '%s\n' "$after") | sed -e '/^$/d')
  [[ -n $leftover ]] && problems+=("left behind: $(tr '\n' ' ' <<<"$leftover")")
  local parts
  parts=$(cd "$dir" && find . -name '.*.part-*' 2>/dev/null)
  [[ -n $parts ]] && problems+=("temporary output left: $(tr '\n' ' ' <<<"$parts")")

  if [[ ${#problems[@]} -eq 0 ]]; then
    passed=$((passed + 1))
    printf 'PASS  %s\n' "$name"
  else
    failed=$((failed + 1))
    printf 'FAIL  %s\n' "$name"
    printf '      command: %s\n' "$cmd"
    local p
    for p in "${problems[@]}"; do printf '      %s\n' "$p"; done
    show_text "stderr" "$err"
    [[ -n $out ]] && show_text "stdout" "$out"
  fi
  chmod -R u+w "$dir" 2>/dev/null
  rm -rf "$dir"
}

for case_dir in "$CASES"/*/; do
  case_dir=${case_dir%/}
  [[ -n $FILTER && $(basename "$case_dir") != *$FILTER* ]] && continue
  run_case "$case_dir"
done

[[ $skipped -gt 0 ]] && echo "$skipped skipped"
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
