import { setDefaultCompressor, setDefaultStore } from "@zarrkit/core";
import { Blosc } from "@zarrkit/codec-blosc";
import { MemoryStore } from "@zarrkit/store-memory";

// zarr-python's defaults: arrays without a store live in memory, and chunks are compressed
// with Blosc(cname='lz4', clevel=5, shuffle=SHUFFLE).
setDefaultStore(() => new MemoryStore());
setDefaultCompressor(new Blosc());

export { MemoryStore };
