"""Sensitivity analysis of sweeps: Sobol' indices, Morris screening, PRCC.

The estimators are those of analysis/sensitivity.py (the command-line tool),
loaded from the repository this package lives in, so the two cannot disagree:

    from yucun import sensitivity
    table = sensitivity.analyse("sweep.h5", "visitors", year=2027, village="Yucun")
    sensitivity.sobol_indices(ya, yb, yab)        # the estimators on plain numpy arrays

See docs/sweeps.md and `analysis/sensitivity.py --help`.
"""

import importlib.util as _importlib_util
import os as _os
import sys as _sys

_PATH = _os.path.join(_os.path.dirname(_os.path.dirname(_os.path.dirname(_os.path.abspath(__file__)))),
                      "analysis", "sensitivity.py")


def _load():
    name = "yucun._analysis_sensitivity"
    if name in _sys.modules:
        return _sys.modules[name]
    if not _os.path.isfile(_PATH):
        raise ImportError(f"yucun.sensitivity needs {_PATH} (the repository's analysis/sensitivity.py)")
    spec = _importlib_util.spec_from_file_location(name, _PATH)
    module = _importlib_util.module_from_spec(spec)
    _sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


_impl = _load()

SensitivityError = _impl.SensitivityError
SweepResult = _impl.SweepResult
saltelli_blocks = _impl.saltelli_blocks
sobol_point_estimates = _impl.sobol_point_estimates
sobol_indices = _impl.sobol_indices
morris_elementary_effects = _impl.morris_elementary_effects
morris_measures = _impl.morris_measures
prcc = _impl.prcc
analyse_sobol = _impl.analyse_sobol
analyse_morris = _impl.analyse_morris
analyse_prcc = _impl.analyse_prcc


def analyse(path, indicator, year=None, village=None, aggregate="sum", bootstrap=1000, confidence=0.95, seed=0):
    """The sweep file's sensitivity table for the yearly summary of `indicator` (as analysis/sensitivity.py
    prints it): Sobol' S1/ST for a sobol sweep, Morris mu/mu*/sigma for a morris sweep, PRCC otherwise.
    Returns a pandas DataFrame indexed by parameter, with the analysis' notes in .attrs."""
    import pandas as pd

    result = SweepResult(_os.fspath(path), indicator, year=year, village=village, aggregate=aggregate)
    if result.design == "sobol":
        out, info = analyse_sobol(result, bootstrap, confidence, seed)
    elif result.design == "morris":
        out, info = analyse_morris(result, bootstrap, confidence, seed)
    else:
        out, info = analyse_prcc(result, confidence)
    columns, rows = _impl.rows_of(result.design, result.parameters, out)
    table = pd.DataFrame(rows).set_index("parameter")[columns]
    table.attrs.update(info, design=result.design, indicator=result.indicator, year=result.year, where=result.where)
    return table
