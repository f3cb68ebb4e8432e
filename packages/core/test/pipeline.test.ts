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
import { RecordingStore } from "./helpers/recording-store.js";

/** A reversible test codec: XOR with a key byte, with a one-byte header to detect corruption. */
class Xor implements Codec {
  readonly id = "test-xor";
  failEncode = false;
  seen: ChunkInfo[] = [];
  constructor(readonly key: number) {}
  encode(data: ArrayBufferView, info?: ChunkInfo): Uint8Array {
    if (this.failEncode) throw new Error("boom");
    if (info) this.seen.push(info);
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
registerCodec("test-xor", (c) => new Xor(c.key as number));

describe("the chunk pipeline", () => {
  it("encodes whole chunks straight from the caller's array without aliasing it", async () => {
    const store = new RecordingStore();
    const z = await create([8], { dtype: "i4", chunks: [4], compressor: new Xor(7), store });
    const xor = z.compressor as Xor;
    const data = Int32Array.from([1, 2, 3, 4, 5, 6, 7, 8]);
    await z.set(null, data);
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
      'chunk "1": codec "test-xor" failed to decode: bad header',
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
      'chunk "0": codec "test-xor" failed to encode: boom',
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
    expect(z.compressor?.toConfig()).toEqual({ id: "test-xor", key: 5 });
  });

  it("uses an unregistered codec instance as given", async () => {
    class Unlisted extends Xor {
      override readonly id = "test-unlisted" as "test-xor";
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
      'no codec registered for id "blosc": install and import "@zarrkit/codec-blosc"',
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
