#!/usr/bin/env bash
# Sweep throughput: a sweep of RUNS baseline runs (replicates of one point)
# at 1 thread, powers of two and all cores; prints runs/s, the overhead share
# (thread time outside the runs themselves: start-up, collecting series,
# checkpoints, writing the file, idle threads at the end) and the speed-up,
# then one JSON line per thread count. Target: overhead under 5% for 200
# baseline runs.
#
#   bench/sweep_bench.sh [YUCUN]        (default: $YUCUN, else build-bench/yucun, else build/yucun)
#
# Environment: RUNS (default 200), YEARS simulated per run (default 1; the
# baseline's own calendar is 5 years: YEARS=5 takes ~5x as long), OUTPUT
# (summary or full, default summary), THREADS ("1 2", default 1, powers of 2, all cores).
set -euo pipefail
cd "$(dirname "$0")/.."
yucun=${1:-${YUCUN:-}}
if [[ -z $yucun ]]; then
  for candidate in build-bench/yucun build/yucun; do
    [[ -x $candidate ]] && { yucun=$candidate; break; }
  done
fi
[[ -n $yucun && -x $yucun ]] || { echo "sweep_bench: no yucun binary (give its path, or build with scripts/build)" >&2; exit 2; }
runs=${RUNS:-200}
years=${YEARS:-1}
output=${OUTPUT:-summary}
cores=$(nproc)
if [[ -n ${THREADS:-} ]]; then
  read -r -a threads <<<"$THREADS"
else
  threads=(1)
  for ((t = 2; t < cores; t *= 2)); do threads+=("$t"); done
  ((cores > 1)) && threads+=("$cores")
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# RUNS runs of the baseline: one grid point (the baseline's own visitors),
# RUNS replicates.
cat >"$tmp/bench.yaml" <<YAML
name: sweep-bench
base: "@baseline"
set: {calendar.years: $years}
replicates: $runs
output: $output
design: grid
parameters:
  - key: tourism.annual_visitors
    values: [1320000]
YAML

echo "sweep benchmark: $runs baseline runs of $years year(s), output $output, $yucun, $cores cores"
printf '%-8s %10s %10s %10s %9s\n' threads "wall (s)" "runs/s" overhead speed-up
json=()
base_rate=""
for t in "${threads[@]}"; do
  rm -f "$tmp/out.h5"
  start=$(date +%s.%N)
  summary=$("$yucun" sweep "$tmp/bench.yaml" -o "$tmp/out.h5" --threads "$t" --yes 2>/dev/null)
  end=$(date +%s.%N)
  # "N runs in X s on T threads: R runs/s; overhead P% (...)"
  line=$(grep -E '^[0-9]+ runs in ' <<<"$summary")
  rate=$(sed -E 's/.*: ([0-9.]+) runs\/s.*/\1/' <<<"$line")
  overhead=$(sed -E 's/.*overhead ([0-9.]+)%.*/\1/' <<<"$line")
  wall=$(awk -v a="$start" -v b="$end" 'BEGIN {printf "%.2f", b - a}')
  [[ -n $base_rate ]] || base_rate=$rate
  speedup=$(awk -v r="$rate" -v b="$base_rate" 'BEGIN {printf "%.2f", r / b}')
  printf '%-8s %10s %10s %9s%% %9s\n' "$t" "$wall" "$rate" "$overhead" "$speedup"
  json+=("{\"bench\":\"sweep\",\"runs\":$runs,\"years\":$years,\"output\":\"$output\",\"threads\":$t,\"wall_s\":$wall,\"runs_per_s\":$rate,\"overhead_pct\":$overhead,\"speedup\":$speedup}")
done
printf '%s\n' "${json[@]}"
