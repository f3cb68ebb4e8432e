import numpy as np
import zarr
from zk import js

z = zarr.array(np.arange(100, dtype="i4").reshape(10, 10), chunks=(3, 4))

def show(r):
    print(js(r))

# %%
show(z[2, 3])
show(z[-1, -1])
show(z[1])
show(z[1:9:3, 2:5])
show(z[:, 5])
show(z[..., 5])
# %%
show(z[0, :])
show(z[-1, ::2])
show(z[..., 5])
show(z[2:9:3, -3:])
# %%
z[0:2, 0:2] = 0
z[2, 0:3] = [-1, -2, -3]
z[3, 0:2] = [7, 8]
show(z[0:4, 0:4])
# %%
try:
    z[10, 0]
except IndexError as e:
    print(js(isinstance(e, IndexError)))
# %%
o = zarr.array(np.arange(100, dtype="i4").reshape(10, 10), chunks=(3, 4))
show(o.oindex[[0, 2], [1, 3]])
show(o.oindex[[-1, 0, 0], 0:3])
evens = np.arange(10) % 2 == 0
show(o.oindex[2, evens])
show(list(o.get_orthogonal_selection(([9, 1], slice(None))).shape))
# %%
o.oindex[[0, 9], [0, 9]] = -1
o.set_orthogonal_selection((1, [4, 5, 6]), [-4, -5, -6])
show(o.oindex[[0, 1, 9], [0, 4, 5, 6, 9]])
# %%
v = zarr.array(np.arange(100, dtype="i4").reshape(10, 10), chunks=(3, 4))
show(v.vindex[[1, 4, -1], [2, 5, -1]])
show(v.vindex[[[0], [9]], [0, 9]])
show(v.get_coordinate_selection(([3, 3], 7)))
v.vindex[[0, 1, 2], [0, 1, 2]] = 0
v.set_coordinate_selection(([7, 8], [1, 1]), [700, 800])
show(v[0:3, 0:3])
show(v[7:9, 1])
# %%
m = zarr.array(np.arange(100, dtype="i4").reshape(10, 10), chunks=(3, 4))
diagonal = np.eye(10, dtype=bool)
show(m.vindex[diagonal])
m.set_mask_selection(diagonal, 0)
corner = np.zeros((10, 10), dtype=bool)
corner[:3, :3] = True
show(m.get_mask_selection(corner))
# %%
# zarr-python 2.13 has no block selection (2.14 added it): the same cells by slicing.
b = zarr.array(np.arange(100, dtype="i4").reshape(10, 10), chunks=(3, 4))
show(b[3:6, 8:12])
show(b[9:12, 0:8])
b[0:3, 0:4] = 7
show(b[0:4, 0:5])
# %%
def block_rows(z, i):
    """zarr-python 2.14's z.blocks[i]: a block index past the last block raises IndexError."""
    nblocks = -(-z.shape[0] // z.chunks[0])
    if not -nblocks <= i < nblocks:
        raise IndexError("block index %d out of bounds for %d blocks" % (i, nblocks))
    i %= nblocks
    return z[i * z.chunks[0] : (i + 1) * z.chunks[0]]


for bad in [
    lambda: o.oindex[[0, 10]],
    lambda: v.vindex[[0, 1], [0, 1, 2]],
    lambda: m.vindex[np.array([[True, False]])],
    lambda: block_rows(b, 4),
]:
    try:
        bad()
        print("read")
    except (IndexError, ValueError):
        print(js(True))
