import numpy
import zarr
from zk import arr_repr, js

# %%
z = zarr.zeros((10000, 10000), chunks=(1000, 1000), dtype="i4")
print(arr_repr(z))
print(js(z.shape), js(z.chunks), z.dtype.str, z.nchunks)
# %%
o = zarr.ones((3, 4), chunks=(2, 2))
f = zarr.full((3, 4), 7.5, chunks=(2, 2))
a = zarr.array([[1, 2, 3], [4, 5, 6]], dtype="i2")
print(arr_repr(o))
print(arr_repr(f), js(f.fill_value))
print(arr_repr(a))
print(js(a[:]))
# %%
typed = zarr.array(numpy.array([1, 2, 3, 4, 5, 6], dtype="<i4").reshape(2, 3))
print(arr_repr(typed), typed.dtype.str)
# %%
guessed = zarr.zeros((10000, 10000), dtype="i4")
print(js(guessed.chunks))
columns = zarr.zeros((10000, 10000), chunks=(None, 1000), dtype="i4")
print(js(columns.chunks))
# %%
zl = zarr.zeros_like(f)
print(arr_repr(zl))
fl = zarr.full_like(a, fill_value=9)
print(js(fl[:]))
