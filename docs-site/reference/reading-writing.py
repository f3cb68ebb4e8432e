import numpy as np
import zarr
from zk import js

z = zarr.zeros((10000, 10000), chunks=(1000, 1000), dtype="i4")
z[:] = 42
z[0, :] = np.arange(10000)
z[:, 0] = np.arange(10000)

# %%
print(z[0, 0])
print(z[-1, -1])
row = z[0, :]
print(js(list(row.shape)), "[ " + ", ".join(map(str, row[:3])) + " ]", "[ " + ", ".join(map(str, row[-3:])) + " ]")
print(js(z[0:3, 0:3]))
print(z.nchunks_initialized, z.nchunks)
