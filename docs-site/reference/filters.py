import numpy as np
import zarr
from numcodecs import Blosc, Categorize, Delta, FixedScaleOffset, PackBits, Quantize
from zk import arr_info, js

# %%
filters = [Delta(dtype="i4")]
compressor = Blosc(cname="zstd", clevel=1, shuffle=Blosc.SHUFFLE)
data = np.arange(1000000, dtype="i4").reshape(1000, 1000)
z = zarr.array(data, chunks=(100, 100), filters=filters, compressor=compressor)
print(arr_info(z))
print(js([f.get_config() for f in z.filters]))
# %%
x = np.arange(10) * 0.13
fso = FixedScaleOffset(offset=0, scale=10, dtype="f8", astype="u1")
zf = zarr.array(x, filters=[fso], compressor=None)
print(repr(fso))
print(js(zf[:]))
q = Quantize(digits=1, dtype="f8")
zq = zarr.array(x, filters=[q], compressor=None)
print(repr(q))
print(js(zq[:]))
# %%
flags = zarr.array([True, False, False, True, True, False, True, False, True], dtype="|b1", filters=[PackBits()], compressor=None)
print(repr(flags.filters[0]), js(flags[:]))
cat = Categorize(labels=["female", "male"], dtype="<U6", astype="u1")
sex = zarr.array(["female", "male", "female", "male", "male"], dtype="<U6", filters=[cat], compressor=None)
print(repr(cat))
print(js(sex[:]))
