# stores/s3.md: the same steps in a DirectoryStore. An S3 store holds the same keys and bytes
# under its prefix (that is what the page shows), so the outputs are the directory's.
import numpy as np
import zarr
from zk import arr_repr, js

# %%
z1 = zarr.open_array("data/example.zarr", mode="w", shape=(1000, 1000), chunks=(100, 100), dtype="i4")
z1[:] = 42
z1[0, :] = np.arange(1000)
z1[:, 0] = np.arange(1000)
z2 = zarr.open_array("data/example.zarr", mode="r")
print(arr_repr(z2))
print(z2[0, 999], z2[999, 0], z2[500, 500])
# %%
keys = sorted(zarr.DirectoryStore("data/example.zarr").keys())
print(len(keys), js(keys[:4]))
print(len([k for k in keys if "/" not in k]), js([]))
# %%
root = zarr.open_group("data/group.zarr", mode="w")
baz = root.zeros("foo/bar/baz", shape=(10000, 10000), chunks=(1000, 1000), dtype="i4")
baz.attrs["units"] = "m"
root.create_group("spam")
print(root.tree())
# %%
zarr.consolidate_metadata("data/group.zarr")
opened = zarr.open_consolidated("data/group.zarr")
via_doc = opened["foo/bar/baz"]
print(arr_repr(via_doc), via_doc.attrs["units"])
# %%
local = zarr.open_group("data/local.zarr", mode="w")
spam = local.create_dataset("spam", data=np.arange(100, dtype="i4"), chunks=(30,))
spam.attrs["kind"] = "ramp"
upload = zarr.MemoryStore()
print(js(zarr.copy_store(zarr.DirectoryStore("data/local.zarr"), upload)))
download = zarr.DirectoryStore("data/downloaded.zarr")
print(js(zarr.copy_store(upload, download)))
back = zarr.open_array("data/downloaded.zarr/spam", mode="r")
print(back[99], back.attrs["kind"])
