#!/usr/bin/python3
"""analysis/policy_effects.py pairs replicates across scenarios.

    /usr/bin/python3 tests/analysis/test_policy_effects.py path/to/yucun SOURCE_DIR

Two scenarios, 2 replicates each (5-year runs): revenue sharing moves money
between collectives only, so with common random numbers its arrivals equal
the baseline's replicate by replicate (a difference of exactly 0 with a 0-wide
interval: an unpaired comparison would not give that); entry fees lower
arrivals by more than the interval's half-width.
"""
import os
import subprocess
import sys
import tempfile

yucun, source = sys.argv[1], sys.argv[2]
script = os.path.join(source, "analysis", "policy_effects.py")
sys.path.insert(0, os.path.join(source, "analysis"))
import policy_effects  # noqa: E402

with tempfile.TemporaryDirectory() as out:
    proc = subprocess.run([sys.executable, script, "--yucun", yucun, "--replicates", "2", "--out", out,
                           "--only", "revenue_sharing.yaml", "entry_fees.yaml"],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    rows = {}
    for line in proc.stdout.splitlines():
        scenario, rest = line.split(maxsplit=1)
        label = rest[:34].strip()
        numbers = rest[34:].replace(",", "").split()
        rows[(scenario, label)] = (float(numbers[0]), float(numbers[2]))
    assert rows[("revenue_sharing.yaml", "persons arriving")] == (0.0, 0.0), rows[("revenue_sharing.yaml", "persons arriving")]
    mean, half = rows[("entry_fees.yaml", "persons arriving")]
    assert mean < 0 and abs(mean) > half, (mean, half)
    # The indicators read from the files: the baseline's per-replicate values differ
    # between replicates (so a 0-wide interval above comes from pairing, not from
    # identical replicates).
    base = policy_effects.indicators(os.path.join(out, "baseline.h5"))
    last = base["arrivals"][0]
    assert len(last) == 2 and last[0] != last[1], last
print("ok: policy_effects pairs replicates (revenue sharing: 0 +- 0 arrivals; entry fees: fewer)")
