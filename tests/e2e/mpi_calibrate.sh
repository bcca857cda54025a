#!/usr/bin/env bash
# `mpirun -np K yucun calibrate` gives the same bytes as a local calibration
# (K = 2 and 3, oversubscribed on a small machine), and one killed under mpirun
# resumes under mpirun to the same bytes. Skips (exit 77) without mpirun or
# when yucun was built without MPI.
#
#   bash tests/e2e/mpi_calibrate.sh <path-to-yucun> <source-dir>
set -u

source "$(dirname "$0")/../harness.sh"
harness_arguments "$@"
command -v mpirun >/dev/null || { echo "SKIP: mpirun not found (Debian: openmpi-bin)"; exit 77; }
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"  # see mpi_sweep.sh
harness_workdir mpi-calibrate
cp "$SRC"/tests/data/calibration/{mini.yaml,targets.yaml,cal.yaml} .
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
MPIRUN=(mpirun --oversubscribe)

if ! "$YUCUN" calibrate cal.yaml -o local.h5 -q; then
  echo "FAIL  the local calibration"
  exit 1
fi

for np in 2 3; do
  start=$SECONDS
  out=$(timeout 300 "${MPIRUN[@]}" -np "$np" "$YUCUN" calibrate cal.yaml -o "mpi-$np.h5" 2>&1)
  code=$?
  if grep -q "built without MPI" <<<"$out"; then
    echo "SKIP: this yucun was built without MPI ($(head -n 1 <<<"$out"))"
    exit 77
  fi
  if [[ $code -eq 0 ]] && cmp -s local.h5 "mpi-$np.h5" && grep -q "$np MPI processes ($((np - 1)) simulating)" <<<"$out"; then
    pass "mpirun -np $np: the same bytes as the local calibration ($((SECONDS - start)) s)"
  else
    fail "mpirun -np $np (exit $code)" "$(tail -n 5 <<<"$out")"
  fi
done

# Killed under mpirun once a batch is checkpointed, then resumed under mpirun.
"${MPIRUN[@]}" -np 2 "$YUCUN" calibrate cal.yaml -o killed.h5 -q >mpi-kill.log 2>&1 &
job=$!
for _ in $(seq 1 3000); do
  compgen -G ".killed.h5.calibration/g*.bin" >/dev/null && break
  sleep 0.02
done
pkill -KILL -P "$job" 2>/dev/null
kill -KILL "$job" 2>/dev/null
pkill -KILL -f "yucun calibrate cal.yaml -o killed.h5" 2>/dev/null
wait "$job" 2>/dev/null
if [[ -e killed.h5 ]] || ! compgen -G ".killed.h5.calibration/g*.bin" >/dev/null; then
  fail "killed under mpirun" "expected checkpoints and no output"
else
  out=$(timeout 300 "${MPIRUN[@]}" -np 2 "$YUCUN" calibrate cal.yaml -o killed.h5 --resume -q 2>&1)
  if [[ $? -eq 0 ]] && cmp -s local.h5 killed.h5; then
    pass "killed under mpirun, resumed under mpirun: the same bytes"
  else
    fail "resumed under mpirun" "$(tail -n 5 <<<"$out")"
  fi
fi
harness_summary
