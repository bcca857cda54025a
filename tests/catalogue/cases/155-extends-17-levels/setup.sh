# shellcheck shell=bash
# Run by run_catalogue.sh in the case's temporary folder (env: YUCUN, RESULT).
# Writes level01.yaml (extends @baseline) to level17.yaml (extends level16.yaml).
printf 'extends: "@baseline"\nseed: 1\n' >level01.yaml
for i in $(seq 2 17); do
  printf 'extends: level%02d.yaml\nseed: %d\n' $((i - 1)) "$i" >"$(printf 'level%02d.yaml' "$i")"
done
