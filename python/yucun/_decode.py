"""Result files (docs/output.md) into xarray Datasets.

One decoder for a file on disk (yucun.open) and a file image in memory
(yucun.run): h5py reads the datasets, their HDF5 dimension scales name the
dimensions, xarray's CF decoding turns `time` into dates, `_FillValue`s into
missing values (NaN) and `coordinates` into coordinates; then the villages
are indexed by name and money is converted to yuan if asked.
"""

import io

import h5py
import numpy as np
import xarray as xr

# Attributes HDF5 dimension scales and netCDF keep for themselves.
_INTERNAL_ATTRS = {"CLASS", "NAME", "REFERENCE_LIST", "DIMENSION_LIST", "_Netcdf4Dimid", "_Netcdf4Coordinates",
                   "_nc3_strict", "_NCProperties"}

# Money in the files is fen (int64 sums, float64 prices); yuan = fen / 100.
MONEY_UNITS = {"fen": "yuan", "fen/kg": "yuan/kg"}


def _attribute(value):
    if isinstance(value, (bytes, np.bytes_)):
        return value.decode("utf-8")
    if isinstance(value, np.ndarray):
        if value.dtype.kind in "SO":
            items = [_attribute(v) for v in value.ravel()]
            return items[0] if len(items) == 1 else items
        if value.size == 1:
            return value.reshape(())[()]
    return value


def _attributes(obj):
    return {k: _attribute(v) for k, v in obj.attrs.items() if k not in _INTERNAL_ATTRS}


def _address(obj_id):
    info = h5py.h5o.get_info(obj_id)
    return getattr(info, "addr", None) if hasattr(info, "addr") else bytes(info.token)


def _dims(name, ds, scales):
    """The dimension names of a dataset: the names of the scales attached to its axes
    (`scales` maps a scale's object address to its name; looking names up is slow)."""
    if name in scales.values():
        return (name,)
    dims = []
    for axis in range(ds.ndim):
        found = []
        if h5py.h5ds.get_num_scales(ds.id, axis) > 0:
            h5py.h5ds.iterate(ds.id, axis, lambda scale: found.append(_address(scale)) or True)
        dims.append(scales.get(found[0], f"{name}_dim{axis}") if found else f"{name}_dim{axis}")
    return tuple(dims)


def _values(ds):
    if h5py.check_string_dtype(ds.dtype) is not None:
        return np.asarray(ds.asstr()[()], dtype=object)
    return ds[()]


def _raw_dataset(f, variables):
    wanted = None
    if variables is not None:
        wanted = set([variables] if isinstance(variables, str) else variables)
        missing = sorted(wanted - set(f.keys()))
        if missing:
            raise KeyError(f"no variable {', '.join(missing)} in the result (it has {', '.join(sorted(f.keys()))})")
    datasets = [(name, ds) for name, ds in f.items() if isinstance(ds, h5py.Dataset)]
    scales = {_address(ds.id): name for name, ds in datasets if h5py.h5ds.is_scale(ds.id)}
    out = {}
    for name, ds in datasets:
        dims = _dims(name, ds, scales)
        keep = wanted is None or name in wanted or name in scales.values()
        # Coordinates and labels along the dimensions the chosen variables use.
        if not keep and len(dims) == 1 and name.startswith(("village_", "road_")):
            keep = True
        if not keep and dims == ("run",) and name in ("seed", "replicate"):
            keep = True
        if keep:
            out[name] = xr.Variable(dims, _values(ds), _attributes(ds))
    return xr.Dataset(out, attrs=_attributes(f))


def to_yuan(ds):
    """Converts every variable in fen (units "fen", "fen/kg") to float yuan (units "yuan", "yuan/kg")."""
    converted = {}
    for name, var in ds.variables.items():
        units = var.attrs.get("units")
        if units not in MONEY_UNITS:
            continue
        values = np.asarray(var.values)
        if values.dtype.kind in "iu":
            fill = var.encoding.get("_FillValue", var.attrs.get("_FillValue"))
            values = values.astype(float)
            if fill is not None:
                values[np.asarray(var.values) == fill] = np.nan
        attrs = dict(var.attrs, units=MONEY_UNITS[units])
        attrs.pop("_FillValue", None)
        converted[name] = xr.Variable(var.dims, values / 100.0, attrs)
    return ds.assign(converted) if converted else ds


def decode(source, money="yuan", mask=True, variables=None):
    """A result file (a path, bytes of a file image, or an open h5py.File) as an xarray.Dataset.

    - `time` as dates; `village` indexed by the village names, with `village_name` and
      `village_township` as coordinates; `seed` and `replicate` as coordinates on `run`;
    - `mask=True`: fill values (a run left out) become NaN, so integer series with a
      `_FillValue` are float64 (whole numbers, exact below 2**53); `mask=False` keeps
      the stored integers, the fill value (-2**63) included;
    - `money="yuan"`: every variable in fen is float yuan (units "yuan", "yuan/kg");
      `money="fen"` keeps the file's fen;
    - `variables`: names of the variables to read (coordinates come along), or all.
    """
    if money not in ("yuan", "fen"):
        raise ValueError(f"money must be 'yuan' or 'fen', not {money!r}")
    if isinstance(source, (bytes, bytearray, memoryview)):
        with h5py.File(io.BytesIO(bytes(source)), "r") as f:
            raw = _raw_dataset(f, variables)
    elif isinstance(source, h5py.File):
        raw = _raw_dataset(source, variables)
    else:
        with h5py.File(source, "r") as f:
            raw = _raw_dataset(f, variables)
    ds = xr.decode_cf(raw, mask_and_scale=mask, decode_times=True, decode_coords=True)
    if "village_name" in ds.variables and "village" in ds.dims:
        names = [str(n) for n in ds["village_name"].values]
        ds = ds.assign_coords(village=xr.Variable("village", names, {"long_name": "village name", "units": "1"}))
        ds = ds.set_coords([n for n in ("village_name", "village_township") if n in ds.variables])
    if "run" in ds.dims:
        ds = ds.set_coords([n for n in ("seed", "replicate") if n in ds.variables and ds[n].dims == ("run",)])
    if money == "yuan":
        ds = to_yuan(ds)
    ds.attrs["yucun_money"] = money
    return ds
