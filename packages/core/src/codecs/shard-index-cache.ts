import type { ShardIndex } from "./shard-index.js";
import { ZarrError } from "../errors.js";
import type { ReadableStore } from "../store/store.js";

/**
 * Decoded shard indexes, so reading many small selections from one shard fetches its index
 * once. Bounded by the bytes of the indexes it holds (least recently used out first): a
 * shard of 100x100 inner chunks has a 160 kB index, and an app that scans thousands of
 * shards must not keep them all.
 *
 * Entries are keyed by store object and key. A write through zarrkit in this process drops
 * the shard's entry (`invalidateShardIndex`); a write by another process is not seen, as with
 * any cache of remote data.
 *
 * This constant is the cache's default size limit: 32 MiB.
 */
export const DEFAULT_SHARD_INDEX_CACHE_BYTES = 32 * 1024 * 1024;

let limit = DEFAULT_SHARD_INDEX_CACHE_BYTES;
let used = 0;
/** Insertion order is recency order: a hit is deleted and set again. */
const entries = new Map<string, ShardIndex>();
const storeIds = new WeakMap<ReadableStore, number>();
/** Index reads under way, so concurrent partial reads of one shard fetch its index once. */
const inflight = new Map<string, Promise<ShardIndex | undefined>>();
/** Counts invalidations: a read that started before one must not cache what it read. */
let epoch = 0;
let nextStoreId = 0;

function cacheKey(store: ReadableStore, key: string): string {
  let id = storeIds.get(store);
  if (id === undefined) {
    id = nextStoreId++;
    storeIds.set(store, id);
  }
  return `${id}\u0000${key}`;
}

/**
 * The shard index cache's size limit in bytes. Default: {@link DEFAULT_SHARD_INDEX_CACHE_BYTES}.
 */
export function getShardIndexCacheBytes(): number {
  return limit;
}

/**
 * Set the cache's size limit in bytes (0 turns caching off); returns the previous limit.
 * Entries beyond the new limit are dropped at once.
 *
 * @throws {@link ZarrError} when `bytes` is not a non-negative integer.
 */
export function setShardIndexCacheBytes(bytes: number): number {
  if (!Number.isSafeInteger(bytes) || bytes < 0) {
    throw new ZarrError(
      `setShardIndexCacheBytes: the limit must be a non-negative integer of bytes, got ${bytes}`,
    );
  }
  const previous = limit;
  limit = bytes;
  evict();
  return previous;
}

/** Bytes the cached indexes take now. */
export function shardIndexCacheUsage(): number {
  return used;
}

/** The cached index of a shard, or undefined. */
export function cachedShardIndex(store: ReadableStore, key: string): ShardIndex | undefined {
  const k = cacheKey(store, key);
  const hit = entries.get(k);
  if (hit) {
    entries.delete(k);
    entries.set(k, hit);
  }
  return hit;
}

/**
 * A shard's index from the cache, else from a read of it already under way (with `share`),
 * else from `read`, whose result is cached unless the shard was written meanwhile.
 * Undefined: no shard.
 */
export function loadShardIndex(
  store: ReadableStore,
  key: string,
  read: () => Promise<ShardIndex | undefined>,
  share = true,
): Promise<ShardIndex | undefined> {
  const hit = cachedShardIndex(store, key);
  if (hit) return Promise.resolve(hit);
  const k = cacheKey(store, key);
  const pending = share ? inflight.get(k) : undefined;
  if (pending) return pending;
  const start = epoch;
  const p = read()
    .then((index) => {
      if (index && epoch === start) cacheShardIndex(store, key, index);
      return index;
    })
    .finally(() => {
      if (inflight.get(k) === p) inflight.delete(k);
    });
  if (share) inflight.set(k, p);
  return p;
}

/** Keep a shard's index (unless it alone is larger than the whole cache). */
export function cacheShardIndex(store: ReadableStore, key: string, index: ShardIndex): void {
  const k = cacheKey(store, key);
  drop(k);
  if (index.byteSize > limit) return;
  entries.set(k, index);
  used += index.byteSize;
  evict();
}

/**
 * Forget the cached index of a shard. The array write path calls it for every shard it
 * writes or deletes, so a later partial read in this process sees the new index. Call it
 * yourself after changing a shard through the store directly.
 */
export function invalidateShardIndex(store: ReadableStore, key: string): void {
  const k = cacheKey(store, key);
  epoch++;
  inflight.delete(k);
  drop(k);
}

/**
 * Empty the shard index cache (every store), e.g. after another process rewrote shards that
 * this process has read.
 */
export function clearShardIndexCache(): void {
  epoch++;
  inflight.clear();
  entries.clear();
  used = 0;
}

function drop(k: string): void {
  const old = entries.get(k);
  if (!old) return;
  entries.delete(k);
  used -= old.byteSize;
}

function evict(): void {
  for (const [k, index] of entries) {
    if (used <= limit) return;
    entries.delete(k);
    used -= index.byteSize;
  }
}
