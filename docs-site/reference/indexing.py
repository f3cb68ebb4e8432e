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
