"""Helpers for zarrkit's interop tests: arrays to and from the fixtures' JSON value encoding.

Encoding (as fixtures/README.md): NaN/inf as strings, 64-bit integers and datetimes as decimal
strings, complex as [re, im], S bytes as base64, everything flattened in C order.
"""
import base64
import json
import math
import sys

import numpy as np
import zarr


def encode_value(v, dtype):
    k = dtype.kind
    if k == "f":
        f = float(v)
        if math.isnan(f):
            return "NaN"
        if math.isinf(f):
            return "Infinity" if f > 0 else "-Infinity"
        return f
    if k == "c":
        return [encode_value(v.real, np.dtype("f8")), encode_value(v.imag, np.dtype("f8"))]
    if k in "iu":
        return str(int(v)) if dtype.itemsize == 8 else int(v)
    if k in "mM":
        return str(int(np.array(v).view("i8")))
    if k == "b":
        return bool(v)
    if k == "S":
        return base64.b64encode(bytes(v)).decode("ascii")
    if k == "U":
        return str(v)
    if k == "O":
        return v if isinstance(v, (str, int, float, bool)) or v is None else repr(v)
    raise ValueError(k)


def decode_value(v, dtype):
    k = dtype.kind
    if k == "f":
        return float(v) if not isinstance(v, str) else float({"NaN": "nan", "Infinity": "inf", "-Infinity": "-inf"}[v])
    if k == "c":
        return complex(decode_value(v[0], np.dtype("f8")), decode_value(v[1], np.dtype("f8")))
    if k in "iumM":
        return int(v)
    if k == "S":
        return base64.b64decode(v)
    return v


def describe(z):
    a = z[...]
    flat = np.asarray(a).reshape(-1) if z.shape != () else [a[()] if hasattr(a, "shape") else a]
    return {
        "dtype": z.dtype.str,
        "shape": list(z.shape),
        "chunks": list(z.chunks),
        "order": z.order,
        "compressor": z.compressor.get_config() if z.compressor is not None else None,
        "filters": [f.get_config() for f in z.filters] if z.filters else None,
        "attrs": z.attrs.asdict(),
        "values": [encode_value(v, z.dtype) for v in flat],
    }


def from_values(values, dtype, shape):
    dt = np.dtype(dtype)
    if dt.kind in "mM":
        arr = np.array([int(v) for v in values], dtype="i8").view(dt)
    else:
        arr = np.array([decode_value(v, dt) for v in values], dtype=dt)
    return arr.reshape(shape)


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "read":
        store = zarr.storage.ZipStore(sys.argv[2], mode="r") if sys.argv[2].endswith(".zip") else sys.argv[2]
        z = zarr.open_array(store, mode="r", path=sys.argv[3] if len(sys.argv) > 3 else None)
        print(json.dumps(describe(z)))

