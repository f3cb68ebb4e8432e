# The same codec in Python (a numcodecs Codec registered under the same id), so the expected
# outputs below are what zarr-python writes and reads for an array that uses it.
import numpy as np
import zarr
from numcodecs import Zlib
from numcodecs.abc import Codec
from numcodecs.registry import register_codec
from zk import js


class XorDelta(Codec):
    codec_id = "example-xor-delta"

    def __init__(self, itemsize=None):
        self.itemsize = itemsize

    def get_config(self):
        return {"id": self.codec_id} if self.itemsize is None else {"id": self.codec_id, "itemsize": self.itemsize}

    def encode(self, buf):
        a = np.frombuffer(np.ascontiguousarray(buf).tobytes(), dtype="u%d" % self.itemsize)
        return np.concatenate([a[:1], a[1:] ^ a[:-1]]).tobytes()

    def decode(self, buf, out=None):
        a = np.frombuffer(bytes(buf), dtype="u%d" % self.itemsize)
        return np.bitwise_xor.accumulate(a).tobytes()


register_codec(XorDelta)

# %%
temps = (20 + np.sin(np.arange(10000) / 500) * 5).round(3)
zx = zarr.open("data/temps.zarr", mode="w", shape=10000, chunks=2500, dtype="f8", filters=[XorDelta(itemsize=8)], compressor=Zlib(level=1))
zx[:] = temps
print(open("data/temps.zarr/.zarray").read())
# %%
back = zarr.open("data/temps.zarr", mode="r")
print(js(back.filters[0].get_config()), back.nchunks_initialized)
print(js(back[:3]), js(bool(back[9999] == temps[9999])))
