# shellcheck shell=bash
# Run by run_catalogue.sh in the case's temporary folder (env: YUCUN, RESULT).
head -c 2000 "$RESULT" >truncated.h5
