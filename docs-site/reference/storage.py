import os

import zarr
from zk import arr_repr, js, store_name

a = zarr.open_array("data/example.zarr", mode="w", shape=1000000, dtype="i4")

# %%
store = zarr.DirectoryStore("data/example.zarr")
b = zarr.create(store=store, overwrite=True, shape=1000000, dtype="i4")
print(arr_repr(a))
print(arr_repr(b), store_name(b.store))
# %%
nested = zarr.zeros((4, 4), chunks=(2, 2), dtype="i4", store=zarr.DirectoryStore("data/nested.zarr", dimension_separator="/"))
nested[:] = 1
print(js(sorted(nested.store.keys())))
# %%
zip_store = zarr.ZipStore("data/example.zip", mode="w")
zroot = zarr.group(store=zip_store)
zz = zroot.zeros("foo/bar", shape=(1000, 1000), chunks=(100, 100), dtype="i4")
zz[:] = 42
zip_store.close()
reader = zarr.ZipStore("data/example.zip", mode="r")
again = zarr.group(store=reader)
bar = again["foo/bar"]
print(arr_repr(bar))
print(bar[999, 999], bar.nchunks_initialized)
reader.close()
