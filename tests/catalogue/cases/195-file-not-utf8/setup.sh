# shellcheck shell=bash
# Run by run_catalogue.sh in the case's temporary folder (env: YUCUN, RESULT).
printf 'extends: "@baseline"\nname: caf\351-scenario\n' >input.yaml
