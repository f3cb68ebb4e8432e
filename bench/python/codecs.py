"""numcodecs 0.11 (C) on the codec micro-benchmark of bench/src/codecs.ts: one chunk, one codec.

Usage: codecs.py <case-json> <reps> [encoded-path], where the case is {"config": {...}, "data": "i4" | "f8" |
"b1" | "str"} as in codecs.ts. Builds the same chunk as codecs.ts, times `reps` encodes and
decodes after two warm-up runs of each, checks the round trip, and prints
{"enc": [ms...], "dec": [ms...], "size": n, "encHash": sha256, "decHash": sha256, "version": v}.
With encoded-path, also writes its encoded chunk there (the JS children
check that they decode it). Blosc runs on one thread (zarrkit and numcodecs.js have one).
"""
import hashlib
import json
import sys
import time

import numcodecs
import numpy as np
from numcodecs import blosc

blosc.use_threads = False
blosc.set_nthreads(1)

case = json.loads(sys.argv[1])
reps = int(sys.argv[2])
LABELS = ["female", "male", "other"]


def smooth(n):
    i = np.arange(n, dtype="i8")
    return (i * 7 + (i >> 10)) % 1000


kind = case["data"]
if kind == "i4":
    data = smooth(1 << 20).astype("<i4")
elif kind == "f8":
    data = 1000 + smooth(1 << 19) / 10
elif kind == "b1":
    data = smooth(1 << 22) < 500
else:
    data = np.array(LABELS, dtype=object)[smooth(1 << 19) // 334]

codec = numcodecs.get_codec(dict(case["config"]))


def as_bytes(a):
    if isinstance(a, np.ndarray) and a.dtype == object:
        return "\n".join(a.tolist()).encode()
    return bytes(memoryview(np.ascontiguousarray(a)).cast("B"))


def timed(fn):
    for _ in range(2):
        fn()
    ms = []
    for _ in range(reps):
        t = time.perf_counter()
        fn()
        ms.append((time.perf_counter() - t) * 1000)
    return ms


enc = codec.encode(data)
dec = codec.decode(enc)
if kind == "str":
    out = np.asarray(dec, dtype=object).reshape(-1)
    ok = out.tolist() == data.tolist()
elif case.get("tolerance") is not None:
    out = np.frombuffer(as_bytes(dec), dtype=data.dtype)
    ok = bool(np.all(np.abs(out - data) <= case["tolerance"]))
else:
    out = np.frombuffer(as_bytes(dec), dtype=data.dtype)
    ok = np.array_equal(out, data)
if not ok:
    raise SystemExit(f"numcodecs {codec!r}: decode(encode(x)) does not give x back")
if len(sys.argv) > 3:
    with open(sys.argv[3], "wb") as f:
        f.write(as_bytes(enc))

result = {
    "enc": timed(lambda: codec.encode(data)),
    "dec": timed(lambda: codec.decode(enc)),
    "size": len(as_bytes(enc)),
    "encHash": hashlib.sha256(as_bytes(enc)).hexdigest(),
    "decHash": hashlib.sha256(as_bytes(out)).hexdigest(),
    "version": f"numcodecs {numcodecs.__version__}",
}
print(json.dumps(result))
