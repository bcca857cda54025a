#!/usr/bin/env bash
# Faults: what happens to the process must never leave a result that lies.
#  - SIGINT and SIGTERM stop a run cleanly: exit 130, nothing at the final
#    name, no temporary left;
#  - SIGKILL at several moments never leaves a file at the final name that is
#    incomplete, never damages the earlier result being replaced, and the
#    next run clears the dead run's temporary;
#  - a full disk (a file-size limit) gives a clear error and no file;
#  - issue 18's faults: money past the int64 fen range, crafted shards given
#    to `merge`, a damaged sweep work folder on `--resume`.
set -u
yucun=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
pass=0 failed=0
ok() { echo "PASS  $1"; pass=$((pass + 1)); }
bad() { echo "FAIL  $1"; failed=$((failed + 1)); }
long_run=(--set calendar.years=40)  # long enough to be caught in the middle
# A memory limit for the issue-18 cases (a crafted file must be refused before it is
# read into memory): ulimit -v, or in sanitizer builds their RSS and allocation limits.
source "$(dirname "$0")/../sanitizer_limits.sh"
if sanitizer_limits "$yucun"; then
  limit_memory=":"
else
  limit_memory="ulimit -v 2000000"
fi

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

# ---- Issue 18: faults an adversarial test found ----------------------------
# Each block below failed before its fix (the issue's fault number).
issue18="$dir/issue18"
mkdir -p "$issue18"
py=/usr/bin/python3
have_h5py=1
"$py" -c 'import h5py, numpy' 2> /dev/null || { have_h5py=0; bad "issue 18: the merge checks need python3-h5py (scripts/setup installs it)"; }
# A small world (300 households, 2 villages) keeps every run here under a second.
"$yucun" generate --households 300 --villages 2 --years 1 -o "$issue18/world.yaml" > /dev/null

# Fault 1: wages doubling every year for 34 years took household deposits past
# the int64 fen range; the run said "money conserved" and exited 0 with
# wrapped, negative deposits. Now: exit 1, "money overflow", no file.
out="$issue18/overflow"
mkdir -p "$out"
"$yucun" run "$issue18/world.yaml" -q -o "$out/result.h5" --set calendar.years=34 --set spin_up.years=0 \
  --set labour.wage_growth_per_year=1 --set tourism.annual_visitors=10000 2> "$out/stderr"
rc=$?
if [[ $rc -eq 1 ]] && grep -q "money overflow: .* exceeds the int64 fen range" "$out/stderr" &&
   grep -q "growth x years is too large" "$out/stderr" && [[ -z "$(ls -A "$out" | grep -v stderr)" ]]; then
  ok "fault 1: money past the int64 fen range stops the run (exit 1, 'money overflow'), no file"
else
  bad "fault 1: money overflow: exit $rc, files: $(ls -A "$out" | tr '\n' ' ') stderr: $(head -c 400 "$out/stderr")"
fi

# A sweep of two one-year runs of that world, in two shards, for the merge
# and work-folder faults.
sweep="$issue18/sweep.yaml"
cat > "$sweep" <<'YAML'
name: issue18
base: world.yaml
set: {spin_up.years: 0}
seed: 7
design: grid
parameters:
  - key: tourism.annual_visitors
    values: [5000, 10000]
YAML
(cd "$issue18" && "$yucun" sweep sweep.yaml -q -o ref.h5 && "$yucun" sweep sweep.yaml -q --shard 0/2 -o s0.h5 &&
  "$yucun" sweep sweep.yaml -q --shard 1/2 -o s1.h5) > "$issue18/sweep.log" 2>&1 ||
  bad "issue 18: the reference sweep and its shards: $(head -c 400 "$issue18/sweep.log")"

# merge_refused NAME FRAGMENT... : `merge` of the crafted shards NAME-0.h5 and
# NAME-1.h5 (or s0.h5 and NAME.h5) exits 2 within seconds and 2 GB, naming
# each fragment, and writes nothing.
merge_refused() {
  local name=$1 what=$2
  shift 2
  local shards=(s0.h5 "$name.h5")
  [[ -f "$issue18/$name-0.h5" ]] && shards=("$name-0.h5" "$name-1.h5")
  rm -f "$issue18/merged.h5"
  (cd "$issue18" && $limit_memory && timeout -k 2 20 "$yucun" merge "${shards[@]}" -o merged.h5 2> "merge-$name.err" > /dev/null)
  local rc=$? missing=""
  for fragment in "$@"; do grep -qF -- "$fragment" "$issue18/merge-$name.err" || missing+=" '$fragment'"; done
  if [[ $rc -eq 2 && -z $missing && ! -e "$issue18/merged.h5" ]] && ! compgen -G "$issue18/.merged.h5.part-*" > /dev/null; then
    ok "$what"
  else
    bad "$what: exit $rc, missing$missing, stderr: $(head -c 400 "$issue18/merge-$name.err")"
  fi
}

if [[ $have_h5py -eq 1 && -f "$issue18/s1.h5" ]]; then
  "$py" - "$issue18" <<'PY' || bad "issue 18: crafting the shards"
import os, shutil, sys
import h5py, numpy as np
os.chdir(sys.argv[1])
def craft(name, change, source="s1.h5"):
    shutil.copy(source, name)
    with h5py.File(name, "r+") as f:
        change(f)
def attr(key, value):
    return lambda f: f.attrs.__setitem__(key, np.int64(value))
def replace(name, make):
    def change(f):
        data = make(f[name][...])
        del f[name]
        f.create_dataset(name, data=data)
    return change
# Fault 10: shard attributes that would have the merge allocate without end.
for i in (0, 1):
    craft(f"count-{i}.h5", attr("shard_count", 10**12), f"s{i}.h5")
    craft(f"runs-{i}.h5", attr("sweep_runs", 2**62), f"s{i}.h5")
# Fault 11: NaN in an integer series, reals where integers belong, the
# villages' order swapped, a series of the wrong shape.
def with_nan(a):
    a = a.astype(np.float64)
    a[0, 0, 0] = np.nan
    return a
craft("nan.h5", replace("income_wage_yearly", with_nan))
craft("float.h5", replace("income_wage_yearly", lambda a: a.astype(np.float64) + 0.5))
craft("swap.h5", lambda f: f["village_name"].__setitem__(Ellipsis, f["village_name"][...][::-1]))
craft("shape.h5", replace("income_wage_yearly", lambda a: np.concatenate([a, a[:, :, :1]], axis=2)))
PY
  merge_refused count "fault 10: merge refuses shard_count 10^12 at once (no list of 10^12 missing shards)" \
    "count-0.h5" "shard_count is 1000000000000, more than the sweep's 2 runs"
  merge_refused runs "fault 10: merge refuses sweep_runs 2^62 at once (nothing allocated for them)" \
    "runs-0.h5" "sweep_runs is 4611686018427387904, over the limit"
  merge_refused nan "fault 11: merge refuses NaN in an integer series (exit 2, file and variable named)" \
    "nan.h5" "income_wage_yearly" "is stored as 64-bit floating point"
  merge_refused float "fault 11: merge refuses reals where whole numbers belong, never truncating them" \
    "float.h5" "income_wage_yearly" "whole numbers (64-bit signed integers)"
  merge_refused swap "fault 11: merge refuses a shard with its villages in another order" \
    "swap.h5" "village_name" "in this order"
  merge_refused shape "fault 11: merge refuses a series of the wrong shape as bad input (exit 2), not 'writing'" \
    "shape.h5" "income_wage_yearly" "does not have the shape of its series"
fi

# Fault 12: a damaged work folder on `sweep --resume`. resume_case NAME SETUP
# EXIT FRAGMENT: lays a work folder with the sweep's manifest, lets SETUP
# spoil it, resumes (10 s and 2 GB at most); the exit status must be EXIT, the
# stderr must hold FRAGMENT, and a resumed sweep must give the reference bytes.
hash=""
[[ -f "$issue18/ref.h5" ]] && hash=$(h5dump -a sweep_hash "$issue18/ref.h5" 2> /dev/null | grep -o '"[0-9a-f]*"' | tr -d '"')
resume_case() {
  local name=$1 setup=$2 want=$3 fragment=$4 what=$5
  local work="$issue18/.$name.h5.sweep"
  rm -rf "$work" "$issue18/$name.h5"
  mkdir -p "$work"
  printf 'yucun sweep work folder\nsweep_hash: %s\nsweep_name: issue18\nsweep_file: %s\nshard: \nruns: 2\n' \
    "$hash" "$sweep" > "$work/manifest"
  (cd "$work" && eval "$setup")
  (cd "$issue18" && $limit_memory && timeout -k 2 10 "$yucun" sweep sweep.yaml --resume -q -o "$name.h5" \
    2> "resume-$name.err" > /dev/null)
  local rc=$?
  if [[ $rc -ne $want ]] || { [[ -n $fragment ]] && ! grep -qF -- "$fragment" "$issue18/resume-$name.err"; }; then
    bad "$what: exit $rc (want $want), stderr: $(head -c 400 "$issue18/resume-$name.err")"
  elif [[ $want -eq 0 ]] && ! cmp -s "$issue18/$name.h5" "$issue18/ref.h5"; then
    bad "$what: the resumed sweep differs from the reference"
  else
    ok "$what"
  fi
  rm -rf "$work"
}
if [[ -n $hash ]]; then
  resume_case big ': > run-99999999999999999999999; : > run-7' 0 "" \
    "fault 12: a file 'run-99999999999999999999999' in the work folder is left alone (was: 'stoull')"
  resume_case fifo 'mkfifo run-000000000' 0 "is not a regular file" \
    "fault 12: a FIFO checkpoint is refused without blocking and its run run again (was: a hang deaf to SIGTERM)"
  resume_case zero 'ln -s /dev/zero run-000000001' 0 "is a symbolic link" \
    "fault 12: a checkpoint linked to /dev/zero is refused, not read until memory runs out"
  resume_case manifest 'rm manifest; mkfifo manifest' 2 "manifest cannot be read" \
    "fault 12: a FIFO manifest is refused (exit 2), never waited on"
  [[ -c /dev/zero ]] || bad "fault 12: /dev/zero was replaced"
else
  bad "issue 18: no sweep_hash in the reference sweep (h5dump)"
fi

# Fault 8: two runs started together with the same output both checked that
# the name was free, both wrote, and the second rename replaced the first's
# result: both said "wrote". Now the result is published without replacing
# (renameat2 RENAME_NOREPLACE): one run succeeds, the other exits 1 saying so
# and removes its own temporary; the file reads.
out="$issue18/race"
mkdir -p "$out"
race_ok=1
for try in 1 2 3; do
  rm -f "$out"/*
  "$yucun" run "$issue18/world.yaml" -q -o "$out/r.h5" --set calendar.years=6 --set spin_up.years=0 2> "$out/e1" &
  p1=$!
  "$yucun" run "$issue18/world.yaml" -q -o "$out/r.h5" --set calendar.years=6 --set spin_up.years=0 2> "$out/e2" &
  p2=$!
  wait "$p1"; r1=$?
  wait "$p2"; r2=$?
  codes=$(printf '%s\n' "$r1" "$r2" | sort | tr '\n' ' ')
  # Both may have started after the other finished (then exit 2, 'already exists'): also no loss.
  if [[ "$codes" == "0 1 " ]] && grep -q "was created by another process while this run was writing" "$out"/e1 "$out"/e2 &&
     "$yucun" info "$out/r.h5" > /dev/null 2>&1 && ! compgen -G "$out/.*.part-*" > /dev/null; then
    :
  elif [[ "$codes" == "0 2 " ]] && grep -q "already exists" "$out"/e1 "$out"/e2; then
    :
  else
    race_ok=0
    bad "fault 8: two runs into one name: exit $r1 and $r2, files: $(ls -A "$out" | tr '\n' ' ') stderr: $(head -c 300 "$out/e1") / $(head -c 300 "$out/e2")"
  fi
done
[[ $race_ok -eq 1 ]] && ok "fault 8: of two runs started together into one name, one writes it and the other exits 1, removing its result"

# A temporary held (flock) by a live writer, here one whose PID means nothing
# in this namespace, is not removed as stale; one nobody holds is.
out="$issue18/live-part"
mkdir -p "$out"
live="$out/.r.h5.part-4194303"
dead="$out/.r.h5.part-4194302"
: > "$live"
: > "$dead"
flock "$live" sleep 5 &
holder=$!
sleep 0.2
"$yucun" run "$issue18/world.yaml" -q -o "$out/r.h5" --set spin_up.years=0 2> "$out/stderr"
rc=$?
if [[ $rc -eq 0 && -f "$live" && ! -e "$dead" ]]; then
  ok "fault 8: a temporary locked by a live writer (another PID namespace) is left alone; an unlocked one is removed"
else
  bad "fault 8: stale temporaries: exit $rc, files: $(ls -A "$out" | tr '\n' ' ')"
fi
kill "$holder" 2> /dev/null
wait "$holder" 2> /dev/null

# Fault 13: `merge` on a full disk (a file-size limit): exit 1, a message, no
# file and no temporary.
out="$issue18/merge-full"
mkdir -p "$out"
(cd "$issue18" && ulimit -f 4 && "$yucun" merge s0.h5 s1.h5 -o merge-full/m.h5 2> merge-full.err > /dev/null)
rc=$?
if [[ $rc -eq 1 ]] && grep -q "cannot write .*File too large" "$issue18/merge-full.err" && [[ -z "$(ls -A "$out")" ]]; then
  ok "fault 13: a full disk under 'merge' gives exit 1, a clear error, no file and no temporary"
else
  bad "fault 13: merge on a full disk: exit $rc, files: $(ls -A "$out" | tr '\n' ' ') stderr: $(head -c 300 "$issue18/merge-full.err")"
fi

# Fault 5: memory running out during `run` (ulimit -v 100000) crashed HDF5 in
# the writer thread (SIGSEGV, rc 139 or 255, "HDF5: infinite loop closing
# library"), left the temporary file, and about 1 in 15 times deadlocked on
# HDF5's global lock, deaf to SIGINT and SIGTERM. Now: exit 1 saying "out of
# memory" (or 130 when stopped by SIGTERM first), no file and no temporary,
# within 60 s (a watchdog ends a process that HDF5 holds up; fail_safe.hpp).
# Several limits and tries, as each fails at a different place. Sanitizer
# builds cannot take ulimit -v: there ASan's RSS limit ends the run (its
# report is the message, exit 1) and its death callback removes the temporary.
out="$issue18/oom"
mkdir -p "$out"
oom_ok=1
if [[ $limit_memory == ":" ]]; then
  oom_limits=(asan asan asan)
else
  oom_limits=(60000 80000 100000 100000 130000 130000)
fi
try=0
for limit in "${oom_limits[@]}"; do
  try=$((try + 1))
  rm -rf "$out" && mkdir -p "$out"
  if [[ $limit == asan ]]; then
    (export ASAN_OPTIONS="$ASAN_OPTIONS:hard_rss_limit_mb=120"
     exec timeout -k 5 60 "$yucun" run -q -o "$out/r.h5" --set calendar.years=3) 2> "$issue18/oom.err" &
  else
    (ulimit -v "$limit"; exec timeout -k 5 60 "$yucun" run -q -o "$out/r.h5" --set calendar.years=3) 2> "$issue18/oom.err" &
  fi
  pid=$!
  sent=""
  if [[ $((try % 2)) -eq 0 ]] && wait_for_part "$out"; then  # every other try, SIGTERM to yucun mid-run
    sleep 0.2
    pkill -TERM -P "$pid" -x yucun 2> /dev/null || true
    sent=" after SIGTERM"
  fi
  wait "$pid"
  rc=$?
  want='out of memory|rss limit exhausted'
  [[ -n $sent ]] && want="$want|interrupted by signal"
  if [[ $rc -ne 1 && ! ( -n $sent && $rc -eq 130 ) ]] || ! grep -qE "$want" "$issue18/oom.err" ||
     [[ -n "$(ls -A "$out")" ]]; then
    oom_ok=0
    bad "fault 5: out of memory (limit $limit$sent): exit $rc, files: $(ls -A "$out" | tr '\n' ' ') stderr: $(head -c 300 "$issue18/oom.err")"
  fi
done
[[ $oom_ok -eq 1 ]] && ok "fault 5: memory running out during 'run' ends in exit 1, 'out of memory', no file or temporary, within 60 s (never a crash or a hang)"

# The same for `merge` (HDF5 reads and writes, no run): under a ladder of
# memory limits each try either merges or ends in exit 1 saying "out of
# memory" (a crash inside HDF5 included: fail_safe.hpp), never a signal, a
# hang or a temporary left. Limits where the loader cannot even map yucun's
# libraries are not counted. Not in sanitizer builds (ulimit -v).
if [[ $limit_memory != ":" && -f "$issue18/s0.h5" ]]; then
  merge_ok=1 merge_oom=0
  for limit in $(seq 30000 2000 64000); do
    rm -f "$issue18/oom-merged.h5"
    (cd "$issue18" && ulimit -v "$limit" && exec timeout -k 5 60 "$yucun" merge s0.h5 s1.h5 -o oom-merged.h5 -q) \
      2> "$issue18/oom-merge.err"
    rc=$?
    grep -q "error while loading shared libraries" "$issue18/oom-merge.err" && continue
    if [[ $rc -eq 1 ]] && grep -q "out of memory" "$issue18/oom-merge.err" && [[ ! -e "$issue18/oom-merged.h5" ]]; then
      merge_oom=$((merge_oom + 1))
    elif [[ $rc -ne 0 || ! -s "$issue18/oom-merged.h5" ]]; then
      merge_ok=0
      bad "merge out of memory (ulimit -v $limit): exit $rc, stderr: $(head -c 300 "$issue18/oom-merge.err")"
    fi
    if compgen -G "$issue18/.oom-merged.h5.part-*" > /dev/null; then merge_ok=0; bad "merge out of memory left a temporary"; fi
  done
  if [[ $merge_ok -eq 1 && $merge_oom -ge 2 ]]; then
    ok "memory running out during 'merge' ends in exit 1, 'out of memory', no file or temporary ($merge_oom limits); above them it merges"
  elif [[ $merge_ok -eq 1 ]]; then
    bad "merge out of memory: only $merge_oom of the limits 30-64 MB ran out of memory (the ladder no longer reaches it)"
  fi
fi

echo "$pass passed, $failed failed"
[[ $failed -eq 0 ]]
