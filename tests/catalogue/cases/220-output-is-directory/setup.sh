# shellcheck shell=bash
# Run by run_catalogue.sh in the case's temporary folder (env: YUCUN, RESULT).
# *.h5 is git-ignored, so the folder is made here.
mkdir out.h5
