import os

import numpy as np
import zarr
from zk import js

z1 = zarr.open_array("data/example.zarr", mode="w", shape=(1000, 1000), chunks=(100, 100), dtype="i4")
z1[:] = 42
z1[0, :] = np.arange(1000)
z1[:, 0] = np.arange(1000)

# %%
print(" ".join(sorted(os.listdir("data/example.zarr"))[:4]))
print(open("data/example.zarr/.zarray").read())
# %%
z2 = zarr.open_array("data/example.zarr", mode="r")
print(js(bool(np.all(z1[:] == z2[:]))))
try:
    z2[0, 0] = 1
except Exception as e:
    print(type(e).__name__)
# %%
zarr.save("data/one.zarr", np.arange(5, dtype="i4") ** 2)
print(js(zarr.load("data/one.zarr")))
zarr.save("data/many.zarr", np.array([1, 2, 3], dtype="i4"), np.array([0.5]), foo=np.array([7, 8], dtype="u1"))
many = zarr.load("data/many.zarr")
print(many)
print(js(many["foo"]))
print(zarr.tree(zarr.open_group("data/many.zarr", mode="r")))
