# shellcheck shell=bash
# Run by run_catalogue.sh in the case's temporary folder (env: YUCUN, RESULT).
{ printf 'extends: "@baseline"\nworld:\n  villages:\n    '
  for _ in $(seq 10000); do printf -- '- '; done
  echo 1; } >input.yaml
