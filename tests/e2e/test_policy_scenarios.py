#!/usr/bin/python3
"""The policy scenarios in scenarios/: at least eight, each a small file that
extends the baseline, says in its first comment which question it answers,
and switches at least one lever on (as `yucun show` resolves it). A one-year
run of the combined package changes what its levers should change."""
import pathlib
import subprocess
import sys
import tempfile

import h5py
import numpy as np
import yaml

yucun, source = sys.argv[1], pathlib.Path(sys.argv[2])
files = sorted(p for p in (source / "scenarios").glob("*.yaml") if p.name != "baseline.yaml")
assert len(files) >= 8, f"only {len(files)} policy scenarios"
levers_seen = set()
for f in files:
    text = f.read_text()
    assert text.startswith("# Question:"), f"{f.name}: first line should be '# Question: ...'"
    doc = yaml.safe_load(text)
    assert doc.get("extends") == "baseline.yaml", f"{f.name}: should extend baseline.yaml"
    assert len(text.splitlines()) < 60, f"{f.name}: a policy scenario should be a small file"
    shown = yaml.safe_load(subprocess.run([yucun, "show", str(f)], check=True, capture_output=True, text=True).stdout)
    on = [name for name, lever in shown["policies"].items() if lever["enabled"]]
    assert on, f"{f.name}: switches no lever on"
    levers_seen.update(on)
expected = {"brand", "marketing", "shuttle", "greenway", "revenue_sharing", "homestays", "fees",
            "tea_certification", "subsidies", "talent", "dividends", "land_transfer"}
assert levers_seen == expected, f"levers without a scenario: {sorted(expected - levers_seen)}"

# The package against the baseline over 2023-2024 (levers start in 2024).
with tempfile.TemporaryDirectory() as tmp:
    out = {}
    for name, scenario in [("base", []), ("package", [str(source / "scenarios/integration_package.yaml")]),
                           ("shuttle", [str(source / "scenarios/shuttle_bus.yaml")]),
                           ("greenway", [str(source / "scenarios/greenway.yaml")])]:
        path = f"{tmp}/{name}.h5"
        years = 3 if name == "greenway" else 2  # the greenway opens in 2025
        subprocess.run([yucun, "run", *scenario, "--set", f"calendar.years={years}", "-q", "-o", path], check=True)
        out[name] = h5py.File(path, "r")
    base, pkg = out["base"], out["package"]
    for f in (base, pkg):
        assert not f["money_residual"][:].any()
    # 2023 is identical: the levers start on 2024-01-01.
    assert np.array_equal(base["visitors"][:365], pkg["visitors"][:365])
    assert base["policy_spending_yearly"][1] == 0 and pkg["policy_spending_yearly"][1] > 0
    assert pkg["shuttle_riders_yearly"][1] > 0
    shared = pkg["revenue_shared_yearly"][1]
    assert shared.sum() == 0 and shared[0] < 0 and (shared[1:] > 0).all()
    share = lambda f: 1 - f["visitors_yearly"][1, 0] / f["visitors_yearly"][1].sum()
    assert share(pkg) > share(base), (share(pkg), share(base))
    # The shuttle and the greenway act on visitors' travel: they spread visits,
    # and wages (commuting is unchanged) move by less than 0.5 %.
    for lever in ("shuttle",):
        f = out[lever]
        assert share(f) > share(base), (lever, share(f), share(base))
        wages = f["income_wage_yearly"][1].sum() / base["income_wage_yearly"][1].sum() - 1
        assert abs(wages) < 0.005, f"{lever} changes 2024 wage income by {wages:+.2%}"
    # The greenway's first year, 2025, against a 3-year baseline.
    path = f"{tmp}/base3.h5"
    subprocess.run([yucun, "run", "--set", "calendar.years=3", "-q", "-o", path], check=True)
    base3, green = h5py.File(path, "r"), out["greenway"]
    outside_core = lambda f: 1 - f["visitors_yearly"][2, 0] / f["visitors_yearly"][2].sum()
    assert outside_core(green) > outside_core(base3), (outside_core(green), outside_core(base3))
    wages = green["income_wage_yearly"][2].sum() / base3["income_wage_yearly"][2].sum() - 1
    assert abs(wages) < 0.005, f"greenway changes 2025 wage income by {wages:+.2%}"
print(f"ok: {len(files)} policy scenarios covering {len(levers_seen)} levers")
