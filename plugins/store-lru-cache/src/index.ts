import type { Store } from "@zarrkit/core";
import { LRUStoreCache as Cache, type LRUStoreCacheOptions } from "./lru-store-cache.js";

export type { LRUStoreCacheOptions };

type Capability = "getRange" | "set" | "delete" | "deletePrefix" | "list" | "listDir";

/**
 * The capabilities store type `S` always has, required on its cache too, so that
 * `new LRUStoreCache(new MemoryStore(), ...).set(...)` type-checks: the cache has a method
 * exactly when the wrapped store does.
 */
type CapabilitiesOf<S> = {
  [K in Capability as K extends keyof S
    ? undefined extends S[K]
      ? never
      : K
    : never]-?: NonNullable<Cache[K]>;
};

/** An `LRUStoreCache` in front of a store of type `S` (see the class for what it does). */
export type LRUStoreCache<S extends Store = Store> = Cache & CapabilitiesOf<S>;

/**
 * zarr-python's `LRUStoreCache`: `new LRUStoreCache(store, { maxSize })` caches values
 * (least recently used evicted first, `maxSize` bytes in all, `null` for no bound), listings
 * and key checks of `store`, and counts `hits` and `misses`.
 */
export const LRUStoreCache = Cache as {
  new <S extends Store>(store: S, options: LRUStoreCacheOptions): LRUStoreCache<S>;
  readonly prototype: Cache;
};
