# shellcheck shell=bash
# Run by run_catalogue.sh in the case's temporary folder (env: YUCUN, RESULT).
: >empty.h5
