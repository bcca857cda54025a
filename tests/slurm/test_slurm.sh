#!/usr/bin/env bash
# The SLURM path for real: starts a single-node SLURM cluster on this machine
# (munged, slurmctld and slurmd with a generated slurm.conf, all state in a
# temporary folder, on ports of its own), submits the tiny grid sweep with
# scripts/slurm/submit.sh as an array of 3 shards and a dependent merge job,
# waits, and compares the merged file with a local sweep (`cmp`). The daemons
# are stopped on exit. Skips (exit 77) unless root with slurm-wlm and munge.
#
#   bash tests/slurm/test_slurm.sh <path-to-yucun> <source-dir>
set -u

source "$(dirname "$0")/../harness.sh"
harness_arguments "$@"
TINY=$SRC/tests/data/tiny_grid.yaml
SHARDS=3
TIMEOUT=150

[[ $(id -u) -eq 0 ]] || { echo "SKIP: the test cluster needs root (slurmd runs jobs as their users)"; exit 77; }
for tool in munged slurmctld slurmd sbatch squeue sinfo; do
  command -v "$tool" >/dev/null || [[ -x /usr/sbin/$tool ]] ||
    { echo "SKIP: $tool not found (Debian: slurm-wlm munge; scripts/setup installs them)"; exit 77; }
done
[[ -r /etc/munge/munge.key ]] || { echo "SKIP: no /etc/munge/munge.key (reinstall munge)"; exit 77; }
id munge >/dev/null 2>&1 || { echo "SKIP: no munge user"; exit 77; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/yucun-slurm-test.XXXXXX")
chmod 755 "$WORK"
started=$SECONDS
cleanup() {
  local f
  for f in "$WORK/slurmd.pid" "$WORK/slurmctld.pid" "$WORK/munge/munged.pid"; do
    [[ -s $f ]] && kill "$(cat "$f")" 2>/dev/null
  done
  sleep 1
  for f in "$WORK/slurmd.pid" "$WORK/slurmctld.pid" "$WORK/munge/munged.pid"; do
    [[ -s $f ]] && kill -KILL "$(cat "$f")" 2>/dev/null
  done
  rm -rf "$WORK"
}
trap cleanup EXIT
show_logs() {
  local f
  for f in "$WORK"/*.log "$WORK"/out/logs/*.log; do
    [[ -f $f ]] || continue
    echo "---- $f"
    tail -n 15 "$f"
  done
}

# munged of our own: its socket, key copy and pid in the temporary folder.
mkdir -p "$WORK/munge"
cp /etc/munge/munge.key "$WORK/munge/munge.key"
chown -R munge:munge "$WORK/munge"
chmod 755 "$WORK/munge"  # the socket must be reachable by every user
chmod 400 "$WORK/munge/munge.key"
SOCKET=$WORK/munge/munge.socket
su -s /bin/sh munge -c "/usr/sbin/munged --socket=$SOCKET --key-file=$WORK/munge/munge.key \
  --pid-file=$WORK/munge/munged.pid --seed-file=$WORK/munge/munged.seed --log-file=$WORK/munge/munged.log" ||
  { echo "FAIL  munged did not start"; cat "$WORK/munge/munged.log" 2>/dev/null; exit 1; }

HOST=$(hostname -s)
CPUS=$(nproc)
MEMORY=$(awk '/MemTotal/ {print int($2 / 1024 / 2)}' /proc/meminfo)
PORT=$((20000 + RANDOM % 20000))
mkdir -p "$WORK/state" "$WORK/spool"
export SLURM_CONF=$WORK/slurm.conf
cat >"$SLURM_CONF" <<CONF
ClusterName=yucuntest
SlurmctldHost=$HOST(127.0.0.1)
SlurmctldPort=$PORT
SlurmdPort=$((PORT + 1))
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$SOCKET
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$WORK/state
SlurmdSpoolDir=$WORK/spool
SlurmctldPidFile=$WORK/slurmctld.pid
SlurmdPidFile=$WORK/slurmd.pid
SlurmctldLogFile=$WORK/slurmctld.log
SlurmdLogFile=$WORK/slurmd.log
ReturnToService=2
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
NodeName=$HOST NodeAddr=127.0.0.1 CPUs=$CPUS RealMemory=$MEMORY State=UNKNOWN
PartitionName=debug Nodes=$HOST Default=YES MaxTime=INFINITE State=UP
CONF

/usr/sbin/slurmctld -f "$SLURM_CONF" || { echo "FAIL  slurmctld did not start"; show_logs; exit 1; }
/usr/sbin/slurmd -f "$SLURM_CONF" || { echo "FAIL  slurmd did not start"; show_logs; exit 1; }
for _ in $(seq 1 60); do
  sinfo -h -o %t 2>/dev/null | grep -q idle && break
  sleep 0.5
done
if ! sinfo -h -o %t 2>/dev/null | grep -q idle; then
  echo "FAIL  the node did not come up idle: $(sinfo 2>&1 | tail -n 2)"
  show_logs
  exit 1
fi
echo "cluster up in $((SECONDS - started)) s: $HOST, $CPUS CPUs"

# submit.sh's options: --dry-run submits nothing; account/partition/time go to both jobs,
# --cpus-per-task to the array only, --merge-mem to the merge; more shards than runs refused.
dry=$(YUCUN=$YUCUN "$SRC/scripts/slurm/submit.sh" "$TINY" 3 "$WORK/dry" --account=proj -p debug --time=00:05:00 -c 2 \
      --merge-mem=1G --dry-run 2>/dev/null)
array_line=$(grep -- "--array=0-2" <<<"$dry")
merge_line=$(grep -- "--dependency=afterok" <<<"$dry")
if [[ $array_line == *--account=proj*-p\ debug*-c\ 2* && $merge_line == *--account=proj*-p\ debug*--mem=1G* &&
      $merge_line != *-c\ 2* && ! -e $WORK/dry ]] && [[ -z $(squeue -h 2>/dev/null) ]]; then
  echo "PASS  submit.sh --dry-run: options to both jobs, --cpus-per-task to the array, --merge-mem to the merge, nothing submitted"
else
  echo "FAIL  submit.sh --dry-run printed: $dry"
  status_dry=1
fi
if YUCUN=$YUCUN "$SRC/scripts/slurm/submit.sh" "$TINY" 9 "$WORK/nine" --dry-run >/dev/null 2>"$WORK/nine.log"; then
  echo "FAIL  submit.sh accepted 9 shards for 8 runs"
  status_dry=1
else
  echo "PASS  submit.sh refuses more shards than runs: $(tail -n 1 "$WORK/nine.log")"
fi

# The local sweep to compare with, while the cluster runs.
"$YUCUN" sweep "$TINY" -o "$WORK/local.h5" -q --threads 1 &
local_pid=$!

ids=$(YUCUN=$YUCUN "$SRC/scripts/slurm/submit.sh" "$TINY" "$SHARDS" "$WORK/out" 2>"$WORK/submit.log")
if [[ $? -ne 0 || -z $ids ]]; then
  echo "FAIL  submit.sh: $(cat "$WORK/submit.log")"
  exit 1
fi
read -r array merge <<<"$ids"
echo "submitted array $array and merge $merge"
deadline=$((SECONDS + TIMEOUT))
while [[ -n $(squeue -h -j "$array,$merge" 2>/dev/null) ]]; do
  if ((SECONDS > deadline)); then
    echo "FAIL  the jobs did not finish in $TIMEOUT s"
    squeue
    show_logs
    exit 1
  fi
  sleep 1
done
wait "$local_pid" || { echo "FAIL  the local sweep"; exit 1; }

merged=$WORK/out/tiny_grid.h5
status=${status_dry:-0}
if [[ -f $merged ]] && cmp -s "$WORK/local.h5" "$merged"; then
  echo "PASS  sbatch array of $SHARDS shards + merge: the same bytes as the local sweep"
else
  echo "FAIL  the merged file $( [[ -f $merged ]] && echo differs from the local sweep || echo is missing)"
  show_logs
  status=1
fi
progress=$("$YUCUN" sweep "$TINY" --status "$WORK/out" --shards "$SHARDS")
if [[ $progress == *"8 of 8 runs done"*"3 finished"*"merged into"* ]]; then
  echo "PASS  yucun sweep --status sums the shards: $progress"
else
  echo "FAIL  --status after the merge: $progress"
  status=1
fi
shards=$(ls "$WORK/out/shards" | wc -l)
if [[ $shards -eq $SHARDS ]] && grep -q "merged $SHARDS shards" "$WORK/out/logs/merge.log"; then
  echo "PASS  $SHARDS shard files, one per array task, and the merge job's log"
else
  echo "FAIL  shards: $shards; merge log: $(cat "$WORK/out/logs/merge.log" 2>/dev/null)"
  status=1
fi

# A sweep whose runs partly fail: the array tasks still write their shards and
# succeed (yucun exits 3, which sweep_array.sbatch reports), the merge runs, lists
# the failures and exits 3, and its file is the local sweep's, byte for byte.
cat >"$WORK/fail.yaml" <<'SWEEP'
# own_kg_per_day_min 1.9 with max 1.5: each value alone is valid, together refused at run time
name: fail-grid
base: "@baseline"
set: {calendar.years: 1, spin_up.years: 0}
design: grid
parameters:
  - key: tea.picking.own_kg_per_day_min
    values: [1.0, 1.9]
  - key: tea.picking.own_kg_per_day_max
    values: [1.5, 2.5]
SWEEP
"$YUCUN" sweep "$WORK/fail.yaml" -o "$WORK/fail-local.h5" -q --threads 1 2>/dev/null
local_status=$?
ids=$(YUCUN=$YUCUN "$SRC/scripts/slurm/submit.sh" "$WORK/fail.yaml" 2 "$WORK/fail-out" 2>"$WORK/submit-fail.log")
if [[ $? -ne 0 || -z $ids ]]; then
  echo "FAIL  submit.sh (failing sweep): $(cat "$WORK/submit-fail.log")"
  exit 1
fi
read -r array merge <<<"$ids"
deadline=$((SECONDS + TIMEOUT))
while [[ -n $(squeue -h -j "$array,$merge" 2>/dev/null) ]]; do
  ((SECONDS > deadline)) && { echo "FAIL  the failing sweep's jobs did not finish in $TIMEOUT s"; show_logs; exit 1; }
  sleep 1
done
merged=$WORK/fail-out/fail.h5
if [[ $local_status -eq 3 && -f $merged ]] && cmp -s "$WORK/fail-local.h5" "$merged" &&
   grep -q "some runs failed" "$WORK/fail-out/logs/merge.log" && grep -q "run 2" "$WORK/fail-out/logs/merge.log" &&
   grep -q "but some runs failed" "$WORK/fail-out/logs/shard-0.log"; then
  echo "PASS  a run that fails: its shard is written (exit 3 -> task succeeds), the merge runs, lists it and writes the local sweep's bytes"
else
  echo "FAIL  failing sweep: local exit $local_status; merged $( [[ -f $merged ]] && echo present || echo missing)"
  tail -n 5 "$WORK/fail-out/logs/"*.log
  status=1
fi
echo "$((SECONDS - started)) s in all"
exit $status
