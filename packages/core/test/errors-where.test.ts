import { describe, expect, it } from "vitest";
import {
  CodecError,
  ContainsNodeError,
  Group,
  group,
  MetadataError,
  NodeNotFoundError,
  open,
  openArray,
  openConsolidated,
  openGroup,
  resolveStore,
  ZarrArray,
  ZarrError,
} from "../src/index.js";
import { RecordingStore } from "./helpers/recording-store.js";

const bytes = (s: string) => new TextEncoder().encode(s);
const ZGROUP = bytes('{\n    "zarr_format": 2\n}');

/** A store on "disk": errors should say where it is. */
class LocatedStore extends RecordingStore {
  readonly path = "/data/example.zarr";
  override toString(): string {
    return "LocatedStore";
  }
}

describe("NodeNotFoundError names the store and the path", () => {
  it("for open, openGroup, openArray, Group.open, ZarrArray.open and group members", async () => {
    const store = new LocatedStore();
    store.map.set(".zgroup", ZGROUP);
    store.map.set("foo/.zgroup", ZGROUP);
    const where = 'path "foo/bar" in LocatedStore at /data/example.zarr';
    await expect(open(store, { mode: "r", path: "foo/bar" })).rejects.toThrow(
      `nothing found at ${where} (mode "r") (looked for foo/bar/.zarray or foo/bar/.zgroup or foo/bar/zarr.json)`,
    );
    await expect(openGroup(store, { mode: "r", path: "foo/bar" })).rejects.toThrow(
      `no group at ${where} (mode "r" does not create one) (looked for foo/bar/.zgroup or foo/bar/zarr.json)`,
    );
    await expect(openArray(store, { mode: "r+", path: "foo/bar" })).rejects.toThrow(
      `no array at ${where} (mode "r+" does not create one) (looked for foo/bar/.zarray or foo/bar/zarr.json)`,
    );
    await expect(Group.open(store, "foo/bar")).rejects.toThrow(`no group at ${where}`);
    await expect(ZarrArray.open(store, "foo/bar")).rejects.toThrow(
      `no array at ${where} (looked for foo/bar/.zarray or foo/bar/zarr.json)`,
    );
    const root = await openGroup(store, { mode: "r" });
    const err = await root.get("foo/bar").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NodeNotFoundError);
    expect(String(err)).toContain(`nothing found at ${where} (member "foo/bar" of group "/")`);
  });

  it("names a store without a location by its kind", async () => {
    await expect(open(new RecordingStore(), { mode: "r" })).rejects.toThrow(
      "nothing found at the store root in RecordingStore",
    );
  });
});

describe("a Zarr v3 node is found as one", () => {
  it("opens zarr.json where a v2 node was looked for, and names it in errors", async () => {
    const store = new LocatedStore();
    store.map.set("zarr.json", bytes('{"zarr_format": 3, "node_type": "group"}'));
    store.map.set("arr/zarr.json", bytes('{"zarr_format": 3, "node_type": "array"}'));
    for (const mode of ["r", "r+"] as const) {
      const g = await openGroup(store, { mode });
      expect(g.zarrFormat).toBe(3);
      expect(await g.keys()).toEqual(["arr"]);
    }
    await expect(openArray(store, { mode: "r", path: "arr" })).rejects.toThrow(
      'arr/zarr.json: field "shape" must be a list of integers',
    );
    await expect(openConsolidated(store)).rejects.toThrow(
      "no consolidated metadata in LocatedStore at /data/example.zarr: missing .zmetadata; zarr.json holds no consolidated_metadata either",
    );
    await expect(openGroup(store, { mode: "r", zarrFormat: 2 })).rejects.toThrow(
      'no group at the store root in LocatedStore at /data/example.zarr (mode "r" does not create one) (looked for .zgroup or zarr.json)',
    );
  });

  it("is not overwritten by modes that only create", async () => {
    const store = new LocatedStore();
    store.map.set("zarr.json", bytes('{"zarr_format": 3, "node_type": "group"}'));
    await expect(openGroup(store, { mode: "w-" })).rejects.toBeInstanceOf(ContainsNodeError);
    await expect(open(store, { mode: "w-", shape: [2] })).rejects.toBeInstanceOf(ContainsNodeError);
    expect((await group({ store })).zarrFormat).toBe(3);
    expect([...store.map.keys()]).toEqual(["zarr.json"]);
  });
});

describe("metadata errors name the whole key", () => {
  it("for a nested .zarray that is not JSON or not valid", async () => {
    const store = new RecordingStore();
    store.map.set(".zgroup", ZGROUP);
    store.map.set("foo/.zgroup", ZGROUP);
    store.map.set("foo/bar/.zarray", bytes('{"zarr_format": 2, "shape": [NaN]'));
    const err = await openArray(store, { mode: "r", path: "foo/bar" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MetadataError);
    expect(String(err)).toContain("foo/bar/.zarray: invalid JSON at line 1 column 34");
    store.map.set(
      "foo/bar/.zarray",
      bytes('{"zarr_format": 2, "shape": [1152921504606846977], "chunks": [1]}'),
    );
    await expect(openArray(store, { mode: "r", path: "foo/bar" })).rejects.toThrow(
      'foo/bar/.zarray: field "shape" must be a list of integers >= 0 and <= 9007199254740991, got [1152921504606846977]',
    );
  });

  it("for a codec the array's metadata names but nothing provides", async () => {
    const store = new RecordingStore();
    store.map.set(
      "foo/bar/.zarray",
      bytes(
        '{"chunks": [2], "compressor": {"id": "nope"}, "dtype": "<i4", "fill_value": 0, "filters": null, "order": "C", "shape": [2], "zarr_format": 2}',
      ),
    );
    const err = await ZarrArray.open(store, "foo/bar").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CodecError);
    expect(String(err)).toContain('foo/bar/.zarray: no codec registered for id "nope"');
  });

  it("for a fill value that does not fit the dtype, even beyond 2^53", async () => {
    const store = new RecordingStore();
    const zarray = (fill: string) =>
      bytes(
        `{"chunks": [2], "compressor": null, "dtype": "<u8", "fill_value": ${fill}, "filters": null, "order": "C", "shape": [2], "zarr_format": 2}`,
      );
    store.map.set("x/.zarray", zarray("18446744073709551616"));
    await expect(ZarrArray.open(store, "x")).rejects.toThrow(
      /x\/\.zarray: field "fill_value": fill_value 18446744073709551616 is not valid for dtype <u8/,
    );
    // The largest uint64 is read exactly (it used to round up past the range).
    store.map.set("x/.zarray", zarray("18446744073709551615"));
    expect((await ZarrArray.open(store, "x")).fillValue).toBe(2n ** 64n - 1n);
  });
});

describe("a location string without a store plugin", () => {
  it("says what to import or call", async () => {
    const err = await resolveStore("data/nothing-registered.zarr").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ZarrError);
    expect(String(err)).toContain('import "@zarrkit/store-fs";');
    await expect(resolveStore("https://example.com/x.zarr")).rejects.toThrow(
      /registers http\(s\) URLs, or pass a Store object/,
    );
    await expect(resolveStore("data/x.zip")).rejects.toThrow(/new ZipStore\(path\)/);
  });
});
