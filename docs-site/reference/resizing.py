import numpy as np
import zarr
from zk import js

# %%
z = zarr.zeros((1000, 1000), chunks=(100, 100))
z[:] = 42
z.resize(2000, 1000)
print(js(z.shape))
print(js(z[1999, 0]), z.nchunks_initialized, z.nchunks)
# %%
z.resize(500, 500)
print(js(z.shape), z.nchunks_initialized, z.nchunks)
# %%
a = np.arange(100000, dtype="i4").reshape(1000, 100)
za = zarr.array(a, chunks=(100, 10))
print(js(za.shape))
print(js(za.append(a)))
print(js(za.append(np.vstack([a, a]), axis=1)))
print(js(za.shape))
print(js(za[-1, -3:]))
