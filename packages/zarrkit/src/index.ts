/**
 * Zarr for TypeScript, batteries included: everything of `@zarrkit/core` plus every standard
 * store, compressor and filter, registered on import, with zarr-python's defaults (arrays
 * without a store live in memory; chunks are compressed with
 * `Blosc(cname='lz4', clevel=5, shuffle=SHUFFLE)`). Stores written by zarrkit open in
 * zarr-python 2.13 and the other way round.
 *
 * This is the Node entry: core, every codec and filter, memory, directory and zip stores, the
 * http, S3 and LRU-cache stores, and the process synchronizer; large chunks are compressed on
 * worker threads. Browsers get the `zarrkit/browser` entry through the "browser" export
 * condition (no directory or zip file stores, no process synchronizer).
 *
 * @example
 * ```ts
 * import * as zarr from "zarrkit";
 *
 * const z = await zarr.zeros([10000, 10000], { chunks: [1000, 1000], dtype: "i4" });
 * await z.set([0, null], Int32Array.from({ length: 10000 }, (_, i) => i));
 * const row = await z.get([0, zarr.slice(0, 5)]); // NdArray: data Int32Array [0, 1, 2, 3, 4]
 *
 * const root = await zarr.openGroup("data/example.zarr", { mode: "w" });
 * const baz = await root.zeros("foo/bar/baz", { shape: [100, 100], chunks: [10, 10], dtype: "f8" });
 * console.log(await root.tree());
 * ```
 *
 * @packageDocumentation
 */
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
