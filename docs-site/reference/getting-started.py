import numpy as np
import zarr
from zk import arr_repr, js

# %%
z = zarr.zeros((4, 5), chunks=(2, 2), dtype="i4")
z[:] = 7
z[0, :] = np.arange(5, dtype="i4")
print(js(z[0, :]))
print(z[1, 1])
print(arr_repr(z))
# %%
d = zarr.open_array("data/first.zarr", mode="w", shape=(4, 5), chunks=(2, 2), dtype="i4")
d[:] = z[:]
print(js(d[:]))
