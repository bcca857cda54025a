#!/usr/bin/env bash
# Submits a sweep to SLURM as a job array of N shards and a merge job that runs
# when every shard has written its file:
#
#   scripts/slurm/submit.sh [--dry-run] [--merge-time T] [--merge-mem M] SWEEP.yaml N OUTDIR [sbatch options...]
#
# Shard I (array task I) runs runs I, I+N, I+2N, ... into OUTDIR/shards/shard-I.h5;
# the merge writes OUTDIR/<sweep name>.h5, the same bytes as `yucun sweep SWEEP.yaml
# -o OUT.h5` on one machine. Logs go to OUTDIR/logs/.
#
# sbatch options (--account, --partition, --qos, --time, --mem, ...) go to every job;
# --cpus-per-task (-c) only to the array (the merge uses one core). --merge-time and
# --merge-mem set the merge job's own --time and --mem (the merge streams to disk;
# `yucun sweep SWEEP --plan` prints its memory: docs/sweeps.md). --dry-run prints the sbatch commands
# without submitting. N must be between 1 and the sweep's number of runs.
#
# Runs that fail do not stop the sweep: a shard whose runs partly failed still
# writes its file (yucun exits 3, which the array task reports and turns into
# success), the merge runs and lists the failed runs and exits 3. The yucun binary
# is $YUCUN, else the one on PATH, else build/yucun of this checkout. Prints the two
# job ids.
set -euo pipefail

usage() {
  sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//' >&2
  exit 2
}

dry_run=0
merge_time=""
merge_mem=""
# submit.sh's own options, before or after the three arguments.
own_option() {
  case $1 in
    --dry-run) dry_run=1; return 1 ;;
    --merge-time=*) merge_time=${1#*=}; return 1 ;;
    --merge-mem=*) merge_mem=${1#*=}; return 1 ;;
    --merge-time) [[ -n ${2:-} ]] || usage; merge_time=$2; return 2 ;;
    --merge-mem) [[ -n ${2:-} ]] || usage; merge_mem=$2; return 2 ;;
    --help|-h) usage ;;
  esac
  return 0
}
while [[ $# -gt 0 && $1 == -* ]]; do
  own_option "$@" && break
  shift $?
done
[[ $# -ge 3 ]] || usage
sweep=$1
shards=$2
outdir=$3
shift 3
here=$(cd "$(dirname "$0")" && pwd)

# The options for every job, and those for the array only.
common=()
array_only=()
cpus=""
while [[ $# -gt 0 ]]; do
  own_option "$@" || { shift $?; continue; }
  case $1 in
    -c|--cpus-per-task) [[ $# -ge 2 ]] || usage; array_only+=("$1" "$2"); cpus=$2; shift 2 ;;
    -c*|--cpus-per-task=*) array_only+=("$1"); cpus=${1#--cpus-per-task=}; cpus=${cpus#-c}; shift ;;
    --array|--array=*|-a|--dependency|--dependency=*|-d|--output|--output=*|-o)
      echo "submit.sh: $1 is set by submit.sh itself" >&2; exit 2 ;;
    *) common+=("$1"); shift ;;
  esac
done
merge_own=()
[[ -n $merge_time ]] && merge_own+=("--time=$merge_time")
[[ -n $merge_mem ]] && merge_own+=("--mem=$merge_mem")

if [[ -z ${YUCUN:-} ]]; then
  YUCUN=$(command -v yucun || true)
  [[ -n $YUCUN ]] || YUCUN=$here/../../build/yucun
fi
[[ -x $YUCUN ]] || { echo "submit.sh: no yucun binary at '$YUCUN' (set YUCUN, or build with scripts/build)" >&2; exit 2; }
[[ -f $sweep ]] || { echo "submit.sh: no sweep file '$sweep'" >&2; exit 2; }
[[ $shards =~ ^[1-9][0-9]{0,6}$ ]] || { echo "submit.sh: N must be a whole number of shards above 0, got '$shards'" >&2; exit 2; }
((dry_run)) || command -v sbatch >/dev/null || { echo "submit.sh: sbatch not found: is this a SLURM login node?" >&2; exit 2; }

YUCUN=$(cd "$(dirname "$YUCUN")" && pwd)/$(basename "$YUCUN")
sweep=$(cd "$(dirname "$sweep")" && pwd)/$(basename "$sweep")

# The sweep is checked (and its size shown, for N shards of the cores a task
# gets: docs/sweeps.md#size-estimate) here, before anything is queued.
estimate_for=(--shards "$shards")
[[ $cpus =~ ^[1-9][0-9]{0,3}$ ]] && estimate_for+=(--threads "$cpus")
summary=$("$YUCUN" sweep "$sweep" "${estimate_for[@]}") || { echo "submit.sh: yucun refused the sweep (above)" >&2; exit 2; }
echo "$summary" >&2
runs=$(sed -n 's/.*= \([0-9][0-9]*\) runs.*/\1/p' <<<"$summary" | head -n 1)
[[ -n $runs ]] || { echo "submit.sh: could not read the number of runs from yucun sweep's summary" >&2; exit 2; }
((shards <= runs)) || { echo "submit.sh: $shards shards for $runs runs: some shards would be empty; choose N <= $runs" >&2; exit 2; }

if ((dry_run)); then
  outdir_shown=$outdir
else
  mkdir -p "$outdir/shards" "$outdir/logs"
  outdir=$(cd "$outdir" && pwd)
  outdir_shown=$outdir
fi
output=$outdir_shown/$(basename "$sweep" .yaml).h5
[[ ! -e $output ]] || { echo "submit.sh: '$output' already exists; remove it or choose another OUTDIR" >&2; exit 2; }

array_cmd=(sbatch --parsable --array="0-$((shards - 1))" --output="$outdir_shown/logs/shard-%a.log" --export=ALL
           "${common[@]}" "${array_only[@]}" "$here/sweep_array.sbatch")
# afterok: every task wrote its shard (a task whose runs partly failed succeeds: see
# sweep_array.sbatch); a task that could not write its shard keeps the merge from running.
merge_cmd=(sbatch --parsable --dependency="afterok:ARRAY" --kill-on-invalid-dep=yes --output="$outdir_shown/logs/merge.log"
           --export=ALL "${common[@]}" "${merge_own[@]}" "$here/merge.sbatch")

if ((dry_run)); then
  echo "# environment: YUCUN=$YUCUN SWEEP=$sweep SHARDS=$shards OUTDIR=$outdir_shown OUTPUT=$output"
  printf '%q ' "${array_cmd[@]}"; echo
  printf '%q ' "${merge_cmd[@]}"; echo
  exit 0
fi

export YUCUN SWEEP="$sweep" SHARDS="$shards" OUTDIR="$outdir" OUTPUT="$output"
array=$("${array_cmd[@]}")
array=${array%%;*}  # --parsable prints "id" or "id;cluster"
merge_cmd=("${merge_cmd[@]/afterok:ARRAY/afterok:$array}")
merge=$("${merge_cmd[@]}")
merge=${merge%%;*}
echo "submitted: array job $array ($shards shards of $runs runs) and merge job $merge -> $output" >&2
echo "$array $merge"
