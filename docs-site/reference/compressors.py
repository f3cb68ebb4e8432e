import lzma

import numpy as np
import zarr
import zarr.storage
from numcodecs import BZ2, LZMA, Blosc, GZip, Zlib, blosc
from zk import arr_info, js

# %%
compressor = Blosc(cname="zstd", clevel=3, shuffle=Blosc.BITSHUFFLE)
data = np.arange(1000000, dtype="i4").reshape(1000, 1000)
z = zarr.array(data, chunks=(100, 100), compressor=compressor)
print(repr(z.compressor))
print(js(z.compressor.get_config()))
# %%
print(arr_info(z))
# %%
print(js(blosc.list_compressors()))
print(repr(Blosc()))
# %%
zz = zarr.array(data, chunks=(100, 100), compressor=Zlib(level=1))
print(repr(zz.compressor))
print(arr_info(zz))
print(repr(GZip(level=9)), repr(BZ2(level=1)))
# %%
lzma_filters = [dict(id=lzma.FILTER_DELTA, dist=4), dict(id=lzma.FILTER_LZMA2, preset=1)]
zl = zarr.array(data, chunks=(100, 100), compressor=LZMA(filters=lzma_filters))
print(repr(zl.compressor))
# zarr-python 2.13 cannot decode these chunks (see the page); the value written there:
print(data[999, 999])
# %%
zarr.storage.default_compressor = Zlib(level=1)
zd = zarr.zeros(100000000, chunks=1000000)
print(repr(zd.compressor))
zarr.storage.default_compressor = Blosc()
zn = zarr.zeros(100000000, chunks=1000000, compressor=None)
print(js(zn.compressor is None))
