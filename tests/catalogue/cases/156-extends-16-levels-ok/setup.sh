# shellcheck shell=bash
# Run by run_catalogue.sh in the case's temporary folder (env: YUCUN, RESULT).
printf 'extends: "@baseline"\nseed: 1\n' >level01.yaml
for i in $(seq 2 16); do
  printf 'extends: level%02d.yaml\nseed: %d\n' $((i - 1)) "$i" >"$(printf 'level%02d.yaml' "$i")"
done
