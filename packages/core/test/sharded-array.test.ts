import { describe, expect, it } from "vitest";
import {
  type ChunkData,
  type ChunkInfo,
  type Codec,
  type CodecConfig,
  create,
  type NdArray,
  openArray,
  registerCodec,
  type Store,
} from "../src/index.js";
import { RecordingStore } from "./helpers/recording-store.js";

/**
 * A stand-in for the sharding codec (codecs/sharding.ts), so the array's shard handling is
 * tested on its own: a shard is stored as the raw uint16 bytes of the whole shard (C order),
 * and `openShard` hands out the inner chunks asked for, recording each request.
 */
const requests: { key: string; local: number[][] }[] = [];
const infos: ChunkInfo[] = [];
/** Inner chunks an edit decoded (`get`) and replaced (`set`), by shard key. */
const edits: { key: string; got: number[][]; set: number[][] }[] = [];

class FakeSharding implements Codec {
  readonly id = "sharding_indexed";
  readonly innerChunkShape: readonly number[];
  readonly #shard: readonly number[];
  constructor(readonly config: CodecConfig) {
    this.innerChunkShape = config.chunk_shape as number[];
    this.#shard = config.shard_shape_for_test as number[];
  }
  encode(data: Uint8Array | ArrayBufferView | ChunkData): Uint8Array {
    const v = data as ArrayBufferView;
    return new Uint8Array(v.buffer, v.byteOffset, v.byteLength).slice();
  }
  decode(data: Uint8Array): Uint8Array {
    return data.slice();
  }
  toConfig(): CodecConfig {
    return this.config;
  }
  /** The inner chunk at `coords` of a whole shard (C order), copied out. */
  #block(all: Uint16Array, coords: readonly number[]): Uint16Array {
    const [ir, ic] = this.innerChunkShape as [number, number];
    const out = new Uint16Array(ir * ic);
    for (let i = 0; i < ir; i++)
      for (let j = 0; j < ic; j++)
        out[i * ic + j] = all[(coords[0]! * ir + i) * this.#shard[1]! + coords[1]! * ic + j]!;
    return out;
  }

  async editShard(old: Uint8Array | undefined, _info: ChunkInfo, key = "") {
    const all = old ? new Uint16Array(old.slice().buffer) : new Uint16Array(16);
    const record = { key, got: [] as number[][], set: [] as number[][] };
    edits.push(record);
    const [ir, ic] = this.innerChunkShape as [number, number];
    return {
      get: async (coords: readonly number[]) => {
        record.got.push([...coords]);
        const block = this.#block(all, coords);
        return block.every((x) => x === 0) ? undefined : (block as ChunkData);
      },
      set: (coords: readonly number[], data: ChunkData) => {
        record.set.push([...coords]);
        const d = data as Uint16Array;
        for (let i = 0; i < ir; i++)
          for (let j = 0; j < ic; j++)
            all[(coords[0]! * ir + i) * this.#shard[1]! + coords[1]! * ic + j] = d[i * ic + j]!;
      },
      encode: async () =>
        all.every((x) => x === 0) ? undefined : new Uint8Array(all.buffer.slice(0)),
    };
  }

  async openShard(store: Store, key: string, info: ChunkInfo) {
    infos.push(info);
    const raw = await store.get(key);
    if (raw === undefined) return undefined;
    const all = new Uint16Array(raw.slice().buffer);
    const inner = this.innerChunkShape;
    const shard = this.#shard;
    return {
      readChunks: async (
        local: number[][],
        _opts: unknown,
        visit: (position: number, chunk: ChunkData) => void,
      ) => {
        requests.push({ key, local });
        local.forEach((coords, position) => {
          // Copy the inner chunk's block out of the shard, C order.
          const out = new Uint16Array(inner[0]! * inner[1]!);
          for (let i = 0; i < inner[0]!; i++)
            for (let j = 0; j < inner[1]!; j++) {
              const r = coords[0]! * inner[0]! + i;
              const c = coords[1]! * inner[1]! + j;
              out[i * inner[1]! + j] = all[r * shard[1]! + c]!;
            }
          // An inner chunk of zeros counts as empty, as sharding leaves such chunks out.
          if (!out.every((x) => x === 0)) visit(position, out as ChunkData);
        });
      },
    };
  }
}

registerCodec("sharding_indexed", (config) => new FakeSharding(config), {
  v3: { name: "sharding_indexed" },
});

async function shardedArray(store: RecordingStore) {
  return create([8, 8], {
    store,
    dtype: "uint16",
    zarrFormat: 3,
    codecs: [
      {
        name: "sharding_indexed",
        configuration: {
          chunk_shape: [2, 2],
          shard_shape_for_test: [4, 4],
          codecs: [{ name: "bytes", configuration: { endian: "little" } }],
          index_codecs: [{ name: "bytes", configuration: { endian: "little" } }],
          index_location: "end",
        },
      },
    ],
    shards: null,
    chunks: [4, 4],
  });
}

describe("sharded arrays", () => {
  it("report the inner chunks as chunks and the grid as shards", async () => {
    const store = new RecordingStore();
    const z = await shardedArray(store);
    expect(z.chunks).toEqual([2, 2]);
    expect(z.shards).toEqual([4, 4]);
    expect(z.cdataShape).toEqual([2, 2]);
  });

  it("read only the inner chunks a selection touches, one request per shard", async () => {
    const store = new RecordingStore();
    const z = await shardedArray(store);
    // Values 1..64 row by row; shards are written whole through the pipeline.
    await z.set(null, { data: Uint16Array.from({ length: 64 }, (_, i) => i + 1), shape: [8, 8] });
    expect([...store.map.keys()].filter((k) => k.startsWith("c/")).sort()).toEqual([
      "c/0/0",
      "c/0/1",
      "c/1/0",
      "c/1/1",
    ]);
    requests.length = 0;
    store.reads.length = 0;
    const again = await openArray(store, { mode: "r" });
    store.reads.length = 0;
    // Rows 1-2, columns 3-4: inner chunks (0,1),(1,1) of shard (0,0) and (0,0),(1,0) of (0,1).
    const block = (await again.get("1:3, 3:5")) as NdArray;
    expect([...block.data]).toEqual([12, 13, 20, 21]);
    expect(requests.sort((a, b) => (a.key < b.key ? -1 : 1))).toEqual([
      {
        key: "c/0/0",
        local: [
          [0, 1],
          [1, 1],
        ],
      },
      {
        key: "c/0/1",
        local: [
          [0, 0],
          [1, 0],
        ],
      },
    ]);
    expect(store.reads.sort()).toEqual(["c/0/0", "c/0/1"]);
    expect(await again.get([7, 7])).toBe(64);
    // Each shard is opened with the whole shard's spec, as the pipeline hands it over.
    expect(infos.at(-1)).toMatchObject({ dtype: "<u2", itemsize: 2, shape: [4, 4], fillValue: 0 });
  });

  it("fill what a shard leaves out and what has no shard", async () => {
    const store = new RecordingStore();
    const z = await shardedArray(store);
    await z.set("0:2, 0:2", 5);
    const all = (await z.get(null)) as NdArray;
    const expected = Array.from({ length: 64 }, (_, i) => (i % 8 < 2 && i < 16 ? 5 : 0));
    expect([...all.data]).toEqual(expected);
    // Only shard (0, 0) holds data; zeros everywhere else are the fill value, not stored.
    expect([...store.map.keys()].filter((k) => k.startsWith("c/"))).toEqual(["c/0/0"]);
  });

  it("write part of a shard by editing only the inner chunks touched", async () => {
    const store = new RecordingStore();
    const z = await shardedArray(store);
    await z.set(null, { data: Uint16Array.from({ length: 64 }, (_, i) => i + 1), shape: [8, 8] });
    edits.length = 0;
    store.reads.length = 0;
    // Rows 0-1 and column 1 of shard (0, 0): inner chunk (0, 0) wholly, nothing else.
    await z.set("0:2, 0:2", 0);
    // Row 2, columns 2-3: half of inner chunk (1, 1), which must be read first.
    await z.set("2, 2:4", Uint16Array.from([100, 101]));
    expect(edits).toEqual([
      { key: "c/0/0", got: [], set: [[0, 0]] },
      { key: "c/0/0", got: [[1, 1]], set: [[1, 1]] },
    ]);
    expect(store.reads).toEqual(["c/0/0", "c/0/0"]);
    const block = (await z.get("0:4, 0:4")) as NdArray;
    expect([...block.data]).toEqual([0, 0, 3, 4, 0, 0, 11, 12, 17, 18, 100, 101, 25, 26, 27, 28]);
  });

  it("delete a shard that an edit leaves all fill value, and keep the old one when the write fails", async () => {
    const store = new RecordingStore();
    const z = await shardedArray(store);
    await z.set("0:1, 0:1", 9);
    expect(store.map.has("c/0/0")).toBe(true);
    await z.set("0:1, 0:1", 0);
    expect(store.map.has("c/0/0")).toBe(false);
    await z.set("0:1, 0:1", 9);
    const before = store.map.get("c/0/0");
    store.failOn = (k) => k === "c/0/0";
    await expect(z.set("0:1, 1:2", 7)).rejects.toThrow("injected failure writing c/0/0");
    expect(store.map.get("c/0/0")).toEqual(before);
  });
});
