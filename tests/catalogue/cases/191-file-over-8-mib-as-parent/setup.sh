# shellcheck shell=bash
# Run by run_catalogue.sh in the case's temporary folder (env: YUCUN, RESULT).
printf 'extends: big.yaml\nseed: 1\n' >input.yaml
{ printf 'extends: "@baseline"\n'; head -c $((8388609 - 21)) /dev/zero | tr '\0' '#'; } >big.yaml
