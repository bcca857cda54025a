#!/usr/bin/env bash
# cmake --install puts a working yucun anywhere: the binary, the scenarios, docs,
# analysis scripts, SLURM scripts and the Python package with its compiled module;
# the installed `yucun report` finds the workbench next to the binary (no source
# tree, no user site-packages). And a build without tests needs no doctest.
#
#   bash tests/e2e/install.sh <path-to-yucun> <source-dir>
set -u
source "$(dirname "$0")/../harness.sh"
harness_arguments "$@"
BUILD=$(dirname "$YUCUN")
harness_workdir install
PREFIX=$WORK/prefix
# check WHAT COMMAND...: PASS when the command succeeds (its output kept for a FAIL).
check() {
  local what=$1 out
  shift
  if out=$("$@" 2>&1); then pass "$what"; else fail "$what" "$(tail -n 5 <<<"$out")"; fi
}

cmake --install "$BUILD" --prefix "$PREFIX" >"$WORK/install.log" 2>&1
check "cmake --install succeeds" test $? -eq 0
Y=$PREFIX/bin/yucun
for f in bin/yucun share/yucun/scenarios/baseline.yaml share/yucun/scenarios/data/glossary.yaml share/yucun/docs/ODD.md \
         share/yucun/analysis/report.py share/yucun/scripts/slurm/submit.sh share/yucun/python/yucun/workbench/app.py; do
  check "installed: $f" test -e "$PREFIX/$f"
done
check "the installed yucun validates an installed scenario" "$Y" validate "$PREFIX/share/yucun/scenarios/shuttle_bus.yaml"
check "the installed yucun runs" "$Y" run --set calendar.years=1 --set spin_up.years=0 -q -o "$WORK/run.h5"
check "its result is readable" "$Y" info "$WORK/run.h5"
if compgen -G "$BUILD/python/_yucun*.so" >/dev/null; then
  check "the compiled module is installed" compgen -G "$PREFIX/share/yucun/python/_yucun*.so"
  # The Python side of `yucun report`, from the install alone: a missing scenario is refused by it (exit 2).
  PYTHONNOUSERSITE=1 "$Y" report "$WORK/missing.yaml" -o "$WORK/r.html" --workspace "$WORK/ws" >"$WORK/report.log" 2>&1
  rc=$?
  check "the installed yucun report hands over to the installed workbench (exit 2 for a missing file)" \
    test "$rc" -eq 2 -a -n "$(grep -l "missing.yaml" "$WORK/report.log")"
  check "and never loads the source tree's package" \
    env PYTHONNOUSERSITE=1 PYTHONPATH="$PREFIX/share/yucun/python" /usr/bin/python3 -c \
    "import yucun.workbench.catalog as c, sys; sys.exit(0 if c.DATA_DIR.startswith('$PREFIX') else 1)"
fi
check "a build without tests configures without doctest" \
  cmake -S "$SRC" -B "$WORK/notests" -DBUILD_TESTING=OFF -DCMAKE_DISABLE_FIND_PACKAGE_doctest=ON -DYUCUN_PYTHON=OFF -DYUCUN_BENCH=OFF
check "and has no test target" test ! -d "$WORK/notests/tests"
harness_summary
