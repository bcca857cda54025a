#!/usr/bin/env bash
# `mpirun -np K yucun sweep` gives the same bytes as a local sweep (K = 2 and
# 3, oversubscribed on a small machine), and a sweep killed under mpirun
# resumes to the same bytes. Skips (exit 77) without mpirun or when yucun
# was built without MPI.
#
#   bash tests/e2e/mpi_sweep.sh <path-to-yucun> <source-dir>
set -u

source "$(dirname "$0")/../harness.sh"
harness_arguments "$@"
TINY=$SRC/tests/data/tiny_grid.yaml
command -v mpirun >/dev/null || { echo "SKIP: mpirun not found (Debian: openmpi-bin)"; exit 77; }
# Under scripts/test --sanitize: OpenMPI's plugins (loaded and unloaded with
# dlopen) keep memory until exit by design, and LeakSanitizer cannot name
# them for a suppression, so MPI runs are checked for memory errors and
# undefined behaviour but not for leaks.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
harness_workdir mpi-test
# As root (containers, CI) OpenMPI needs both variables; --oversubscribe lets
# 3 processes share 2 cores.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
MPIRUN=(mpirun --oversubscribe)


if ! "$YUCUN" sweep "$TINY" -o local.h5 -q; then
  echo "FAIL  the local sweep"
  exit 1
fi

for np in 2 3; do
  start=$SECONDS
  out=$(timeout 300 "${MPIRUN[@]}" -np "$np" "$YUCUN" sweep "$TINY" -o "mpi-$np.h5" 2>&1)
  code=$?
  if grep -q "built without MPI" <<<"$out"; then
    echo "SKIP: this yucun was built without MPI (and refused to run under mpirun: $(head -n 1 <<<"$out"))"
    exit 77
  fi
  if [[ $code -eq 0 ]] && cmp -s local.h5 "mpi-$np.h5" && grep -q "on $np MPI processes" <<<"$out"; then
    pass "mpirun -np $np: the same bytes as the local sweep ($((SECONDS - start)) s)"
  else
    fail "mpirun -np $np (exit $code)" "$(tail -n 5 <<<"$out")"
  fi
done

# Killed under mpirun (SIGKILL to mpirun and its processes once a run is checkpointed),
# then resumed under mpirun: the same bytes.
"${MPIRUN[@]}" -np 2 "$YUCUN" sweep "$TINY" -o killed.h5 -q >mpi-kill.log 2>&1 &
job=$!
for _ in $(seq 1 600); do
  compgen -G ".killed.h5.sweep/run-*" >/dev/null && break
  sleep 0.05
done
ranks=$(pgrep -P "$job")  # the yucun processes mpirun started (itself started by this script)
kill -KILL $ranks "$job" 2>/dev/null
wait "$job" 2>/dev/null
sleep 0.5
if [[ ! -e killed.h5 ]] && timeout 300 "${MPIRUN[@]}" -np 3 "$YUCUN" sweep "$TINY" -o killed.h5 --resume -q >resume.log 2>&1 &&
  cmp -s local.h5 killed.h5; then
  pass "killed under mpirun, resumed with -np 3: the same bytes"
else
  fail "killed under mpirun, resumed" "$(tail -n 5 resume.log)"
fi

# A bad sweep file: one clear message (from rank 0 only), exit 2.
printf 'name: bad\ndesign: sobel\n' >bad.yaml
out=$(timeout 120 "${MPIRUN[@]}" -np 2 "$YUCUN" sweep bad.yaml -o bad.h5 2>&1)
code=$?
if [[ $code -eq 2 && ! -e bad.h5 ]] && [[ $(grep -c "sobel" <<<"$out") -eq 1 ]]; then
  pass "a bad sweep file under mpirun: exit 2, one message"
else
  fail "a bad sweep file under mpirun (exit $code)" "$out"
fi

harness_summary
