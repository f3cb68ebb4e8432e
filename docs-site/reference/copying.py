import sys

import numpy as np
import zarr
from zk import arr_repr, js

# %%
z1 = zarr.array(np.arange(10000, dtype="i4").reshape(100, 100), chunks=(10, 10))
z2 = zarr.zeros_like(z1, chunks=(25, 50))
z2[:] = z1
print(arr_repr(z2), z2[99, 99], z2.nchunks_initialized)
# %%
source = zarr.group()
foo = source.create_group("foo")
foo.create_dataset("bar/baz", data=np.arange(100, dtype="i4"), chunks=(50,))
source.create_dataset("spam", data=np.arange(100, 200, dtype="i4"), chunks=(30,))
print(source.tree())
dest = zarr.open_group("data/example.zarr", mode="w")
print(js(zarr.copy(foo, dest, log=sys.stdout)))
print(dest.tree())
# %%
dest2 = zarr.open_group("data/example2.zarr", mode="w")
print(js(zarr.copy_all(source, dest2, log=sys.stdout)))
print(dest2.tree())
# %%
store1 = zarr.DirectoryStore("data/example3.zarr")
root = zarr.group(store1, overwrite=True)
root.create_dataset("foo/bar/baz", data=np.arange(100, dtype="i4"), chunks=(50,))
root.create_dataset("spam", data=np.arange(100, 200, dtype="i4"), chunks=(30,))
store2 = zarr.ZipStore("data/example.zip", mode="w")
print(js(zarr.copy_store(store1, store2, log=sys.stdout)))
new_root = zarr.group(store2)
print(new_root.tree())
print(js(new_root["foo/bar/baz"][-3:]))
store2.close()
