// zarrkit for browsers: the same as the Node entry minus what needs a file system (directory
// and zip file stores, the process synchronizer). Zip archives over HTTP (or in any store)
// are read by range reads, which needs none.
export * from "@zarrkit/core";
export * from "./codecs.js";
export * from "./defaults.js";
import "./digest-hashes.js";
export * from "./http-store.js";
export { LRUStoreCache, type LRUStoreCacheOptions } from "@zarrkit/store-lru-cache";
export * from "./remote-zip.js";
export * from "./s3-store.js";
