#!/usr/bin/env bash
# Submits a sweep to SLURM as a job array of N shards and a merge job that
# runs when every shard succeeded:
#
#   scripts/slurm/submit.sh SWEEP.yaml N OUTDIR [sbatch options for the array...]
#
# Shard I (array task I) runs runs I, I+N, I+2N, ... into
# OUTDIR/shards/shard-I.h5; the merge writes OUTDIR/<sweep name>.h5, the same
# bytes as `yucun sweep SWEEP.yaml -o OUT.h5` on one machine. Logs go to
# OUTDIR/logs/. Extra options go to the array job, e.g. --cpus-per-task=8
# --time=02:00:00 --partition=compute. The yucun binary is $YUCUN, else the
# one on PATH, else build/yucun of this checkout. Prints the two job ids.
set -euo pipefail

if [[ $# -lt 3 ]]; then
  sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
sweep=$1
shards=$2
outdir=$3
shift 3
here=$(cd "$(dirname "$0")" && pwd)

if [[ -z ${YUCUN:-} ]]; then
  YUCUN=$(command -v yucun || true)
  [[ -n $YUCUN ]] || YUCUN=$here/../../build/yucun
fi
[[ -x $YUCUN ]] || { echo "submit.sh: no yucun binary at '$YUCUN' (set YUCUN, or build with scripts/build)" >&2; exit 2; }
[[ -f $sweep ]] || { echo "submit.sh: no sweep file '$sweep'" >&2; exit 2; }
[[ $shards =~ ^[1-9][0-9]*$ ]] || { echo "submit.sh: N must be a whole number of shards above 0, got '$shards'" >&2; exit 2; }
command -v sbatch >/dev/null || { echo "submit.sh: sbatch not found: is this a SLURM login node?" >&2; exit 2; }

YUCUN=$(cd "$(dirname "$YUCUN")" && pwd)/$(basename "$YUCUN")
sweep=$(cd "$(dirname "$sweep")" && pwd)/$(basename "$sweep")
mkdir -p "$outdir/shards" "$outdir/logs"
outdir=$(cd "$outdir" && pwd)
output=$outdir/$(basename "$sweep" .yaml).h5
[[ ! -e $output ]] || { echo "submit.sh: '$output' already exists; remove it or choose another OUTDIR" >&2; exit 2; }

# The sweep is checked (and its size shown) here, before anything is queued.
"$YUCUN" sweep "$sweep" >&2

export YUCUN SWEEP="$sweep" SHARDS="$shards" OUTDIR="$outdir" OUTPUT="$output"
array=$(sbatch --parsable --array="0-$((shards - 1))" --output="$outdir/logs/shard-%a.log" --export=ALL "$@" \
  "$here/sweep_array.sbatch")
array=${array%%;*}  # --parsable prints "id" or "id;cluster"
merge=$(sbatch --parsable --dependency="afterok:$array" --kill-on-invalid-dep=yes --output="$outdir/logs/merge.log" \
  --export=ALL "$here/merge.sbatch")
merge=${merge%%;*}
echo "submitted: array job $array ($shards shards) and merge job $merge -> $output" >&2
echo "$array $merge"
