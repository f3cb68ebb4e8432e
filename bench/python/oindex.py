"""zarr-python 2.13's side of bench/src/oindex.ts: z.oindex[rows, :] on the same array.

Usage: oindex.py <n> <chunk>; builds the array, prints "ready", then answers each line on
stdin with the milliseconds of one timed read (so the caller can alternate libraries): "rep"
times the orthogonal selection, "whole" a read of the whole array (for scale).
"""
import sys
import time

import numcodecs
import numpy as np
import zarr

n, chunk = int(sys.argv[1]), int(sys.argv[2])
i = np.arange(n, dtype="i8")[:, None]
j = np.arange(n, dtype="i8")[None, :]
data = ((i * 7 + j) % 1000).astype("i4")
z = zarr.create((n, n), chunks=(chunk, chunk), dtype="i4", store=zarr.storage.MemoryStore(),
                compressor=numcodecs.Blosc(cname="lz4", clevel=5, shuffle=numcodecs.Blosc.SHUFFLE))
z[...] = data
# The same 100 scattered rows as the TypeScript side, in the same (unsorted) order.
rows = (np.arange(100) * 7919 + 13) % n
assert np.array_equal(z.oindex[rows, :], data[rows, :])
print("ready", flush=True)
for line in sys.stdin:
    whole = line.strip() == "whole"
    t = time.perf_counter()
    out = z[...] if whole else z.oindex[rows, :]
    print((time.perf_counter() - t) * 1000, flush=True)
