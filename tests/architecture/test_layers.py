#!/usr/bin/python3
"""The layer check (cmake/check_layers.py) passes on sim/ as it is, and fails
on trees that break a rule: an include against the direction, a cycle
between two model folders, a .def file including a header, a model file
including YAML, and a model target linking HDF5.

usage: test_layers.py SOURCE_DIR LINKS_FILE
"""
import os
import subprocess
import sys
import tempfile

source, links = sys.argv[1], sys.argv[2]
check = os.path.join(source, "cmake", "check_layers.py")
failures = 0


def run(sim_dir, links_file=""):
    r = subprocess.run([sys.executable, check, sim_dir, links_file], capture_output=True, text=True)
    return r.returncode, r.stderr


def expect(name, ok, detail=""):
    global failures
    print(("PASS " if ok else "FAIL ") + name + ("" if ok else f"\n  {detail}"))
    failures += 0 if ok else 1


code, err = run(os.path.join(source, "sim"), links)
expect("sim/ keeps its layers and the model links no YAML, HDF5, CLI or MPI", code == 0, err)


def tree(files):
    d = tempfile.mkdtemp()
    for path, text in files.items():
        full = os.path.join(d, "sim", path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w") as f:
            f.write(text)
    return os.path.join(d, "sim")


good = {"core/ledger.hpp": "#include <vector>\n", "model/tea/tea.hpp": '#include "sim/core/ledger.hpp"\n'}
code, err = run(tree(good))
expect("a tree that keeps the rules passes", code == 0, err)

code, err = run(tree({**good, "core/ledger.hpp": '#include "sim/model/tea/tea.hpp"\n'}))
expect("core including the model fails, naming the file and line",
       code == 1 and "core/ledger.hpp:1" in err and "against the direction" in err, err)

code, err = run(tree({**good, "model/tourism/a.hpp": '#include "sim/model/tea/tea.hpp"\n',
                      "model/tea/tea.hpp": '#include "sim/model/tourism/a.hpp"\n'}))
expect("a cycle between two model folders fails", code == 1 and "include cycle" in err
       and "model/tea" in err and "model/tourism" in err, err)

# A module's .def declarations gathered by a shared header the module includes
# (sim/model/shared/series.hpp): data, not code, so no cycle.
declared = {**good, "model/shared/series.hpp": '#include "sim/model/tea/tea_series.def"\n',
            "model/tea/tea_series.def": "YUCUN_SERIES(leaf_price)\n",
            "model/tea/tea.cpp": '#include "sim/model/shared/series.hpp"\n'}
code, err = run(tree(declared))
expect("a shared header gathering a module's .def declarations is no cycle", code == 0, err)

code, err = run(tree({**declared, "model/tea/tea_series.def": '#include "sim/model/tea/tea.hpp"\n'}))
expect("a .def file including a header fails", code == 1 and "tea_series.def:1" in err and ".def" in err, err)

code, err = run(tree({**good, "model/tea/tea.cpp": "#include <yaml-cpp/yaml.h>\n"}))
expect("the model including yaml-cpp fails", code == 1 and "yaml-cpp" in err, err)

code, err = run(tree({**good, "io/output/h.cpp": '#include "sim/experiments/run.hpp"\n'}))
expect("io including experiments fails", code == 1 and "against the direction" in err, err)

d = tempfile.mkdtemp()
bad_links = os.path.join(d, "links.txt")
with open(bad_links, "w") as f:
    f.write("yucun_core: fmt::fmt\nyucun_world: yucun_core\nyucun_model: yucun_world;yucun_helpers\n"
            "yucun_helpers: /usr/lib/libhdf5.so\n")
code, err = run(tree(good), bad_links)
expect("the model linking HDF5 through another target fails", code == 1 and "libhdf5" in err, err)

sys.exit(1 if failures else 0)
