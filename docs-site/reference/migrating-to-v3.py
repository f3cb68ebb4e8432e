# Expected outputs of migrating-to-v3.md. There is no zarr-python 3 on this machine: the copy
# logs, trees and values come from zarr-python 2.13 doing the same steps in v2 (a conversion
# keeps names, shapes, data types and values); the v3 layout (zarr.json beside the members,
# c/ for chunks, v3 codec names) is the spec's.
import json
import os
import sys

import numpy as np
import zarr


def js(x):
    return json.dumps(x, separators=(",", ":"), ensure_ascii=False)


def num(x):
    return int(x) if float(x) == int(x) else float(x)


# %%
v2 = zarr.open_group("data/v2.zarr", mode="w")
v2.attrs["title"] = "survey"
baz = v2.zeros("foo/bar/baz", shape=(1000, 1000), chunks=(100, 100), dtype="i4")
baz[0:10, :] = 1
v2.create_dataset("spam", data=np.arange(100) / 4, chunks=(30,))
print(v2.tree())
# %%
v3 = zarr.open_group("data/v3-as-v2.zarr", mode="w")
print(js(zarr.copy_all(v2, v3, log=sys.stdout)))
print(js(sorted([k for k in os.listdir("data/v3-as-v2.zarr") if not k.startswith(".")] + ["zarr.json"])))
print(3, "int32", js(["bytes", baz.compressor.codec_id]))
print(js(baz[8:12, 0].tolist()))
# %%
packed = zarr.zeros((1000, 1000), chunks=(500, 1000), dtype="i4", store="data/packed.zarr", dimension_separator="/", write_empty_chunks=False)
packed[:] = baz[:]
print(js([500, 1000]), js([100, 100]))
keys = []
for d in sorted(k for k in os.listdir("data/packed.zarr") if not k.startswith(".")):
    keys += [d] + [f"{d}/{k}" for k in sorted(os.listdir(os.path.join("data/packed.zarr", d)))]
print(js(keys))
print(js(packed[9, 0:3].tolist()))
# %%
spam = zarr.open_group("data/v2.zarr", mode="r")["spam"]
print(js(zarr.open_group("data/v2.zarr", mode="r").attrs.asdict()), 3, js([num(x) for x in spam[0:5]]))
