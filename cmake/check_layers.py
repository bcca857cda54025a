#!/usr/bin/python3
"""Checks that sim/ keeps its layers: includes point one way, no two folders
include each other (directly or round a longer loop), and the model links no
YAML, HDF5, CLI or MPI library. Run by the build (an include against the
direction fails it) and by ctest. docs/architecture.md explains the rules.

usage: check_layers.py SIM_DIR [LINKS_FILE] [STAMP]
  LINKS_FILE: lines "target: dep;dep;..." written by CMake (file(GENERATE)).
  STAMP: touched on success, so the build reruns the check only on change.
"""
import os
import re
import sys

# A layer may include itself and the layers listed here, nothing else.
ALLOWED = {
    "core": set(),
    "world": {"core"},
    "model": {"core", "world"},
    "io": {"core", "world", "model"},
    "experiments": {"core", "world", "model", "io"},
    "cli": {"core", "world", "model", "io", "experiments"},
}
# Third-party headers each layer may not see: the model knows nothing of
# files, YAML, HDF5, the command line or processes.
FORBIDDEN_HEADERS = {
    "core": ["yaml-cpp/", "hdf5", "H5", "CLI/", "mpi.h", "cereal/", "yucun/version.hpp"],
    "world": ["yaml-cpp/", "hdf5", "H5", "CLI/", "mpi.h", "cereal/", "yucun/version.hpp"],
    "model": ["yaml-cpp/", "hdf5", "H5", "CLI/", "mpi.h", "cereal/", "yucun/version.hpp"],
    "io": ["CLI/", "mpi.h"],
    "experiments": ["CLI/"],
    "cli": [],
}
# Libraries (as CMake names them) the model's targets may not link, directly
# or through another target.
MODEL_TARGETS = ["yucun_core", "yucun_world", "yucun_model"]
FORBIDDEN_LIBS = re.compile(r"yaml|hdf5|CLI11|MPI|mpi", re.IGNORECASE)

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')


def folder_of(path, sim_dir):
    return os.path.dirname(os.path.relpath(path, sim_dir))


def scan(sim_dir):
    """Returns (errors, edges): edges[folder] = {included folder: example}."""
    errors, edges = [], {}
    for root, _, names in os.walk(sim_dir):
        for name in sorted(names):
            if not name.endswith((".hpp", ".cpp", ".h", ".def")):
                continue
            path = os.path.join(root, name)
            folder = folder_of(path, sim_dir)
            layer = folder.split("/")[0]
            if layer not in ALLOWED:
                errors.append(f"{path}: folder '{folder}' is in no layer (expected one of {', '.join(ALLOWED)})")
                continue
            with open(path, encoding="utf-8") as f:
                for number, line in enumerate(f, 1):
                    m = INCLUDE.match(line)
                    if not m:
                        continue
                    header = m.group(2)
                    where = f"{path}:{number}"
                    for bad in FORBIDDEN_HEADERS[layer]:
                        if header.startswith(bad):
                            errors.append(f"{where}: layer '{layer}' may not include <{header}>")
                    if not header.startswith("sim/"):
                        continue
                    target = os.path.dirname(header[len("sim/"):])
                    target_layer = target.split("/")[0]
                    if target_layer != layer and target_layer not in ALLOWED[layer]:
                        errors.append(f"{where}: '{folder}' includes \"{header}\" from layer '{target_layer}', "
                                      f"against the direction (layer '{layer}' may use: "
                                      f"{', '.join(sorted(ALLOWED[layer])) or 'nothing'})")
                    # A .def file holds declarations only and includes nothing
                    # but other .def files: including one reads a module's
                    # declarations without using its code, so it makes no
                    # folder edge (sim/model/shared/series.hpp gathers the
                    # modules' series this way, and the modules include it).
                    if name.endswith(".def") and not header.endswith(".def"):
                        errors.append(f"{where}: a .def file may include only other .def files, not \"{header}\"")
                    if target != folder and not header.endswith(".def"):
                        edges.setdefault(folder, {}).setdefault(target, where)
    return errors, edges


def cycles(edges):
    """Every strongly connected group of two or more folders (Tarjan)."""
    index, low, on_stack, stack, found = {}, {}, set(), [], []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges.get(v, {})):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def check_links(links_file):
    deps = {}
    with open(links_file, encoding="utf-8") as f:
        for line in f:
            if ":" in line:
                target, _, rest = line.partition(":")
                deps[target.strip()] = [d for d in rest.strip().split(";") if d]
    errors = []
    for start in MODEL_TARGETS:
        seen, todo = set(), [start]
        while todo:
            t = todo.pop()
            for d in deps.get(t, []):
                if FORBIDDEN_LIBS.search(d):
                    errors.append(f"target {start} links {d} (through {t}): the model may not link YAML, HDF5, CLI or MPI")
                if d in deps and d not in seen:
                    seen.add(d)
                    todo.append(d)
    return errors


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    sim_dir = argv[1]
    errors, edges = scan(sim_dir)
    for group in cycles(edges):
        loop = " -> ".join(group + [group[0]])
        detail = "; ".join(f"{a} includes {b} at {edges[a][b]}" for a in group for b in group if b in edges.get(a, {}))
        errors.append(f"include cycle between folders: {loop} ({detail})")
    if len(argv) > 2 and argv[2]:
        errors += check_links(argv[2])
    for e in errors:
        print(f"layers: {e}", file=sys.stderr)
    if errors:
        return 1
    if len(argv) > 3:
        with open(argv[3], "w", encoding="utf-8") as f:
            f.write("ok\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
