#!/usr/bin/env bash
# The earlier result the sweep must not overwrite (*.h5 files are not committed).
printf "an earlier result\n" > out.h5
