# shellcheck shell=bash
# Run by run_catalogue.sh in the case's temporary folder (env: YUCUN, RESULT).
head -c $(($(stat -c %s "$RESULT") / 2)) "$RESULT" >truncated.h5
