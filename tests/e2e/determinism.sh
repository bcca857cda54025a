#!/usr/bin/env bash
# The same scenario and seed give identical datasets at 1 and 2 threads (h5diff
# finds no difference; the files are even byte-identical); another seed differs.
set -euo pipefail
yucun=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

"$yucun" run -q --threads 1 -o "$dir/t1.h5"
"$yucun" run -q --threads 2 -o "$dir/t2.h5"
"$yucun" run -q --threads 2 --seed 7 -o "$dir/s7.h5"
"$yucun" run -q --threads 2 --run 1 -o "$dir/r1.h5"

fail=0
if h5diff "$dir/t1.h5" "$dir/t2.h5"; then echo "ok: threads 1 and 2 give identical datasets"; else echo "FAIL: h5diff found differences between 1 and 2 threads"; fail=1; fi
if cmp -s "$dir/t1.h5" "$dir/t2.h5"; then echo "ok: files are byte-identical"; else echo "FAIL: files differ byte-wise"; fail=1; fi
# h5diff exits 1 when it finds differences.
if h5diff -q "$dir/t1.h5" "$dir/s7.h5" fresh_leaf_picked fresh_leaf_picked; then echo "FAIL: seed 7 gave the same fresh_leaf_picked"; fail=1; else echo "ok: another seed gives different data"; fi
if h5diff -q "$dir/t1.h5" "$dir/r1.h5" fresh_leaf_picked fresh_leaf_picked; then echo "FAIL: run 1 gave the same fresh_leaf_picked"; fail=1; else echo "ok: another replicate gives different data"; fi
exit $fail
