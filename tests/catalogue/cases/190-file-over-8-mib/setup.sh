# shellcheck shell=bash
# Run by run_catalogue.sh in the case's temporary folder (env: YUCUN, RESULT).
{ printf 'extends: "@baseline"\ndescription: |\n'
  line="  $(head -c 78 /dev/zero | tr '\0' 'x')"
  for _ in $(seq 117965); do echo "$line"; done; } >input.yaml
