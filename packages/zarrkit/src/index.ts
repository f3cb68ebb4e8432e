// zarrkit for Node: core, every codec and filter, memory, directory and zip stores, and the
// process synchronizer. Browsers get ./browser.ts through the "browser" export condition.
export * from "@zarrkit/core";
export * from "./codecs.js";
export * from "./defaults.js";
import "./digest-hashes.js";
export * from "./http-store.js";
export { LRUStoreCache, type LRUStoreCacheOptions } from "@zarrkit/store-lru-cache";
export * from "./node-stores.js";
import "./native-stores.js";
export * from "./remote-zip.js";
export * from "./s3-store.js";
import "./node-workers.js";
export { workerModule } from "./worker.js";
