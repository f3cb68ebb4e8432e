import zarr
from zk import arr_repr, grp_repr, js

# %%
root = zarr.group()
print(grp_repr(root))
# %%
foo = root.create_group("foo")
bar = foo.create_group("bar")
z1 = bar.zeros("baz", shape=(10000, 10000), chunks=(1000, 1000), dtype="i4")
print(arr_repr(z1))
# %%
z2 = bar.create_dataset("quux", shape=(10000, 10000), chunks=(1000, 1000), dtype="i4")
print(arr_repr(z2))
gz = foo.create_dataset("gz", shape=100, chunks=10, dtype="f8", compression="gzip", compression_opts=1)
print(repr(gz.compressor))
# %%
print(grp_repr(root["foo"]))
print(grp_repr(root["foo/bar"]))
print(arr_repr(root["foo/bar/baz"]))
print(js(list(bar.keys())), js("foo/bar" in root), js("nope" in root))
print(js([n for n, _ in foo.arrays()]), js([n for n, _ in foo.groups()]))
# %%
print(root.tree())
# %%
disk = zarr.open("data/group.zarr", mode="w")
print(grp_repr(disk))
deep = disk.zeros("foo/bar/baz", shape=(10000, 10000), chunks=(1000, 1000), dtype="i4")
print(arr_repr(deep))
print(disk.tree())
