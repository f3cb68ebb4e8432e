/**
 * zarrkit for browsers (bundlers pick it through the "browser" export condition; also
 * importable as `zarrkit/browser`): the same as the Node entry minus what needs a file system
 * (directory and zip file stores, the process synchronizer). Zip archives over HTTP (or in any
 * store) are read by range reads, which needs none. Codec work stays on the page's thread
 * unless the app calls `configureWorkers` with the URL of a module that imports
 * `zarrkit/worker`.
 *
 * @example
 * ```ts
 * import * as zarr from "zarrkit";
 *
 * const root = await zarr.open("https://example.com/data/example.zarr", { mode: "r" });
 * console.log(await root.tree());
 * ```
 *
 * @module browser
 */
export * from "@zarrkit/core";
export * from "./codecs.js";
export * from "./defaults.js";
import "./digest-hashes.js";
export * from "./http-store.js";
export { LRUStoreCache, type LRUStoreCacheOptions } from "@zarrkit/store-lru-cache";
export * from "./remote-zip.js";
export * from "./s3-store.js";
