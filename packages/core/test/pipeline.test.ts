import { describe, expect, it } from "vitest";
import {
  type ChunkInfo,
  type Codec,
  CodecError,
  type CodecConfig,
  create,
  openArray,
  registerCodec,
  slice,
} from "../src/index.js";
import { BytesCodec } from "../src/codecs/bytes.js";
import { ChunkPipeline } from "../src/codecs/pipeline.js";
import { TransposeCodec } from "../src/codecs/transpose.js";
import { asBytes, parseDataType } from "../src/index.js";
import { RecordingStore } from "./helpers/recording-store.js";

/** A reversible test codec: XOR with a key byte, with a one-byte header to detect corruption. */
class Xor implements Codec {
  readonly id = "test-pipeline-xor";
  failEncode = false;
  seen: ChunkInfo[] = [];
  /** The buffers encode was handed, to tell a view of the caller's array from a copy. */
  inputs: ArrayBufferLike[] = [];
  constructor(readonly key: number) {}
  encode(data: ArrayBufferView, info?: ChunkInfo): Uint8Array {
    if (this.failEncode) throw new Error("boom");
    if (info) this.seen.push(info);
    this.inputs.push(data.buffer);
    const src = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    const out = new Uint8Array(src.length + 1);
    out[0] = 0xa5;
    for (let i = 0; i < src.length; i++) out[i + 1] = src[i]! ^ this.key;
    return out;
  }
  decode(data: Uint8Array): Uint8Array {
    if (data[0] !== 0xa5) throw new Error("bad header");
    return data.subarray(1).map((b) => b ^ this.key);
  }
  toConfig(): CodecConfig {
    return { id: this.id, key: this.key };
  }
  toString(): string {
    return `Xor(key=${this.key})`;
  }
}
registerCodec("test-pipeline-xor", (c) => new Xor(c.key as number));

describe("the chunk pipeline", () => {
  it("encodes whole chunks straight from the caller's array without aliasing it", async () => {
    const store = new RecordingStore();
    const z = await create([8], { dtype: "i4", chunks: [4], compressor: new Xor(7), store });
    const xor = z.compressor as Xor;
    const data = Int32Array.from([1, 2, 3, 4, 5, 6, 7, 8]);
    await z.set(null, data);
    // Both whole chunks were encoded from views of the caller's buffer, not from copies.
    expect(xor.inputs).toHaveLength(2);
    expect(xor.inputs.every((b) => b === data.buffer)).toBe(true);
    data.fill(0);
    expect(Array.from((await z.get(null)).data)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const { dataType, ...info } = xor.seen[0]!;
    expect(info).toEqual({ dtype: "<i4", itemsize: 4, shape: [4], nbytes: 16, fillValue: 0 });
    expect(dataType?.str).toBe("<i4");
  });

  it("re-opens through the registry and prints the codec in info", async () => {
    const store = new RecordingStore();
    await create([8], { dtype: "f8", chunks: [4], compressor: new Xor(3), store });
    const z = await openArray(store, { mode: "r" });
    expect(String(z.compressor)).toBe("Xor(key=3)");
    expect(await z.info()).toContain("\n  compressor: Xor(key=3)\n");
  });

  it("names the chunk key and codec when decoding fails", async () => {
    const store = new RecordingStore();
    const z = await create([8], { dtype: "i4", chunks: [4], compressor: new Xor(1), store });
    await z.set(null, 1);
    store.map.set("1", new Uint8Array([0, 1, 2]));
    await expect(z.get(null)).rejects.toThrow(
      'chunk "1": codec "test-pipeline-xor" failed to decode: bad header',
    );
    await expect(z.get(null)).rejects.toBeInstanceOf(CodecError);
  });

  it("leaves the stored chunk intact when encoding fails", async () => {
    const store = new RecordingStore();
    const z = await create([8], { dtype: "i4", chunks: [4], compressor: new Xor(9), store });
    const xor = z.compressor as Xor;
    await z.set(null, 5);
    const before = store.map.get("0")!.slice();
    xor.failEncode = true;
    await expect(z.set([slice(0, 2)], 6)).rejects.toThrow(
      'chunk "0": codec "test-pipeline-xor" failed to encode: boom',
    );
    expect(store.map.get("0")).toEqual(before);
    xor.failEncode = false;
    expect(Array.from((await z.get(null)).data)).toEqual(new Array(8).fill(5));
  });

  it("uses registered codecs rebuilt from the stored metadata, as zarr-python does", async () => {
    const mine = new Xor(5);
    const z = await create([8], {
      dtype: "i4",
      chunks: [4],
      compressor: mine,
      store: new RecordingStore(),
    });
    expect(z.compressor).not.toBe(mine);
    expect(z.compressor).toBeInstanceOf(Xor);
    expect(z.compressor?.toConfig()).toEqual({ id: "test-pipeline-xor", key: 5 });
  });

  it("uses an unregistered codec instance as given", async () => {
    class Unlisted extends Xor {
      override readonly id = "test-unlisted" as "test-pipeline-xor";
    }
    const mine = new Unlisted(2);
    const z = await create([8], {
      dtype: "i4",
      chunks: [4],
      compressor: mine,
      store: new RecordingStore(),
    });
    expect(z.compressor).toBe(mine);
    await z.set(null, 3);
    expect(Array.from((await z.get(null)).data)).toEqual(new Array(8).fill(3));
  });

  it("refuses an unregistered codec, naming its id and package", async () => {
    const store = new RecordingStore();
    await create([4], { dtype: "i4", compressor: null, store });
    const meta = JSON.parse(new TextDecoder().decode(store.map.get(".zarray")));
    meta.compressor = { id: "blosc", cname: "lz4" };
    store.map.set(".zarray", new TextEncoder().encode(JSON.stringify(meta)));
    await expect(openArray(store, { mode: "r" })).rejects.toThrow(
      'no codec registered for id "blosc": install and import the package that provides it',
    );
  });

  it("validates metadata with errors that name the field", async () => {
    const store = new RecordingStore();
    const put = (doc: unknown) =>
      store.map.set(".zarray", new TextEncoder().encode(JSON.stringify(doc)));
    const good = {
      zarr_format: 2,
      shape: [4],
      chunks: [2],
      dtype: "<i4",
      compressor: null,
      fill_value: 0,
      order: "C",
      filters: null,
    };
    put({ ...good, order: "X" });
    await expect(openArray(store, { mode: "r" })).rejects.toThrow(
      '.zarray: field "order" must be "C" or "F", got "X"',
    );
    put({ ...good, chunks: [2, 2] });
    await expect(openArray(store, { mode: "r" })).rejects.toThrow(
      'field "chunks" has 2 dimensions but "shape" has 1',
    );
    put({ ...good, dtype: "<i3" });
    await expect(openArray(store, { mode: "r" })).rejects.toThrow('.zarray: field "dtype"');
    const { fill_value: _, ...noFill } = good;
    put(noFill);
    await expect(openArray(store, { mode: "r" })).rejects.toThrow(
      '.zarray: missing field "fill_value"',
    );
    put({ ...good, fill_value: "abc" });
    await expect(openArray(store, { mode: "r" })).rejects.toThrow('field "fill_value"');
    store.map.set(".zarray", new TextEncoder().encode("{not json"));
    await expect(openArray(store, { mode: "r" })).rejects.toThrow(".zarray: invalid JSON");
  });
});

/** An array->array test codec: negates int32 elements (it reads the native bytes it is handed). */
class Negate implements Codec {
  readonly id = "test-negate";
  seen: ChunkInfo[] = [];
  #flip(data: ArrayBufferView): Int32Array {
    const b = data as Uint8Array;
    const src = new Int32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
    return src.map((v) => -v);
  }
  encode(data: ArrayBufferView, info?: ChunkInfo): Int32Array {
    if (info) this.seen.push(info);
    return this.#flip(data);
  }
  decode(data: Uint8Array): Int32Array {
    return this.#flip(data);
  }
  toConfig(): CodecConfig {
    return { id: this.id };
  }
}

/** An object codec: a JSON list of strings. */
class JsonList implements Codec {
  readonly id = "test-json-list";
  encode(data: unknown): Uint8Array {
    return new TextEncoder().encode(JSON.stringify(data));
  }
  decode(data: Uint8Array): string[] {
    return JSON.parse(new TextDecoder().decode(data)) as string[];
  }
  toConfig(): CodecConfig {
    return { id: this.id };
  }
}

/** A bytes->bytes codec that passes bytes through and records what it is told. */
class Spy implements Codec {
  readonly id = "test-spy";
  seen: ChunkInfo[] = [];
  encode(data: ArrayBufferView, info?: ChunkInfo): Uint8Array {
    if (info) this.seen.push(info);
    return asBytes(data).slice();
  }
  decode(data: Uint8Array): Uint8Array {
    return data.slice();
  }
  toConfig(): CodecConfig {
    return { id: this.id };
  }
}

const i4 = parseDataType("<i4");
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

describe("the chunk pipeline by role", () => {
  it("leaves a leading transpose to the caller and reports it as the layout", async () => {
    const spy = new Spy();
    const p = new ChunkPipeline({
      dtype: i4,
      chunkShape: [2, 3],
      arrayToArray: [new TransposeCodec({ order: [1, 0] })],
      arrayToBytes: new BytesCodec({ endian: "little" }),
      bytesToBytes: [spy],
    });
    expect(p.layout).toEqual([1, 0]);
    const identity = new ChunkPipeline({
      dtype: i4,
      chunkShape: [2, 3],
      arrayToArray: [new TransposeCodec({ order: [0, 1] })],
      arrayToBytes: null,
      bytesToBytes: [],
    });
    expect(identity.layout).toBeNull();
    const run = new ChunkPipeline({
      dtype: i4,
      chunkShape: [2, 3],
      arrayToArray: [new TransposeCodec({ order: [1, 0] })],
      arrayToBytes: null,
      bytesToBytes: [],
      runLeadingTranspose: true,
    });
    expect(run.layout).toBeNull();
    const t = await run.encode(Int32Array.from([1, 2, 3, 4, 5, 6]), "0");
    expect(Array.from(new Int32Array(t.slice().buffer))).toEqual([1, 4, 2, 5, 3, 6]);
    // Chunk data is already in the permuted layout (C order of shape [3, 2]): stored as is.
    const chunk = Int32Array.from([1, 2, 3, 4, 5, 6]);
    const stored = await p.encode(chunk, "c/0/0");
    expect(Array.from(new Int32Array(stored.slice().buffer))).toEqual([1, 2, 3, 4, 5, 6]);
    expect(spy.seen[0]?.shape).toEqual([3, 2]);
    expect(Array.from((await p.decode(stored, "c/0/0", true)) as Int32Array)).toEqual([
      1, 2, 3, 4, 5, 6,
    ]);
  });

  it("runs a transpose that is not leading, on the shape the codecs before it produce", async () => {
    const p = new ChunkPipeline({
      dtype: i4,
      chunkShape: [2, 3],
      arrayToArray: [new Negate(), new TransposeCodec({ order: [1, 0] })],
      arrayToBytes: new BytesCodec({ endian: "little" }),
      bytesToBytes: [],
    });
    expect(p.layout).toBeNull();
    const stored = await p.encode(Int32Array.from([1, 2, 3, 4, 5, 6]), "0");
    // -[[1, 2, 3], [4, 5, 6]].T in C order
    expect(Array.from(new Int32Array(stored.slice().buffer))).toEqual([-1, -4, -2, -5, -3, -6]);
    const back = await p.decode(stored, "0", true);
    expect(back).toBeInstanceOf(Int32Array);
    expect(Array.from(back as Int32Array)).toEqual([1, 2, 3, 4, 5, 6]);

    // Two transposes: the first is the layout, the second runs on the permuted shape [3, 2].
    const q = new ChunkPipeline({
      dtype: i4,
      chunkShape: [2, 3],
      arrayToArray: [new TransposeCodec({ order: [1, 0] }), new TransposeCodec({ order: [1, 0] })],
      arrayToBytes: new BytesCodec({ endian: "little" }),
      bytesToBytes: [],
    });
    const s2 = await q.encode(Int32Array.from([1, 2, 3, 4, 5, 6]), "0");
    expect(Array.from(new Int32Array(s2.slice().buffer))).toEqual([1, 3, 5, 2, 4, 6]);
    expect(Array.from((await q.decode(s2, "0", false)) as Int32Array)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("tells array->array codecs the native type and bytes->bytes codecs the stored one", async () => {
    const neg = new Negate();
    const spy = new Spy();
    const p = new ChunkPipeline({
      dtype: parseDataType(">i4"),
      chunkShape: [2],
      fillValue: 7,
      arrayToArray: [neg],
      arrayToBytes: new BytesCodec({ endian: "big" }),
      bytesToBytes: [spy],
    });
    const stored = await p.encode(Int32Array.from([1, 258]), "0");
    // -1 and -258 as big-endian int32
    expect(hex(stored)).toBe("fffffffffffffefe");
    expect(neg.seen[0]).toMatchObject({ dtype: "<i4", itemsize: 4, shape: [2], fillValue: 7 });
    expect(neg.seen[0]?.dataType?.str).toBe(">i4");
    expect(spy.seen[0]).toMatchObject({ dtype: ">i4", itemsize: 4, shape: [2], nbytes: 8 });
    expect(Array.from((await p.decode(stored, "0", true)) as Int32Array)).toEqual([1, 258]);
  });

  it("stores a big-endian dtype in its byte order without an array->bytes codec (v2)", async () => {
    const p = new ChunkPipeline({
      dtype: parseDataType(">i4"),
      chunkShape: [2],
      arrayToArray: [],
      arrayToBytes: null,
      bytesToBytes: [],
    });
    const raw = await p.encode(Int32Array.from([1, -2]), "0");
    expect(hex(raw)).toBe("00000001fffffffe");
    const back = await p.decode(raw, "0", true);
    expect(Array.from(back as Int32Array)).toEqual([1, -2]);
    await expect(p.decode(new Uint8Array(5), "0", true)).rejects.toThrow(
      'chunk "0": decoded to 5 bytes, expected 8 (2 x >i4, the chunk shape)',
    );
  });

  it("runs object arrays through a transpose and their object codec", async () => {
    const p = new ChunkPipeline({
      dtype: parseDataType("|O"),
      chunkShape: [2, 2],
      arrayToArray: [new TransposeCodec({ order: [1, 0] })],
      arrayToBytes: new JsonList(),
      bytesToBytes: [],
    });
    // Alone, the transpose is leading: the layout.
    expect(p.layout).toEqual([1, 0]);
    const upper: Codec = {
      id: "test-upper",
      encode: (d) => (d as unknown as string[]).map((s) => s.toUpperCase()) as never,
      decode: (d) => (d as unknown as string[]).map((s) => s.toLowerCase()),
      toConfig: () => ({ id: "test-upper" }),
    };
    const q = new ChunkPipeline({
      dtype: parseDataType("|O"),
      chunkShape: [2, 2],
      arrayToArray: [upper, new TransposeCodec({ order: [1, 0] })],
      arrayToBytes: new JsonList(),
      bytesToBytes: [new Spy()],
    });
    const stored = await q.encode(["a", "b", "c", "d"], "0");
    expect(new TextDecoder().decode(stored)).toBe('["A","C","B","D"]');
    expect(await q.decode(stored, "0", true)).toEqual(["a", "b", "c", "d"]);
    await expect(q.decode(new TextEncoder().encode('["a"]'), "0", true)).rejects.toThrow(
      'chunk "0": codec "transpose" failed to decode',
    );
    const none = new ChunkPipeline({
      dtype: parseDataType("|O"),
      chunkShape: [2],
      arrayToArray: [],
      arrayToBytes: null,
      bytesToBytes: [],
    });
    await expect(none.encode(["a", "b"], "0")).rejects.toThrow(
      'chunk "0": object arrays need an object codec (vlen-utf8, vlen-bytes, ...) as the first filter',
    );
  });

  it("hands a lone bytes->bytes codec the output buffer, and no other", async () => {
    const spy = new Spy();
    const lone = new ChunkPipeline({
      dtype: i4,
      chunkShape: [4],
      arrayToArray: [],
      arrayToBytes: new BytesCodec({ endian: "little" }),
      bytesToBytes: [spy],
    });
    expect(lone.decodesIntoBuffer).toBe(true);
    const two = new ChunkPipeline({
      dtype: i4,
      chunkShape: [4],
      arrayToArray: [],
      arrayToBytes: null,
      bytesToBytes: [new Spy(), new Spy()],
    });
    expect(two.decodesIntoBuffer).toBe(false);
    const obj = new ChunkPipeline({
      dtype: parseDataType("|O"),
      chunkShape: [4],
      arrayToArray: [],
      arrayToBytes: new JsonList(),
      bytesToBytes: [new Spy()],
    });
    expect(obj.decodesIntoBuffer).toBe(false);
    // The lone codec writes into the caller's scratch: the chunk is a view of it.
    let given: Uint8Array | undefined;
    const into: Codec = {
      id: "test-into",
      encode: (d) => asBytes(d as ArrayBufferView).slice(),
      decode: (d, out) => {
        given = out;
        out!.set(d);
        return out!;
      },
      toConfig: () => ({ id: "test-into" }),
    };
    const p = new ChunkPipeline({
      dtype: i4,
      chunkShape: [2],
      arrayToArray: [],
      arrayToBytes: null,
      bytesToBytes: [into],
    });
    const scratch = new Uint8Array(8);
    const chunk = await p.decode(Uint8Array.from([1, 0, 0, 0, 2, 0, 0, 0]), "0", false, scratch);
    expect(given).toBe(scratch);
    expect((chunk as Int32Array).buffer).toBe(scratch.buffer);
    expect(Array.from(chunk as Int32Array)).toEqual([1, 2]);
  });
});
