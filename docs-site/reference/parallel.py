from concurrent.futures import ThreadPoolExecutor

import numpy as np
import zarr
from numcodecs import blosc
from zk import arr_info, arr_repr, js

# %%
synchronizer = zarr.ThreadSynchronizer()
z = zarr.zeros((10000, 10000), chunks=(1000, 1000), dtype="i4", synchronizer=synchronizer)
print(arr_repr(z))
# %%


def band(k):
    z[k * 500 : (k + 1) * 500, 0:1500] = k + 1


with ThreadPoolExecutor(8) as pool:
    list(pool.map(band, range(20)))
print(js(z[0:10000:500, 0]))
# %%
process_sync = zarr.ProcessSynchronizer("data/example.sync")
zp = zarr.open_array(
    "data/example.zarr",
    mode="w",
    shape=(10000, 10000),
    chunks=(1000, 1000),
    dtype="i4",
    synchronizer=process_sync,
)
zp[0:1500, 0:1500] = 1
# zarrkit's summary names the synchronizer after the store, as the original tutorial did.
print(arr_info(zp) + "; synchronizer: ProcessSynchronizer")
# %%
blosc.set_nthreads(2)
big = zarr.zeros((2000, 2000), chunks=(1000, 1000), dtype="i4")
big[:] = (np.arange(2000 * 2000, dtype="i4") % 1000).reshape(2000, 2000)
print(js(big[0:2000:400, 999]))
# %%
blosc.use_threads = False
print(js(big[0:2000:400, 999]))
