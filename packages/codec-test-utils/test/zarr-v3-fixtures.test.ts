// The v3 fixture helpers must find the arrays and cut shards exactly as zarr-python 3 laid
// them out, or every codec test built on them would decode the wrong bytes.
import { describe, expect, it } from "vitest";
import { shardInnerChunks, tilingChunkKeys, v3Fixture, v3FixturesUsing } from "../src/index.js";

describe("v3 fixtures", () => {
  it("reads an array's zarr.json, manifest values and chunk files", () => {
    const f = v3Fixture("1d.contiguous.raw.i2");
    expect(f.meta.data_type).toBe("int16");
    expect(f.entry.values).toEqual([1, 2, 3, 4]);
    // bytes codec, little endian, no compressor: the chunk is the raw values.
    expect([...new Int16Array(f.chunk("c/0")!.slice().buffer)]).toEqual([1, 2, 3, 4]);
    expect(f.chunk("c/1")).toBeUndefined();
  });

  it("names the chunks of an exactly tiled array in C order, and refuses a ragged one", () => {
    expect(tilingChunkKeys(v3Fixture("1d.chunked.string.vlen"))).toEqual(["c/0", "c/1"]);
    expect(tilingChunkKeys(v3Fixture("2d.chunked.string.vlen"))).toEqual(["c/0/0", "c/1/0"]);
    expect(() => tilingChunkKeys(v3Fixture("2d.chunked.ragged.compressed.sharded.i2"))).toThrow(
      "2d.chunked.ragged.compressed.sharded.i2: shape 3,3 is not a whole number of 2,2 chunks",
    );
  });

  it("lists the arrays that use a codec", () => {
    const names = v3FixturesUsing("gzip").map((e) => e.array);
    expect(names).toEqual(["1d.contiguous.gzip.i2"]);
  });

  it("cuts a shard into its inner chunks and marks the empty ones", () => {
    // Values 0..15 in 2x2 shards of 1x1 inner chunks, fill value 0: the first inner chunk of
    // shard c/0/0 holds only the fill value, so zarr-python leaves it out of the shard.
    const f = v3Fixture("2d.chunked.compressed.sharded.filled.i2");
    const inner = shardInnerChunks(f.chunk("c/0/0")!, 4);
    expect(inner.map((c) => c !== undefined)).toEqual([false, true, true, true]);
    // Each present one is a gzip member (magic 1f 8b).
    expect([inner[1]![0], inner[1]![1]]).toEqual([0x1f, 0x8b]);
    // A shard whose values are all the fill value is not stored at all.
    expect(v3Fixture("1d.chunked.filled.compressed.sharded.i2").chunk("c/1")).toBeUndefined();
  });

  it("refuses a shard too short for its index", () => {
    expect(() => shardInnerChunks(new Uint8Array(10), 2)).toThrow(/36-byte index/);
  });
});
