#!/usr/bin/env bash
# Checkpoint/restart (docs/reliability.md): a run killed with SIGKILL between
# checkpoints, or stopped with SIGTERM, continues from its checkpoint to a
# file byte-identical to the uninterrupted run's; a policy scenario branches
# from a baseline checkpoint taken before its levers start, and from a cached
# spin-up, to the files of its full runs; a branch its checkpoint cannot
# start is refused (exit 2, no file).
#
#   bash tests/e2e/checkpoint.sh <path-to-yucun> <source-dir>
set -uo pipefail
yucun=$1
src=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cd "$dir" || exit 1
fail=0
ok() { echo "ok: $*"; }
bad() { echo "FAIL: $*"; fail=1; }
same() {  # same FILE_A FILE_B WHAT
  if cmp -s "$1" "$2"; then ok "$3"; else bad "$3 ($1 and $2 differ)"; fi
}

two_years=(--set calendar.years=2 --set spin_up.years=1)
"$yucun" run -q "${two_years[@]}" -o full.h5 || bad "the uninterrupted run"

# 1. SIGKILL between checkpoints, then --restart: the same bytes.
"$yucun" run -q "${two_years[@]}" -o killed.h5 --checkpoint-every 20d &
pid=$!
# Kill it once it has replaced its first checkpoint with a second (a new file is
# renamed over the old: its inode changes): it is then between two checkpoints,
# with most of its days still to run, whatever the machine's speed.
for _ in $(seq 1 600); do [[ -f killed.h5.ckpt ]] && break; sleep 0.02; done
first=$(stat -c %i killed.h5.ckpt 2>/dev/null)
for _ in $(seq 1 600); do
  now=$(stat -c %i killed.h5.ckpt 2>/dev/null)
  [[ -n "$now" && "$now" != "$first" ]] && break
  sleep 0.01
done
kill -KILL "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
if [[ -f killed.h5 ]]; then bad "a killed run left a result file"; fi
if [[ -f killed.h5.ckpt ]]; then ok "the killed run left a checkpoint"; else bad "no checkpoint after SIGKILL"; fi
"$yucun" run -q "${two_years[@]}" -o killed.h5 --restart killed.h5.ckpt --checkpoint-every 20d ||
  bad "the restart after SIGKILL"
same full.h5 killed.h5 "killed with SIGKILL and restarted: byte-identical to the uninterrupted run"
if [[ -f killed.h5.ckpt ]]; then bad "the finished run kept its --checkpoint-every file"; else ok "the finished run removed its checkpoint"; fi

# 2. SIGTERM: the state is written on the way out, and the message says how to go on.
"$yucun" run -q "${two_years[@]}" -o termed.h5 --checkpoint-every 20d 2> termed.err &
pid=$!
# Stopped while it runs: after its first checkpoint, well before its last day.
for _ in $(seq 1 300); do [[ -f termed.h5.ckpt ]] && break; sleep 0.05; done
kill -TERM "$pid"
wait "$pid"
rc=$?
if [[ $rc -eq 130 ]]; then ok "SIGTERM ends the run with exit 130"; else bad "SIGTERM gave exit $rc, not 130"; fi
if grep -q "continue with --restart termed.h5.ckpt" termed.err; then ok "the message says how to continue"; else bad "no restart hint: $(cat termed.err)"; fi
"$yucun" run -q "${two_years[@]}" -o termed.h5 --restart termed.h5.ckpt || bad "the restart after SIGTERM"
same full.h5 termed.h5 "stopped with SIGTERM and restarted: byte-identical"

# 3. Branching: the integration package's levers start 2024-01-01; a baseline
# checkpoint of that day starts it, and gives its full run's file.
pkg="$src/scenarios/integration_package.yaml"
"$yucun" run -q "$src/scenarios/baseline.yaml" "${two_years[@]}" -o base.h5 --checkpoint-at 2024-01-01 ||
  bad "the baseline with --checkpoint-at"
if [[ -f base.h5.2024-01-01.ckpt ]]; then ok "--checkpoint-at keeps its checkpoint"; else bad "no base.h5.2024-01-01.ckpt"; fi
same full.h5 base.h5 "a run that writes checkpoints writes the same file"
if "$yucun" info base.h5.2024-01-01.ckpt | grep -q "stands at   2024-01-01: 365 of 731 reported days done"; then
  ok "yucun info describes a checkpoint"
else
  bad "yucun info of a checkpoint: $("$yucun" info base.h5.2024-01-01.ckpt 2>&1 | head -3)"
fi
head -c 2000 base.h5.2024-01-01.ckpt > truncated.ckpt
"$yucun" info truncated.ckpt 2> info.err >/dev/null
rc=$?
if [[ $rc -eq 2 ]] && grep -q "truncated or damaged" info.err; then ok "yucun info refuses a truncated checkpoint (exit 2)"; else bad "info of a truncated checkpoint: exit $rc, $(cat info.err)"; fi
"$yucun" run -q "$pkg" "${two_years[@]}" -o pkg_full.h5 || bad "the package's full run"
"$yucun" run -q "$pkg" "${two_years[@]}" -o pkg_branch.h5 --restart base.h5.2024-01-01.ckpt || bad "the branch"
same pkg_full.h5 pkg_branch.h5 "the package branched from the baseline's 2024-01-01 checkpoint equals its full run"
# A lever that would have acted before the checkpoint's day: refused.
"$yucun" run -q "$pkg" "${two_years[@]}" --set policies.brand.start=2023-07-01 -o refused.h5 \
  --restart base.h5.2024-01-01.ckpt 2> refused.err
rc=$?
if [[ $rc -eq 2 ]] && grep -q "first at policies.brand" refused.err; then
  ok "a branch whose lever started before the checkpoint is refused (exit 2), naming the lever"
else
  bad "refused branch: exit $rc, $(cat refused.err)"
fi
if compgen -G "refused.h5" > /dev/null || compgen -G ".refused.h5.part-*" > /dev/null; then bad "a refused branch left a file"; fi

# 4. The spin-up cache: computed once per seed and run, then shared by scenarios
# that differ only in levers; the files equal runs without the cache.
one_year=(--set calendar.years=1 --set spin_up.years=1)
"$yucun" run -q "$src/scenarios/baseline.yaml" "${one_year[@]}" --replicates 2 -o b_cached.h5 --spin-up-cache cache ||
  bad "the baseline with --spin-up-cache"
n=$(ls cache | wc -l)
if [[ $n -eq 2 ]]; then ok "two replicates leave two spin-ups in the cache"; else bad "$n files in the cache, not 2"; fi
"$yucun" run -q "$pkg" "${one_year[@]}" --replicates 2 -o p_cached.h5 --spin-up-cache cache || bad "the package with the cache"
n=$(ls cache | wc -l)
if [[ $n -eq 2 ]]; then ok "the package reuses the baseline's spin-ups"; else bad "$n files in the cache after the package, not 2"; fi
"$yucun" run -q "$pkg" "${one_year[@]}" --replicates 2 -o p_plain.h5 || bad "the package without the cache"
same p_plain.h5 p_cached.h5 "the package from cached spin-ups equals its runs without the cache"
"$yucun" run -q "$src/scenarios/baseline.yaml" "${one_year[@]}" --replicates 2 -o b_plain.h5 || bad "the baseline without the cache"
same b_plain.h5 b_cached.h5 "the run that filled the cache equals its runs without the cache"
# A damaged cached spin-up is computed again, never used.
for f in cache/*; do printf 'garbage' > "$f"; done
"$yucun" run -q "$pkg" "${one_year[@]}" --replicates 2 -o p_recomputed.h5 --spin-up-cache cache || bad "a damaged cache"
same p_plain.h5 p_recomputed.h5 "damaged cached spin-ups are recomputed"

exit $fail
