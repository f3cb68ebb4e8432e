import { setDefaultStore } from "@zarrkit/core";
import { MemoryStore } from "@zarrkit/store-memory";

// zarr-python's defaults: arrays without a store live in memory.
setDefaultStore(() => new MemoryStore());

export { MemoryStore };
