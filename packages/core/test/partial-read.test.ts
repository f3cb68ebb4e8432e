// Reads that need a small part of a chunk decode only that part: the byte ranges core computes,
// the compressor's decodePartial (a test codec here; Blosc's is tested in codec-blosc), and
// uncompressed chunks read by range from the store.
import { describe, expect, it } from "vitest";
import {
  asBytes,
  type ByteRanges,
  type Codec,
  type CodecConfig,
  type CodecInput,
  CodecError,
  configureWorkers,
  create,
  registerCodec,
} from "../src/index.js";
import { byteRangesOf } from "../src/codecs/partial-decode.js";
import { RangeCountingStore } from "./helpers/range-counting-store.js";

/** XOR with a key, its own inverse; decodePartial XORs only the ranges and records them. */
class PartialXor implements Codec {
  readonly id: string = "test-partial-xor";
  static partialCalls: ByteRanges[] = [];
  static wholeCalls = 0;
  constructor(readonly key = 0x3c) {}
  encode(data: CodecInput): Uint8Array {
    return asBytes(data as ArrayBufferView).map((b) => b ^ this.key);
  }
  decode(data: Uint8Array, out?: Uint8Array): Uint8Array {
    PartialXor.wholeCalls++;
    const r = data.map((b) => b ^ this.key);
    if (out) {
      out.set(r);
      return out;
    }
    return r;
  }
  decodePartial(data: Uint8Array, ranges: ByteRanges, out: Uint8Array): void {
    PartialXor.partialCalls.push(ranges.map(([a, b]) => [a, b] as const));
    for (const [a, b] of ranges) for (let i = a; i < b; i++) out[i] = data[i]! ^ this.key;
  }
  toConfig(): CodecConfig {
    return { id: this.id, key: this.key };
  }
  toString() {
    return `PartialXor(key=${this.key})`;
  }
}
registerCodec("test-partial-xor", (c) => new PartialXor(c.key as number));

function reset() {
  PartialXor.partialCalls = [];
  PartialXor.wholeCalls = 0;
}

const grid = (rows: number, cols: number) =>
  Int32Array.from({ length: rows * cols }, (_, k) => Math.floor(k / cols) * 1000 + (k % cols));

describe("byteRangesOf", () => {
  it("gives one merged range per row of a 2-d block, in bytes", () => {
    // Rows 2..4, columns 5..7 of a 10 x 10 chunk of 4-byte elements.
    const plan = {
      counts: [3, 3],
      srcOffset: 25,
      srcStrides: [10, 1],
      dstOffset: 0,
      dstStrides: [3, 1],
    };
    expect(byteRangesOf(plan, 4, 400)).toEqual([
      [100, 112],
      [140, 152],
      [180, 192],
    ]);
  });

  it("merges rows that touch and covers a stepped run from its first to its last element", () => {
    const full = {
      counts: [2, 10],
      srcOffset: 0,
      srcStrides: [10, 1],
      dstOffset: 0,
      dstStrides: [10, 1],
    };
    expect(byteRangesOf(full, 2, 200)).toEqual([[0, 40]]);
    const stepped = {
      counts: [2, 3],
      srcOffset: 1,
      srcStrides: [20, 4],
      dstOffset: 0,
      dstStrides: [3, 1],
    };
    expect(byteRangesOf(stepped, 1, 100)).toEqual([
      [1, 10],
      [21, 30],
    ]);
  });

  it("is null past the span limit, so the whole chunk is decoded", () => {
    // Column 0 of every row: 4 bytes a row, but spanning the whole chunk.
    const column = { counts: [10], srcOffset: 0, srcStrides: [10], dstOffset: 0, dstStrides: [1] };
    expect(byteRangesOf(column, 4, 400)).toBeNull();
    const half = {
      counts: [5, 10],
      srcOffset: 0,
      srcStrides: [10, 1],
      dstOffset: 0,
      dstStrides: [10, 1],
    };
    expect(byteRangesOf(half, 4, 400)).toEqual([[0, 200]]);
    expect(byteRangesOf(half, 4, 400, 0.25)).toBeNull();
  });
});

describe("partial decoding through a compressor's decodePartial", () => {
  it("asks the compressor for the rows a block needs and returns the stored values", async () => {
    for (const order of ["C", "F"] as const) {
      const store = new RangeCountingStore();
      const z = await create([40, 30], {
        dtype: "<i4",
        chunks: [20, 10],
        order,
        compressor: new PartialXor(),
        store,
      });
      const values = grid(40, 30);
      await z.set(null, { data: values, shape: [40, 30] });
      reset();
      // Rows 21..22, columns 12..14: chunk (1, 1), local rows 1..2, columns 2..4.
      const got = await z.get("21:23, 12:15");
      expect(Array.from(got.data as Int32Array)).toEqual([
        21012, 21013, 21014, 22012, 22013, 22014,
      ]);
      expect(PartialXor.wholeCalls).toBe(0);
      // C: a row of the 20 x 10 chunk is 40 bytes; F: a column of it is 80 bytes.
      expect(PartialXor.partialCalls).toEqual(
        order === "C"
          ? [
              [
                [48, 60],
                [88, 100],
              ],
            ]
          : [
              [
                [164, 172],
                [244, 252],
                [324, 332],
              ],
            ],
      );
      // The same selection read whole (a large read of the chunk) agrees.
      const whole = await z.get(null);
      const w = whole.data as Int32Array;
      expect([w[21 * 30 + 12], w[22 * 30 + 14]]).toEqual([21012, 22014]);
      expect(PartialXor.wholeCalls).toBeGreaterThan(0);
    }
  });

  it("decodes whole chunks when the selection spans most of one", async () => {
    const store = new RangeCountingStore();
    const z = await create([20, 10], {
      dtype: "<i4",
      chunks: [20, 10],
      compressor: new PartialXor(),
      store,
    });
    await z.set(null, { data: grid(20, 10), shape: [20, 10] });
    reset();
    const col = await z.get(":, 3");
    expect(Array.from(col.data as Int32Array)).toEqual(
      Array.from({ length: 20 }, (_, i) => i * 1000 + 3),
    );
    expect(PartialXor.partialCalls).toEqual([]);
    expect(PartialXor.wholeCalls).toBe(1);
  });

  it("decodes whole chunks when a filter stands before the compressor, or the bytes are big-endian", async () => {
    for (const opts of [{ filters: [new PartialXor(1)] }, { dtype: ">i4" }]) {
      const store = new RangeCountingStore();
      const z = await create([40, 10], {
        dtype: "<i4",
        chunks: [40, 10],
        compressor: new PartialXor(),
        store,
        ...opts,
      });
      await z.set(null, { data: grid(40, 10), shape: [40, 10] });
      reset();
      const got = await z.get("1:2, 0:2");
      expect(Array.from(got.data as Int32Array)).toEqual([1000, 1001]);
      expect(PartialXor.partialCalls).toEqual([]);
    }
  });

  it("names the chunk key and the codec when decodePartial fails", async () => {
    class Failing extends PartialXor {
      override readonly id = "test-partial-failing";
      override toConfig(): CodecConfig {
        return { id: this.id };
      }
      override decodePartial(): void {
        throw new CodecError("block 3 is corrupt");
      }
    }
    registerCodec("test-partial-failing", () => new Failing());
    const store = new RangeCountingStore();
    const z = await create([40, 10], {
      dtype: "<i4",
      chunks: [40, 10],
      compressor: new Failing(),
      store,
    });
    await z.set(null, 7);
    const read = z.get("1:2, 0:2");
    await expect(read).rejects.toThrow(CodecError);
    await expect(z.get("1:2, 0:2")).rejects.toThrow(
      /chunk "0\.0": codec "test-partial-failing" failed to decode: block 3 is corrupt/,
    );
  });
});

describe("uncompressed chunks", () => {
  it("are read whole, so a stored chunk of the wrong size is refused even for a small selection", async () => {
    const store = new RangeCountingStore();
    const z = await create([40, 30], { dtype: "<i4", chunks: [20, 10], compressor: null, store });
    await z.set(null, { data: grid(40, 30), shape: [40, 30] });
    store.reset();
    const got = await z.get("21:23, 12:15");
    expect(Array.from(got.data as Int32Array)).toEqual([21012, 21013, 21014, 22012, 22013, 22014]);
    // One whole read of chunk 1.1 (20 x 10 x 4 bytes), no range request.
    expect(store.dataRequests()).toEqual([{ key: "1.1", bytes: 800 }]);

    store.map.set("1.1", store.map.get("1.1")!.slice(0, 400));
    await expect(z.get("21:23, 12:15")).rejects.toThrow(CodecError);
    await expect(z.get("21:23, 12:15")).rejects.toThrow(/"1\.1"/);
  });
});

describe("workers forced on", () => {
  it("turn partial decoding off: every chunk goes through the whole-chunk path", async () => {
    const previous = configureWorkers({ enabled: true, modules: [] });
    try {
      const z = await create([40, 30], {
        dtype: "<i4",
        chunks: [20, 10],
        compressor: new PartialXor(),
        store: new RangeCountingStore(),
      });
      await z.set(null, { data: grid(40, 30), shape: [40, 30] });
      reset();
      const got = await z.get("21:23, 12:15");
      expect(Array.from(got.data as Int32Array)).toEqual([
        21012, 21013, 21014, 22012, 22013, 22014,
      ]);
      expect(PartialXor.partialCalls).toEqual([]);
      expect(PartialXor.wholeCalls).toBe(1);
    } finally {
      configureWorkers(previous);
    }
  });
});

describe("inner chunks of shards", () => {
  it("decode only the rows a block needs, and the values are the stored ones", async () => {
    const store = new RangeCountingStore();
    const z = await create([40, 40], {
      dtype: "<i4",
      chunks: [20, 10],
      shards: [40, 20],
      zarrFormat: 3,
      compressor: new PartialXor(),
      store,
    });
    await z.set(null, { data: grid(40, 40), shape: [40, 40] });
    reset();
    // Inner chunk (1, 1) of shard (0, 0): local rows 1..2, columns 2..4.
    const got = await z.get("21:23, 12:15");
    expect(Array.from(got.data as Int32Array)).toEqual([21012, 21013, 21014, 22012, 22013, 22014]);
    expect(PartialXor.wholeCalls).toBe(0);
    expect(PartialXor.partialCalls).toEqual([
      [
        [48, 60],
        [88, 100],
      ],
    ]);
    // A whole inner chunk is decoded whole.
    reset();
    const whole = await z.get("0:20, 10:20");
    // Output element 21 is row 2, column 1 of the block: array element (2, 11).
    expect((whole.data as Int32Array)[21]).toBe(2011);
    expect(PartialXor.partialCalls).toEqual([]);
    expect(PartialXor.wholeCalls).toBe(1);
  });
});
