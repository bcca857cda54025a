#!/usr/bin/env bash
# `yucun sweep` on the example sweeps of scenarios/sweeps/: each plans, the
# plan is the same every time, seeds are distinct, and the scenario of a run
# (--show-run) is a valid scenario with the run's values and seed. Bad sweep
# files are in the catalogue (tests/catalogue/cases/4xx-sweep-*).
#
#   bash tests/cli/sweep_test.sh <path-to-yucun> <source-dir>
set -u

source "$(dirname "$0")/../harness.sh"
harness_arguments "$@"
harness_workdir sweep-test


# Every example sweep plans (table and CSV) without --yes: they are all
# below the size limit.
for sweep in "$SRC"/scenarios/sweeps/*.yaml; do
  name=$(basename "$sweep")
  if out=$(timeout 60 "$YUCUN" sweep "$sweep" --plan 2>&1) && grep -q '^estimate: ' <<<"$out"; then
    pass "$name: --plan prints the design and the estimate"
  else
    fail "$name: --plan" "$(head -n 5 <<<"$out")"
  fi
  if timeout 60 "$YUCUN" sweep "$sweep" --plan --format csv >"$name.csv" 2>"$name.err" &&
    head -n 1 "$name.csv" | grep -q '^run,point,replicate,seed' && grep -q '^estimate: ' "$name.err"; then
    pass "$name: --plan --format csv (the estimate on stderr)"
  else
    fail "$name: --plan --format csv" "$(head -n 3 "$name.err")"
  fi
done

# The tiny grid: 2 x 2 points x 2 replicates, the same plan every time.
TINY=$SRC/scenarios/sweeps/tiny_grid.yaml
"$YUCUN" sweep "$TINY" --plan --format csv >a.csv 2>/dev/null
"$YUCUN" sweep "$TINY" --plan --format csv >b.csv 2>/dev/null
runs=$(($(wc -l <a.csv) - 1))
if [[ $runs -eq 8 ]] && cmp -s a.csv b.csv; then
  pass "tiny grid: 8 runs, the same plan twice"
else
  fail "tiny grid: 8 runs, the same plan twice" "runs: $runs"
fi
if [[ $(tail -n +2 a.csv | cut -d, -f4 | sort -u | wc -l) -eq 8 ]]; then
  pass "tiny grid: 8 distinct seeds"
else
  fail "tiny grid: 8 distinct seeds"
fi

# Run 5 = point 2 (visitors 2640000, choice_minutes 0.04), replicate 1.
line=$(awk -F, '$1 == 5' a.csv)
seed=$(cut -d, -f4 <<<"$line")
if [[ $(cut -d, -f2,3,5,6 <<<"$line") == "2,1,2640000,0.04" ]]; then
  pass "tiny grid: run 5 is point 2, replicate 1"
else
  fail "tiny grid: run 5 is point 2, replicate 1" "$line"
fi
if "$YUCUN" sweep "$TINY" --show-run 5 >run5.yaml 2>run5.err &&
  "$YUCUN" validate run5.yaml >/dev/null 2>&1 &&
  grep -q "^seed: $seed\$" run5.yaml && grep -q '^  annual_visitors: 2640000$' run5.yaml &&
  grep -q '^  choice_minutes: 0.04$' run5.yaml && grep -q '^  years: 1$' run5.yaml &&
  grep -q -- "--seed $seed --run 1" run5.yaml; then
  pass "--show-run 5: a valid scenario with the run's values, fixed overrides and seed"
else
  fail "--show-run 5" "$(head -n 3 run5.err)" "$(grep -E '^seed|annual_visitors|choice_minutes|^  years' run5.yaml)"
fi
if ! "$YUCUN" sweep "$TINY" --show-run 8 >/dev/null 2>err.txt && grep -q 'the sweep has runs 0 to 7, got 8' err.txt; then
  pass "--show-run past the last run is refused"
else
  fail "--show-run past the last run is refused" "$(cat err.txt)"
fi

# Without --plan or -o: a summary; no arguments: a usage error.
if out=$("$YUCUN" sweep "$TINY" 2>&1) && grep -q '^runs: 4 points x 2 replicates = 8 runs' <<<"$out" &&
  ! grep -q '^ *run  *point' <<<"$out"; then
  pass "a summary without --plan"
else
  fail "a summary without --plan" "$out"
fi
"$YUCUN" sweep >/dev/null 2>&1
code=$?
if [[ $code -eq 2 ]]; then pass "no sweep file: exit 2"; else fail "no sweep file: exit 2" "exit $code"; fi
if "$YUCUN" sweep --help | grep -q -- '--plan'; then pass "sweep --help"; else fail "sweep --help"; fi

# Over the limit: --plan prints the estimate but lists the runs only with --yes
# (a CSV plan, which is nothing but that list, is refused without it).
cat >big.yaml <<'YAML'
base: "@baseline"
design: {kind: lhs, n: 600}
replicates: 2
parameters:
  - key: tourism.choice_minutes
    lo: 0.04
    hi: 0.12
YAML
if "$YUCUN" sweep big.yaml --plan >out.txt 2>err.txt && grep -q '^estimate: 1200 runs' out.txt &&
  grep -q 'peak per process' out.txt && grep -q 'list of the 1200 runs is left out.*--yes' err.txt &&
  ! "$YUCUN" sweep big.yaml --plan --format csv >/dev/null 2>&1 &&
  [[ $("$YUCUN" sweep big.yaml --plan --yes --format csv 2>/dev/null | wc -l) -eq 1201 ]]; then
  pass "1200 runs: the estimate printed without --yes, the list of runs only with it"
else
  fail "1200 runs: the estimate printed without --yes, the list of runs only with it" "$(cat out.txt err.txt)"
fi

harness_summary
