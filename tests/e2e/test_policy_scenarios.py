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
    # The shuttle and the greenway act on visitors' travel: the shuttle makes
    # the villages on its route nearer to one another, so they take a larger
    # share of visits (whether that spreads visits away from Yucun depends on
    # where parties enter: most now enter at the resorts and scenic areas,
    # and a faster road to Yucun brings some of them there); wages (commuting
    # is unchanged) move by less than 0.5 %.
    route = set(yaml.safe_load((source / "scenarios/shuttle_bus.yaml").read_text())["policies"]["shuttle"]["villages"])
    def route_share(f):
        names = [n.decode() if isinstance(n, bytes) else n for n in f["village_name"][:]]
        on = np.array([n in route for n in names])
        v = f["visitors_yearly"][1]
        return v[on].sum() / v.sum()
    for lever in ("shuttle",):
        f = out[lever]
        assert route_share(f) > route_share(base) + 0.005, (lever, route_share(f), route_share(base))
        wages = f["income_wage_yearly"][1].sum() / base["income_wage_yearly"][1].sum() - 1
        assert abs(wages) < 0.005, f"{lever} changes 2024 wage income by {wages:+.2%}"
    # The greenway's first year, 2025, against a 3-year baseline.
    path = f"{tmp}/base3.h5"
    subprocess.run([yucun, "run", "--set", "calendar.years=3", "-q", "-o", path], check=True)
    base3, green = h5py.File(path, "r"), out["greenway"]
    # The greenway joins Yucun, Wuhe and Daxi: they take a larger share of visits.
    links = yaml.safe_load((source / "scenarios/greenway.yaml").read_text())["policies"]["greenway"]["links"]
    joined = {l["from"] for l in links} | {l["to"] for l in links}
    def joined_share(f):
        names = [n.decode() if isinstance(n, bytes) else n for n in f["village_name"][:]]
        on = np.array([n in joined for n in names])
        v = f["visitors_yearly"][2]
        return v[on].sum() / v.sum()
    assert joined_share(green) > joined_share(base3) + 0.005, (joined_share(green), joined_share(base3))
    wages = green["income_wage_yearly"][2].sum() / base3["income_wage_yearly"][2].sum() - 1
    assert abs(wages) < 0.005, f"greenway changes 2025 wage income by {wages:+.2%}"
print(f"ok: {len(files)} policy scenarios covering {len(levers_seen)} levers")
