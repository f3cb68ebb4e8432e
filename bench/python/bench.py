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
    for r in range(reps + 1):
        if w["op"] == "read":
            t = time.perf_counter()
            out = z[...]
            row = [(time.perf_counter() - t) * 1000]
            assert out[1, 2345] == data[1, 2345]
        else:
            row = []
            for r0, r1, c0, c1 in sels:
                t = time.perf_counter()
                out = z[r0:r1, c0:c1]
                row.append((time.perf_counter() - t) * 1000)
        if r:
            ms.append(row)
shutil.rmtree(tmp, ignore_errors=True)
print(json.dumps({"ms": ms, "peakRssMB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
