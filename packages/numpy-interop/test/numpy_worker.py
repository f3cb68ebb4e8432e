# The reference side of the fancy-indexing tests: one long-lived process per test file, fed
# one JSON request per line on stdin, answering one JSON line on stdout. Expected values come
# from NumPy's own indexing (and zarr-python 2.13 where its rules differ from NumPy's, such as
# which errors it raises), never from zarrkit.
import json
import sys
import traceback

import numpy as np

DTYPES = {"int32": "<i4", "float64": "<f8", "uint8": "|u1", "bool": "|b1"}


def to_array(dtype, shape, flat):
    return np.asarray(flat, dtype=DTYPES[dtype]).reshape(shape)


def flat_list(a):
    # Booleans travel as 0/1 so both sides compare numbers.
    a = np.asarray(a)
    if a.dtype == bool:
        a = a.astype(np.uint8)
    return a.ravel().tolist()


def entry(e):
    """One JSON-encoded selection entry as NumPy takes it."""
    if e is None:
        return slice(None)
    if "e" in e:
        return Ellipsis
    if "i" in e:
        return e["i"]
    if "s" in e:
        return slice(*e["s"])
    if "a" in e:
        return np.asarray(e["a"], dtype=np.intp)
    if "b" in e:
        return np.asarray(e["b"], dtype=bool)
    raise ValueError("unknown selection entry %r" % (e,))


def padded(sel, ndim):
    """One entry per dimension: an ellipsis, or the end, stands for whole dimensions."""
    sel = list(sel)
    at = [k for k, e in enumerate(sel) if e is not None and "e" in e]
    if at:
        k = at[0]
        sel[k : k + 1] = [None] * (ndim - len(sel) + 1)
    return sel + [None] * (ndim - len(sel))


def orthogonal_index(sel, shape):
    """np.ix_ over per-dimension index arrays; NumPy checks each dimension on its own."""
    idx, keep = [], []
    for e, n in zip(padded(sel, len(shape)), shape):
        x = entry(e)
        picked = np.arange(n)[x]
        if np.ndim(picked) == 0:
            idx.append(np.asarray([picked]))
            keep.append(False)
        else:
            idx.append(np.asarray(picked, dtype=np.intp))
            keep.append(True)
    return np.ix_(*idx), keep


def block_index(sel, shape, chunks):
    """zarr-python 2.14's block selection as plain slices (2.13 has no block selection)."""
    out = []
    for e, n, c in zip(padded(sel, len(shape)), shape, chunks):
        nc = -(-n // c)
        if e is None:
            out.append(slice(None))
        elif "i" in e:
            b = e["i"]
            if b < -nc or b >= nc:
                raise IndexError("block index %d out of bounds for %d blocks" % (b, nc))
            b = b + nc if b < 0 else b
            out.append(slice(b * c, (b + 1) * c))
        else:
            start, stop, step = e["s"]
            if step not in (None, 1):
                raise IndexError("block slices take step 1")
            start = 0 if start is None else start
            stop = nc if stop is None else stop
            start = start + nc if start < 0 else start
            stop = stop + nc if stop < 0 else stop
            if start * c >= n or start < 0:
                raise IndexError("block slice start out of bounds")
            out.append(slice(start * c, stop * c))
    return tuple(out)


def shaped(value, shape):
    """A scalar stays a scalar (NumPy broadcasts it); an array takes the selection's shape."""
    v = np.asarray(value)
    return v.reshape(shape) if v.ndim else v


def select(a, kind, sel, chunks):
    """(view-free) result of a selection, and a function that writes a value through it."""
    if kind == "o":
        ix, keep = orthogonal_index(sel, a.shape)
        full = a[ix]
        shape = tuple(s for s, k in zip(full.shape, keep) if k)

        def assign(target, value):
            target[ix] = shaped(value, full.shape)

        return full.reshape(shape), assign
    if kind == "c":
        key = tuple(entry(e) for e in sel)
        if len(key) != a.ndim:
            raise IndexError("coordinate selection needs one entry per dimension")
        got = np.asarray(a[key])
        # zarr-python: an all-integer coordinate selection gives shape (1,), not a scalar.
        shape = got.shape if got.ndim else (1,)

        def assign(target, value):
            target[key] = shaped(value, got.shape)

        return got.reshape(shape), assign
    if kind == "m":
        mask = np.asarray(sel, dtype=bool)
        got = a[mask]

        def assign(target, value):
            target[mask] = value

        return got, assign
    if kind == "b":
        key = block_index(sel, a.shape, chunks)
        got = a[key]

        def assign(target, value):
            target[key] = value

        return got, assign
    raise ValueError("unknown selection kind %r" % (kind,))


def salted(t, dtype, salt):
    """A value per target element, from its flat index: repeated targets get equal values."""
    h = (t.astype(np.uint64) * np.uint64(2654435761) + np.uint64(salt)) % np.uint64(1 << 32)
    if dtype == "int32":
        return h.astype(np.uint32).view(np.int32)
    if dtype == "uint8":
        return (h % np.uint64(256)).astype(np.uint8)
    if dtype == "float64":
        return (h % np.uint64(1000003)).astype(np.float64) / 8.0 - 60000.0
    return (h % np.uint64(3)) == 0


def error_name(fn):
    """None, or the built-in class of the error fn raises (zarr's own subclass IndexError)."""
    try:
        fn()
    except IndexError:
        return "IndexError"
    except ValueError:
        return "ValueError"
    except Exception as e:
        return type(e).__name__
    return None


def chunk_keys(targets, shape, chunks):
    """The v2 keys ("i.j") of the chunks holding the selected elements, sorted."""
    coords = np.unravel_index(np.asarray(targets, dtype=np.intp).ravel(), shape)
    grid = np.stack([c // k for c, k in zip(coords, chunks)], axis=-1)
    return sorted({".".join(str(int(x)) for x in row) for row in grid})


def run_array(req):
    # "chunks" is the chunk grid: for a sharded v3 array, the shard shape.
    dtype, shape, chunks = req["dtype"], tuple(req["shape"]), req["chunks"]
    a = to_array(dtype, shape, req["data"])
    positions = np.arange(a.size).reshape(shape)
    reads = []
    for r in req.get("reads", []):
        try:
            got, _ = select(a, r["kind"], r["sel"], chunks)
            targets, _ = select(positions, r["kind"], r["sel"], chunks)
            reads.append(
                {
                    "shape": list(got.shape),
                    "values": flat_list(got),
                    "chunks": chunk_keys(targets, shape, chunks),
                }
            )
        except IndexError as e:
            reads.append({"raise": type(e).__name__, "message": str(e)})
    writes = []
    current = a.copy()
    for w in req.get("writes", []):
        targets, assign = select(positions, w["kind"], w["sel"], chunks)
        out = {"chunks": chunk_keys(targets, shape, chunks)}
        if "scalar" in w:
            assign(current, np.asarray(w["scalar"], dtype=DTYPES[dtype]))
        else:
            value = salted(targets, dtype, w["salt"])
            assign(current, value)
            out.update({"value": flat_list(value), "shape": list(value.shape)})
        out["after"] = flat_list(current)
        writes.append(out)
    return {"reads": reads, "writes": writes}


def zarr_call(z, kind, action, sel, value):
    key = tuple(entry(e) for e in sel) if kind in ("o", "c") else np.asarray(sel, dtype=bool)
    name = {"o": "orthogonal", "c": "coordinate", "m": "mask"}[kind]
    if action == "get":
        return getattr(z, "get_%s_selection" % name)(key)
    return getattr(z, "set_%s_selection" % name)(key, value)


def run_error(req):
    """Which error zarr-python 2.13 (block selection: 2.14's rule) and NumPy raise for a case."""
    import zarr

    dtype, shape, chunks = req["dtype"], tuple(req["shape"]), tuple(req["chunks"])
    a = np.zeros(shape, dtype=DTYPES[dtype])
    kind, action, sel = req["kind"], req["action"], req["sel"]
    value = None if req.get("value") is None else np.asarray(req["value"], dtype=DTYPES[dtype])

    def numpy_side():
        got, assign = select(a, kind, sel, list(chunks))
        if action == "set":
            assign(a.copy(), np.broadcast_to(value, got.shape))

    def zarr_side():
        if kind == "b":
            return numpy_side()
        z = zarr.zeros(shape, chunks=chunks, dtype=DTYPES[dtype], compressor=None)
        return zarr_call(z, kind, action, sel, value)

    return {"numpy": error_name(numpy_side), "zarr": error_name(zarr_side)}


def run_exec(req):
    scope = dict(globals())
    scope.update(req.get("vars", {}))
    exec(req["code"], scope)
    return scope.get("result")


OPS = {"array": run_array, "error": run_error, "exec": run_exec}


def main():
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        try:
            req = json.loads(line)
            out = {"ok": [OPS[r["op"]](r) for r in req]}
        except Exception:
            out = {"error": traceback.format_exc()}
        sys.stdout.write(json.dumps(out) + "\n")
        sys.stdout.flush()


main()
