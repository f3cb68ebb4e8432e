import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  consolidateMetadata,
  create,
  type Group,
  group,
  type NdArray,
  open,
  openArray,
  openConsolidated,
  openGroup,
  ZarrArray,
  zeros,
} from "../src/index.js";
import { TestFsStore } from "./helpers/fs-store.js";
import { RecordingStore } from "./helpers/recording-store.js";

const FIXTURES = [
  join(import.meta.dirname, "../../../fixtures/zarr-v3/data.zarr"),
  "/work/shared/fixtures/zarr-v3/data.zarr",
].find((p) => existsSync(p))!;

const text = (b: Uint8Array | undefined) => new TextDecoder().decode(b);
const json = (store: RecordingStore, key: string) => JSON.parse(text(store.map.get(key)));

describe("v3 arrays, end to end", () => {
  it("writes zarr.json as zarr-python 3 does and keys chunks c/i/j", async () => {
    const store = new RecordingStore();
    const z = await zeros([4, 6], {
      store,
      path: "a",
      chunks: [2, 3],
      dtype: "int32",
      zarrFormat: 3,
      compressor: null,
      dimensionNames: ["y", "x"],
    });
    expect(z.zarrFormat).toBe(3);
    expect(z.shards).toBeNull();
    expect(z.dimensionNames).toEqual(["y", "x"]);
    await z.set(
      null,
      Int32Array.from({ length: 24 }, (_, i) => i),
    );
    expect(json(store, "a/zarr.json")).toEqual({
      shape: [4, 6],
      data_type: "int32",
      chunk_grid: { name: "regular", configuration: { chunk_shape: [2, 3] } },
      chunk_key_encoding: { name: "default", configuration: { separator: "/" } },
      fill_value: 0,
      codecs: [{ name: "bytes", configuration: { endian: "little" } }],
      attributes: {},
      dimension_names: ["y", "x"],
      zarr_format: 3,
      node_type: "array",
      storage_transformers: [],
    });
    // json.dumps(indent=2) layout, and a parent group written as zarr-python 3 writes it.
    expect(text(store.map.get("a/zarr.json"))).toMatch(/^\{\n {2}"shape": \[\n {4}4,/);
    expect(json(store, "zarr.json")).toEqual({
      attributes: {},
      zarr_format: 3,
      consolidated_metadata: null,
      node_type: "group",
    });
    expect([...store.map.keys()].filter((k) => k.includes("/c/")).sort()).toEqual([
      "a/c/0/0",
      "a/c/0/1",
      "a/c/1/0",
      "a/c/1/1",
    ]);
    // Chunk (0, 1) holds rows 0-1, columns 3-5, little-endian int32 in C order.
    expect([...new Int32Array(store.map.get("a/c/0/1")!.slice().buffer)]).toEqual([
      3, 4, 5, 9, 10, 11,
    ]);
    const again = await openArray(store, { path: "a", mode: "r" });
    expect(again.zarrFormat).toBe(3);
    expect([...((await again.get([1, null])) as NdArray).data]).toEqual([6, 7, 8, 9, 10, 11]);
    expect(await again.nchunksInitialized()).toBe(4);
  });

  it("stores order F as a leading transpose and big-endian dtypes with the bytes endian", async () => {
    const store = new RecordingStore();
    const z = await create([2, 3], {
      store,
      chunks: [2, 3],
      dtype: ">i2",
      order: "F",
      zarrFormat: 3,
      compressor: null,
    });
    await z.set(null, { data: Int16Array.from([1, 2, 3, 4, 5, 6]), shape: [2, 3] });
    const doc = json(store, "zarr.json");
    expect(doc.data_type).toBe("int16");
    expect(doc.codecs).toEqual([
      { name: "transpose", configuration: { order: [1, 0] } },
      { name: "bytes", configuration: { endian: "big" } },
    ]);
    // Fortran order, big-endian: 1, 4, 2, 5, 3, 6 as two bytes each, high byte first.
    expect([...store.map.get("c/0/0")!]).toEqual([0, 1, 0, 4, 0, 2, 0, 5, 0, 3, 0, 6]);
    const back = await open(store, { mode: "r" });
    expect(back).toBeInstanceOf(ZarrArray);
    expect((back as ZarrArray).order).toBe("F");
    expect((back as ZarrArray).dtype).toBe(">i2");
    expect([...((await (back as ZarrArray).get([null, 1])) as NdArray).data]).toEqual([2, 5]);
  });

  it("reads a permuted (non-Fortran) leading transpose through the strides", async () => {
    const store = new RecordingStore();
    const z = await create([2, 2, 3], {
      store,
      chunks: [2, 2, 3],
      dtype: "uint8",
      zarrFormat: 3,
      codecs: [{ name: "transpose", configuration: { order: [1, 0, 2] } }, { name: "bytes" }],
    });
    await z.set(
      null,
      Uint8Array.from({ length: 12 }, (_, i) => i),
    );
    // Stored shape (2, 2, 3) with the first two axes swapped: element [i][j][k] at [j][i][k].
    expect([...store.map.get("c/0/0/0")!]).toEqual([0, 1, 2, 6, 7, 8, 3, 4, 5, 9, 10, 11]);
    const back = await openArray(store, { mode: "r" });
    expect([...((await back.get(null)) as NdArray).data]).toEqual(
      Array.from({ length: 12 }, (_, i) => i),
    );
  });

  it("keys chunks with the v2 encoding when asked, and reads them back", async () => {
    const store = new RecordingStore();
    const z = await zeros([4], {
      store,
      chunks: [2],
      dtype: "uint8",
      zarrFormat: 3,
      compressor: null,
      chunkKeyEncoding: { name: "v2" },
    });
    await z.set(null, Uint8Array.from([1, 2, 3, 4]));
    expect([...store.map.keys()].sort()).toEqual(["0", "1", "zarr.json"]);
    expect(json(store, "zarr.json").chunk_key_encoding).toEqual({
      name: "v2",
      configuration: { separator: "." },
    });
    await z.resize(2);
    expect([...store.map.keys()].sort()).toEqual(["0", "zarr.json"]);
  });

  it("does not store chunks that hold only the fill value (writeEmptyChunks false)", async () => {
    const store = new RecordingStore();
    const z = await create([4], {
      store,
      chunks: [2],
      dtype: "float64",
      fillValue: Number.NaN,
      zarrFormat: 3,
      compressor: null,
    });
    expect(z.writeEmptyChunks).toBe(false);
    expect(json(store, "zarr.json").fill_value).toBe("NaN");
    await z.set(null, Float64Array.from([1, 2, 3, 4]));
    expect(store.map.has("c/1")).toBe(true);
    await z.set([{ kind: "slice", start: 2, stop: 4, step: 1 }] as never, Number.NaN);
    expect(store.map.has("c/1")).toBe(false);
    expect(store.map.has("c/0")).toBe(true);
    const v2 = await zeros([2], { store: new RecordingStore(), chunks: [2], compressor: null });
    expect(v2.writeEmptyChunks).toBe(true);
  });

  it("keeps attributes inside zarr.json, and a resize keeps them", async () => {
    const store = new RecordingStore();
    const z = await zeros([4], {
      store,
      chunks: [2],
      dtype: "int8",
      zarrFormat: 3,
      compressor: null,
    });
    await Promise.all([z.attrs.set("units", "m"), z.attrs.set("scale", 1.5)]);
    expect(json(store, "zarr.json").attributes).toEqual({ units: "m", scale: 1.5 });
    expect(store.map.has(".zattrs")).toBe(false);
    await z.resize(8);
    const doc = json(store, "zarr.json");
    expect(doc.shape).toEqual([8]);
    expect(doc.attributes).toEqual({ units: "m", scale: 1.5 });
    const again = await openArray(store, { mode: "r" });
    expect(again.attrs.get("units")).toBe("m");
    expect(again.shape).toEqual([8]);
  });

  it("orders attribute changes and resizes of one zarr.json, so neither is lost", async () => {
    const store = new RecordingStore();
    const z = await zeros([4], {
      store,
      chunks: [2],
      dtype: "int8",
      zarrFormat: 3,
      compressor: null,
    });
    const other = await openArray(store, { mode: "r+" });
    await Promise.all([
      z.attrs.set("a", 1),
      other.resize(6),
      other.attrs.set("b", 2),
      z.resize(8),
      z.attrs.set("c", 3),
    ]);
    const doc = json(store, "zarr.json");
    expect(doc.attributes).toEqual({ a: 1, b: 2, c: 3 });
    expect(doc.shape).toEqual([8]);
  });

  it("refuses what v3 cannot hold, naming the option and the rule", async () => {
    const v3 = { store: new RecordingStore(), zarrFormat: 3 as const, compressor: null };
    await expect(zeros([4], { ...v3, dtype: "<U5" })).rejects.toThrow(
      "dtype <U5 has no Zarr v3 data type",
    );
    await expect(zeros([4], { ...v3, dtype: "<M8[ns]" })).rejects.toThrow(
      "dtype <M8[ns] has no Zarr v3 data type",
    );
    await expect(zeros([4, 4], { ...v3, dimensionNames: ["x"] })).rejects.toThrow(
      "dimensionNames has 1 entries but the array has 2 dimensions",
    );
    await expect(zeros([4], { ...v3, chunks: [2], shards: [3] })).rejects.toThrow(
      "shards [3] must have 1 dimensions, each a multiple of chunks [2]",
    );
    await expect(
      zeros([4], { ...v3, codecs: [{ name: "gzip", configuration: { level: 1 } }] }),
    ).rejects.toThrow('"codecs" has no array-to-bytes codec');
    expect(v3.store.map.size).toBe(0);
  });

  it("refuses v3-only options for v2 arrays, naming the option", async () => {
    await expect(zeros([4], { store: new RecordingStore(), shards: [4] })).rejects.toThrow(
      'option "shards" needs zarrFormat: 3',
    );
  });
});

describe("v3 groups", () => {
  it("make v3 members by default and list them", async () => {
    const store = new RecordingStore();
    const root = await group({ store, zarrFormat: 3 });
    expect(root.zarrFormat).toBe(3);
    const sub = await root.createGroup("sub");
    expect(sub.zarrFormat).toBe(3);
    await sub.attrs.set("description", "a group");
    const arr = await sub.zeros("arr", { shape: [3], dtype: "uint16", compressor: null });
    expect(arr.zarrFormat).toBe(3);
    expect(json(store, "sub/zarr.json")).toEqual({
      attributes: { description: "a group" },
      zarr_format: 3,
      consolidated_metadata: null,
      node_type: "group",
    });
    expect(json(store, "sub/arr/zarr.json").node_type).toBe("array");
    const again = await openGroup(store, { mode: "r" });
    expect(await again.groupKeys()).toEqual(["sub"]);
    const g = (await again.get("sub")) as Group;
    expect(g.attrs.get("description")).toBe("a group");
    expect(await g.arrayKeys()).toEqual(["arr"]);
  });

  it("never clear a group of the other format to make one", async () => {
    const store = new RecordingStore();
    const v2 = await group({ store });
    await v2.attrs.set("keep", true);
    await expect(group({ store, zarrFormat: 3 })).rejects.toThrow(
      "the store root contains a Zarr v2 group, not v3 (overwrite: true replaces it)",
    );
    await expect(openGroup(store, { mode: "a", zarrFormat: 3 })).rejects.toThrow(
      "the store root already contains a group",
    );
    expect(json(store, ".zattrs")).toEqual({ keep: true });
    expect(store.map.has("zarr.json")).toBe(false);
  });

  it("consolidate inline in the root zarr.json, read without touching member documents", async () => {
    const store = new RecordingStore();
    const root = await group({ store, zarrFormat: 3 });
    await root.attrs.set("answer", 42);
    const a = await root.zeros("nested/a", { shape: [2], dtype: "int16", compressor: null });
    await a.set(null, Int16Array.from([7, 8]));
    await consolidateMetadata(store);
    const doc = json(store, "zarr.json");
    expect(doc.attributes).toEqual({ answer: 42 });
    expect(doc.consolidated_metadata.kind).toBe("inline");
    expect(doc.consolidated_metadata.must_understand).toBe(false);
    expect(Object.keys(doc.consolidated_metadata.metadata).sort()).toEqual(["nested", "nested/a"]);
    expect(doc.consolidated_metadata.metadata["nested/a"]).toEqual(
      json(store, "nested/a/zarr.json"),
    );
    store.reads.length = 0;
    const g = (await openConsolidated(store, { mode: "r" })) as Group;
    const arr = (await g.get("nested/a")) as ZarrArray;
    expect([...((await arr.get(null)) as NdArray).data]).toEqual([7, 8]);
    expect(store.reads.filter((k) => k.endsWith("zarr.json"))).toEqual(["zarr.json"]);
  });
});

describe("the v3 stores zarr-python 3 wrote", () => {
  const store = new TestFsStore(FIXTURES);
  it("read exactly where only the bytes codec is used", async () => {
    const raw = await openArray(store, { path: "1d.contiguous.raw.i2", mode: "r" });
    expect(raw.dtype).toBe("<i2");
    expect([...((await raw.get(null)) as NdArray).data]).toEqual([1, 2, 3, 4]);
    const two = await openArray(store, { path: "consolidated/2d.contiguous.i2", mode: "r" });
    expect([...((await two.get(null)) as NdArray).data]).toEqual([1, 2, 3, 4]);
  });
  it("open through their consolidated metadata", async () => {
    const g = (await openConsolidated(store, { path: "consolidated", mode: "r" })) as Group;
    expect(g.attrs.get("answer")).toBe(42);
    expect(await g.keys()).toEqual(["1d.chunked.i2", "2d.contiguous.i2", "nested"]);
    const nested = (await g.get("nested/1d.i2")) as ZarrArray;
    expect([...((await nested.get(null)) as NdArray).data]).toEqual([10, 20, 30, 40]);
  });
});
