import { describe, expect, it } from "vitest";
import {
  consolidateMetadata,
  copyAll,
  Group,
  openConsolidated,
  openGroup,
  PyFloat,
  pyJsonDumps,
  ReadOnlyError,
  ZarrArray,
  ZarrError,
} from "../src/index.js";
import { parsePyJson } from "../src/metadata/json.js";
import { RecordingStore } from "./helpers/recording-store.js";
import "./helpers/test-codecs.js";

const text = (b: Uint8Array | undefined) => new TextDecoder().decode(b);
const bytes = (s: string) => new TextEncoder().encode(s);

// .zattrs as zarr-python 2.13 writes {"big": 2**60 + 1, "f": 1.0, "list": [1.0, 2, -inf],
// "nan": nan, "nz": -0.0, "units": "m"}.
const PY_ZATTRS = `{
    "big": 1152921504606846977,
    "f": 1.0,
    "list": [
        1.0,
        2,
        -Infinity
    ],
    "nan": NaN,
    "nz": -0.0,
    "units": "m"
}`;

function storeWithGroup(attrs: string, path = ""): RecordingStore {
  const store = new RecordingStore();
  const prefix = path === "" ? "" : `${path}/`;
  store.map.set(`${prefix}.zgroup`, bytes('{\n    "zarr_format": 2\n}'));
  store.map.set(`${prefix}.zattrs`, bytes(attrs));
  return store;
}

describe("attributes keep what Python wrote", () => {
  it("opens a node whose .zattrs holds -Infinity, NaN and wide integers", async () => {
    const g = await openGroup(storeWithGroup(PY_ZATTRS), { mode: "r" });
    expect(g.attrs.get("big")).toBe(2n ** 60n + 1n);
    expect(g.attrs.get("f")).toBe(1);
    expect(g.attrs.get("list")).toEqual([1, 2, Number.NEGATIVE_INFINITY]);
    expect(Number.isNaN(g.attrs.get("nan"))).toBe(true);
    expect(Object.is(g.attrs.get("nz"), -0)).toBe(true);
  });

  it("changing one key leaves every other key's text as Python wrote it", async () => {
    const store = storeWithGroup(PY_ZATTRS);
    const g = await openGroup(store, { mode: "r+" });
    await g.attrs.set("units", "km");
    expect(text(store.map.get(".zattrs"))).toBe(PY_ZATTRS.replace('"m"', '"km"'));
    // Re-setting values read back as plain numbers keeps their Python form too.
    await g.attrs.update({
      f: g.attrs.get("f"),
      nz: -0,
      list: [...(g.attrs.get("list") as number[]), 0.5],
    });
    expect(text(store.map.get(".zattrs"))).toBe(
      PY_ZATTRS.replace('"m"', '"km"').replace("-Infinity\n", "-Infinity,\n        0.5\n"),
    );
    await g.attrs.delete("units");
    expect(text(store.map.get(".zattrs"))).not.toContain("units");
    expect(text(store.map.get(".zattrs"))).toContain('"f": 1.0,');
    expect(text(store.map.get(".zattrs"))).toContain('"big": 1152921504606846977,');
  });

  it("writes new values the way Python's json writes them", async () => {
    const store = storeWithGroup("{}");
    const g = await openGroup(store, { mode: "r+" });
    await g.attrs.put({
      int: 3,
      negzero: -0,
      unsafe: 2 ** 60,
      big: -(2n ** 70n),
      small: 5n,
      nan: Number.NaN,
      float: new PyFloat(2),
      nested: { a: [Number.POSITIVE_INFINITY, {}], dropped: undefined },
    });
    expect(text(store.map.get(".zattrs"))).toBe(`{
    "big": -1180591620717411303424,
    "float": 2.0,
    "int": 3,
    "nan": NaN,
    "negzero": -0.0,
    "nested": {
        "a": [
            Infinity,
            {}
        ]
    },
    "small": 5,
    "unsafe": 1.152921504606847e+18
}`);
    expect(g.attrs.get("big")).toBe(-(2n ** 70n));
    expect(g.attrs.get("small")).toBe(5);
    expect(g.attrs.get("float")).toBe(2);
    expect(g.attrs.get("nested")).toEqual({ a: [Number.POSITIVE_INFINITY, {}] });
  });

  it("refuses values JSON cannot hold, naming the key, and writes nothing", async () => {
    const store = storeWithGroup(PY_ZATTRS);
    const g = await openGroup(store, { mode: "r+" });
    store.reset();
    await expect(g.attrs.update({ ok: 1, meta: { when: [1, undefined] } })).rejects.toThrow(
      /attrs\.meta\.when\[1\] is undefined/,
    );
    await expect(g.attrs.set("cb", () => 0)).rejects.toThrow(/attrs\.cb is a function/);
    await expect(g.attrs.set("gone", undefined)).rejects.toThrow(
      /attrs\.gone is undefined.*attrs\.delete/,
    );
    const loop: unknown[] = [];
    loop.push(loop);
    await expect(g.attrs.set("loop", loop)).rejects.toThrow(
      /attrs\.loop\[0\] is a reference cycle/,
    );
    await expect(g.attrs.set("sym", Symbol("x"))).rejects.toBeInstanceOf(ZarrError);
    expect(store.writes).toEqual([]);
    expect(text(store.map.get(".zattrs"))).toBe(PY_ZATTRS);
    expect(g.attrs.has("ok")).toBe(false);
  });

  it("changes made at once through one node all land, in call order", async () => {
    const store = storeWithGroup("{}");
    const g = await openGroup(store, { mode: "r+" });
    await Promise.all([
      g.attrs.set("a", 1),
      g.attrs.set("b", 2),
      g.attrs.update({ c: 3, a: 4 }),
      g.attrs.delete("b"),
      g.attrs.set("d", 0.5),
    ]);
    expect(text(store.map.get(".zattrs"))).toBe('{\n    "a": 4,\n    "c": 3,\n    "d": 0.5\n}');
    expect(g.attrs.toJSON()).toEqual({ a: 4, c: 3, d: 0.5 });
  });

  it("changes made at once through two nodes opened on one store all land", async () => {
    const store = storeWithGroup("{}");
    const g1 = await openGroup(store, { mode: "r+" });
    const g2 = await openGroup(store, { mode: "r+" });
    await Promise.all([
      g1.attrs.set("a", 1),
      g2.attrs.set("b", 2),
      g1.attrs.set("c", 3),
      g2.attrs.update({ d: 4 }),
    ]);
    expect(text(store.map.get(".zattrs"))).toBe(
      '{\n    "a": 1,\n    "b": 2,\n    "c": 3,\n    "d": 4\n}',
    );
    // Each node sees the others' changes from its own next write on, as in zarr-python.
    await g1.attrs.set("e", 5);
    expect(g1.attrs.toJSON()).toEqual({ a: 1, b: 2, c: 3, d: 4, e: 5 });
  });

  it("hands out copies, so changing a value read does not change the attributes", async () => {
    const g = await openGroup(storeWithGroup(PY_ZATTRS), { mode: "r" });
    (g.attrs.get("list") as number[]).push(99);
    expect(g.attrs.get("list")).toEqual([1, 2, Number.NEGATIVE_INFINITY]);
    expect(g.attrs.get("constructor")).toBeUndefined();
  });

  it("copying a node keeps Python's floats and wide integers", async () => {
    const source = storeWithGroup(PY_ZATTRS);
    const from = await openGroup(source, { mode: "r" });
    const dest = new RecordingStore();
    const to = await openGroup(dest, { mode: "w" });
    await copyAll(from, to);
    expect(text(dest.map.get(".zattrs"))).toBe(PY_ZATTRS);
    expect(from.attrs.asPyJson().f).toStrictEqual(new PyFloat(1));
  });

  it("names the whole key when .zattrs is not JSON", async () => {
    const store = storeWithGroup("{", "foo/bar");
    store.map.set(".zgroup", bytes('{\n    "zarr_format": 2\n}'));
    store.map.set("foo/.zgroup", bytes('{\n    "zarr_format": 2\n}'));
    await expect(Group.open(store, "foo/bar")).rejects.toThrow(
      "foo/bar/.zattrs: invalid JSON at line 1 column 2",
    );
  });
});

describe("consolidated metadata keeps what Python wrote", () => {
  function hierarchy(): RecordingStore {
    const store = storeWithGroup(PY_ZATTRS);
    store.map.set("a/.zgroup", bytes('{\n    "zarr_format": 2\n}'));
    store.map.set("a/.zattrs", bytes('{\n    "x": 1.0\n}'));
    return store;
  }

  it("opens .zmetadata holding -Infinity and wide integers, with faithful attributes", async () => {
    const store = hierarchy();
    await consolidateMetadata(store);
    const root = (await openConsolidated(store, { mode: "r" })) as Group;
    expect(root.attrs.get("big")).toBe(2n ** 60n + 1n);
    expect(root.attrs.get("list")).toEqual([1, 2, Number.NEGATIVE_INFINITY]);
    const a = (await root.get("a")) as Group;
    expect(a.attrs.get("x")).toBe(1);
    // Each document served from .zmetadata is the bytes Python wrote for it.
    expect(text(await root.store.get(".zattrs"))).toBe(PY_ZATTRS);
    expect(text(await root.store.get("a/.zattrs"))).toBe('{\n    "x": 1.0\n}');
    await expect(a.attrs.set("x", 2)).rejects.toBeInstanceOf(ReadOnlyError);
  });

  it("re-consolidating after one node changes keeps every other document exactly", async () => {
    const store = hierarchy();
    await consolidateMetadata(store);
    const before = parsePyJson(text(store.map.get(".zmetadata"))) as {
      metadata: Record<string, unknown>;
    };
    const a = await openGroup(store, { mode: "r+", path: "a" });
    await a.attrs.set("y", 2);
    await consolidateMetadata(store);
    const after = parsePyJson(text(store.map.get(".zmetadata"))) as {
      metadata: Record<string, unknown>;
    };
    expect(pyJsonDumps(after.metadata[".zattrs"])).toBe(PY_ZATTRS);
    expect(pyJsonDumps(after.metadata[".zattrs"])).toBe(pyJsonDumps(before.metadata[".zattrs"]));
    expect(pyJsonDumps(after.metadata["a/.zattrs"])).toBe('{\n    "x": 1.0,\n    "y": 2\n}');
    expect(text(store.map.get(".zmetadata"))).toContain('"big": 1152921504606846977,');
  });

  it("names .zmetadata when it is not JSON or not consolidated metadata", async () => {
    const store = hierarchy();
    store.map.set(".zmetadata", bytes('{"metadata": {}, "zarr_consolidated_format": 1,}'));
    await expect(openConsolidated(store)).rejects.toThrow(".zmetadata: invalid JSON");
    store.map.set(".zmetadata", bytes('{"metadata": [], "zarr_consolidated_format": 1.0}'));
    await expect(openConsolidated(store)).rejects.toThrow(
      '.zmetadata: field "metadata" must be an object, got []',
    );
    store.map.set(".zmetadata", bytes('{"metadata": {}, "zarr_consolidated_format": 2}'));
    await expect(openConsolidated(store)).rejects.toThrow(
      '.zmetadata: field "zarr_consolidated_format" must be 1, got 2',
    );
  });
});

describe(".zarray rewritten by zarrkit keeps what Python wrote", () => {
  it("codec configs keep their floats through a resize", async () => {
    const store = new RecordingStore();
    // As zarr-python writes it for a codec configured with floats.
    const zarray = `{
    "chunks": [
        2
    ],
    "compressor": {
        "id": "test-xor",
        "key": 5.0
    },
    "dtype": "<i4",
    "fill_value": 0,
    "filters": [
        {
            "id": "test-xor",
            "key": 3.0
        }
    ],
    "order": "C",
    "shape": [
        2
    ],
    "zarr_format": 2
}`;
    store.map.set("a/.zarray", bytes(zarray));
    const a = await ZarrArray.open(store, "a");
    await a.resize([4]);
    expect(text(store.map.get("a/.zarray"))).toBe(
      zarray.replace('"shape": [\n        2', '"shape": [\n        4'),
    );
  });

  it("refresh compares codec configs holding integers beyond 2^53", async () => {
    const store = new RecordingStore();
    const zarray = (shape: number) =>
      bytes(
        `{"chunks": [2], "compressor": {"id": "test-xor", "key": 1152921504606846977}, "dtype": "<i4", "fill_value": 0, "filters": null, "order": "C", "shape": [${shape}], "zarr_format": 2}`,
      );
    store.map.set("a/.zarray", zarray(2));
    const a = await ZarrArray.open(store, "a");
    store.map.set("a/.zarray", zarray(6));
    await a.refresh();
    expect(a.shape).toEqual([6]);
    expect(a.metadata.codecs.bytesToBytes).toEqual([{ id: "test-xor", key: 1152921504606846977n }]);
  });
});
