# shellcheck shell=bash
# Run by run_catalogue.sh in the case's temporary folder (env: YUCUN, RESULT).
cp "$RESULT" out.h5 && chmod 644 out.h5
