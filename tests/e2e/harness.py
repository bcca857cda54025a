"""The loop the end-to-end test scripts share: runs every test_* function of
a script, prints PASS or FAIL (with the traceback) for each and the tally,
and gives the exit status."""
import time
import traceback


def run_tests(namespace, failed=0, timed=False):
    """Runs the test_* callables of `namespace` (a module's globals()) in
    definition order, after `failed` failures found before; returns 0 when
    none failed, else 1."""
    passed = 0
    for name, fn in [(n, f) for n, f in namespace.items() if n.startswith("test_") and callable(f)]:
        started = time.time()
        try:
            fn()
        except Exception:  # noqa: BLE001 - report every failure, keep going
            failed += 1
            print(f"FAIL  {name}")
            print("      " + traceback.format_exc().rstrip().replace("\n", "\n      "))
        else:
            passed += 1
            print(f"PASS  {name}" + (f" ({time.time() - started:.1f} s)" if timed else ""))
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


class Checks:
    """Named checks that keep going, for scripts that walk one long scenario (a browser
    session, a server's life): `check(cond, "what")` prints "  ok: what" or "FAIL: what";
    `check.exit_status("name")` prints the tally and gives the script's exit status."""

    def __init__(self):
        self.failures = []

    def __call__(self, cond, msg):
        print(("  ok: " if cond else "FAIL: ") + msg, flush=True)
        if not cond:
            self.failures.append(msg)

    def exit_status(self, name):
        if self.failures:
            print(f"{len(self.failures)} check(s) failed")
            return 1
        print(f"{name}: all checks passed")
        return 0
