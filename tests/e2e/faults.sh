#!/usr/bin/env bash
# Faults: what happens to the process must never leave a result that lies.
#  - SIGINT and SIGTERM stop a run cleanly: exit 130, nothing at the final
#    name, no temporary left;
#  - SIGKILL at several moments never leaves a file at the final name that is
#    incomplete, never damages the earlier result being replaced, and the
#    next run clears the dead run's temporary;
#  - a full disk (a file-size limit) gives a clear error and no file.
set -u
yucun=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
pass=0 failed=0
ok() { echo "PASS  $1"; pass=$((pass + 1)); }
bad() { echo "FAIL  $1"; failed=$((failed + 1)); }
long_run=(--set calendar.years=40)  # long enough to be caught in the middle

wait_for_part() {  # until the run has claimed its temporary file
  for _ in $(seq 1 100); do
    compgen -G "$1/.*.part-*" > /dev/null && return 0
    sleep 0.05
  done
  return 1
}

for sig in INT TERM; do
  out="$dir/sig$sig"
  mkdir -p "$out"
  "$yucun" run -q -o "$out/result.h5" "${long_run[@]}" 2> "$out/stderr" &
  pid=$!
  wait_for_part "$out"
  sleep 0.3
  kill -s "$sig" "$pid"
  wait "$pid"
  rc=$?
  if [[ $rc -eq 130 ]] && grep -q "interrupted by signal" "$out/stderr" && [[ -z "$(ls -A "$out" | grep -v stderr)" ]]; then
    ok "SIG$sig stops the run with exit 130 and leaves no file"
  else
    bad "SIG$sig: exit $rc, files: $(ls -A "$out" | tr '\n' ' ') stderr: $(cat "$out/stderr")"
  fi
done

# SIGKILL while replacing an earlier result.
out="$dir/kill"
mkdir -p "$out"
"$yucun" run -q -o "$out/result.h5" --set calendar.years=1 || bad "could not make the earlier result"
before=$(sha256sum < "$out/result.h5")
for delay in 0.05 0.3 0.8 1.5; do
  "$yucun" run -q -o "$out/result.h5" --force "${long_run[@]}" &
  pid=$!
  sleep "$delay"
  kill -s KILL "$pid"
  wait "$pid" 2> /dev/null
  after=$(sha256sum < "$out/result.h5")
  if [[ "$before" == "$after" ]]; then
    ok "SIGKILL after ${delay}s leaves the earlier result intact"
  else
    bad "SIGKILL after ${delay}s changed the earlier result"
  fi
done
if "$yucun" info "$out/result.h5" > /dev/null; then ok "the earlier result still reads"; else bad "the earlier result no longer reads"; fi
# The next run (here a quick one that replaces the result) clears the dead runs' temporaries.
"$yucun" run -q -o "$out/result.h5" --force --set calendar.years=1
if compgen -G "$out/.*.part-*" > /dev/null; then
  bad "temporaries of killed runs are left: $(ls -A "$out")"
else
  ok "the next run clears the temporaries of killed runs"
fi

# A full disk, simulated with a file-size limit of 200 KiB.
out="$dir/full"
mkdir -p "$out"
(ulimit -f 200; "$yucun" run -q -o "$out/result.h5" --set calendar.years=2 2> "$out/stderr")
rc=$?
if [[ $rc -eq 1 ]] && grep -q "File too large" "$out/stderr" && [[ -z "$(ls -A "$out" | grep -v stderr)" ]]; then
  ok "a full disk gives exit 1, a clear error and no file"
else
  bad "full disk: exit $rc, files: $(ls -A "$out" | tr '\n' ' ') stderr: $(cat "$out/stderr")"
fi

# The same for the commands that write other files (was SIGXFSZ, exit 153, and
# a .part file left behind): a clear error, exit 1, nothing at the name.
for cmd in "generate --households 20000 -o $out/g.yaml" "table $out/../rep.h5 --level all -o $out/t.csv"; do
  rm -f "$out"/*
  [[ -f "$dir/rep.h5" ]] || "$yucun" run -q --set calendar.years=1 --set spin_up.years=0 --replicates 2 -o "$dir/rep.h5"
  # shellcheck disable=SC2086
  (ulimit -f 4; "$yucun" $cmd 2> "$out/stderr" >/dev/null)
  rc=$?
  if [[ $rc -eq 1 ]] && grep -q "cannot write" "$out/stderr" && [[ -z "$(ls -A "$out" | grep -v stderr)" ]]; then
    ok "a full disk under '${cmd%% *}' gives exit 1, a clear error and no file"
  else
    bad "full disk under '${cmd%% *}': exit $rc, files: $(ls -A "$out" | tr '\n' ' ') stderr: $(cat "$out/stderr")"
  fi
done

echo "$pass passed, $failed failed"
[[ $failed -eq 0 ]]
