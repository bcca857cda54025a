"""yucun in Python: load scenarios, run them, open result files as xarray Datasets.

    import yucun
    s = yucun.load_scenario("@baseline", set={"calendar.years": 1})
    ds = yucun.run(s, replicates=2)                 # an xarray.Dataset, nothing on disk
    ds.visitors_yearly.sel(village="Yucun")
    ds = yucun.open("results/baseline.h5")          # the same decoding for a file

Runs go through the same engine code as `yucun run` (the compiled module
`_yucun`, built by scripts/build): the Dataset holds the same variables and
attributes as the file `yucun run` writes for the same scenario and seed,
decoded by the same function as `yucun.open`. Money is in yuan by default
(`money="fen"` keeps the files' fen). See docs/python.md.
"""

import datetime as _dt
import json as _json
import os as _os
import shutil as _shutil
import subprocess as _subprocess
import warnings as _warnings

from . import statistics  # noqa: F401  (yucun.statistics)
from ._decode import MONEY_UNITS, decode, to_yuan  # noqa: F401
from .statistics import mean_interval, paired_difference, welch_difference  # noqa: F401

BUILTIN_BASELINE = "@baseline"


def _engine():
    try:
        import _yucun
    except ImportError as e:
        raise ImportError(
            "yucun's compiled module _yucun was not found: build it with scripts/build (needs python3-pybind11 "
            f"and python3-dev; scripts/setup installs them), which also makes /usr/bin/python3 find it ({e})"
        ) from None
    return _yucun


def __getattr__(name):
    # The engine's exception types and version, without importing it up front
    # (yucun.open and the statistics work without the compiled module).
    if name in ("ScenarioError", "OutputError", "Scenario"):
        return getattr(_engine(), name)
    if name == "__version__":
        return _engine().__version__
    raise AttributeError(f"module 'yucun' has no attribute {name!r}")


def _override_value(value):
    """A Python value as the text of `--set key=value` (YAML)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    if isinstance(value, str):
        return value
    if isinstance(value, (list, tuple, dict)):
        return _json.dumps(value, ensure_ascii=False, default=str)  # JSON is YAML flow style
    if hasattr(value, "item"):  # numpy scalars
        return _override_value(value.item())
    return str(value)


def overrides(set=None):
    """`set` ({"key.path": value} or ["key.path=value", ...]) as the CLI's --set arguments."""
    if set is None:
        return []
    if isinstance(set, str):
        return [set]
    if isinstance(set, dict):
        return [f"{key}={_override_value(value)}" for key, value in set.items()]
    return [str(item) for item in set]


def load_scenario(source=BUILTIN_BASELINE, set=None, warn=True):
    """Loads a scenario file (or "@baseline", the built-in one) with `set` applied, as `yucun run --set` does.

    `set` maps key paths to values, e.g. {"calendar.years": 1, "policies.shuttle.enabled": True,
    "world.villages.Wuhe.tea_area_mu": 2000}. Returns the resolved, validated scenario (a
    yucun.Scenario: .name, .seed, .years, .villages, .to_yaml(), .warnings()). A bad file or key
    raises yucun.ScenarioError (a ValueError) with the CLI's message: file:line:column and key path.
    The CLI's warnings about the scenario are issued as Python warnings (warn=False: not).
    """
    source = _os.fspath(source) if source else BUILTIN_BASELINE
    scenario = _engine().load_scenario(source, overrides(set))
    if warn:
        for w in scenario.warnings():
            _warnings.warn(f"{source}: {w}", stacklevel=2)
    return scenario


def _scenario_of(scenario, set):
    if isinstance(scenario, (str, _os.PathLike)) or scenario is None:
        return load_scenario(scenario or BUILTIN_BASELINE, set=set)
    if set:
        raise ValueError("set= applies when loading: pass it to yucun.load_scenario (or pass a path here)")
    return scenario


def run_image(scenario=BUILTIN_BASELINE, seed=None, replicates=None, run=0, threads=None, set=None):
    """Runs the scenario and returns the result file's bytes: exactly the file `yucun run` writes
    (`yucun run SCENARIO --seed S --run R` or `--replicates N`). Save it with
    `pathlib.Path("run.h5").write_bytes(image)`."""
    engine = _engine()
    scenario = _scenario_of(scenario, set)
    return engine.run(scenario, seed=seed, replicates=replicates, run=run, threads=threads or 0)


def run(scenario=BUILTIN_BASELINE, seed=None, replicates=None, run=0, threads=None, money="yuan", set=None):
    """Runs a scenario (a yucun.Scenario, a path or "@baseline") in memory and returns an xarray.Dataset.

    - seed: replaces the scenario's seed (as --seed); run: the replicate number of a single run (--run);
    - replicates=N: runs 0..N-1 in parallel, with a leading `run` dimension (as --replicates N);
    - threads: at most this many threads (default: all cores; results do not depend on it).
    The Dataset is what `yucun.open` gives for the file `yucun run` would write. Ctrl-C stops the runs.
    """
    image = run_image(scenario, seed=seed, replicates=replicates, run=run, threads=threads, set=set)
    return decode(image, money=money)


def open(path, money="yuan", mask=True, variables=None):  # noqa: A001  (yucun.open, like xarray's)
    """Opens a result file (`yucun run`, `--replicates`, a sweep) as an xarray.Dataset, read into memory.

    Villages are indexed by name (`ds.sel(village="Yucun")`), with `village_township` as a coordinate;
    `time` is decoded to dates; fill values (a run a sweep left out) are NaN; money is in yuan
    (float, units "yuan") unless money="fen". `variables` limits what is read (coordinates come along).
    """
    return decode(_os.fspath(path), money=money, mask=mask, variables=variables)


def executable():
    """The `yucun` command built with this module (next to it in the build folder), or the one on PATH."""
    try:
        here = _os.path.dirname(_os.path.abspath(_engine().__file__))
        built = _os.path.join(_os.path.dirname(here), "yucun")
        if _os.access(built, _os.X_OK):
            return built
    except ImportError:
        pass
    found = _shutil.which("yucun")
    if not found:
        raise FileNotFoundError("no yucun executable: build it with scripts/build")
    return found


def table(path, indicators=None, levels=None, year=None, from_year=None, to_year=None, per_year=False,
          discount=None):
    """`yucun table PATH --format csv` as a pandas DataFrame: a result file (run, replicates or sweep)
    as a tidy table, a row per run x place x period with the run's parameters and one column per
    indicator. `indicators` (names, default the key indicators) is --indicator, `levels` ("area",
    "township", "village", "all") --level, `year` / `from_year`, `to_year` the period, `per_year`
    --per-year, `discount` --discount RATE. See `yucun table --help`."""
    import io
    import pandas as pd

    argv = ["table", _os.fspath(path), "--format", "csv"]
    for flag, values in (("--indicator", indicators), ("--level", levels)):
        if values is not None:
            argv += [flag, *([values] if isinstance(values, str) else values)]
    for flag, value in (("--year", year), ("--from", from_year), ("--to", to_year), ("--discount", discount)):
        if value is not None:
            argv += [flag, str(value)]
    if per_year:
        argv.append("--per-year")
    return pd.read_csv(io.StringIO(command(*argv)))


def command(*args, check=True):
    """Runs `yucun ARGS...` (the executable next to the module) and returns its standard output.
    Raises RuntimeError with its error message when it fails and `check`."""
    proc = _subprocess.run([executable(), *map(str, args)], capture_output=True, text=True)
    if check and proc.returncode != 0:
        raise RuntimeError(proc.stderr.strip() or f"yucun {' '.join(map(str, args))} exited {proc.returncode}")
    return proc.stdout
