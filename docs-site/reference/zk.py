"""Helpers shared by the reference scripts: print zarr-python 2.13 objects the way the
zarrkit docs print them.

zarrkit's API (../../shared/spec/API.md) keeps the one-line reprs and summaries of the
original zarr tutorial (`Array((10000, 10000), int32, chunks=(1000, 1000), order=C)`,
`Group(/foo, 2)` with member lines, the `nbytes: ...; ratio: ...` summary), which
zarr-python 2.13 no longer prints itself. These functions lay out those forms; every number,
name, shape and codec repr in them is read from zarr-python 2.13. What 2.13 prints directly
(`tree()`, group `info`, codec reprs, values) is used as printed, with the Python class names
mapped to zarrkit's by `NAMES` below.
"""

import json

from zarr.util import human_readable_size

# Python names -> the names zarrkit prints for the same thing.
NAMES = {
    "zarr.hierarchy.Group": "zarrkit.Group",
    "zarr.core.Array": "zarrkit.ZarrArray",
    "zarr.storage.KVStore": "MemoryStore",  # zarr.zeros() without a store: a dict in 2.13
    "zarr.storage.MemoryStore": "MemoryStore",
    "zarr.storage.DirectoryStore": "DirectoryStore",
    "zarr.storage.ZipStore": "ZipStore",
}


def store_name(store) -> str:
    full = f"{type(store).__module__}.{type(store).__name__}"
    return NAMES.get(full, type(store).__name__)


def translate(text: str) -> str:
    for py, ts in NAMES.items():
        text = text.replace(py, ts)
    return text


def tup(xs) -> str:
    xs = tuple(int(x) for x in xs)
    return str(xs)


def arr_repr(z) -> str:
    """zarrkit's `a.toString()`."""
    name = f"{z.name}, " if z.name else ""
    return f"Array({name}{tup(z.shape)}, {z.dtype}, chunks={tup(z.chunks)}, order={z.order})"


def arr_info(z) -> str:
    """zarrkit's `await a.info()`: the original tutorial's summary with 2.13's numbers."""
    stored = z.nbytes_stored
    r = f"{arr_repr(z)}\n  nbytes: {human_readable_size(z.nbytes)}"
    if stored > 0:
        r += f"; nbytes_stored: {human_readable_size(stored)}; ratio: {z.nbytes / stored:.1f}"
    r += f"; initialized: {z.nchunks_initialized}/{z.nchunks}"
    if z.filters:
        r += f"\n  filters: {z.filters[0]!r}"
        for f in z.filters[1:]:
            r += f"\n           {f!r}"
    if z.compressor is not None:
        r += f"\n  compressor: {z.compressor!r}"
    r += f"\n  store: {store_name(z.store)}"
    return r


def grp_repr(g) -> str:
    """zarrkit's `group.toString()`: `Group(/foo, 2)` and its member lines."""
    arrays = sorted(g.array_keys())
    groups = sorted(g.group_keys())
    r = f"Group({g.name}, {len(arrays) + len(groups)})"

    def line(label, names):
        text = f"\n  {label}: {len(names)}; {', '.join(names)}"
        return text if len(text) <= 80 else text[:77] + "..."

    if arrays:
        r += line("arrays", arrays)
    if groups:
        r += line("groups", groups)
    return r + f"\n  store: {store_name(g.store)}"


def grp_info(g) -> str:
    return translate(str(g.info))


def js_value(x):
    """A Python/NumPy value as JSON.stringify would write the zarrkit value."""
    import numpy as np

    if isinstance(x, np.ndarray):
        return [js_value(v) for v in x.tolist()] if x.ndim else js_value(x.item())
    if isinstance(x, (list, tuple)):
        return [js_value(v) for v in x]
    if isinstance(x, dict):
        return {k: js_value(v) for k, v in x.items()}
    if isinstance(x, np.generic):
        x = x.item()
    if isinstance(x, float) and x.is_integer() and abs(x) < 1e21:
        return int(x)
    return x


def js(x) -> str:
    """`JSON.stringify(x)`."""
    return json.dumps(js_value(x), separators=(",", ":"), ensure_ascii=False)
