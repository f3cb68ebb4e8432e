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
 *
 * It assumes it is the only writer: writes through it update the cache; after the wrapped
 * store changed behind it, call `invalidate()` (or `invalidateValues()`, `invalidateKeys()`).
 * The cache has `getRange`, `set`, `list`, `listDir`, ... exactly when the wrapped store has
 * them, and is read-only when it is. Values returned are shared with the cache: do not modify
 * them. `close()` empties the cache and closes the wrapped store.
 *
 * @example
 * ```ts
 * import { openArray } from "@zarrkit/core";
 * import { HttpStore } from "@zarrkit/store-http";
 * import { LRUStoreCache } from "@zarrkit/store-lru-cache";
 *
 * const cache = new LRUStoreCache(new HttpStore("https://example.com/data.zarr"), {
 *   maxSize: 256 * 2 ** 20, // bytes; null for no bound
 * });
 * const z = await openArray(cache, { mode: "r" });
 * await z.get(null); // chunks come over HTTP
 * await z.get(null); // chunks come from the cache
 * console.log(cache.hits, cache.misses, cache.currentSize);
 * ```
 */
export const LRUStoreCache = Cache as {
  /**
   * Put a cache in front of `store`.
   *
   * @param store - The store to cache (any store with `get`).
   * @param options - `maxSize`, the bound in bytes of cached values (see
   *   {@link LRUStoreCacheOptions}).
   * @throws {ZarrError} When `store` is not a store, or `maxSize` is missing or not a whole
   *   number of bytes >= 0 or null.
   */
  new <S extends Store>(store: S, options: LRUStoreCacheOptions): LRUStoreCache<S>;
  /** The class's prototype, for `instanceof LRUStoreCache`. */
  readonly prototype: Cache;
};
