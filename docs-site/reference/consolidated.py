import json

import zarr
from zk import arr_repr, js

# %%
root = zarr.open("data/consolidated.zarr", mode="w")
root.attrs["title"] = "demo"
baz = root.zeros("foo/bar/baz", shape=(100, 100), chunks=(10, 10), dtype="i4")
baz.attrs["units"] = "m"
root.create_group("spam")
zarr.consolidate_metadata("data/consolidated.zarr")
doc = json.load(open("data/consolidated.zarr/.zmetadata"))
print(doc["zarr_consolidated_format"], js(list(doc["metadata"].keys())))
# %%
print("\n".join(open("data/consolidated.zarr/.zmetadata").read().split("\n")[:12]))
# %%
opened = zarr.open_consolidated("data/consolidated.zarr")
print(opened.tree())
via_doc = opened["foo/bar/baz"]
print(arr_repr(via_doc), via_doc.attrs["units"])
via_doc[0, 0] = 5
print(via_doc[0, 0])
