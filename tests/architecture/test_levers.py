#!/usr/bin/python3
"""The lever list is the one place that names the levers: every line of
sim/model/policies/levers.def names a header in that folder that defines the
lever's class and parameters, every lever header there is on the list, and
each lever is documented (docs/ODD.md's lever table, docs/scenarios.md's
keys). A new lever that misses one of these fails here, saying which.

usage: test_levers.py SOURCE_DIR
"""
import os
import re
import sys

source = sys.argv[1]
folder = os.path.join(source, "sim", "model", "policies")
framework = {"lever_window.hpp", "lever_context.hpp", "lever_set.hpp", "policy_params.hpp"}
problems = []

with open(os.path.join(folder, "levers.def"), encoding="utf-8") as f:
    levers = re.findall(r'^YUCUN_LEVER\((\w+),\s*(\w+),\s*"([^"]+)"\)', f.read(), re.MULTILINE)
if len(levers) < 12:
    problems.append(f"levers.def lists {len(levers)} levers; the model has at least 12")

listed = set()
for key, cls, header in levers:
    name = os.path.basename(header)
    listed.add(name)
    path = os.path.join(source, header)
    if not os.path.isfile(path):
        problems.append(f"{key}: header {header} does not exist")
        continue
    text = open(path, encoding="utf-8").read()
    if not re.search(rf"\bclass {cls}\b", text):
        problems.append(f"{key}: {header} defines no class {cls}")
    if "using Params" not in text or "void fields(" not in text or "static void validate(" not in text:
        problems.append(f"{key}: {header} must declare its Params, their fields() and validate()")
for name in sorted(os.listdir(folder)):
    if name.endswith(".hpp") and name not in framework and name not in listed:
        problems.append(f"{name} is a lever header in sim/model/policies/ but not on levers.def's list")

odd = open(os.path.join(source, "docs", "ODD.md"), encoding="utf-8").read()
keys_doc = open(os.path.join(source, "docs", "scenarios.md"), encoding="utf-8").read()
for key, _, _ in levers:
    if not re.search(rf"^\| [^|]+ \| `{key}` \|", odd, re.MULTILINE):
        problems.append(f"{key}: no row in docs/ODD.md's lever table (| name | `{key}` | what it does |)")
    if f"`{key}." not in keys_doc and f"`policies.{key}" not in keys_doc:
        problems.append(f"{key}: its keys are not in docs/scenarios.md's key reference")

for p in problems:
    print("FAIL " + p)
print(f"{len(levers)} levers checked, {len(problems)} problems")
sys.exit(1 if problems else 0)
