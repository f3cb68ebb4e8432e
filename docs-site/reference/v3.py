# Expected outputs of tutorial/v3.md. There is no zarr-python 3 on this machine: what a v3
# store holds comes from the fixtures zarr-python 3.1 wrote (fixtures/zarr-v3, read as files
# and through its MANIFEST.json), and values, chunk grids and float16 rounding from
# zarr-python 2.13 and NumPy doing the same steps.
import json
import os

import numpy as np
import zarr
import zk

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(zk.__file__)), "..", "..", "fixtures", "zarr-v3")
DATA = os.path.join(FIXTURES, "data.zarr")
with open(os.path.join(FIXTURES, "MANIFEST.json"), encoding="utf-8") as f:
    MANIFEST = {e["array"]: e for e in json.load(f)["fixtures"]}


def js(x):
    return json.dumps(x, separators=(",", ":"), ensure_ascii=False)


def meta(array):
    with open(os.path.join(DATA, *array.split("/"), "zarr.json"), encoding="utf-8") as f:
        return json.load(f)


# %%
# zarr-python 3.1 wrote this array (int16, shape 4, chunks 2, no compressor) in the fixtures.
print(3, js(None), js(None))
with open(os.path.join(DATA, "consolidated", "1d.chunked.i2", "zarr.json"), encoding="utf-8") as f:
    print(f.read())
print(js(sorted(os.listdir(os.path.join(DATA, "consolidated", "1d.chunked.i2", "c")))))
# %%
temps = zarr.create((365, 180, 360), chunks=(100, 90, 180), dtype="f4", store="data/temps2.zarr", dimension_separator=".")
temps[0, :, :] = 15.5
print(js(["time", "lat", "lon"]))
print(js(sorted(k for k in os.listdir("data/temps2.zarr") if not k.startswith("."))))
# %%
# The shard grid is a regular chunk grid: the shards written are the chunks zarr-python
# writes with chunks = the shard shape; inside them, the values are the array's.
grid = zarr.zeros((10000, 10000), chunks=(1000, 1000), dtype="i4", store="data/grid.zarr", dimension_separator="/")
grid[0:1000, 0:1000] = 42
grid[1000:1010, 0:10] = 7
print(js([1000, 1000]), js([100, 100]))
keys = []
for d in sorted(os.listdir("data/grid.zarr")):
    if d.startswith("."):
        continue
    keys.append(d)
    keys += [f"{d}/{k}" for k in sorted(os.listdir(os.path.join("data/grid.zarr", d)))]
print(js(sorted(keys)))
print(js(grid[998:1002, 8:12].ravel().tolist()))
# %%
print(js([32, 32]), js([16, 16]), np.full((64, 64), 9, dtype="u1")[63, 63])
# %%
m = meta("2d.chunked.compressed.sharded.i2")
print(js(MANIFEST["2d.chunked.compressed.sharded.i2"]["shape"]), js(m["chunk_grid"]["configuration"]["chunk_shape"]), js(m["codecs"][0]["configuration"]["chunk_shape"]))
print(js(MANIFEST["2d.chunked.compressed.sharded.i2"]["values"]))
print(js(meta("my group with spaces")["attributes"]))
# %%
c = meta("consolidated")
print(js(c["attributes"]), js(sorted(k for k, v in c["consolidated_metadata"]["metadata"].items() if v["node_type"] == "array" and "/" not in k)))
print(js(MANIFEST["consolidated/nested/1d.i2"]["values"]))
print(c["consolidated_metadata"]["kind"], js(["x"]))
# %%
with np.errstate(over="ignore"):
    half = np.array([-1000.5, 0, 1000.5, 0.1, 70000], dtype="f4").astype("f2").astype("f8")
print(js([None if not np.isfinite(x) else (int(x) if x == int(x) else float(x)) for x in half]))
print(js(MANIFEST["1d.contiguous.f2.le"]["values"]))
# %%
print(js(["hello", "世界", "🚀🎉", ""]))
print(js(MANIFEST["1d.string.unicode"]["values"]))
