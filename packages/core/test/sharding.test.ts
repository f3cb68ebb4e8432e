import { afterEach, describe, expect, it } from "vitest";
import { CodecError } from "../src/errors.js";
import type { ChunkInfo } from "../src/codecs/codec.js";
import { codecConfigFromV3, codecConfigToV3, getCodec } from "../src/codecs/codec-registry.js";
import { Crc32c, crc32c } from "../src/codecs/crc32c.js";
import { fillTester } from "../src/codecs/empty-chunk.js";
import { ShardingCodec } from "../src/codecs/sharding.js";
import {
  cachedShardIndex,
  clearShardIndexCache,
  invalidateShardIndex,
} from "../src/codecs/shard-index-cache.js";
import { parseDataType } from "../src/metadata/dtype.js";
import { ChunkPipeline } from "../src/codecs/pipeline.js";
import type { Codec } from "../src/codecs/codec.js";
import { RangeCountingStore } from "./helpers/range-counting-store.js";

const BYTES = { name: "bytes", configuration: { endian: "little" } };
const INDEX_CODECS = [BYTES, { name: "crc32c" }];
const EMPTY = 0xffffffffffffffffn;

function sharding(config: Record<string, unknown>): ShardingCodec {
  return new ShardingCodec({
    id: "sharding_indexed",
    codecs: [BYTES],
    index_codecs: INDEX_CODECS,
    ...config,
  });
}

function int32Info(shape: number[], fillValue: unknown = 0): ChunkInfo {
  return { dtype: "<i4", itemsize: 4, shape, dataType: parseDataType("<i4"), fillValue };
}

/** Little-endian bytes of int32 values, built by hand as the expected stored chunk. */
function le32(values: number[]): Uint8Array {
  const out = new Uint8Array(values.length * 4);
  const view = new DataView(out.buffer);
  for (const [i, v] of values.entries()) view.setInt32(4 * i, v, true);
  return out;
}

/** The expected index bytes: (offset, nbytes) uint64 pairs, little endian, then CRC-32C. */
function indexBytes(entries: [bigint, bigint][]): Uint8Array {
  const out = new Uint8Array(entries.length * 16 + 4);
  const view = new DataView(out.buffer);
  entries.forEach(([o, n], i) => {
    view.setBigUint64(16 * i, o, true);
    view.setBigUint64(16 * i + 8, n, true);
  });
  view.setUint32(entries.length * 16, crc32c(out.subarray(0, entries.length * 16)), true);
  return out;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

/** A 4x6 shard of 2x3 inner chunks: values 1..24 in C order. */
const SHARD = Int32Array.from({ length: 24 }, (_, i) => i + 1);
/** Its four inner chunks, each in C order, cut out by hand. */
const INNER = [
  [1, 2, 3, 7, 8, 9],
  [4, 5, 6, 10, 11, 12],
  [13, 14, 15, 19, 20, 21],
  [16, 17, 18, 22, 23, 24],
];

describe("sharding_indexed: whole shards", () => {
  it("writes inner chunks in C order, then the index, as the spec lays it out", async () => {
    const codec = sharding({ chunk_shape: [2, 3] });
    const bytes = await codec.encode(SHARD, int32Info([4, 6]));
    const expected = concat(
      ...INNER.map(le32),
      indexBytes([
        [0n, 24n],
        [24n, 24n],
        [48n, 24n],
        [72n, 24n],
      ]),
    );
    expect([...bytes]).toEqual([...expected]);
    expect([...((await codec.decode(bytes, undefined, int32Info([4, 6]))) as Int32Array)]).toEqual([
      ...SHARD,
    ]);
  });

  it("puts the index first with index_location start, offsets counted from the shard's start", async () => {
    const codec = sharding({ chunk_shape: [2, 3], index_location: "start" });
    const bytes = await codec.encode(SHARD, int32Info([4, 6]));
    const expected = concat(
      indexBytes([
        [68n, 24n],
        [92n, 24n],
        [116n, 24n],
        [140n, 24n],
      ]),
      ...INNER.map(le32),
    );
    expect([...bytes]).toEqual([...expected]);
    expect([...((await codec.decode(bytes, undefined, int32Info([4, 6]))) as Int32Array)]).toEqual([
      ...SHARD,
    ]);
  });

  it("leaves inner chunks holding only the fill value out of the shard", async () => {
    const codec = sharding({ chunk_shape: [2, 3] });
    const data = SHARD.slice();
    // Inner chunk 1 (rows 0-1, columns 3-5) becomes all fill (7).
    for (const i of [3, 4, 5, 9, 10, 11]) data[i] = 7;
    const bytes = await codec.encode(data, int32Info([4, 6], 7));
    const expected = concat(
      le32(INNER[0]!),
      le32(INNER[2]!),
      le32(INNER[3]!),
      indexBytes([
        [0n, 24n],
        [EMPTY, EMPTY],
        [24n, 24n],
        [48n, 24n],
      ]),
    );
    expect([...bytes]).toEqual([...expected]);
    expect([
      ...((await codec.decode(bytes, undefined, int32Info([4, 6], 7))) as Int32Array),
    ]).toEqual([...data]);
  });

  it("stores an all-fill shard as an index of empty entries, which decodes to the fill value", async () => {
    const codec = sharding({ chunk_shape: [2, 3] });
    const bytes = await codec.encode(new Int32Array(24).fill(-5), int32Info([4, 6], -5));
    expect([...bytes]).toEqual([...indexBytes(Array.from({ length: 4 }, () => [EMPTY, EMPTY]))]);
    const out = (await codec.decode(bytes, undefined, int32Info([4, 6], -5))) as Int32Array;
    expect([...out]).toEqual(new Array(24).fill(-5));
  });

  it("round trips float64 with NaN fill, big-endian inner chunks and a checksum per inner chunk", async () => {
    const codec = sharding({
      chunk_shape: [3],
      codecs: [{ name: "bytes", configuration: { endian: "big" } }, { name: "crc32c" }],
    });
    const info: ChunkInfo = {
      dtype: "<f8",
      itemsize: 8,
      shape: [9],
      dataType: parseDataType("<f8"),
      fillValue: Number.NaN,
    };
    const data = Float64Array.from([1.5, -0, 2, NaN, NaN, NaN, 3, 4, 5]);
    const bytes = await codec.encode(data, info);
    // Inner chunk 1 is all NaN (the fill), so two chunks of 3 x 8 bytes + 4 checksum bytes.
    expect(bytes.byteLength).toBe(2 * 28 + 3 * 16 + 4);
    const first = new DataView(bytes.buffer, bytes.byteOffset);
    expect(first.getFloat64(0, false)).toBe(1.5);
    expect(first.getUint32(24, true)).toBe(crc32c(bytes.subarray(0, 24)));
    const out = (await codec.decode(bytes, undefined, info)) as Float64Array;
    expect([...out]).toEqual([...data]);
  });

  it("nests: a shard whose inner chunks are shards", async () => {
    const innerSharding = {
      name: "sharding_indexed",
      configuration: { chunk_shape: [1, 3], codecs: [BYTES], index_codecs: INDEX_CODECS },
    };
    const codec = sharding({ chunk_shape: [2, 6], codecs: [innerSharding] });
    const bytes = await codec.encode(SHARD, int32Info([4, 6]));
    // Outer index: two inner shards of 4 chunks x 12 bytes + a 4-entry index each (68 bytes).
    const outer = bytes.subarray(bytes.byteLength - 36);
    expect([...outer]).toEqual([
      ...indexBytes([
        [0n, 116n],
        [116n, 116n],
      ]),
    ]);
    const firstInner = bytes.subarray(0, 116);
    expect([...firstInner.subarray(0, 12)]).toEqual([...le32([1, 2, 3])]);
    expect([...firstInner.subarray(48)]).toEqual([
      ...indexBytes([
        [0n, 12n],
        [12n, 12n],
        [24n, 12n],
        [36n, 12n],
      ]),
    ]);
    expect([...((await codec.decode(bytes, undefined, int32Info([4, 6]))) as Int32Array)]).toEqual([
      ...SHARD,
    ]);
  });

  it("round trips inner chunks that start with a transpose", async () => {
    const codec = sharding({
      chunk_shape: [2, 3],
      codecs: [{ name: "transpose", configuration: { order: [1, 0] } }, BYTES],
    });
    const bytes = await codec.encode(SHARD, int32Info([4, 6]));
    // The first inner chunk [[1,2,3],[7,8,9]] is stored transposed: columns first.
    expect([...bytes.subarray(0, 24)]).toEqual([...le32([1, 7, 2, 8, 3, 9])]);
    expect([...((await codec.decode(bytes, undefined, int32Info([4, 6]))) as Int32Array)]).toEqual([
      ...SHARD,
    ]);
  });

  it("round trips complex and bool data", async () => {
    const codec = sharding({ chunk_shape: [2] });
    const c64: ChunkInfo = {
      dtype: "<c8",
      itemsize: 8,
      shape: [4],
      dataType: parseDataType("<c8"),
      fillValue: [0, 0],
    };
    // Inner chunk 0 holds 0+1j (not the fill 0+0j); inner chunk 1 is all fill and left out.
    const z = Float32Array.from([0, 0, 0, 1, 0, 0, 0, 0]);
    const zBytes = await codec.encode(z, c64);
    expect(zBytes.byteLength).toBe(16 + 2 * 16 + 4);
    expect([...((await codec.decode(zBytes, undefined, c64)) as Float32Array)]).toEqual([...z]);
    const b: ChunkInfo = {
      dtype: "|b1",
      itemsize: 1,
      shape: [4],
      dataType: parseDataType("|b1"),
      fillValue: false,
    };
    const bools = Uint8Array.from([0, 0, 1, 0]);
    const bBytes = await codec.encode(bools, b);
    expect(bBytes.byteLength).toBe(2 + 2 * 16 + 4);
    expect([...((await codec.decode(bBytes, undefined, b)) as Uint8Array)]).toEqual([...bools]);
  });

  it("refuses corrupted shards with a CodecError", async () => {
    const codec = sharding({ chunk_shape: [2, 3] });
    const info = int32Info([4, 6]);
    const bytes = await codec.encode(SHARD, info);
    const flipped = bytes.slice();
    flipped[bytes.byteLength - 30] ^= 1;
    await expect(codec.decode(flipped, undefined, info)).rejects.toThrow(/checksum mismatch/);
    await expect(codec.decode(bytes.subarray(0, 40), undefined, info)).rejects.toThrow(
      /corrupted shard index: the shard is 40 bytes, shorter than its 68-byte index/,
    );
    // A well-formed index pointing past the chunk bytes.
    const lying = concat(
      le32(INNER[0]!),
      indexBytes([
        [0n, 24n],
        [24n, 24n],
        [EMPTY, EMPTY],
        [EMPTY, EMPTY],
      ]),
    );
    await expect(codec.decode(lying, undefined, info)).rejects.toThrow(
      /inner chunk 1 spans bytes \[24, 48\), outside the shard's chunk bytes \[0, 24\)/,
    );
  });

  it("refuses bad configurations, naming the field", () => {
    expect(() => sharding({ chunk_shape: [0] })).toThrow(/"chunk_shape" must be a non-empty list/);
    expect(() => sharding({ chunk_shape: [2], index_location: "middle" })).toThrow(
      /"index_location" must be "start" or "end", got "middle"/,
    );
    expect(() => sharding({ chunk_shape: [2], codecs: [] })).toThrow(
      /"codecs" must be a non-empty/,
    );
    expect(() => sharding({ chunk_shape: [2], extra: 1 })).toThrow(/unknown configuration "extra"/);
  });

  it("refuses an inner chunk shape that does not divide the shard", async () => {
    const codec = sharding({ chunk_shape: [4, 4] });
    await expect(codec.encode(SHARD, int32Info([4, 6]))).rejects.toThrow(
      /must divide the shard shape \[4, 6\] \(dimension 1: 6 is not a multiple of 4\)/,
    );
  });

  it("defaults index_location to end and reports its inner chunk shape", () => {
    const codec = new ShardingCodec({ id: "sharding_indexed", chunk_shape: [2], codecs: [BYTES] });
    expect(codec.innerChunkShape).toEqual([2]);
    expect(codec.toConfig()).toEqual({
      id: "sharding_indexed",
      chunk_shape: [2],
      codecs: [BYTES],
      index_codecs: INDEX_CODECS,
      index_location: "end",
    });
  });
});

describe("sharding_indexed in an array's pipeline", () => {
  /** An array->array codec that hands on native-order bytes (as numcodecs filters do). */
  const negate: Codec = {
    id: "test-negate-bytes",
    encode: (data) => {
      const v = new Int32Array((data as Uint8Array).slice().buffer);
      return new Uint8Array(v.map((x) => -x).buffer);
    },
    decode: (data) => {
      const v = new Int32Array(data.slice().buffer);
      return new Uint8Array(v.map((x) => -x).buffer);
    },
    toConfig: () => ({ id: "test-negate-bytes" }),
    toString: () => "Negate()",
  };

  it("takes the bytes an array->array codec before it returns, and gives data back through it", async () => {
    const pipeline = new ChunkPipeline({
      dtype: parseDataType("<i4"),
      chunkShape: [4, 6],
      fillValue: 0,
      arrayToArray: [negate],
      arrayToBytes: sharding({ chunk_shape: [2, 3] }),
      bytesToBytes: [],
    });
    const bytes = await pipeline.encode(SHARD.slice(), "a/c/0/0");
    // The stored inner chunks hold the negated values, in the spec's layout.
    expect([...bytes.subarray(0, 24)]).toEqual([...le32(INNER[0]!.map((v) => -v))]);
    const back = (await pipeline.decode(bytes, "a/c/0/0", true)) as Int32Array;
    expect([...back]).toEqual([...SHARD]);
  });
});

describe("sharding_indexed and crc32c in the registry", () => {
  it("are built in under their v3 names, configuration carried both ways", async () => {
    const info = int32Info([4, 6]);
    const entry = {
      name: "sharding_indexed",
      configuration: { chunk_shape: [2, 3], codecs: [BYTES], index_codecs: INDEX_CODECS },
    };
    const config = codecConfigFromV3(entry, info, "codecs[0]");
    expect(config).toEqual({
      id: "sharding_indexed",
      ...entry.configuration,
      index_location: "end",
    });
    const codec = await getCodec(config);
    expect(codec).toBeInstanceOf(ShardingCodec);
    expect(codecConfigToV3(codec.toConfig(), info)).toEqual({
      name: "sharding_indexed",
      configuration: { ...entry.configuration, index_location: "end" },
    });
    expect(codecConfigFromV3({ name: "crc32c" }, info, "codecs[1]")).toEqual({ id: "crc32c" });
    expect(await getCodec({ id: "crc32c" })).toBeInstanceOf(Crc32c);
    expect(codecConfigToV3({ id: "crc32c" }, info)).toEqual({ name: "crc32c", configuration: {} });
    expect(() =>
      codecConfigFromV3(
        { name: "sharding_indexed", configuration: { chunk_shape: "x" } },
        info,
        "codecs[0]",
      ),
    ).toThrow(/codecs\[0\]: codec "sharding_indexed": .*"chunk_shape" must be a non-empty list/);
  });
});

describe("sharding_indexed: partial reads", () => {
  afterEach(() => clearShardIndexCache());

  async function storedShard(location: "start" | "end"): Promise<{
    codec: ShardingCodec;
    store: RangeCountingStore;
    bytes: Uint8Array;
  }> {
    const codec = sharding({ chunk_shape: [2, 3], index_location: location });
    const store = new RangeCountingStore();
    const bytes = await codec.encode(SHARD, int32Info([4, 6]));
    store.map.set("a/c/0/0", bytes);
    return { codec, store, bytes };
  }

  it("reads one inner chunk with exactly two requests: a suffix for the index, then the chunk", async () => {
    const { codec, store, bytes } = await storedShard("end");
    const shard = await codec.openShard(store, "a/c/0/0", int32Info([4, 6]));
    const [chunk] = await shard!.readChunks([[1, 0]]);
    expect([...(chunk as Int32Array)]).toEqual(INNER[2]);
    expect(store.requests).toEqual([
      { key: "a/c/0/0", range: { suffixLength: 68 }, bytes: 68 },
      { key: "a/c/0/0", range: { offset: 48, length: 24 }, bytes: 24 },
    ]);
    expect(bytes.byteLength).toBe(4 * 24 + 68);
  });

  it("reads the index at the start with a range from offset 0", async () => {
    const { codec, store } = await storedShard("start");
    const shard = await codec.openShard(store, "a/c/0/0", int32Info([4, 6]));
    const [chunk] = await shard!.readChunks([[0, 1]]);
    expect([...(chunk as Int32Array)]).toEqual(INNER[1]);
    expect(store.requests).toEqual([
      { key: "a/c/0/0", range: { offset: 0, length: 68 }, bytes: 68 },
      { key: "a/c/0/0", range: { offset: 92, length: 24 }, bytes: 24 },
    ]);
  });

  it("coalesces adjacent inner chunks into one request, and far ones into separate requests", async () => {
    const { codec, store } = await storedShard("end");
    const shard = await codec.openShard(store, "a/c/0/0", int32Info([4, 6]));
    store.reset();
    const chunks = await shard!.readChunks([
      [1, 1],
      [0, 0],
      [0, 1],
    ]);
    expect(chunks.map((c) => [...(c as Int32Array)])).toEqual([INNER[3], INNER[0], INNER[1]]);
    // Chunks at [0, 24), [24, 48) and [72, 96): the 24-byte hole is below the 1 MiB gap.
    expect(store.requests).toEqual([
      { key: "a/c/0/0", range: { offset: 0, length: 96 }, bytes: 96 },
    ]);
    const apart = await codec.openShard(store, "a/c/0/0", int32Info([4, 6]), {
      coalesceGapBytes: 0,
    });
    store.reset();
    await apart!.readChunks([
      [1, 1],
      [0, 0],
      [0, 1],
    ]);
    expect(store.requests.map((r) => r.range)).toEqual([
      { offset: 0, length: 48 },
      { offset: 72, length: 24 },
    ]);
  });

  it("caches the index until the shard is written through zarrkit", async () => {
    const { codec, store } = await storedShard("end");
    await codec.openShard(store, "a/c/0/0", int32Info([4, 6]));
    expect(cachedShardIndex(store, "a/c/0/0")).toBeDefined();
    store.reset();
    const again = await codec.openShard(store, "a/c/0/0", int32Info([4, 6]));
    await again!.readChunks([[0, 0]]);
    expect(store.requests.map((r) => r.range)).toEqual([{ offset: 0, length: 24 }]);
    invalidateShardIndex(store, "a/c/0/0");
    store.reset();
    await codec.openShard(store, "a/c/0/0", int32Info([4, 6]));
    expect(store.requests.map((r) => r.range)).toEqual([{ suffixLength: 68 }]);
  });

  it("fetches the index once for concurrent opens, and uses the cache when given a signal", async () => {
    const { codec, store } = await storedShard("end");
    const readers = await Promise.all(
      Array.from({ length: 5 }, () => codec.openShard(store, "a/c/0/0", int32Info([4, 6]))),
    );
    expect(readers.every((r) => r !== undefined)).toBe(true);
    expect(store.requests).toHaveLength(1);
    const signal = new AbortController().signal;
    await codec.openShard(store, "a/c/0/0", int32Info([4, 6]), { signal });
    expect(store.requests).toHaveLength(1);
  });

  it("does not cache an index read that a write overtook", async () => {
    const { codec, store } = await storedShard("end");
    // Hold the index read in flight until the shard has been "written" (invalidated).
    let started!: () => void;
    const inFlight = new Promise<void>((r) => {
      started = r;
    });
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const getRange = store.getRange.bind(store);
    store.getRange = async (key, range) => {
      started();
      await gate;
      return getRange(key, range);
    };
    const opening = codec.openShard(store, "a/c/0/0", int32Info([4, 6]));
    await inFlight;
    invalidateShardIndex(store, "a/c/0/0");
    release();
    await opening;
    store.getRange = getRange;
    expect(cachedShardIndex(store, "a/c/0/0")).toBeUndefined();
    await codec.openShard(store, "a/c/0/0", int32Info([4, 6]));
    expect(cachedShardIndex(store, "a/c/0/0")).toBeDefined();
    expect(store.requests).toHaveLength(2);
  });

  it("gives undefined for a missing shard and for inner chunks that are not stored", async () => {
    const codec = sharding({ chunk_shape: [2, 3] });
    const store = new RangeCountingStore();
    expect(await codec.openShard(store, "a/c/9/9", int32Info([4, 6]))).toBeUndefined();
    const data = new Int32Array(24);
    data[0] = 1;
    store.map.set("a/c/0/0", await codec.encode(data, int32Info([4, 6])));
    const shard = await codec.openShard(store, "a/c/0/0", int32Info([4, 6]));
    store.reset();
    const [first, second] = await shard!.readChunks([
      [0, 0],
      [1, 1],
    ]);
    expect([...(first as Int32Array)]).toEqual([1, 0, 0, 0, 0, 0]);
    expect(second).toBeUndefined();
    expect(store.requests).toHaveLength(1);
  });

  it("names the shard key when its index is corrupted or too short", async () => {
    const { codec, store, bytes } = await storedShard("end");
    const bad = bytes.slice();
    bad[bad.byteLength - 10] ^= 0xff;
    store.map.set("a/c/0/1", bad);
    await expect(codec.openShard(store, "a/c/0/1", int32Info([4, 6]))).rejects.toThrow(
      /shard "a\/c\/0\/1": corrupted shard index: .*checksum mismatch/,
    );
    store.map.set("a/c/1/0", bytes.subarray(0, 20));
    await expect(codec.openShard(store, "a/c/1/0", int32Info([4, 6]))).rejects.toThrow(
      /shard "a\/c\/1\/0": corrupted shard index: the index is 20 bytes, expected 68/,
    );
    // A valid index whose chunk lies past the shard's end: found when the chunk is read.
    const lying = concat(
      indexBytes([
        [0n, 500n],
        [EMPTY, EMPTY],
        [EMPTY, EMPTY],
        [EMPTY, EMPTY],
      ]),
    );
    store.map.set("a/c/1/1", lying);
    const shard = await codec.openShard(store, "a/c/1/1", int32Info([4, 6]));
    await expect(shard!.readChunks([[0, 0]])).rejects.toThrow(
      /shard "a\/c\/1\/1": corrupted shard index: bytes \[0, 500\) are past the end of the shard/,
    );
    await expect(shard!.readChunks([[2, 0]])).rejects.toThrow(CodecError);
  });
});

describe("sharding_indexed: read-modify-write", () => {
  it("re-encodes only the replaced inner chunks and copies the others' bytes as stored", async () => {
    const codec = sharding({ chunk_shape: [2, 3], codecs: [BYTES, { name: "crc32c" }] });
    const info = int32Info([4, 6]);
    const old = await codec.encode(SHARD, info);
    // Break inner chunk 3's checksum: an editor that decoded it would fail.
    const damaged = old.slice();
    damaged[3 * 28 + 1] ^= 0xff;
    const editor = await codec.editShard(damaged, info, "a/c/0/0");
    expect([...((await editor.get([0, 1])) as Int32Array)]).toEqual(INNER[1]);
    editor.set([0, 0], Int32Array.from([9, 9, 9, 9, 9, 9]));
    editor.set([0, 1], new Int32Array(6)); // all fill: left out
    const bytes = (await editor.encode())!;
    const chunk = (values: number[]) => {
      const b = le32(values);
      const out = new Uint8Array(28);
      out.set(b);
      new DataView(out.buffer).setUint32(24, crc32c(b), true);
      return out;
    };
    const expected = concat(
      chunk([9, 9, 9, 9, 9, 9]),
      chunk(INNER[2]!),
      damaged.subarray(3 * 28, 4 * 28),
      indexBytes([
        [0n, 28n],
        [EMPTY, EMPTY],
        [28n, 28n],
        [56n, 28n],
      ]),
    );
    expect([...bytes]).toEqual([...expected]);
  });

  it("starts from no shard, and reports an emptied shard as nothing to store", async () => {
    const codec = sharding({ chunk_shape: [2, 3] });
    const info = int32Info([4, 6]);
    const editor = await codec.editShard(undefined, info);
    expect(await editor.get([1, 1])).toBeUndefined();
    editor.set([1, 1], Int32Array.from(INNER[3]!));
    const bytes = (await editor.encode())!;
    expect([...bytes]).toEqual([
      ...concat(
        le32(INNER[3]!),
        indexBytes([
          [EMPTY, EMPTY],
          [EMPTY, EMPTY],
          [EMPTY, EMPTY],
          [0n, 24n],
        ]),
      ),
    ]);
    const again = await codec.editShard(bytes, info);
    again.set([1, 1], new Int32Array(6));
    expect(await again.encode()).toBeUndefined();
    expect(() => again.set([0, 0], new Int32Array(5))).toThrow(/needs 6 elements/);
    expect(() => again.set([2, 0], new Int32Array(6))).toThrow(/outside the shard's grid \[2, 2\]/);
  });
});

describe("fill test", () => {
  it("treats -0 as 0 and NaN as NaN, and compares each complex lane", () => {
    const f8 = parseDataType("<f8");
    expect(fillTester(f8, 0)(Float64Array.from([0, -0]))).toBe(true);
    expect(fillTester(f8, Number.NaN)(Float64Array.from([NaN, NaN]))).toBe(true);
    expect(fillTester(f8, Number.NaN)(Float64Array.from([NaN, 0]))).toBe(false);
    const c8 = parseDataType("<c8");
    expect(fillTester(c8, [1, 2])(Float32Array.from([1, 2, 1, 2]))).toBe(true);
    expect(fillTester(c8, [1, 2])(Float32Array.from([1, 2, 2, 1]))).toBe(false);
    const i8 = parseDataType("<i8");
    expect(fillTester(i8, 3n)(BigInt64Array.from([3n, 3n]))).toBe(true);
    expect(fillTester(i8, 3n)(BigInt64Array.from([3n, 4n]))).toBe(false);
    expect(fillTester(parseDataType("|b1"), true)(Uint8Array.from([1, 1]))).toBe(true);
  });
});
