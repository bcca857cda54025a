# shellcheck shell=bash
# Run by run_catalogue.sh in the case's temporary folder (env: YUCUN, RESULT).
{ printf 'extends: "@baseline"\ncalendar:\n  years: '
  for _ in $(seq 10000); do printf '{a: '; done
  printf '1'
  head -c 10000 /dev/zero | tr '\0' '}'
  echo; } >input.yaml
