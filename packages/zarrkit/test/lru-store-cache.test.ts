import { LRUStoreCache } from "@zarrkit/store-lru-cache";
import { describe, expect, it } from "vitest";
import * as zarr from "../src/index.js";
import * as browser from "../src/browser.js";

describe("zarr.LRUStoreCache", () => {
  it("is the plugin's class, in the Node and the browser entries", () => {
    expect(zarr.LRUStoreCache).toBe(LRUStoreCache);
    expect(browser.LRUStoreCache).toBe(LRUStoreCache);
  });

  it("caches a Blosc-compressed array's chunks: the second read asks the store nothing", async () => {
    const memory = new zarr.MemoryStore();
    const cache = new zarr.LRUStoreCache(memory, { maxSize: 2 ** 20 });
    const z = await zarr.zeros([20, 20], { chunks: [10, 10], dtype: "i4", store: cache });
    await z.set(
      null,
      Int32Array.from({ length: 400 }, (_, i) => i),
    );
    expect(String(z.compressor)).toMatch(/^Blosc/);
    cache.invalidate(); // start cold: every value comes from the memory store once
    const reopened = await zarr.openArray(cache, { mode: "r" });
    const first = await reopened.get(null);
    const misses = cache.misses;
    const second = await reopened.get(null);
    expect(Array.from(second.data as Int32Array)).toEqual(Array.from(first.data as Int32Array));
    expect((second.data as Int32Array)[399]).toBe(399);
    expect(cache.misses).toBe(misses);
    expect(cache.hits).toBe(4);
  });
});
