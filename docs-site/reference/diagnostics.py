import zarr
from zk import arr_info, grp_info, translate

# %%
root = zarr.group()
foo = root.create_group("foo")
bar = foo.zeros("bar", shape=1000000, chunks=100000, dtype="i8")
bar[:] = 42
baz = foo.zeros("baz", shape=(1000, 1000), chunks=(100, 100), dtype="f4")
baz[:] = 4.2
print(grp_info(root))
print(grp_info(foo))
# %%
print(arr_info(bar))
print(arr_info(baz))
# %%
print(translate(repr(bar.info).replace("zarr.core.Array", "zarrkit.Array")))
# %%
print(bar.nbytes, bar.nbytes_stored, bar.nchunks_initialized, bar.nchunks)
# %%
print(root.tree())
# %%
print(bar.hexdigest())
print(baz.hexdigest("sha256"))
