"""Intervals across replicates, on xarray DataArrays.

The numbers come from the same C++ functions `yucun compare` uses
(sim/io/output/statistics.cpp, through the compiled module): Student-t intervals
of a mean, paired t intervals of a difference between scenarios whose
replicates share their random streams (same seed, same replicate numbers:
common random numbers), and Welch intervals otherwise. NaN values (a run left
out) are dropped; a pair with a NaN is dropped as a whole.

    base = yucun.run(yucun.load_scenario("@baseline", set=...), replicates=4)
    bus = yucun.run(yucun.load_scenario("scenarios/shuttle_bus.yaml", set=...), replicates=4)
    d = yucun.paired_difference(base.visitors_yearly, bus.visitors_yearly)   # bus - base
    d.diff.sel(village="Yucun"), d.low.sel(village="Yucun"), d.high.sel(village="Yucun")
"""

import numpy as np
import xarray as xr


def _engine():
    from . import _engine as engine

    return engine()


def _units(da):
    return {"units": da.attrs["units"]} if "units" in da.attrs else {}


def _strip(da):
    # Non-index coordinates (village_name, seed, ...) would conflict between scenarios.
    return da.reset_coords(drop=True) if isinstance(da, xr.DataArray) else xr.DataArray(np.asarray(da, float))


def mean_interval(values, dim="run", level=0.95):
    """Mean over `dim` and its Student-t interval: Dataset(mean, low, high, n)."""
    engine = _engine()
    da = _strip(values)
    if isinstance(values, xr.DataArray) and dim not in values.dims:
        raise ValueError(f"no dimension {dim!r} (dims {values.dims})")
    core = dim if dim in da.dims else da.dims[-1]

    def one(x):
        return engine.mean_interval(np.asarray(x, float).tolist(), level)

    mean, low, high, n = xr.apply_ufunc(one, da.astype(float), input_core_dims=[[core]],
                                        output_core_dims=[[], [], [], []], vectorize=True)
    units = _units(values) if isinstance(values, xr.DataArray) else {}
    return xr.Dataset({"mean": mean.assign_attrs(units), "low": low.assign_attrs(units),
                       "high": high.assign_attrs(units), "n": n})


def _difference(function, a, b, dim, level, paired):
    engine = _engine()
    for x, what in ((a, "a"), (b, "b")):
        if dim not in x.dims:
            raise ValueError(f"{what} has no dimension {dim!r} (dims {x.dims})")
    if paired:
        if a.sizes[dim] != b.sizes[dim]:
            raise ValueError(f"paired runs need the same number of runs ({a.sizes[dim]} and {b.sizes[dim]}); "
                             "use welch_difference")
        for stream in ("seed", "replicate"):
            if stream in a.coords and stream in b.coords and not np.array_equal(a[stream].values, b[stream].values):
                raise ValueError(f"the runs are not paired: their {stream}s differ ({a[stream].values.tolist()} and "
                                 f"{b[stream].values.tolist()}); use welch_difference")
    x = _strip(a).astype(float)
    y = _strip(b).astype(float).rename({dim: f"{dim}_b"})
    if paired:
        x = x.drop_vars(dim, errors="ignore")
        y = y.drop_vars(f"{dim}_b", errors="ignore")

    def one(p, q):
        return getattr(engine, function)(np.asarray(p, float).tolist(), np.asarray(q, float).tolist(), level)

    diff, low, high, df = xr.apply_ufunc(one, x, y, input_core_dims=[[dim], [f"{dim}_b"]],
                                         output_core_dims=[[], [], [], []], vectorize=True)
    units = _units(a)
    return xr.Dataset({"diff": diff.assign_attrs(units), "low": low.assign_attrs(units),
                       "high": high.assign_attrs(units), "df": df})


def paired_difference(a, b, dim="run", level=0.95):
    """mean(b - a) over paired runs and the paired t interval: Dataset(diff, low, high, df).

    For two scenarios run with the same seed and replicates (yucun.run(..., replicates=N)), whose
    run r shares its random streams (seed, r): the noise the pairs share cancels, as in `yucun
    compare`. Refuses runs whose `seed`/`replicate` coordinates differ."""
    return _difference("paired_interval", a, b, dim, level, paired=True)


def welch_difference(a, b, dim="run", level=0.95):
    """mean(b) - mean(a) and its Welch interval (independent runs): Dataset(diff, low, high, df)."""
    return _difference("welch_interval", a, b, dim, level, paired=False)


def distinguishable(d):
    """True where a difference's interval excludes 0 (a Dataset from paired_ or welch_difference)."""
    return (d.low > 0) | (d.high < 0)
