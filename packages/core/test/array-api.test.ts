import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import {
  digestHashes,
  registerDigestHash,
  array,
  full,
  Group,
  LazyLoader,
  load,
  NdArray,
  ReadOnlyError,
  save,
  saveArray,
  saveGroup,
  slice,
  tree,
  ZarrError,
  zeros,
} from "../src/index.js";
import { RecordingStore } from "./helpers/recording-store.js";

const mem = () => ({ store: new RecordingStore(), compressor: null });

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe("islice", () => {
  it("yields the elements from start to end, as zarr-python's docstring (25..29)", async () => {
    const opts = mem();
    const z = await array(
      Int32Array.from({ length: 100 }, (_, i) => i),
      { ...opts, chunks: [10] },
    );
    opts.store.reset();
    expect(await collect(z.islice(25, 30))).toEqual([25, 26, 27, 28, 29]);
    // Starting mid-chunk reads that chunk row once.
    expect(opts.store.chunkReads()).toEqual(["2"]);
  });

  it("reads each chunk exactly once over the whole array", async () => {
    const opts = mem();
    const z = await array(
      Int32Array.from({ length: 95 }, (_, i) => 2 * i),
      {
        ...opts,
        chunks: [10],
      },
    );
    opts.store.reset();
    const all = await collect(z.islice());
    expect(all).toEqual(Array.from({ length: 95 }, (_, i) => 2 * i));
    expect(opts.store.chunkReads()).toEqual(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"]);
  });

  it("yields NdArrays of the other dimensions for an N-d array, one chunk row at a time", async () => {
    const opts = mem();
    const z = await array(
      new NdArray(
        Float64Array.from({ length: 20 }, (_, i) => i),
        [5, 4],
        "<f8",
      ),
      { ...opts, chunks: [2, 3] },
    );
    opts.store.reset();
    const rows = await collect(z.islice(1));
    expect(rows.map((r) => (r as NdArray).shape)).toEqual([[4], [4], [4], [4]]);
    expect(rows.map((r) => Array.from((r as NdArray).data as Float64Array))).toEqual([
      [4, 5, 6, 7],
      [8, 9, 10, 11],
      [12, 13, 14, 15],
      [16, 17, 18, 19],
    ]);
    expect([...opts.store.chunkReads()].sort()).toEqual(["0.0", "0.1", "1.0", "1.1", "2.0", "2.1"]);
  });

  it("is what iterating the array gives", async () => {
    const z = await array(Int32Array.from([4, 5, 6]), { ...mem(), chunks: [2] });
    expect(await collect(z)).toEqual([4, 5, 6]);
  });

  it("clamps end to the length and refuses bad bounds and 0-d arrays", async () => {
    const z = await array(Int32Array.from([7, 8, 9]), mem());
    expect(await collect(z.islice(1, 99))).toEqual([8, 9]);
    await expect(collect(z.islice(-1))).rejects.toThrow(/start must be a nonnegative integer/);
    await expect(collect(z.islice(0, 1.5))).rejects.toThrow(/end must be a nonnegative integer/);
    const scalar = await zeros([], { ...mem(), dtype: "i4" });
    await expect(collect(scalar.islice())).rejects.toThrow(/iteration over a 0-d array/);
  });
});

describe("view", () => {
  it("views u1 data as bool with the same item size", async () => {
    const bits = Uint8Array.from({ length: 10000 }, (_, i) => ((i * 7919) % 3 === 0 ? 1 : 0));
    const a = await array(bits, { ...mem(), chunks: [1000] });
    const v = a.view({ dtype: "bool" });
    expect(v.isView).toBe(true);
    expect(a.isView).toBe(false);
    expect(v.dtype).toBe("|b1");
    const got = await v.get(null);
    expect(Array.from(got.data as Uint8Array)).toEqual(Array.from(bits));
    expect(got.get(0)).toBe(true);
    expect(got.get(1)).toBe(false);
  });

  it("views u2 as u1 with twice the shape and chunks (little-endian bytes)", async () => {
    const a = await array(
      Uint16Array.from({ length: 10000 }, (_, i) => i),
      {
        ...mem(),
        chunks: [1000],
      },
    );
    const v = a.view({ dtype: "u1", shape: 20000, chunks: 2000 });
    expect(v.shape).toEqual([20000]);
    expect(v.chunks).toEqual([2000]);
    const head = await v.get([slice(0, 10)]);
    expect(Array.from(head.data as Uint8Array)).toEqual([0, 0, 1, 0, 2, 0, 3, 0, 4, 0]);
    // 300 = 0x012c, element 300 at bytes 600 and 601.
    expect(Array.from((await v.get([slice(600, 602)])).data as Uint8Array)).toEqual([0x2c, 1]);
  });

  it("changes the fill value of uninitialized chunks", async () => {
    const a = await full(10000, -1, { ...mem(), chunks: [1000], dtype: "i1" });
    const v = a.view({ fillValue: 42 });
    expect(new Set((await v.get(null)).data as Int8Array)).toEqual(new Set([42]));
    expect(new Set((await a.get(null)).data as Int8Array)).toEqual(new Set([-1]));
  });

  it("writes through to the same chunks and never writes metadata", async () => {
    const opts = mem();
    const a = await array(Uint16Array.from([1, 2, 3, 4]), { ...opts, chunks: [2] });
    const v = a.view({ dtype: "u1", shape: 8, chunks: 4 });
    opts.store.reset();
    await v.set([slice(0, 2)], Uint8Array.from([0x34, 0x12]));
    expect(opts.store.writes).toEqual(["0"]);
    expect(Array.from((await a.get(null)).data as Uint16Array)).toEqual([0x1234, 2, 3, 4]);
  });

  it("refuses resize and append, as zarr-python's views", async () => {
    const a = await zeros(100, { ...mem(), dtype: "f8" });
    const v = a.view();
    await expect(v.resize(200)).rejects.toThrow(/operation not permitted for views/);
    await expect(v.append(Float64Array.from([1]))).rejects.toThrow(
      /operation not permitted for views/,
    );
    expect(a.shape).toEqual([100]);
  });

  it("is read-only when asked, and rejects a bad dtype and mismatched chunks by name", async () => {
    const a = await zeros([4, 4], { ...mem(), dtype: "i4", chunks: [2, 2] });
    const r = a.view({ readOnly: true });
    await expect(r.set(null, 1)).rejects.toThrow(ReadOnlyError);
    expect(() => a.view({ dtype: "q9" })).toThrow(/view of array "\/".*q9/);
    expect(() => a.view({ shape: [16] })).toThrow(
      /shape \[16\] has 1 dimensions but chunks \[2, 2\]/,
    );
  });
});

describe("astype", () => {
  it("reads u1 data as f4 (zarr-python's docstring example)", async () => {
    const a = await array(
      Uint8Array.from({ length: 100 }, (_, i) => i),
      {
        ...mem(),
        chunks: [10],
      },
    );
    const v = a.astype("f4");
    expect(v.isView).toBe(true);
    expect(v.readOnly).toBe(true);
    expect(v.dtype).toBe("<f4");
    const got = await v.get(null);
    expect(got.data).toBeInstanceOf(Float32Array);
    expect(Array.from(got.data as Float32Array)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(String(v.filters?.[0])).toBe("AsType(encode_dtype='|u1', decode_dtype='<f4')");
    await expect(v.set(0, 1)).rejects.toThrow(ReadOnlyError);
  });

  it("truncates floats toward zero and keeps the low bits, as NumPy's astype", async () => {
    const a = await array(Float64Array.from([-1.7, 2.9, 300.5, -129.2]), mem());
    // int8: -1, 2, 300 -> 44 (300 - 256), -129 -> 127 (-129 + 256)
    expect(Array.from((await a.astype("i1").get(null)).data as Int8Array)).toEqual([
      -1, 2, 44, 127,
    ]);
    expect(Array.from((await a.astype("bool").get(null)).data as Uint8Array)).toEqual([1, 1, 1, 1]);
  });

  it("works on Fortran-ordered and Zarr v3 arrays", async () => {
    const data = new NdArray(Int16Array.from([-3, 1, 2, 300, -7, 5]), [2, 3], "<i2");
    const f = await array(data, { ...mem(), chunks: [2, 2], order: "F" });
    expect((await f.astype("u1").get(null)).toArray()).toEqual([
      [253, 1, 2],
      [44, 249, 5],
    ]);
    const v3 = await array(data, { ...mem(), chunks: [1, 2], zarrFormat: 3 });
    expect((await v3.astype("f8").get(null)).toArray()).toEqual([
      [-3, 1, 2],
      [300, -7, 5],
    ]);
  });

  it("refuses types AsType cannot convert", async () => {
    const a = await array(["ab", "c"], { ...mem(), dtype: "<U2" });
    expect(() => a.astype("i4")).toThrow(/astype/);
  });
});

describe("digest", () => {
  // Core ships no hash; node:crypto's stand in for the umbrella's @noble/hashes here.
  const nodeHash = (name: string) => () => {
    const h = createHash(name);
    return { update: (d: Uint8Array) => h.update(d), digest: () => new Uint8Array(h.digest()) };
  };
  beforeAll(() => {
    for (const name of ["sha1", "sha256", "md5"]) registerDigestHash(name, nodeHash(name));
  });

  it("hashes chunks in C order (missing ones as nothing), then .zarray, then .zattrs", async () => {
    const opts = mem();
    const z = await zeros([4, 6], { ...opts, dtype: "<i2", chunks: [2, 3] });
    await z.set([slice(0, 2), slice(0, 3)], 5);
    await z.set([slice(2, 4), slice(3, 6)], 7);
    await z.attrs.set("units", "m");
    const m = opts.store.map;
    const expectedOf = (name: string) => {
      const h = createHash(name);
      for (const k of ["0.0", "0.1", "1.0", "1.1", ".zarray", ".zattrs"]) {
        const v = m.get(k);
        if (v) h.update(v);
      }
      return h.digest("hex");
    };
    expect(m.has("0.1")).toBe(false);
    expect(await z.hexdigest()).toBe(expectedOf("sha1"));
    expect(await z.hexdigest("sha256")).toBe(expectedOf("sha256"));
    expect(await z.hexdigest("md5")).toBe(expectedOf("md5"));
    expect(Buffer.from(await z.digest("sha256")).toString("hex")).toBe(expectedOf("sha256"));
  });

  it("changes with the attributes and names an unknown hash", async () => {
    const z = await zeros([3], { ...mem(), dtype: "u1" });
    const before = await z.hexdigest();
    await z.attrs.set("a", 1);
    expect(await z.hexdigest()).not.toBe(before);
    await expect(z.digest("crc99")).rejects.toThrow(
      'digest: no hash "crc99" (registered: sha1, sha256, md5); register one with registerDigestHash',
    );
    expect(digestHashes()).toEqual(["sha1", "sha256", "md5"]);
  });
});

describe("save, load, saveArray, saveGroup, tree", () => {
  it("saves one unnamed array as an array, and loads it back as an NdArray", async () => {
    const store = new RecordingStore();
    await save(store, Int32Array.from([3, 1, 4]));
    expect(store.map.has(".zarray")).toBe(true);
    const back = (await load(store)) as NdArray;
    expect(back).toBeInstanceOf(NdArray);
    expect(Array.from(back.data as Int32Array)).toEqual([3, 1, 4]);
  });

  it("saves several arrays as a group arr_0, arr_1 and named ones; load is lazy", async () => {
    const store = new RecordingStore();
    await save(store, Int32Array.from([1, 2]), [1.5, 2.5], {
      foo: new NdArray(Uint8Array.from([1, 2, 3, 4]), [2, 2], "u1"),
    });
    const loaded = await load(store);
    expect(loaded).toBeInstanceOf(LazyLoader);
    const lazy = loaded as LazyLoader;
    expect(await lazy.repr()).toBe("<LazyLoader: arr_0, arr_1, foo>");
    store.reset();
    const foo = await lazy.get("foo");
    expect(foo.shape).toEqual([2, 2]);
    expect(Array.from(foo.data as Uint8Array)).toEqual([1, 2, 3, 4]);
    const readsAfterFirst = store.reads.length;
    expect(await lazy.get("foo")).toBe(foo);
    expect(store.reads.length).toBe(readsAfterFirst);
    expect(Array.from((await lazy.get("arr_1")).data as Float64Array)).toEqual([1.5, 2.5]);
  });

  it("saveGroup of a single array still makes a group; saveArray replaces what was there", async () => {
    const store = new RecordingStore();
    await saveGroup(store, Int32Array.from([9]));
    expect(store.map.has(".zgroup")).toBe(true);
    expect(store.map.has("arr_0/.zarray")).toBe(true);
    await saveArray(store, Float64Array.from([0.5]), { compressor: null });
    expect(store.map.has(".zgroup")).toBe(false);
    expect(store.map.has("arr_0/.zarray")).toBe(false);
    expect(Array.from(((await load(store)) as NdArray).data as Float64Array)).toEqual([0.5]);
  });

  it("saves a ZarrArray with its shape, dtype and chunks", async () => {
    const src = await array(new NdArray(Int32Array.from([1, 2, 3, 4, 5, 6]), [3, 2], "<i4"), {
      ...mem(),
      chunks: [2, 1],
    });
    const store = new RecordingStore();
    await save(store, src);
    const meta = JSON.parse(new TextDecoder().decode(store.map.get(".zarray")));
    expect([meta.shape, meta.chunks, meta.dtype]).toEqual([[3, 2], [2, 1], "<i4"]);
    expect(Array.from(((await load(store)) as NdArray).data as Int32Array)).toEqual([
      1, 2, 3, 4, 5, 6,
    ]);
  });

  it("refuses no arrays, named arrays not last, and what is not array data", async () => {
    const store = new RecordingStore();
    await expect(save(store)).rejects.toThrow(/at least one array must be provided/);
    await expect(save(store, { a: [1] }, [2])).rejects.toThrow(/named arrays; it must come last/);
    await expect(save(store, 5 as never)).rejects.toThrow(
      /argument 1 \(number\) is not array data/,
    );
    await expect(load(store)).rejects.toThrow(ZarrError);
  });

  it("tree(group) draws the group as Group.tree does", async () => {
    const store = new RecordingStore();
    const g = await Group.create(store, "");
    await g.createGroup("bar");
    await g.zeros("bar/baz", { shape: [100], dtype: "f8" });
    expect(await tree(g)).toBe("/\n └── bar\n     └── baz (100,) float64");
    expect(await tree(g, { level: 1 })).toBe("/\n └── bar");
  });
});
