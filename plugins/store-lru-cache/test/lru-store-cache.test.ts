import {
  isWritable,
  listKeys,
  ReadOnlyError,
  type Store,
  StoreKeyError,
  ZarrError,
} from "@zarrkit/core";
import { MemoryStore } from "@zarrkit/store-memory";
import { describe, expect, expectTypeOf, it } from "vitest";
import { LRUStoreCache } from "../src/index.js";
import { CountingStore } from "./counting-store.js";

/** `n` bytes, all `fill`. */
const bytes = (n: number, fill = 1) => new Uint8Array(n).fill(fill);

async function seeded(values: Record<string, Uint8Array>, opts = {}): Promise<CountingStore> {
  const store = new CountingStore(opts);
  for (const [k, v] of Object.entries(values)) await store.inner.set(k, v);
  return store;
}

describe("values", () => {
  it("counts a first read as a miss and a second as a hit, asking the store once", async () => {
    const store = await seeded({ a: bytes(10, 7) });
    const cache = new LRUStoreCache(store, { maxSize: 1000 });
    expect(await cache.get("a")).toEqual(bytes(10, 7));
    expect([cache.hits, cache.misses]).toEqual([0, 1]);
    expect(await cache.get("a")).toEqual(bytes(10, 7));
    expect(await cache.get("a")).toEqual(bytes(10, 7));
    expect([cache.hits, cache.misses]).toEqual([2, 1]);
    expect(store.callsOf("get")).toEqual([["get", "a"]]);
    expect(cache.currentSize).toBe(10);
  });

  it("evicts the least recently used value first, and accounts the bytes held", async () => {
    const store = await seeded({ a: bytes(40, 1), b: bytes(40, 2), c: bytes(40, 3) });
    const cache = new LRUStoreCache(store, { maxSize: 100 });
    await cache.get("a");
    await cache.get("b");
    expect(cache.currentSize).toBe(80);
    await cache.get("a"); // a is now more recent than b
    await cache.get("c"); // 120 > 100: b goes, not a
    expect(cache.currentSize).toBe(80);
    store.clearCalls();
    await cache.get("a");
    await cache.get("c");
    expect(store.calls, "a and c are still held").toEqual([]);
    await cache.get("b"); // b was evicted; reading it evicts a (least recent of a, c)
    expect(store.calls).toEqual([["get", "b"]]);
    expect(cache.currentSize).toBe(80);
    store.clearCalls();
    await cache.get("c");
    await cache.get("b");
    expect(store.calls).toEqual([]);
    await cache.get("a");
    expect(store.calls).toEqual([["get", "a"]]);
    // misses: a, b, c, b, a; hits: a, a, c, c, b
    expect([cache.hits, cache.misses]).toEqual([5, 5]);
  });

  it("evicts as many values as a large one needs, and holds a value of exactly maxSize", async () => {
    const store = await seeded({ a: bytes(30), b: bytes(30), c: bytes(30), big: bytes(100) });
    const cache = new LRUStoreCache(store, { maxSize: 100 });
    for (const k of ["a", "b", "c", "big"]) await cache.get(k);
    expect(cache.currentSize).toBe(100);
    store.clearCalls();
    await cache.get("big");
    expect(store.calls).toEqual([]);
    await cache.get("a");
    expect(store.calls).toEqual([["get", "a"]]);
    expect(cache.currentSize, "big evicted to make room for a").toBe(30);
  });

  it("never caches a value larger than maxSize, and evicts nothing for it", async () => {
    const store = await seeded({ small: bytes(50), huge: bytes(101) });
    const cache = new LRUStoreCache(store, { maxSize: 100 });
    await cache.get("small");
    expect(await cache.get("huge")).toEqual(bytes(101));
    expect(await cache.get("huge")).toEqual(bytes(101));
    expect(cache.currentSize).toBe(50);
    expect(store.callsOf("get")).toEqual([
      ["get", "small"],
      ["get", "huge"],
      ["get", "huge"],
    ]);
    expect([cache.hits, cache.misses]).toEqual([0, 3]);
    await cache.get("small");
    expect(cache.hits, "small still held").toBe(1);
  });

  it("with maxSize 0 caches no value, and with null never evicts", async () => {
    const store = await seeded({ a: bytes(10), b: bytes(5000) });
    const none = new LRUStoreCache(store, { maxSize: 0 });
    await none.get("a");
    await none.get("a");
    expect([none.hits, none.misses, none.currentSize]).toEqual([0, 2, 0]);
    const all = new LRUStoreCache(store, { maxSize: null });
    for (let i = 0; i < 3; i++) {
      await all.get("a");
      await all.get("b");
    }
    expect([all.hits, all.misses, all.currentSize]).toEqual([4, 2, 5010]);
    expect(all.maxSize).toBeNull();
  });

  it("remembers a missing key: later reads and checks answer without the store", async () => {
    const store = await seeded({});
    const cache = new LRUStoreCache(store, { maxSize: 100 });
    expect(await cache.get("c/0.0")).toBeUndefined();
    expect(await cache.get("c/0.0")).toBeUndefined();
    expect(await cache.has("c/0.0")).toBe(false);
    expect(await cache.getRange!("c/0.0", { offset: 0, length: 4 })).toBeUndefined();
    expect(store.calls).toEqual([["get", "c/0.0"]]);
    expect([cache.hits, cache.misses]).toEqual([2, 1]);
  });

  it("refuses hostile keys before looking anything up", async () => {
    const store = await seeded({ a: bytes(1) });
    const cache = new LRUStoreCache(store, { maxSize: 100 });
    for (const key of ["../a", "/a", "a//b", "a\0"])
      await expect(cache.get(key), key).rejects.toThrow(StoreKeyError);
    expect(store.calls).toEqual([]);
    expect(cache.misses).toBe(0);
  });
});

describe("ranges", () => {
  const HUNDRED = Uint8Array.from({ length: 100 }, (_, i) => i);

  it("serves any range of a cached value from the cache", async () => {
    const store = await seeded({ r: HUNDRED });
    const cache = new LRUStoreCache(store, { maxSize: 1000 });
    await cache.get("r");
    expect(await cache.getRange!("r", { offset: 10, length: 5 })).toEqual(
      Uint8Array.of(10, 11, 12, 13, 14),
    );
    expect(await cache.getRange!("r", { suffixLength: 3 })).toEqual(Uint8Array.of(97, 98, 99));
    expect(await cache.getRange!("r", { offset: 98 })).toEqual(Uint8Array.of(98, 99));
    expect(store.calls).toEqual([["get", "r"]]);
    expect([cache.hits, cache.misses]).toEqual([3, 1]);
  });

  it("passes a range of an uncached value through as a range, and caches it by range", async () => {
    const store = await seeded({ shard: HUNDRED });
    const cache = new LRUStoreCache(store, { maxSize: 1000 });
    const index = { suffixLength: 16 };
    const inner = { offset: 20, length: 10 };
    expect(await cache.getRange!("shard", index)).toEqual(HUNDRED.subarray(84));
    expect(await cache.getRange!("shard", inner)).toEqual(HUNDRED.subarray(20, 30));
    expect(await cache.getRange!("shard", index)).toEqual(HUNDRED.subarray(84));
    expect(await cache.getRange!("shard", inner)).toEqual(HUNDRED.subarray(20, 30));
    // never the whole value: a shard can be far larger than the part read
    expect(store.calls).toEqual([
      ["getRange", "shard", index],
      ["getRange", "shard", inner],
    ]);
    expect([cache.hits, cache.misses, cache.currentSize]).toEqual([2, 2, 26]);
    // another range of it is another request
    expect(await cache.getRange!("shard", { offset: 20, length: 11 })).toEqual(
      HUNDRED.subarray(20, 31),
    );
    expect(store.callsOf("getRange")).toHaveLength(3);
  });

  it("drops a value's cached ranges when the whole value is cached", async () => {
    const store = await seeded({ r: HUNDRED });
    const cache = new LRUStoreCache(store, { maxSize: 1000 });
    await cache.getRange!("r", { offset: 0, length: 10 });
    expect(cache.currentSize).toBe(10);
    await cache.get("r");
    expect(cache.currentSize, "the whole value, not the range too").toBe(100);
  });

  it("refuses a malformed range with a StoreKeyError naming the key, cached or not", async () => {
    const store = await seeded({ r: HUNDRED });
    const cache = new LRUStoreCache(store, { maxSize: 1000 });
    await expect(cache.getRange!("r", { offset: -1 })).rejects.toThrow(/"r".*offset/);
    await cache.get("r");
    await expect(cache.getRange!("r", { suffixLength: 0.5 })).rejects.toThrow(StoreKeyError);
    await cache.get("missing");
    await expect(cache.getRange!("missing", { offset: 1.5 })).rejects.toThrow(StoreKeyError);
  });
});

describe("listings and key checks", () => {
  it("caches list and has, and answers has from a cached listing", async () => {
    const store = await seeded({ "g/a": bytes(1), "g/b": bytes(1), "h/c": bytes(1) });
    const cache = new LRUStoreCache(store, { maxSize: 100 });
    expect(await listKeys(cache, "g/")).toEqual(["g/a", "g/b"]);
    expect(await listKeys(cache, "g/")).toEqual(["g/a", "g/b"]);
    expect(await cache.has("g/a")).toBe(true);
    expect(await cache.has("g/x")).toBe(false);
    expect(store.calls, "has answered from the listing").toEqual([["list", "g/"]]);
    expect(await cache.has("h/c")).toBe(true);
    expect(await cache.has("h/c")).toBe(true);
    expect(store.callsOf("has")).toEqual([["has", "h/c"]]);
  });

  it("answers a listing of a longer prefix from a cached shorter one", async () => {
    const store = await seeded({ "g/a/0": bytes(1), "g/b": bytes(1), x: bytes(1) });
    const cache = new LRUStoreCache(store, { maxSize: 100 });
    expect(await listKeys(cache)).toEqual(["g/a/0", "g/b", "x"]);
    expect(await listKeys(cache, "g/a/")).toEqual(["g/a/0"]);
    expect(store.calls).toEqual([["list", ""]]);
  });

  it("hands out copies: changing a returned listing does not change the cache", async () => {
    const store = await seeded({ a: bytes(1) });
    const cache = new LRUStoreCache(store, { maxSize: 100 });
    const first = await cache.list!("");
    first.push("b");
    expect(await cache.list!("")).toEqual(["a"]);
  });

  it("caches listDir when the wrapped store has it", async () => {
    const store = await seeded({ "a/b/c": bytes(1), "a/x": bytes(1) });
    const cache = new LRUStoreCache(store, { maxSize: 100 });
    expect(await cache.listDir!("a/")).toEqual({ keys: ["x"], prefixes: ["b"] });
    expect(await cache.listDir!("a/")).toEqual({ keys: ["x"], prefixes: ["b"] });
    expect(store.callsOf("listDir")).toHaveLength(1);
    await cache.set!("a/y", bytes(1));
    expect((await cache.listDir!("a/")).keys.sort()).toEqual(["x", "y"]);
    expect(store.callsOf("listDir")).toHaveLength(2);
  });

  it("checks a key by reading it (through the cache) when the store has no has", async () => {
    const store = await seeded({ a: bytes(5) }, { without: ["has"] });
    const cache = new LRUStoreCache(store, { maxSize: 100 });
    expect(await cache.has("a")).toBe(true);
    expect(await cache.get("a")).toEqual(bytes(5));
    expect(store.calls).toEqual([["get", "a"]]);
  });
});

describe("writes", () => {
  it("writes through to the store and serves the written value from the cache", async () => {
    const store = await seeded({});
    const cache = new LRUStoreCache(store, { maxSize: 100 });
    await cache.set!("k", bytes(10, 4));
    expect(await store.inner.get("k")).toEqual(bytes(10, 4));
    expect(await cache.get("k")).toEqual(bytes(10, 4));
    expect(await cache.has("k")).toBe(true);
    expect(store.calls).toEqual([["set", "k"]]);
    expect([cache.hits, cache.misses]).toEqual([1, 0]);
  });

  it("caches a copy: reusing the written buffer does not change what is read", async () => {
    const store = await seeded({}, { without: ["getRange"] });
    const cache = new LRUStoreCache(store, { maxSize: 100 });
    const buffer = bytes(8, 1);
    await cache.set!("k", buffer);
    buffer.fill(9);
    expect(await cache.get("k")).toEqual(bytes(8, 1));
  });

  it("overwrites: the new value replaces the old in the cache and its size count", async () => {
    const store = await seeded({ k: bytes(60, 1) });
    const cache = new LRUStoreCache(store, { maxSize: 100 });
    await cache.get("k");
    await cache.getRange!("k", { offset: 0, length: 2 });
    await cache.set!("k", bytes(30, 2));
    expect(cache.currentSize).toBe(30);
    expect(await cache.get("k")).toEqual(bytes(30, 2));
    expect(await cache.getRange!("k", { offset: 0, length: 2 })).toEqual(bytes(2, 2));
    // too large to cache: the old value must not be served either
    await cache.set!("k", bytes(200, 3));
    expect(cache.currentSize).toBe(0);
    expect(await cache.get("k")).toEqual(bytes(200, 3));
  });

  it("deletes through: the key is then known missing, and listings are asked again", async () => {
    const store = await seeded({ "g/a": bytes(10), "g/b": bytes(10) });
    const cache = new LRUStoreCache(store, { maxSize: 100 });
    expect(await listKeys(cache, "g/")).toEqual(["g/a", "g/b"]);
    await cache.get("g/a");
    expect(await cache.delete!("g/a")).toBe(true);
    expect(await cache.delete!("g/a")).toBe(false);
    expect(await store.inner.get("g/a")).toBeUndefined();
    store.clearCalls();
    expect(await cache.get("g/a")).toBeUndefined();
    expect(await cache.has("g/a")).toBe(false);
    expect(store.calls, "known missing after the delete").toEqual([]);
    expect(await listKeys(cache, "g/")).toEqual(["g/b"]);
    expect(store.calls).toEqual([["list", "g/"]]);
    expect(cache.currentSize).toBe(0);
  });

  it("a new key shows in listings of its folders, but leaves other listings cached", async () => {
    const store = await seeded({ "g/a": bytes(1), "h/a": bytes(1) });
    const cache = new LRUStoreCache(store, { maxSize: 100 });
    await listKeys(cache, "g/");
    await listKeys(cache, "h/");
    await cache.set!("g/b", bytes(1));
    store.clearCalls();
    expect(await listKeys(cache, "g/")).toEqual(["g/a", "g/b"]);
    expect(await listKeys(cache, "h/")).toEqual(["h/a"]);
    expect(store.calls).toEqual([["list", "g/"]]);
  });

  it("deletes a prefix through, forgetting the values and listings under it only", async () => {
    const store = await seeded({ "g/a": bytes(10), "g/b/c": bytes(10), gx: bytes(10) });
    const cache = new LRUStoreCache(store, { maxSize: 100 });
    for (const k of ["g/a", "g/b/c", "gx"]) await cache.get(k);
    await listKeys(cache, "");
    await cache.deletePrefix!("g/");
    expect(cache.currentSize).toBe(10);
    store.clearCalls();
    expect(await cache.get("g/a")).toBeUndefined();
    expect(await cache.get("gx")).toEqual(bytes(10));
    expect(await listKeys(cache)).toEqual(["gx"]);
    expect(store.calls).toEqual([
      ["get", "g/a"],
      ["list", ""],
    ]);
  });

  it("a failed write leaves no cached value: reads see what the store kept", async () => {
    const store = await seeded({ k: bytes(10, 1) }, { failWrites: true });
    const cache = new LRUStoreCache(store, { maxSize: 100 });
    await cache.get("k");
    await expect(cache.set!("k", bytes(10, 2))).rejects.toThrow("disk full");
    await expect(cache.delete!("k")).rejects.toThrow("disk full");
    expect(await cache.get("k")).toEqual(bytes(10, 1));
    expect(store.callsOf("get"), "asked again after the failure").toHaveLength(2);
  });

  it("a read that began before a write does not cache the old value after it", async () => {
    const store = await seeded({ k: bytes(10, 1) });
    const cache = new LRUStoreCache(store, { maxSize: 100 });
    store.hold(["get"]);
    const before = cache.get("k");
    await cache.set!("k", bytes(10, 2));
    store.release();
    // the read raced the write: either value is a fair answer for it
    expect([1, 2]).toContain((await before)![0]);
    expect(await cache.get("k")).toEqual(bytes(10, 2));
    expect(store.callsOf("get"), "the written value served from the cache").toHaveLength(1);
  });

  it("two overlapping writes of one key leave it uncached, so the store decides", async () => {
    const store = await seeded({});
    const cache = new LRUStoreCache(store, { maxSize: 100 });
    store.hold();
    const w1 = cache.set!("k", bytes(10, 1));
    const w2 = cache.set!("k", bytes(10, 2));
    store.release();
    await Promise.all([w1, w2]);
    expect(cache.currentSize).toBe(0);
    const stored = await store.inner.get("k");
    expect(await cache.get("k")).toEqual(stored);
  });
});

describe("invalidation", () => {
  async function warm() {
    const store = await seeded({ "g/a": bytes(10), "g/b": bytes(20) });
    const cache = new LRUStoreCache(store, { maxSize: 100 });
    await cache.get("g/a");
    await cache.has("g/b");
    await listKeys(cache, "g/");
    store.clearCalls();
    return { store, cache };
  }

  it("invalidate() empties values, listings and key checks", async () => {
    const { store, cache } = await warm();
    cache.invalidate();
    expect(cache.currentSize).toBe(0);
    await cache.get("g/a");
    await cache.has("g/b");
    await listKeys(cache, "g/");
    expect(store.calls).toEqual([
      ["get", "g/a"],
      ["has", "g/b"],
      ["list", "g/"],
    ]);
  });

  it("invalidateValues() drops values only", async () => {
    const { store, cache } = await warm();
    cache.invalidateValues();
    expect(cache.currentSize).toBe(0);
    await cache.get("g/a");
    await cache.has("g/b");
    await listKeys(cache, "g/");
    expect(store.calls).toEqual([["get", "g/a"]]);
  });

  it("invalidateKeys() drops listings and key checks only", async () => {
    const { store, cache } = await warm();
    cache.invalidateKeys();
    expect(cache.currentSize).toBe(10);
    await cache.get("g/a");
    await cache.has("g/b");
    await listKeys(cache, "g/");
    expect(store.calls).toEqual([
      ["has", "g/b"],
      ["list", "g/"],
    ]);
  });

  it("sees a value written behind the cache's back only after invalidate()", async () => {
    const store = await seeded({});
    const cache = new LRUStoreCache(store, { maxSize: 100 });
    expect(await cache.get("k")).toBeUndefined();
    await store.inner.set("k", bytes(3));
    expect(await cache.get("k"), "still known missing").toBeUndefined();
    cache.invalidate();
    expect(await cache.get("k")).toEqual(bytes(3));
  });
});

describe("concurrent reads", () => {
  it("share one request for the same missing key", async () => {
    const store = await seeded({ k: bytes(10, 5) });
    const cache = new LRUStoreCache(store, { maxSize: 100 });
    store.hold();
    const reads = Array.from({ length: 5 }, () => cache.get("k"));
    const ranges = Array.from({ length: 3 }, () => cache.getRange!("k", { offset: 2 }));
    await Promise.resolve();
    store.release();
    for (const r of await Promise.all(reads)) expect(r).toEqual(bytes(10, 5));
    for (const r of await Promise.all(ranges)) expect(r).toEqual(bytes(8, 5));
    expect(store.calls).toEqual([
      ["get", "k"],
      ["getRange", "k", { offset: 2 }],
    ]);
    expect(cache.misses, "each read that found nothing cached").toBe(8);
  });

  it("an aborted reader fails alone; the shared request goes on for the others", async () => {
    const store = await seeded({ k: bytes(10, 5) });
    const cache = new LRUStoreCache(store, { maxSize: 100 });
    store.hold();
    const impatient = new AbortController();
    const first = cache.get("k", { signal: impatient.signal });
    const second = cache.get("k");
    await Promise.resolve();
    impatient.abort();
    await expect(first).rejects.toMatchObject({ name: "AbortError" });
    store.release();
    expect(await second).toEqual(bytes(10, 5));
    expect(store.signals[0]?.aborted).toBe(false);
    expect(store.callsOf("get")).toHaveLength(1);
  });

  it("the shared request is aborted when every reader has aborted", async () => {
    const store = await seeded({ k: bytes(10, 5) });
    const cache = new LRUStoreCache(store, { maxSize: 100 });
    store.hold();
    const a = new AbortController();
    const b = new AbortController();
    const reads = [cache.get("k", { signal: a.signal }), cache.get("k", { signal: b.signal })];
    await Promise.resolve();
    a.abort();
    b.abort();
    for (const r of reads) await expect(r).rejects.toMatchObject({ name: "AbortError" });
    expect(store.signals[0]?.aborted).toBe(true);
    store.release();
    // a later read starts afresh
    expect(await cache.get("k")).toEqual(bytes(10, 5));
    expect(store.callsOf("get")).toHaveLength(2);
  });

  it("an already aborted signal rejects even when the value is cached", async () => {
    const store = await seeded({ k: bytes(1) });
    const cache = new LRUStoreCache(store, { maxSize: 100 });
    await cache.get("k");
    await expect(cache.get("k", { signal: AbortSignal.abort() })).rejects.toMatchObject({
      name: "AbortError",
    });
  });
});

describe("what it wraps", () => {
  it("has exactly the wrapped store's capabilities", async () => {
    const bare = new LRUStoreCache(
      new CountingStore({
        without: ["getRange", "list", "listDir", "set", "delete", "deletePrefix"],
      }),
      { maxSize: 10 },
    );
    for (const m of ["getRange", "list", "listDir", "set", "delete", "deletePrefix"] as const)
      expect(bare[m], m).toBeUndefined();
    expect(isWritable(bare)).toBe(false);
    const full = new LRUStoreCache(new CountingStore(), { maxSize: 10 });
    for (const m of ["getRange", "list", "listDir", "set", "delete", "deletePrefix"] as const)
      expect(typeof full[m], m).toBe("function");
    expect(isWritable(full)).toBe(true);
  });

  it("is read-only when the wrapped store is: writes fail before reaching it", async () => {
    const store = await seeded({ k: bytes(1) }, { readOnly: true });
    const cache = new LRUStoreCache(store, { maxSize: 10 });
    expect(cache.readOnly).toBe(true);
    expect(isWritable(cache)).toBe(false);
    await expect(cache.set!("k", bytes(2))).rejects.toThrow(ReadOnlyError);
    await expect(cache.delete!("k")).rejects.toThrow(/cannot delete "k": store LRUStoreCache/);
    await expect(cache.deletePrefix!("")).rejects.toThrow(ReadOnlyError);
    expect(store.calls).toEqual([]);
    expect(await cache.get("k")).toEqual(bytes(1));
  });

  it("passes the wrapped store's path on, so errors can name the location", () => {
    const located = Object.assign(new CountingStore(), { path: "/data/x.zarr" });
    expect(new LRUStoreCache(located, { maxSize: 1 }).path).toBe("/data/x.zarr");
    expect(new LRUStoreCache(new CountingStore(), { maxSize: 1 }).path).toBeUndefined();
  });

  it("refuses a bad maxSize or a missing one, naming the option and the value", () => {
    const store = new CountingStore();
    for (const bad of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, "100"])
      expect(() => new LRUStoreCache(store, { maxSize: bad as number })).toThrow(
        new RegExp(`maxSize must be a whole number of bytes >= 0.*got "?${String(bad)}"?$`),
      );
    expect(() => new LRUStoreCache(store, {} as { maxSize: number })).toThrow(
      /maxSize is required/,
    );
    expect(() => new LRUStoreCache({} as CountingStore, { maxSize: 1 })).toThrow(ZarrError);
  });

  it("close() empties the cache and closes the wrapped store", async () => {
    const store = await seeded({ k: bytes(4) });
    let closed = 0;
    Object.assign(store, { close: async () => void closed++ });
    const cache = new LRUStoreCache(store, { maxSize: 10 });
    await cache.get("k");
    await cache.close();
    expect([closed, cache.currentSize]).toEqual([1, 0]);
  });
});

describe("types", () => {
  it("a cache of a store type has that type's methods, required where the store's are", async () => {
    const memory = new LRUStoreCache(new MemoryStore(), { maxSize: 100 });
    // compiles without `!`: MemoryStore always has set, getRange and list
    await memory.set("k", bytes(3, 9));
    expect(await memory.getRange("k", { suffixLength: 1 })).toEqual(bytes(1, 9));
    expect(await memory.list("")).toEqual(["k"]);
    expectTypeOf(memory.set).toBeFunction();
    const anyStore: Store = new MemoryStore();
    const generic = new LRUStoreCache(anyStore, { maxSize: 100 });
    expectTypeOf(generic.set).toEqualTypeOf<
      ((key: string, value: Uint8Array) => Promise<void>) | undefined
    >();
    expect(typeof generic.set, "present at run time all the same").toBe("function");
    expect(memory).toBeInstanceOf(LRUStoreCache);
  });
});

describe("ranges inside ranges", () => {
  const VALUE = Uint8Array.from({ length: 100 }, (_, i) => i);

  it("answers a range inside a cached range without the store", async () => {
    const store = await seeded({ shard: VALUE });
    const cache = new LRUStoreCache(store, { maxSize: 1000 });
    await cache.getRange!("shard", { offset: 20, length: 40 }); // e.g. four chunks at once
    expect(await cache.getRange!("shard", { offset: 30, length: 10 })).toEqual(
      VALUE.subarray(30, 40),
    );
    expect(store.callsOf("getRange")).toHaveLength(1);
    expect([cache.hits, cache.misses, cache.currentSize]).toEqual([1, 1, 40]);
    // reaching outside it asks the store
    await cache.getRange!("shard", { offset: 50, length: 20 });
    expect(store.callsOf("getRange")).toHaveLength(2);
  });

  it("caches a range read that covered the whole value as the value", async () => {
    const store = await seeded({ v: VALUE, w: VALUE });
    const cache = new LRUStoreCache(store, { maxSize: 1000 });
    expect(await cache.getRange!("v", { offset: 0, length: 500 })).toEqual(VALUE);
    expect(await cache.getRange!("w", { suffixLength: 500 })).toEqual(VALUE);
    expect(await cache.get("v")).toEqual(VALUE);
    expect(await cache.get("w")).toEqual(VALUE);
    expect(store.calls.map((c) => c[0])).toEqual(["getRange", "getRange"]);
  });
});
