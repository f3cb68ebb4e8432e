// Sharded v3 arrays through the array API: what a read of part of a shard asks the store for,
// and what writes into shards do (whole shards without a read, read-modify-write of part of
// one, concurrent writes to one shard, deletion of an all-fill shard, a failing codec).
import { afterAll, describe, expect, it } from "vitest";
import * as zarr from "../src/index.js";

type Range = zarr.ByteRange;

/** Wraps a store and records every read (whole or ranged) with the bytes it returned. */
class CountingStore implements zarr.Store {
  readonly reads: { key: string; range?: Range; bytes: number }[] = [];
  readonly inner = new zarr.MemoryStore();

  async get(key: string): Promise<Uint8Array | undefined> {
    const v = await this.inner.get(key);
    this.reads.push({ key, bytes: v?.byteLength ?? 0 });
    return v;
  }
  async getRange(key: string, range: Range): Promise<Uint8Array | undefined> {
    const v = await this.inner.getRange(key, range);
    this.reads.push({ key, range, bytes: v?.byteLength ?? 0 });
    return v;
  }
  async set(key: string, value: Uint8Array): Promise<void> {
    await this.inner.set(key, value);
  }
  async delete(key: string): Promise<boolean> {
    return this.inner.delete(key);
  }
  async list(prefix = ""): Promise<string[]> {
    const out: string[] = [];
    for await (const k of await this.inner.list(prefix)) out.push(k);
    return out;
  }
  /** Reads of anything but metadata documents. */
  dataReads(): { key: string; range?: Range; bytes: number }[] {
    return this.reads.filter((r) => !r.key.endsWith("zarr.json"));
  }
  toString(): string {
    return "CountingStore";
  }
}

/** Fails to encode while `fail` is set; otherwise stores bytes as they are. */
class FlakyCodec implements zarr.Codec {
  static fail = false;
  readonly id = "test-flaky";
  encode(data: zarr.CodecInput): Uint8Array {
    if (FlakyCodec.fail) throw new Error("injected encode failure");
    return new Uint8Array((data as Uint8Array).slice());
  }
  decode(data: Uint8Array): Uint8Array {
    return data;
  }
  toConfig(): zarr.CodecConfig {
    return { id: this.id };
  }
  toString(): string {
    return "FlakyCodec()";
  }
}
zarr.registerCodec("test-flaky", () => new FlakyCodec(), { v3: { name: "test-flaky" } });

const BYTES = { name: "bytes", configuration: { endian: "little" } };

describe("sharded reads through the array", () => {
  it("reads one 100x100 block of a 10000x10000 shard with 2 requests: the index and one inner chunk", async () => {
    const store = new CountingStore();
    await zarr.create([10000, 10000], {
      dtype: "<i4",
      zarrFormat: 3,
      compressor: null,
      store,
      codecs: [
        {
          name: "sharding_indexed",
          configuration: {
            chunk_shape: [100, 100],
            codecs: [BYTES, { name: "gzip", configuration: { level: 1 } }],
            index_codecs: [BYTES, { name: "crc32c" }],
            index_location: "end",
          },
        },
      ],
      chunks: [10000, 10000],
    });
    // The shard is built with the codec (one inner chunk of 10000 stored), so the test does
    // not depend on the write path; the array reads it back.
    const codec = (await zarr.getCodec({
      id: "sharding_indexed",
      chunk_shape: [100, 100],
      codecs: [BYTES, { name: "gzip", configuration: { level: 1 } }],
      index_codecs: [BYTES, { name: "crc32c" }],
      index_location: "end",
    })) as zarr.ShardingCodec;
    const info = {
      dtype: "<i4",
      itemsize: 4,
      shape: [10000, 10000],
      dataType: zarr.parseDataType("<i4"),
      fillValue: 0,
    };
    const editor = await codec.editShard(undefined, info);
    const block = Int32Array.from({ length: 10000 }, (_, i) => i * 7 + 1);
    editor.set([2, 5], block);
    const other = Int32Array.from({ length: 10000 }, (_, i) => -i);
    editor.set([99, 99], other);
    const shard = (await editor.encode())!;
    await store.set("c/0/0", shard);

    const opened = await zarr.openArray(store, { mode: "r" });
    store.reads.length = 0;
    const got = (await opened.get([zarr.slice(200, 300), zarr.slice(500, 600)])) as zarr.NdArray;
    expect([...(got.data as Int32Array)]).toEqual([...block]);
    const reads = store.dataReads();
    expect(reads).toHaveLength(2);
    const indexBytes = 10000 * 16 + 4;
    expect(reads[0]).toEqual({
      key: "c/0/0",
      range: { suffixLength: indexBytes },
      bytes: indexBytes,
    });
    // The second request is exactly inner chunk [2, 5] (slot 205), as the stored index says.
    const view = new DataView(shard.buffer, shard.byteOffset + shard.byteLength - indexBytes);
    const offset = Number(view.getBigUint64(205 * 16, true));
    const length = Number(view.getBigUint64(205 * 16 + 8, true));
    expect(reads[1]).toEqual({ key: "c/0/0", range: { offset, length }, bytes: length });
    expect(reads.reduce((n, r) => n + r.bytes, 0)).toBe(indexBytes + length);
    expect(length).toBeLessThan(shard.byteLength - indexBytes);

    // The index is cached: another block costs one request; an unstored block costs none.
    store.reads.length = 0;
    const last = (await opened.get([
      zarr.slice(9900, 10000),
      zarr.slice(9900, 10000),
    ])) as zarr.NdArray;
    expect([...(last.data as Int32Array)]).toEqual([...other]);
    const empty = (await opened.get([zarr.slice(0, 100), zarr.slice(0, 100)])) as zarr.NdArray;
    expect((empty.data as Int32Array).every((v) => v === 0)).toBe(true);
    expect(store.dataReads()).toHaveLength(1);
  });
});

async function shardedArray(store: zarr.Store, innerCodecs: unknown[] = [BYTES]) {
  return zarr.create([8, 8], {
    dtype: "<i4",
    zarrFormat: 3,
    compressor: null,
    store,
    chunks: [4, 8],
    fillValue: 0,
    codecs: [
      {
        name: "sharding_indexed",
        configuration: {
          chunk_shape: [2, 2],
          codecs: innerCodecs,
          index_codecs: [BYTES, { name: "crc32c" }],
        },
      },
    ],
  } as zarr.CreateOptions<"<i4">);
}

describe("sharded writes through the array", () => {
  it("writes a whole shard without reading it", async () => {
    const store = new CountingStore();
    const z = await shardedArray(store);
    store.reads.length = 0;
    await z.set(
      [zarr.slice(0, 4), null],
      Int32Array.from({ length: 32 }, (_, i) => i + 1),
    );
    expect(store.dataReads()).toEqual([]);
    const back = (await z.get([zarr.slice(0, 4), null])) as zarr.NdArray;
    expect([...(back.data as Int32Array)]).toEqual(Array.from({ length: 32 }, (_, i) => i + 1));
  });

  it("updates part of a shard and keeps the rest (read-modify-write), cached index or not", async () => {
    const store = new CountingStore();
    const z = await shardedArray(store);
    // Rows 2-3 only: inner chunks of rows 0-1 are left out of the shard's index.
    await z.set(
      [zarr.slice(2, 4), null],
      Int32Array.from({ length: 16 }, (_, i) => i + 1),
    );
    // A partial read caches the shard's index; the writes below move every stored chunk.
    expect(await z.get([3, 7])).toBe(16);
    await z.set([zarr.slice(0, 2), zarr.slice(3, 5)], -1);
    await z.set([zarr.slice(1, 3), 0], -2);
    const expected = [...new Array(16).fill(0), ...Array.from({ length: 16 }, (_, i) => i + 1)];
    for (const r of [0, 1]) for (const c of [3, 4]) expected[r * 8 + c] = -1;
    for (const r of [1, 2]) expected[r * 8] = -2;
    const back = (await z.get([zarr.slice(0, 4), null])) as zarr.NdArray;
    expect([...(back.data as Int32Array)]).toEqual(expected);
    expect(await z.get([3, 7])).toBe(16);
    expect(await z.get([1, 4])).toBe(-1);
  });

  it("loses nothing when many partial writes into one shard run at once", async () => {
    const store = new CountingStore();
    const z = await shardedArray(store);
    // 32 writes, one element each, all into shard c/0/0 (rows 0-3).
    await Promise.all(
      Array.from({ length: 32 }, (_, i) => z.set([Math.floor(i / 8), i % 8], i + 100)),
    );
    const back = (await z.get([zarr.slice(0, 4), null])) as zarr.NdArray;
    expect([...(back.data as Int32Array)]).toEqual(Array.from({ length: 32 }, (_, i) => i + 100));
  });

  it("deletes a shard once it holds only the fill value", async () => {
    const store = new CountingStore();
    const z = await shardedArray(store);
    await z.set([zarr.slice(4, 8), zarr.slice(0, 2)], 5);
    expect(await store.inner.get("c/1/0")).toBeDefined();
    await z.set([zarr.slice(4, 8), zarr.slice(0, 2)], 0);
    expect(await store.inner.get("c/1/0")).toBeUndefined();
    const back = (await z.get([zarr.slice(4, 8), null])) as zarr.NdArray;
    expect((back.data as Int32Array).every((v) => v === 0)).toBe(true);
  });

  it("leaves the old shard intact when a codec fails to encode", async () => {
    const store = new CountingStore();
    const z = await shardedArray(store, [BYTES, { name: "test-flaky" }]);
    await z.set([zarr.slice(0, 4), null], 3);
    const before = (await store.inner.get("c/0/0"))!.slice();
    FlakyCodec.fail = true;
    try {
      await expect(z.set([zarr.slice(0, 2), zarr.slice(0, 2)], 9)).rejects.toThrow(
        /injected encode failure/,
      );
      await expect(z.set([zarr.slice(0, 4), null], 9)).rejects.toThrow(/injected encode failure/);
    } finally {
      FlakyCodec.fail = false;
    }
    expect([...(await store.inner.get("c/0/0"))!]).toEqual([...before]);
    const back = (await z.get([zarr.slice(0, 4), null])) as zarr.NdArray;
    expect((back.data as Int32Array).every((v) => v === 3)).toBe(true);
  });
});

describe("sharded chunks in codec workers", () => {
  afterAll(async () => {
    zarr.configureWorkers({ enabled: null });
    await zarr.terminateWorkers();
  });

  it("encodes and decodes whole shards in a worker, which rebuilds the sharding codec", async () => {
    zarr.configureWorkers({ enabled: true });
    const store = new CountingStore();
    // A checksum around the shards: reads then decode whole shards through the pipeline.
    const z = await zarr.create([8, 8], {
      dtype: "<i4",
      zarrFormat: 3,
      compressor: null,
      store,
      chunks: [4, 8],
      codecs: [
        {
          name: "sharding_indexed",
          configuration: {
            chunk_shape: [2, 2],
            codecs: [BYTES, { name: "gzip", configuration: { level: 1 } }],
            index_codecs: [BYTES, { name: "crc32c" }],
          },
        },
        { name: "crc32c" },
      ],
    } as zarr.CreateOptions<"<i4">);
    const values = Int32Array.from({ length: 64 }, (_, i) => (i % 5 === 0 ? 0 : i * 3));
    await z.set(null, values);
    await z.set([zarr.slice(6, 8), zarr.slice(6, 8)], -4);
    const expected = [...values];
    for (const r of [6, 7]) for (const c of [6, 7]) expected[r * 8 + c] = -4;
    const back = (await z.get(null)) as zarr.NdArray;
    expect([...(back.data as Int32Array)]).toEqual(expected);
    const pool = zarr.getWorkerPool();
    expect(pool.broken).toBeUndefined();
    expect([...pool.unsupported]).toEqual([]);
  });
});
