import numpy as np
import zarr
from zk import arr_info, js

# %%
z1 = zarr.zeros((10000, 10000), chunks=(100, None), dtype="i4")
print(js(z1.chunks))
# %%
z2 = zarr.zeros((10000, 10000), chunks=(None, 100), dtype="i4")
z3 = zarr.zeros((10000, 10000), chunks=(1000, 1000), dtype="i4")
print(js(z2.chunks), js(z3.chunks))
# %%
z4 = zarr.zeros((10000, 10000), chunks=True, dtype="i4")
z5 = zarr.zeros((10000, 10000), chunks=False, dtype="i4")
z6 = zarr.zeros(1000000, dtype="f8")
print(js(z4.chunks), js(z5.chunks), js(z6.chunks))
# %%
a = np.arange(1000000, dtype="i4").reshape(1000, 1000).T
c = zarr.array(a, chunks=(100, 100))
print(arr_info(c))
f = zarr.array(a, chunks=(100, 100), order="F")
print(arr_info(f))
# %%
kept = zarr.zeros(100, chunks=10, dtype="i4")
dropped = zarr.zeros(100, chunks=10, dtype="i4", write_empty_chunks=False)
for s in [kept, dropped]:
    s[0:30] = 1
    s[0:20] = 0
print(kept.nchunks_initialized, dropped.nchunks_initialized)
print(js(kept.hexdigest() == dropped.hexdigest()))
