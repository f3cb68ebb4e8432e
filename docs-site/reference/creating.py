import numcodecs
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
# %%
s = zarr.array(["foo", "bar", "baz"], dtype=str)
print(arr_repr(s))
print(s.dtype.str, repr(s.filters[0]))
print(js(s[:]))

words = zarr.empty(4, chunks=2, dtype=object, object_codec=numcodecs.VLenUTF8())
words[:] = ["héllo", "", "wörld", "zarr"]
words[2] = "tschüss"
print(arr_repr(words), repr(words.filters[0]))
print(js(words[:]))
print(words[2])
# %%
import numcodecs
import numpy as np

rec = np.empty(3, dtype=object)
rec[0], rec[1], rec[2] = {"name": "a", "tags": [1, 2]}, None, "text"
records = zarr.array(rec, object_codec=numcodecs.JSON())
print(records.filters[0])
print(js(records[:]))
rag = np.empty(3, dtype=object)
rag[0], rag[1], rag[2] = np.array([1, 2, 3], "i4"), np.array([4], "i4"), np.array([], "i4")
ragged = zarr.array(rag, object_codec=numcodecs.VLenArray("i4"))
print(ragged.filters[0], js(ragged[0]))
