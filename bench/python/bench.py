"""zarr-python 2.13 (C Blosc) on the same workloads as bench/src/workloads.ts.

Usage: bench.py <workload-json> <reps>; prints {"ms": [[...], ...], "peakRssMB": n}.
"""
import json
import resource
import shutil
import sys
import tempfile
import time

import numcodecs
import numpy as np
import zarr

def rss_mb():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize() / 2**20


w = json.loads(sys.argv[1])
reps = int(sys.argv[2])
if w.get("zarrFormat") == 3:
    # The reference on this machine is zarr-python 2.13, which has no Zarr v3.
    print(json.dumps({"unsupported": "zarr-python 2.13 has no Zarr v3"}))
    sys.exit(0)
rows, cols = w["shape"]
i = np.arange(rows, dtype="i8")[:, None]
j = np.arange(cols, dtype="i8")[None, :]
data = (i * 7 + j) % 1000
data = data.astype("i4") if w["dtype"] == "int32" else data.astype("f8") / 10

c = w["compressor"]
if c is None:
    compressor = None
elif c["id"] == "blosc":
    compressor = numcodecs.Blosc(cname=c["cname"], clevel=c["clevel"], shuffle=c["shuffle"])
else:
    compressor = numcodecs.Zlib(level=c["level"])

tmp = tempfile.mkdtemp(prefix="zarrkit-bench-py-")
store = zarr.storage.MemoryStore() if w["store"] == "memory" else zarr.storage.DirectoryStore(tmp)
z = zarr.create(w["shape"], chunks=w["chunks"], dtype=data.dtype, compressor=compressor, store=store, overwrite=True)

sels = [(0, 1, 0, 10000), (0, 10000, 0, 1), (5000, 5100, 5000, 5100)]
ms = []
if w["op"] == "write":
    for r in range(reps + 1):
        t = time.perf_counter()
        z[...] = data
        if r:
            ms.append([(time.perf_counter() - t) * 1000])
else:
    z[...] = data
    probe = data[1, 2345]
    # As the JS children: the source data is dropped before the reads, and the RSS they start
    # from is noted (the process's peak, ru_maxrss, also covers preparing the data).
    del data
    baseline_mb = rss_mb()
    kept = np.empty(w["shape"], dtype=z.dtype) if w["op"] == "read-out" else None
    kept_parts = [np.empty((r1 - r0, c1 - c0), dtype=z.dtype) if w.get("intoOut") else None for r0, r1, c0, c1 in sels]
    for r in range(reps + 1):
        if w["op"] in ("read", "read-out"):
            row = []
            for out_buf in ([None, kept] if kept is not None else [None]):
                t = time.perf_counter()
                out = z[...] if out_buf is None else z.get_basic_selection(Ellipsis, out=out_buf)
                row.append((time.perf_counter() - t) * 1000)
                assert out[1, 2345] == probe
        else:
            row = []
            for (r0, r1, c0, c1), buf in zip(sels, kept_parts):
                t = time.perf_counter()
                if buf is None:
                    out = z[r0:r1, c0:c1]
                else:
                    out = z.get_basic_selection((slice(r0, r1), slice(c0, c1)), out=buf)
                row.append((time.perf_counter() - t) * 1000)
        if r:
            ms.append(row)
shutil.rmtree(tmp, ignore_errors=True)
result = {"ms": ms, "peakRssMB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
if w["op"] != "write":
    result["baselineMB"] = baseline_mb
print(json.dumps(result))
