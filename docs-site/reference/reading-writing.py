import numpy as np
import zarr
from zk import arr_repr, js

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
# %%
small = zarr.array(np.arange(100, dtype="i4"), chunks=10)
print(js([v for v in small.islice(25, 30)]))
# %%
u2 = zarr.array(np.arange(10000, dtype="u2"), chunks=1000)
as_bytes = u2.view(dtype="u1", shape=20000, chunks=2000)
print(js(as_bytes.is_view), js(as_bytes[:10]))
minus_one = zarr.full(10000, -1, chunks=1000, dtype="i1")
forty_two = minus_one.view(fill_value=42)
print(forty_two[0], minus_one[0])
as_float = u2.astype("f4")
print(arr_repr(as_float))
print(js(as_float.read_only), js(as_float[7]), as_float.filters[0])
# %%
frame = np.empty((3, 4), dtype="i4")
for start in [0, 5000]:
    got = z.get_basic_selection((slice(start, start + 3), slice(0, 4)), out=frame)
    print(js(got is frame), js(frame))
# %%
shared = np.empty(10, dtype="i4")
first = z.get_basic_selection((0, slice(0, 10)), out=shared)
print(js(first is shared), js(shared))
