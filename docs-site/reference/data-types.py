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
