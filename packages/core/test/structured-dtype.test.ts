import { describe, expect, expectTypeOf, it } from "vitest";
import {
  array,
  consolidateMetadata,
  copy,
  create,
  group,
  openConsolidated,
  type Group,
  type ZarrArray,
  dtypeToJson,
  full,
  IndexError,
  MetadataError,
  NdArray,
  normalizeFillValue,
  ones,
  openArray,
  parseDataType,
  type StructRecord,
  type StructuredDtypeSpec,
  ZarrError,
  zeros,
  zerosLike,
} from "../src/index.js";
import { decodeFillValue, encodeFillValue } from "../src/metadata/fill-value.js";
import { encodeArrayMetadataV2, parseArrayMetadataV2 } from "../src/metadata/v2.js";
import { RecordingStore } from "./helpers/recording-store.js";

const SIMPLE: StructuredDtypeSpec = [
  ["a", "<i4"],
  ["b", "<f8", [2]],
];

const mem = () => ({ store: new RecordingStore(), compressor: null });

describe("structured dtypes: parsing and printing", () => {
  it("lays fields out packed, in order, with NumPy's str(dtype)", () => {
    const dt = parseDataType([
      ["a", ">i2"],
      ["b", "bool"],
      ["c", "S5"],
      ["d", "U3"],
      ["e", ">f4", [2, 3]],
      [
        "n",
        [
          ["x", "u8"],
          ["y", "i1"],
        ],
      ],
      ["t", "M8[ns]"],
      ["z", "c16"],
      ["v", "V3"],
      ["ns", [["p", ">u4"]], [2]],
    ]);
    expect(dt.kind).toBe("V");
    expect(dt.str).toBe("|V88");
    expect(dt.itemsize).toBe(2 + 1 + 5 + 12 + 24 + 9 + 8 + 16 + 3 + 8);
    expect(dt.fields!.map((f) => [f.name, f.offset, f.count])).toEqual([
      ["a", 0, 1],
      ["b", 2, 1],
      ["c", 3, 1],
      ["d", 8, 1],
      ["e", 20, 6],
      ["n", 44, 1],
      ["t", 53, 1],
      ["z", 61, 1],
      ["v", 77, 1],
      ["ns", 80, 2],
    ]);
    // The string zarr-python prints (checked against NumPy 1.24 by the interop tests).
    expect(dt.display).toBe(
      "[('a', '>i2'), ('b', '?'), ('c', 'S5'), ('d', '<U3'), ('e', '>f4', (2, 3)), ('n', [('x', '<u8'), ('y', 'i1')]), ('t', '<M8[ns]'), ('z', '<c16'), ('v', 'V3'), ('ns', [('p', '>u4')], (2,))]",
    );
    expect(dtypeToJson(dt)).toEqual([
      ["a", ">i2"],
      ["b", "|b1"],
      ["c", "|S5"],
      ["d", "<U3"],
      ["e", ">f4", [2, 3]],
      [
        "n",
        [
          ["x", "<u8"],
          ["y", "|i1"],
        ],
      ],
      ["t", "<M8[ns]"],
      ["z", "<c16"],
      ["v", "|V3"],
      ["ns", [["p", ">u4"]], [2]],
    ]);
  });

  it("quotes field names as Python's repr does and names unnamed fields f<i>", () => {
    const dt = parseDataType([
      ["it's", "<i4"],
      ['x"y', "u1"],
      ["", "V4"],
    ]);
    expect(dt.display).toBe(`[("it's", '<i4'), ('x"y', 'u1'), ('f2', 'V4')]`);
    expect(dt.fields!.map((f) => f.name)).toEqual(["it's", 'x"y', "f2"]);
  });

  it("refuses malformed field lists, naming the field and the rule", () => {
    const bad: [unknown, RegExp][] = [
      [[], /no fields/],
      [
        [
          ["a", "<i4"],
          ["a", "<f8"],
        ],
        /field "a" occurs more than once/,
      ],
      [[["a"]], /field 0: expected \[name, type\]/],
      [[[1, "<i4"]], /field 0: the name must be a string/],
      [[["a", "<i7"]], /field "a": .*i7/],
      [[["a", "<i4", [-1]]], /field "a": the shape must be a list of integers >= 0/],
      [[["o", "|O"]], /field "o": object fields are not supported/],
      [[["n", [["x", 5]]]], /field "n": .*field "x": expected a dtype string/],
    ];
    for (const [spec, message] of bad) {
      expect(() => parseDataType(spec as StructuredDtypeSpec)).toThrow(MetadataError);
      expect(() => parseDataType(spec as StructuredDtypeSpec)).toThrow(message);
    }
  });

  it("parses raw void types and refuses an empty one", () => {
    const v = parseDataType("V3");
    expect([v.kind, v.str, v.itemsize, v.display]).toEqual(["V", "|V3", 3, "|V3"]);
    expect(() => parseDataType("V0")).toThrow(/positive length/);
  });

  it("reads and writes the dtype of a .zarray as a list of fields", () => {
    const doc = {
      zarr_format: 2,
      shape: [3],
      chunks: [2],
      dtype: [
        ["a", "<i4"],
        ["b", "<f8", [2]],
      ],
      compressor: null,
      fill_value: "AQAAAAAAAAAAAPA/AAAAAAAAAEA=",
      order: "C",
      filters: null,
    };
    const meta = parseArrayMetadataV2(doc);
    expect(meta.dtype.itemsize).toBe(20);
    const fill = meta.fillValue as StructRecord;
    expect(fill.a).toBe(1);
    expect(Array.from(fill.b as Float64Array)).toEqual([1, 2]);
    const again = JSON.parse(new TextDecoder().decode(encodeArrayMetadataV2(meta)));
    expect(again.dtype).toEqual(doc.dtype);
    expect(again.fill_value).toBe(doc.fill_value);
    expect(() => parseArrayMetadataV2({ ...doc, dtype: 5 })).toThrow(
      /field "dtype" must be a string or a list of \[name, type\]/,
    );
    expect(() => parseArrayMetadataV2({ ...doc, fill_value: 12 })).toThrow(
      /fill_value 12 is not valid .*base64/,
    );
  });
});

describe("structured fill values", () => {
  const dt = parseDataType([
    ["a", "<i4"],
    ["f", "<f4"],
    ["s", "S3"],
  ]);

  it("are records holding what NumPy would store", () => {
    expect(normalizeFillValue(dt, 0)).toEqual({ a: 0, f: 0, s: new Uint8Array(0) });
    // 0.1 becomes the nearest float32 and the bytes string is cut to 3 bytes.
    expect(normalizeFillValue(dt, { a: -2, f: 0.1, s: "abcdef" })).toEqual({
      a: -2,
      f: Math.fround(0.1),
      s: new TextEncoder().encode("abc"),
    });
    // A number goes to every field, as np.array(1, dtype) does (zarr-python's `ones`).
    expect(normalizeFillValue(dt, 1)).toEqual({ a: 1, f: 1, s: new TextEncoder().encode("1") });
    expect(normalizeFillValue(dt, new Uint8Array([1, 0, 0, 0]))).toEqual({
      a: 1,
      f: 0,
      s: new Uint8Array(0),
    });
  });

  it("are stored as the base64 of the record's bytes", () => {
    // a = 1 (01 00 00 00), f = 1.5 (00 00 c0 3f), s = "hi" (68 69 00).
    const b64 = Buffer.from([1, 0, 0, 0, 0, 0, 0xc0, 0x3f, 0x68, 0x69, 0]).toString("base64");
    expect(encodeFillValue(dt, { a: 1, f: 1.5, s: "hi" })).toBe(b64);
    expect(decodeFillValue(dt, b64)).toEqual({ a: 1, f: 1.5, s: new TextEncoder().encode("hi") });
  });

  it("refuse records that do not match the dtype, naming the field", () => {
    expect(() => normalizeFillValue(dt, { a: 1, f: 2 })).toThrow(/field "s" is missing/);
    expect(() => normalizeFillValue(dt, { a: 1, f: 2, s: "", q: 3 })).toThrow(
      /has no field "q" \(fields: a, f, s\)/,
    );
    expect(() => normalizeFillValue(dt, { a: "x", f: 2, s: "" })).toThrow(
      /field "a": expected a finite number or a bigint for dtype int32, got "x"/,
    );
    expect(() => normalizeFillValue(dt, "zz")).toThrow(MetadataError);
    const big = parseDataType([
      ["n", "<i8"],
      ["v", "<f8", [2]],
    ]);
    expect(() => normalizeFillValue(big, { n: 1n, v: new Float64Array(3) })).toThrow(
      /fill_value is not valid for dtype \[\('n', '<i8'\), \('v', '<f8', \(2,\)\)\]: field "v": expected 2 values/,
    );
  });
});

describe("structured arrays", () => {
  it("get returns records and set takes records, one record, a number or raw bytes", async () => {
    const z = await zeros([5], {
      dtype: [
        ["id", "<i8"],
        ["xy", "<f8", [2]],
        ["ok", "|b1"],
        ["name", "<U4"],
        ["sub", [["k", ">i2"]]],
      ],
      chunks: [2],
      ...mem(),
    });
    await z.set([0], { id: 5n, xy: [1.5, -2], ok: true, name: "abcd", sub: { k: -3 } });
    await z.set("3:5", {
      id: -1n,
      xy: new Float64Array([7, 8]),
      ok: false,
      name: "é",
      sub: { k: 9 },
    });
    const all = (await z.get()) as NdArray;
    const recs = all.data as StructRecord[];
    expect(recs[0]).toEqual({
      id: 5n,
      xy: new Float64Array([1.5, -2]),
      ok: true,
      name: "abcd",
      sub: { k: -3 },
    });
    expect(recs[1]).toEqual({
      id: 0n,
      xy: new Float64Array(2),
      ok: false,
      name: "",
      sub: { k: 0 },
    });
    expect(recs[3]).toEqual(recs[4]);
    expect(recs[4]!.name).toBe("é");
    expect(await z.get([0])).toEqual(recs[0]);
    expect(all.get(4)).toBe(recs[4]);

    await z.set("1:3", 2);
    expect(await z.get([2])).toEqual({
      id: 2n,
      xy: new Float64Array([2, 2]),
      ok: true,
      name: "2",
      sub: { k: 2 },
    });
    expect(String(z)).toBe(
      "Array((5,), [('id', '<i8'), ('xy', '<f8', (2,)), ('ok', '?'), ('name', '<U4'), ('sub', [('k', '>i2')])], chunks=(2,), order=C)",
    );
    expect(all.toString()).toBe(
      "NdArray([('id', '<i8'), ('xy', '<f8', (2,)), ('ok', '?'), ('name', '<U4'), ('sub', [('k', '>i2')])], [5])",
    );
  });

  it("stores each field in its own byte order, packed", async () => {
    const { store } = mem();
    const z = await create([2], {
      dtype: [
        ["a", ">i2"],
        ["b", "<u2"],
        ["c", "|b1"],
      ],
      chunks: [2],
      store,
      compressor: null,
      fillValue: null,
    });
    await z.set(null, [
      { a: 258, b: 258, c: true },
      { a: -2, b: 65535, c: false },
    ]);
    expect(Array.from(store.map.get("0")!)).toEqual([1, 2, 2, 1, 1, 0xff, 0xfe, 0xff, 0xff, 0]);
    // Raw bytes go in as they are stored.
    await z.set(null, new Uint8Array([0, 7, 7, 0, 1, 0x80, 0, 0, 0x80, 0]));
    expect(((await z.get()) as NdArray).data).toEqual([
      { a: 7, b: 7, c: true },
      { a: -32768, b: 32768, c: false },
    ]);
    await expect(z.set(null, new Uint8Array(7))).rejects.toThrow(IndexError);
    await expect(z.set(null, new Uint8Array(7))).rejects.toThrow(/must hold 2 x 5 = 10 bytes/);
  });

  it("a bad record fails before any chunk is written", async () => {
    const { store } = mem();
    const z = await create([4], { dtype: SIMPLE, chunks: [2], store, compressor: null });
    await z.set(
      null,
      [1, 2, 3, 4].map((i) => ({ a: i, b: [i, i] })),
    );
    const before = new Map(store.map);
    store.reset();
    const bad = [
      { a: 9, b: [9, 9] },
      { a: 9, b: [9, 9] },
      { a: 9, b: [9, 9] },
      { a: 9, b: [9] },
    ];
    await expect(z.set(null, bad)).rejects.toThrow(ZarrError);
    await expect(z.set(null, bad)).rejects.toThrow(
      /element 3: field "b": expected 2 values \(sub-array of shape \[2\]\) for dtype float64/,
    );
    await expect(z.set([0], { a: 1, b: [1, 1], c: 2 })).rejects.toThrow(/has no field "c"/);
    expect(store.writes).toEqual([]);
    expect(store.map).toEqual(before);
  });

  it("records from missing chunks are separate objects", async () => {
    const z = await full([3], { a: 4, b: [1, 2] }, { dtype: SIMPLE, chunks: [2], ...mem() });
    const recs = ((await z.get()) as NdArray).data as StructRecord[];
    expect(recs[0]).toEqual({ a: 4, b: new Float64Array([1, 2]) });
    (recs[0]!.b as Float64Array)[0] = 99;
    recs[1]!.a = -1;
    expect(recs[2]).toEqual({ a: 4, b: new Float64Array([1, 2]) });
    expect(recs[1]!.b).toEqual(new Float64Array([1, 2]));
    expect(z.fillValue).toEqual({ a: 4, b: new Float64Array([1, 2]) });
  });

  it("ones, zerosLike and reopening keep the structure", async () => {
    const z = await ones([2], { dtype: SIMPLE, ...mem() });
    expect(await z.get([1])).toEqual({ a: 1, b: new Float64Array([1, 1]) });
    const like = await zerosLike(z, { store: new RecordingStore() });
    expect(like.dataType.display).toBe("[('a', '<i4'), ('b', '<f8', (2,))]");
    expect(await like.get([0])).toEqual({ a: 0, b: new Float64Array(2) });
    const again = await openArray(z.store);
    expect(again.dataType.fields!.map((f) => f.name)).toEqual(["a", "b"]);
    expect(again.itemsize).toBe(20);
    expect(await again.get([0])).toEqual({ a: 1, b: new Float64Array([1, 1]) });
  });

  it('the type parameter "V" types the data as records', async () => {
    const z = await zeros<"V">([2], { dtype: SIMPLE, ...mem() });
    const all = await z.get();
    expectTypeOf(all.data).toEqualTypeOf<StructRecord[]>();
    expect(all.data[1]).toEqual({ a: 0, b: new Float64Array(2) });
  });

  it("raw void arrays hold Uint8Array elements of exactly their size", async () => {
    const z = await create([3], { dtype: "V2", chunks: [2], fillValue: null, ...mem() });
    await z.set(null, [new Uint8Array([1, 2]), new Uint8Array([3]), new Uint8Array([0, 0])]);
    expect(((await z.get()) as NdArray).data).toEqual([
      new Uint8Array([1, 2]),
      new Uint8Array([3, 0]),
      new Uint8Array([0, 0]),
    ]);
    await expect(z.set([0], new Uint8Array([1, 2, 3]))).rejects.toThrow(
      /must hold 1 x 2 = 2 bytes/,
    );
    await expect(z.set([0], 5)).rejects.toThrow(/expected a Uint8Array for dtype \|V2, got 5/);
  });
});

describe("structured arrays in hierarchies", () => {
  it("array() takes records; copy, consolidated metadata and requireDataset keep the fields", async () => {
    const store = new RecordingStore();
    const root = await group({ store });
    const src = await array(
      [
        { a: 1, b: [2, 3] },
        { a: 4, b: [5, 6] },
      ],
      { dtype: SIMPLE, store, path: "src", compressor: null },
    );
    expect(((await src.get()) as NdArray).data).toEqual([
      { a: 1, b: new Float64Array([2, 3]) },
      { a: 4, b: new Float64Array([5, 6]) },
    ]);
    await copy(src, root, { name: "dst" });
    const dst = (await root.get("dst")) as ZarrArray;
    expect(dst.dataType.display).toBe(src.dataType.display);
    expect(await dst.get([1])).toEqual({ a: 4, b: new Float64Array([5, 6]) });

    await consolidateMetadata(store);
    const view = (await openConsolidated(store, { mode: "r" })) as Group;
    const viaMeta = (await view.get("src")) as ZarrArray;
    expect(viaMeta.dataType.fields!.map((f) => [f.name, f.shape])).toEqual([
      ["a", []],
      ["b", [2]],
    ]);
    expect(await viaMeta.get([0])).toEqual({ a: 1, b: new Float64Array([2, 3]) });

    // Same size (|V20), other fields: not the same dtype.
    await expect(
      root.requireDataset("src", {
        shape: [2],
        dtype: [
          ["x", "<i4"],
          ["b", "<f8", [2]],
        ],
      }),
    ).rejects.toThrow(
      /dtypes do not match, existing \[\('a', '<i4'\), \('b', '<f8', \(2,\)\)\] vs requested \[\('x', '<i4'\)/,
    );
    const same = await root.requireDataset("src", { shape: [2], dtype: SIMPLE });
    expect(same.path).toBe("src");
  });

  it("NdArray takes the list form of a dtype", () => {
    const nd = new NdArray([{ a: 1, b: [0, 0] }], [1], SIMPLE);
    expect(nd.dtype.itemsize).toBe(20);
    expect(nd.toArray()).toEqual([{ a: 1, b: [0, 0] }]);
  });
});
