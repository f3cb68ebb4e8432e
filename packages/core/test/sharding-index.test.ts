import { afterEach, describe, expect, it } from "vitest";
import { CodecError } from "../src/errors.js";
import { EMPTY_ENTRY, ShardIndex } from "../src/codecs/shard-index.js";
import {
  cachedShardIndex,
  cacheShardIndex,
  clearShardIndexCache,
  DEFAULT_SHARD_INDEX_CACHE_BYTES,
  getShardIndexCacheBytes,
  invalidateShardIndex,
  setShardIndexCacheBytes,
  shardIndexCacheUsage,
} from "../src/codecs/shard-index-cache.js";
import type { Store } from "../src/store/store.js";

/** Stores only as cache keys: identity is all the cache looks at. */
function fakeStore(name: string): Store {
  return { toString: () => name } as unknown as Store;
}

describe("ShardIndex", () => {
  it("writes 2^64-1 for both halves of a missing inner chunk, offset then nbytes otherwise", () => {
    const index = ShardIndex.empty(3);
    index.offsets[1] = 7;
    index.lengths[1] = 11;
    expect([...index.toEntries()]).toEqual([
      EMPTY_ENTRY,
      EMPTY_ENTRY,
      7n,
      11n,
      EMPTY_ENTRY,
      EMPTY_ENTRY,
    ]);
    expect(EMPTY_ENTRY).toBe(2n ** 64n - 1n);
  });

  it("reads entries back, empty ones included", () => {
    const index = ShardIndex.fromEntries(
      BigUint64Array.from([0n, 10n, EMPTY_ENTRY, EMPTY_ENTRY, 10n, 5n]),
      3,
      "a/c/0",
    );
    expect([...index.offsets]).toEqual([0, -1, 10]);
    expect([...index.lengths]).toEqual([10, -1, 5]);
    expect(index.isEmpty(1)).toBe(true);
    expect(index.allEmpty).toBe(false);
    expect(ShardIndex.empty(2).allEmpty).toBe(true);
  });

  it("refuses a half-empty entry, a wrong entry count and entries past the shard, naming the shard", () => {
    expect(() =>
      ShardIndex.fromEntries(BigUint64Array.from([EMPTY_ENTRY, 3n]), 1, "arr/c/1"),
    ).toThrow(/shard "arr\/c\/1": corrupted shard index: inner chunk 0/);
    expect(() => ShardIndex.fromEntries(new BigUint64Array(4), 1, "arr/c/1")).toThrow(
      /expected 2 uint64 values/,
    );
    const index = ShardIndex.fromEntries(BigUint64Array.from([90n, 20n]), 1, "arr/c/2");
    expect(() => index.checkBounds("arr/c/2", 0, 100)).toThrow(CodecError);
    expect(() => index.checkBounds("arr/c/2", 0, 100)).toThrow(
      /inner chunk 0 spans bytes \[90, 110\), outside the shard's chunk bytes \[0, 100\)/,
    );
    expect(() => index.checkBounds("arr/c/2", 0, 110)).not.toThrow();
  });
});

describe("shard index cache", () => {
  afterEach(() => {
    clearShardIndexCache();
    setShardIndexCacheBytes(DEFAULT_SHARD_INDEX_CACHE_BYTES);
  });

  it("keys entries by store object and key", () => {
    const a = fakeStore("a");
    const b = fakeStore("b");
    const index = ShardIndex.empty(4);
    cacheShardIndex(a, "x/c/0", index);
    expect(cachedShardIndex(a, "x/c/0")).toBe(index);
    expect(cachedShardIndex(b, "x/c/0")).toBeUndefined();
    expect(cachedShardIndex(a, "x/c/1")).toBeUndefined();
    invalidateShardIndex(a, "x/c/0");
    expect(cachedShardIndex(a, "x/c/0")).toBeUndefined();
    expect(shardIndexCacheUsage()).toBe(0);
  });

  it("stays within its byte limit, dropping the least recently used index first", () => {
    const store = fakeStore("s");
    const size = ShardIndex.empty(100).byteSize; // 1600 bytes
    expect(size).toBe(1600);
    expect(getShardIndexCacheBytes()).toBe(32 * 1024 * 1024);
    setShardIndexCacheBytes(3 * size);
    for (const k of ["k0", "k1", "k2"]) cacheShardIndex(store, k, ShardIndex.empty(100));
    expect(cachedShardIndex(store, "k0")).toBeDefined(); // k0 is now the most recent
    cacheShardIndex(store, "k3", ShardIndex.empty(100));
    expect(cachedShardIndex(store, "k1")).toBeUndefined();
    expect(cachedShardIndex(store, "k0")).toBeDefined();
    expect(cachedShardIndex(store, "k2")).toBeDefined();
    expect(cachedShardIndex(store, "k3")).toBeDefined();
    expect(shardIndexCacheUsage()).toBe(3 * size);
    // Lowering the limit evicts at once; an index larger than the cache is not kept.
    setShardIndexCacheBytes(size);
    expect(shardIndexCacheUsage()).toBe(size);
    cacheShardIndex(store, "big", ShardIndex.empty(1000));
    expect(cachedShardIndex(store, "big")).toBeUndefined();
    expect(shardIndexCacheUsage()).toBeLessThanOrEqual(size);
  });

  it("replaces an entry without counting it twice", () => {
    const store = fakeStore("s");
    cacheShardIndex(store, "k", ShardIndex.empty(10));
    cacheShardIndex(store, "k", ShardIndex.empty(20));
    expect(shardIndexCacheUsage()).toBe(ShardIndex.empty(20).byteSize);
  });

  it("refuses a limit that is not a byte count", () => {
    expect(() => setShardIndexCacheBytes(-1)).toThrow(/non-negative integer of bytes, got -1/);
    expect(() => setShardIndexCacheBytes(1.5)).toThrow(/got 1.5/);
  });
});
