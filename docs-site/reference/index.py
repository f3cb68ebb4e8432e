import zarr
from zk import arr_repr

# %%
z = zarr.zeros((10000, 10000), chunks=(1000, 1000), dtype="i4")
print(arr_repr(z))
