import numpy as np
import zarr
from zk import arr_repr, js

# %%
i8 = zarr.array(np.array([1, -2, 9007199254740993], dtype="i8"), dtype="i8")
print(arr_repr(i8), f"{i8[2]}n")
when = zarr.array(np.array([1600000000000000000], dtype="<M8[ns]"), dtype="<M8[ns]")
print(arr_repr(when), f"{int(when[0].astype('i8'))}n")
c = zarr.zeros(2, dtype="c16")
c[1] = complex(1.5, -2)
print(arr_repr(c), js([c[1].real, c[1].imag]))
s = zarr.array(["a", "bc", "déf"], dtype="<U3")
print(arr_repr(s), js(s[:]))
be = zarr.array(np.array([1, 2, 3], dtype=">i4"), dtype=">i4", compressor=None)
print(arr_repr(be), js(be[:]))

# %%
dt = np.dtype([("id", "<i4"), ("pos", "<f8", (2,)), ("tag", "S3"), ("hit", "|b1")])
particles = zarr.create(4, chunks=2, dtype=dt, fill_value=None)
particles[0] = (1, (0, 0), b"", False)
particles[1] = (7, (0.5, -1.25), b"abc", True)
particles[2:4] = 3
one = particles[1]
print(arr_repr(particles))
print(dt.itemsize, one["id"], js(one["pos"]), one["tag"].decode(), "true" if one["hit"] else "false")
print(js(particles[:]["id"]), js([t.decode() for t in particles[:]["tag"]]))
