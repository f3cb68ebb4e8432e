import { afterEach, describe, expect, it } from "vitest";
import { clearShardIndexCache, create, type NdArray, openArray, slice } from "../src/index.js";
import { RangeCountingStore } from "./helpers/range-counting-store.js";

afterEach(() => clearShardIndexCache());

describe("reading a sharded array", () => {
  it("one 100x100 block of a 10000x10000 array in one shard: 2 store reads, the index and one inner chunk", async () => {
    const store = new RangeCountingStore();
    const z = await create([10000, 10000], {
      store,
      zarrFormat: 3,
      dtype: "uint8",
      chunks: [100, 100],
      shards: [10000, 10000],
      compressor: null,
    });
    // Every inner chunk holds its own row of the inner grid + 1, so each one is stored.
    await z.set(null, {
      data: Uint8Array.from({ length: 10000 * 10000 }, (_, i) => Math.floor(i / 10000 / 100) + 1),
      shape: [10000, 10000],
    });
    expect([...store.map.keys()].sort()).toEqual(["c/0/0", "zarr.json"]);
    const again = await openArray(store, { mode: "r" });
    clearShardIndexCache();
    store.reset();
    const block = (await again.get([slice(4200, 4300), slice(700, 800)])) as NdArray;
    expect(block.shape).toEqual([100, 100]);
    expect(new Set(block.data)).toEqual(new Set([43]));
    const indexBytes = 100 * 100 * 16 + 4; // offset and length per inner chunk, then crc32c
    expect(store.requests).toEqual([
      { key: "c/0/0", range: { suffixLength: indexBytes }, bytes: indexBytes },
      {
        key: "c/0/0",
        range: { offset: (42 * 100 + 7) * 100 * 100, length: 100 * 100 },
        bytes: 100 * 100,
      },
    ]);
  });
});
