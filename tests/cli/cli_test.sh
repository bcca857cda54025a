#!/usr/bin/env bash
# End-to-end tests of the yucun command line: subcommands, exit codes,
# scenario error messages (FILE:LINE:COL: error: key.path: message) and the
# handling of result files.
#
#   bash tests/cli/cli_test.sh <path-to-yucun> <source-dir>
#
# Prints one line per case and ends with "N passed, M failed"; exits non-zero
# when any case failed.
set -u

source "$(dirname "$0")/../harness.sh"
harness_arguments "$@"
if [[ ! -x "$YUCUN" ]]; then
  echo "error: '$YUCUN' is not an executable" >&2
  exit 2
fi

harness_workdir cli-test
mkdir out

# Every command gets a time limit so that a hang is a failure, not a stuck test.
if command -v timeout >/dev/null 2>&1; then LIMIT=(timeout 120); else LIMIT=(); fi

OUTPUT=""  # stdout and stderr of the last command run by a helper
CODE=0     # its exit status

# Runs the command, capturing its output (stdout then stderr) and exit status.
capture() {
  OUTPUT=$("${LIMIT[@]}" "$@" 2>&1)
  CODE=$?
}

# Does $OUTPUT contain PATTERN? A pattern starting with "re:" is an extended
# regular expression (matched per line); anything else is a fixed string.
output_matches() {
  local pattern=$1
  if [[ $pattern == re:* ]]; then
    grep -Eq -- "${pattern#re:}" <<<"$OUTPUT"
  else
    grep -Fq -- "$pattern" <<<"$OUTPUT"
  fi
}

indent_output() { sed -e 's/^/      | /' <<<"$OUTPUT" | head -n 20; }

# expect_code NAME CODE PATTERN -- command...
expect_code() {
  local name=$1 want=$2 pattern=$3
  shift 3
  [[ ${1:-} == "--" ]] && shift
  capture "$@"
  if [[ $CODE -ne $want ]]; then
    fail "$name" "command: $*" "expected exit $want, got $CODE; output:"
    indent_output
  elif [[ -n $pattern ]] && ! output_matches "$pattern"; then
    fail "$name" "command: $*" "exit $CODE as expected, but the output lacks: ${pattern}" "output:"
    indent_output
  else
    pass "$name"
  fi
}

# expect_ok NAME PATTERN -- command...
expect_ok() {
  local name=$1 pattern=$2
  shift 2
  expect_code "$name" 0 "$pattern" "$@"
}

# expect_fail NAME CODE PATTERN -- command...
expect_fail() {
  expect_code "$@"
}

# check NAME -- command...: passes when the command succeeds (for file checks).
check() {
  local name=$1
  shift
  [[ ${1:-} == "--" ]] && shift
  if "$@" >/dev/null 2>&1; then
    pass "$name"
  else
    fail "$name" "check failed: $*"
  fi
}

# A helper's OUTPUT must contain every pattern given.
check_output_has() {
  local name=$1
  shift
  local missing=()
  local p
  for p in "$@"; do output_matches "$p" || missing+=("$p"); done
  if [[ ${#missing[@]} -eq 0 ]]; then
    pass "$name"
  else
    fail "$name" "output lacks: ${missing[*]}"
    indent_output
  fi
}

no_part_files() { ! compgen -G "$1/.*.part-*" >/dev/null; }

VILLAGES=(Yucun Shanhe Henglu Yinkeng Wuhe Daxi Baishuiwan Maji Jingcun Xihe Gangkou
          Chuancun Dali Gaojiatang Jiumu Majianong Shanchuan
          Dongling Liujiatang Luocun Tiangai Longwang Shiruan Shangshu)

# ---- Usage, help and version -------------------------------------------------------

expect_ok "--help exits 0 and lists the subcommands" "re:run" -- "$YUCUN" --help
check_output_has "--help mentions every subcommand and --version" "run" "validate" "show" "world" "info" "--version"
expect_ok "run --help exits 0" "--output" -- "$YUCUN" run --help
check_output_has "run --help mentions the run options" "-o,--output" "--set" "--seed" "--run" "--threads" "--force" \
  "--quiet" "scenario"
expect_ok "--version prints 'yucun 0.'" "re:^yucun 0\." -- "$YUCUN" --version
expect_fail "no subcommand exits 2" 2 "re:[Ss]ubcommand" -- "$YUCUN"
expect_fail "unknown option alone exits 2" 2 "Run with --help" -- "$YUCUN" --bogus
expect_fail "unknown option before a subcommand exits 2" 2 "--bogus" -- "$YUCUN" --bogus validate @baseline
expect_fail "unknown run option exits 2" 2 "--bogus" -- "$YUCUN" run --bogus
expect_fail "unknown subcommand exits 2" 2 "" -- "$YUCUN" frobnicate
expect_fail "validate without files exits 2" 2 "" -- "$YUCUN" validate

# ---- Valid scenarios ---------------------------------------------------------------

expect_ok "validate scenarios/baseline.yaml" \
  "re:^ok: .*baseline\.yaml \('greater-yucun-baseline': 24 villages, 40 roads" \
  -- "$YUCUN" validate "$SRC/scenarios/baseline.yaml"
expect_ok "validate @baseline" "ok: @baseline ('greater-yucun-baseline': 24 villages" -- "$YUCUN" validate @baseline
expect_fail "validate a missing file exits 2" 2 "nothere.yaml: error: scenario file 'nothere.yaml' does not exist" \
  -- "$YUCUN" validate nothere.yaml

# ---- Scenario mistakes: exact FILE:LINE:COL, key path and message -----------------------

cat >unknown_key.yaml <<'EOF'
extends: "@baseline"
tea:
  prise: {open_yuan_per_kg: 500}
EOF
expect_fail "unknown key with did-you-mean" 2 \
  "unknown_key.yaml:3:3: error: tea.prise: unknown key 'prise'; did you mean 'price'?" \
  -- "$YUCUN" validate unknown_key.yaml

cat >wrong_type_map.yaml <<'EOF'
extends: "@baseline"
households: abc
EOF
expect_fail "wrong type: a word where a map belongs" 2 \
  "wrong_type_map.yaml:2:13: error: households: expected a map of keys, got 'abc'" \
  -- "$YUCUN" validate wrong_type_map.yaml

cat >wrong_type_number.yaml <<'EOF'
extends: "@baseline"
calendar:
  years: abc
EOF
expect_fail "wrong type: a word where a whole number belongs" 2 \
  "wrong_type_number.yaml:3:10: error: calendar.years: expected a whole number, got 'abc'" \
  -- "$YUCUN" validate wrong_type_number.yaml

cat >negative_count.yaml <<'EOF'
extends: "@baseline"
world:
  villages:
    Yucun: {households: -5}
EOF
expect_fail "negative household count" 2 \
  "negative_count.yaml:4:25: error: world.villages[0].households: must be between 0 and 10000000, got -5" \
  -- "$YUCUN" validate negative_count.yaml

cat >share.yaml <<'EOF'
extends: "@baseline"
households:
  labour_share: 1.5
EOF
expect_fail "share outside [0,1]" 2 \
  "share.yaml:3:17: error: households.labour_share: must be between 0 and 1, got 1.5" \
  -- "$YUCUN" validate share.yaml

cat >holiday.yaml <<'EOF'
extends: "@baseline"
calendar:
  holidays:
    - {name: qingming, start: 2023-04-05, end: 2023-04-03}
EOF
expect_fail "holiday ends before it starts" 2 \
  "holiday.yaml:4:48: error: calendar.holidays[0].end: holiday 'qingming' ends (2023-04-03) before it starts (2023-04-05); dates are out of order" \
  -- "$YUCUN" validate holiday.yaml

cat >harvest.yaml <<'EOF'
extends: "@baseline"
tea:
  harvest:
    open_earliest: "03-20"
    open_latest: "03-10"
EOF
expect_fail "harvest open_latest before open_earliest" 2 \
  "harvest.yaml:5:18: error: tea.harvest.open_latest: the harvest's latest opening (03-10) is before its earliest (03-20); dates are out of order" \
  -- "$YUCUN" validate harvest.yaml

cat >road_village.yaml <<'EOF'
extends: "@baseline"
world:
  roads:
    0: {to: Shanhee}
EOF
expect_fail "unknown village in a road, with did-you-mean" 2 \
  "road_village.yaml:4:13: error: world.roads[0].to: unknown village 'Shanhee'; did you mean 'Shanhe'?" \
  -- "$YUCUN" validate road_village.yaml

cat >duplicate_village.yaml <<'EOF'
name: duplicates
calendar:
  start: 2023-01-01
  years: 1
world:
  townships:
    - {name: T, area_km2: 10, registered_residents: 100}
  villages:
    - {name: Alpha, township: T, households: 10, population: 30, area_km2: 1}
    - {name: Beta, township: T, households: 10, population: 30, area_km2: 1}
    - {name: Alpha, township: T, households: 10, population: 30, area_km2: 1}
  roads:
    - {from: Alpha, to: Beta, km: 3, minutes: 5}
EOF
expect_fail "duplicate village name" 2 \
  "duplicate_village.yaml:11:14: error: world.villages[2].name: duplicate village 'Alpha' (first defined at duplicate_village.yaml:9:7)" \
  -- "$YUCUN" validate duplicate_village.yaml

cat >disconnected.yaml <<'EOF'
name: small
calendar:
  start: 2023-01-01
  years: 1
world:
  townships:
    - {name: T, area_km2: 10, registered_residents: 100}
  villages:
    - {name: Alpha, township: T, households: 10, population: 30, area_km2: 1, tea_area_mu: 20}
    - {name: Beta, township: T, households: 10, population: 30, area_km2: 1, tea_area_mu: 20}
    - {name: Gamma, township: T, households: 10, population: 30, area_km2: 1, tea_area_mu: 20}
  roads:
    - {from: Alpha, to: Beta, km: 3, minutes: 5}
EOF
expect_fail "disconnected road network (village without roads)" 2 \
  "disconnected.yaml:13:5: error: world.roads: the road network is not connected: Gamma cannot be reached from Alpha; add roads to link them" \
  -- "$YUCUN" validate disconnected.yaml

# Tiangai's two roads (items 26 and 32 of the baseline) patched to lead elsewhere.
cat >disconnected_patch.yaml <<'EOF'
extends: "@baseline"
world:
  roads:
    26: {from: Liujiatang, to: Shangshu}
    32: {from: Maji, to: Luocun}
EOF
expect_fail "disconnected road network via extends and list patching" 2 \
  "disconnected_patch.yaml:4:5: error: world.roads: the road network is not connected: Tiangai cannot be reached from Yucun; add roads to link them" \
  -- "$YUCUN" validate disconnected_patch.yaml

cat >duplicate_key.yaml <<'EOF'
extends: "@baseline"
seed: 1
tea:
  harvest:
    length_days: 10
    length_days: 12
EOF
expect_fail "duplicate key in a map" 2 \
  "duplicate_key.yaml:6:5: error: tea.harvest.length_days: duplicate key 'length_days' (first written on line 5)" \
  -- "$YUCUN" validate duplicate_key.yaml

cat >malformed.yaml <<'EOF'
extends: "@baseline"
world: {villages: [1, 2
seed: 3
EOF
expect_fail "malformed YAML (unclosed bracket) with a line number" 2 \
  "re:^malformed\.yaml:[23]:[0-9]+: error: malformed YAML: " \
  -- "$YUCUN" validate malformed.yaml

cat >missing_parent.yaml <<'EOF'
extends: nothere.yaml
seed: 3
EOF
expect_fail "extends a missing parent" 2 \
  "missing_parent.yaml:1:10: error: extends: scenario file 'nothere.yaml' does not exist" \
  -- "$YUCUN" validate missing_parent.yaml

printf 'extends: cycle_b.yaml\nseed: 1\n' >cycle_a.yaml
printf 'extends: cycle_a.yaml\nseed: 2\n' >cycle_b.yaml
expect_fail "extends cycle (a extends b extends a)" 2 \
  "cycle_b.yaml:1:10: error: extends: 'extends' cycle: 'cycle_a.yaml' is already being loaded" \
  -- "$YUCUN" validate cycle_a.yaml

cat >nan.yaml <<'EOF'
extends: "@baseline"
tea:
  yield:
    dry_kg_per_mu: .nan
EOF
expect_fail "NaN value" 2 \
  "nan.yaml:4:20: error: tea.yield.dry_kg_per_mu: must be a finite number, got '.nan'" \
  -- "$YUCUN" validate nan.yaml

# ---- --set -----------------------------------------------------------------------

expect_fail "--set with a bad value" 2 \
  "--set households.labour_share=abc: error: households.labour_share: expected a number, got 'abc'" \
  -- "$YUCUN" validate --set households.labour_share=abc @baseline
expect_fail "--set with a value out of range" 2 \
  "--set households.labour_share=2: error: households.labour_share: must be between 0 and 1, got 2" \
  -- "$YUCUN" show --set households.labour_share=2
expect_fail "--set with an unknown key path" 2 \
  "--set tea.prise.open_yuan_per_kg=1: error: tea.prise: unknown key 'prise'; did you mean 'price'?" \
  -- "$YUCUN" validate --set tea.prise.open_yuan_per_kg=1 @baseline
expect_fail "--set without '='" 2 \
  "--set seed: error: expected key.path=value" \
  -- "$YUCUN" show --set seed
expect_fail "run --set without '='" 2 \
  "--set seed: error: expected key.path=value" \
  -- "$YUCUN" run --set seed -o out/set.h5
check "run with a bad --set writes no output file" -- test ! -e out/set.h5

# ---- run: output files -------------------------------------------------------------

expect_fail "run with an unknown key exits 2" 2 \
  "unknown_key.yaml:3:3: error: tea.prise: unknown key 'prise'" \
  -- "$YUCUN" run unknown_key.yaml -o out/bad.h5
check "run with a bad scenario writes no output file" -- test ! -e out/bad.h5
expect_fail "run with a disconnected network exits 2 (default output name)" 2 \
  "the road network is not connected" -- "$YUCUN" run disconnected.yaml
check "run with a bad scenario writes no default output file" -- test ! -e disconnected.h5

expect_ok "run -o out/result.h5 (1 year) succeeds" "wrote out/result.h5" \
  -- "$YUCUN" run --set calendar.years=1 -o out/result.h5
check_output_has "run prints the harvest and money summary" "money conserved: residual 0 fen every day" \
  "24 villages, 40 roads" "re:^2023 +03-[0-9]{2}\.\.0[34]-[0-9]{2}"
check "run created the result file" -- test -s out/result.h5
sum_before=$(sha256sum out/result.h5 2>/dev/null | cut -d' ' -f1)

expect_fail "second run without --force exits 2" 2 \
  "error: output 'out/result.h5' already exists; pass --force to overwrite it" \
  -- "$YUCUN" run --set calendar.years=1 --seed 99 -o out/result.h5
sum_after=$(sha256sum out/result.h5 2>/dev/null | cut -d' ' -f1)
check "refused run leaves the file unchanged" -- test -n "$sum_before" -a "$sum_before" = "$sum_after"

expect_ok "run --force overwrites" "wrote out/result.h5" \
  -- "$YUCUN" run --set calendar.years=1 --seed 99 --force -o out/result.h5
sum_forced=$(sha256sum out/result.h5 2>/dev/null | cut -d' ' -f1)
check "--force replaced the file (other seed, other bytes)" -- test -n "$sum_forced" -a "$sum_forced" != "$sum_before"
expect_ok "run -q prints nothing on success" "" -- "$YUCUN" run -q --set calendar.years=1 --force -o out/result.h5
check "run -q output is empty" -- test -z "$OUTPUT"

expect_fail "output path that is a directory exits 2" 2 \
  "error: output 'out' is a directory" -- "$YUCUN" run --set calendar.years=1 -o out
# Not a regular file at the name: a FIFO is never replaced, not even with
# --force; a dangling symbolic link counts as existing without --force.
mkfifo out/pipe.h5
expect_fail "--force never replaces a FIFO" 2 "error: output 'out/pipe.h5' is not a regular file" \
  -- "$YUCUN" run --set calendar.years=1 --force -o out/pipe.h5
check "the FIFO is still a FIFO" -- test -p out/pipe.h5
rm -f out/pipe.h5
ln -s nowhere.h5 out/dangling.h5
expect_fail "a dangling symlink at the output name needs --force" 2 \
  "error: output 'out/dangling.h5' already exists; pass --force to overwrite it" \
  -- "$YUCUN" run --set calendar.years=1 -o out/dangling.h5
rm -f out/dangling.h5
expect_fail "output in a missing folder exits 2" 2 \
  "error: cannot write 'nope/result.h5': folder 'nope' does not exist" \
  -- "$YUCUN" run --set calendar.years=1 -o nope/result.h5
check "no missing folder was created" -- test ! -e nope

# An interrupted run exits 130 and removes its temporary file.
"${LIMIT[@]}" "$YUCUN" run -q --set calendar.years=70 -o out/interrupted.h5 >interrupt.log 2>&1 &
run_pid=$!
for _ in $(seq 1 100); do
  compgen -G "out/.interrupted.h5.part-*" >/dev/null && break
  sleep 0.05
done
kill -INT "$run_pid" 2>/dev/null
wait "$run_pid"
CODE=$?
OUTPUT=$(cat interrupt.log)
if [[ $CODE -eq 130 ]] && output_matches "no result written"; then
  pass "SIGINT during a run exits 130"
else
  fail "SIGINT during a run exits 130" "expected exit 130 and 'no result written', got $CODE; output:"
  indent_output
fi
check "an interrupted run leaves no result file" -- test ! -e out/interrupted.h5

check "no temporary files (.*.part-*) left in the output folder" -- no_part_files out
check "no temporary files (.*.part-*) left in the working folder" -- no_part_files .

# Issue 18 fault 16: a huge replicate set is refused before it starts, with its estimate.
expect_fail "run --replicates 100000 is refused at once with its estimate (runs, CPU time, memory)" 2 \
  "re:100000 runs, about .* of CPU time, up to .* of output.*--yes" -- "$YUCUN" run --replicates 100000 -o huge.h5
check "and writes nothing" -- test ! -e huge.h5
expect_ok "run --replicates 2 of a short run needs no --yes" "" -- \
  "$YUCUN" run --replicates 2 --set calendar.years=1 --set spin_up.years=0 -q -o two.h5

# Issue 18 fault 15: generate refuses a world that yucun could not load (exit 2,
# nothing written): over the loader's 8 MiB limit, or past a village's bounds.
expect_fail "generate --households 8000000 is refused: over the loader's size limit" 2 \
  "re:would be [0-9]+ bytes .*over the limit of 8388608 bytes.*at most about [0-9]+ households" -- \
  "$YUCUN" generate --households 8000000 -o big-world.yaml
check "and writes nothing" -- test ! -e big-world.yaml
expect_fail "generate --households 10000000 --villages 1 is refused: restaurant_seats past its bound" 2 \
  "re:restaurant_seats: must be between 0 and 10000000.*--villages [0-9]+ or more" -- \
  "$YUCUN" generate --households 10000000 --villages 1 -o dense-world.yaml
check "and writes nothing" -- test ! -e dense-world.yaml
check "no temporary of generate is left" -- no_part_files .

# ---- info -------------------------------------------------------------------------

expect_ok "info on a result lists fresh_leaf_picked [time, village]" \
  "re:fresh_leaf_picked +\[time, village\]" -- "$YUCUN" info out/result.h5
check_output_has "info shows the scenario, time span and villages" "scenario: greater-yucun-baseline" \
  "time:     365 days (days since 2023-01-01), 2023-01-01 to 2023-12-31" "re:^village: +24 \(Yucun, " \
  "re:leaf_price +\[time\] +fen/kg"

echo "this is not a result file" >notes.txt
expect_fail "info on a text file exits 2" 2 "error: 'notes.txt' is not an HDF5 file" -- "$YUCUN" info notes.txt
expect_fail "info on a missing file exits 2" 2 "error: 'missing.h5' is not a file" -- "$YUCUN" info missing.h5
head -c 2000 out/result.h5 >truncated.h5
expect_fail "info on a truncated result exits 2 without crashing" 2 "error: " -- "$YUCUN" info truncated.h5

# ---- show -------------------------------------------------------------------------

expect_ok "show prints the baseline" "re:^name: \"?greater-yucun-baseline\"?$" -- "$YUCUN" show
printf '%s\n' "$OUTPUT" >shown.yaml
expect_ok "validate accepts show's output" "ok: shown.yaml ('greater-yucun-baseline': 24 villages, 40 roads" \
  -- "$YUCUN" validate shown.yaml
"${LIMIT[@]}" "$YUCUN" show >shown1.yaml 2>/dev/null
"${LIMIT[@]}" "$YUCUN" show shown1.yaml >shown2.yaml 2>/dev/null
check "show of the saved show is identical" -- cmp shown1.yaml shown2.yaml
check "show of the saved show is not empty" -- test -s shown2.yaml
expect_ok "show --set seed=7 shows seed: 7" "re:^seed: 7$" -- "$YUCUN" show --set seed=7
expect_ok "show @baseline" "re:^seed: 20230101$" -- "$YUCUN" show @baseline

cat >patched.yaml <<'EOF'
extends: "@baseline"
world: {villages: {Yucun: {homestay_beds: 500}}}
EOF
expect_ok "extends @baseline with a list patch validates" "ok: patched.yaml ('greater-yucun-baseline': 24 villages" \
  -- "$YUCUN" validate patched.yaml
# homestay_beds of the named village in `show` output.
beds_of() {
  awk -v v="$1" '
    $0 ~ "name: \"?" v "\"?$" { inside = 1; next }
    inside && /homestay_beds:/ { print $2; exit }' "$2"
}
"${LIMIT[@]}" "$YUCUN" show patched.yaml >patched_show.yaml 2>/dev/null
check "show reflects the patch (Yucun homestay_beds: 500)" -- test "$(beds_of Yucun patched_show.yaml)" = 500
check "the patch leaves other villages alone (Wuhe homestay_beds: 4000)" \
  -- test "$(beds_of Wuhe patched_show.yaml)" = 4000

# ---- world ------------------------------------------------------------------------

expect_ok "world --dot prints a graph" "re:^graph " -- "$YUCUN" world --dot
edges=$(grep -c -- ' -- ' <<<"$OUTPUT")
check "world --dot has one '--' edge per road (40)" -- test "$edges" -eq 40
missing_villages=()
for v in "${VILLAGES[@]}"; do grep -Fq "label=\"$v\"" <<<"$OUTPUT" || missing_villages+=("$v"); done
if [[ ${#VILLAGES[@]} -eq 24 && ${#missing_villages[@]} -eq 0 ]]; then
  pass "world --dot names all 24 villages"
else
  fail "world --dot names all 24 villages" "missing: ${missing_villages[*]}"
fi
expect_ok "world table mentions Yucun" "re:^Yucun +Tianhuangping +280 +1100" -- "$YUCUN" world
check_output_has "world table header and connectivity" "24 villages, 40 roads (all connected)" "to Yucun (min)"
expect_fail "world on a bad scenario exits 2" 2 "road_village.yaml:4:13: error: world.roads[0].to" \
  -- "$YUCUN" world road_village.yaml

check "no temporary files (.*.part-*) left at the end" -- no_part_files out

harness_summary
