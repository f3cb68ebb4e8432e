import { describe, expect, it } from "vitest";
import {
  copy,
  copyStore,
  create,
  group,
  type NdArray,
  openArray,
  openGroup,
  type ZarrArray,
} from "../src/index.js";
import { RecordingStore } from "./helpers/recording-store.js";

const json = (store: RecordingStore, key: string) =>
  JSON.parse(new TextDecoder().decode(store.map.get(key)));

/** A small v2 hierarchy: a root with attributes, an F-ordered array and a nested group. */
async function v2Hierarchy(): Promise<RecordingStore> {
  const store = new RecordingStore();
  const root = await group({ store });
  await root.attrs.set("title", "example");
  const a = await create([4, 6], {
    store,
    path: "a",
    chunks: [2, 3],
    dtype: "<i4",
    order: "F",
    compressor: null,
    dimensionSeparator: "/",
  });
  await a.set(
    null,
    Int32Array.from({ length: 24 }, (_, i) => i * 3),
  );
  await a.attrs.set("units", "m");
  const b = await create([5], {
    store,
    path: "sub/b",
    chunks: [2],
    dtype: ">f8",
    fillValue: -1,
    compressor: null,
  });
  await b.set("0:3", Float64Array.from([0.5, 1.5, 2.5]));
  return store;
}

describe("converting v2 to v3 while copying", () => {
  it("copyStore with zarrFormat 3 rewrites every node as zarr.json, values and attributes kept", async () => {
    const src = await v2Hierarchy();
    const dst = new RecordingStore();
    const [copied, skipped] = await copyStore(src, dst, { zarrFormat: 3 });
    expect([copied, skipped]).toEqual([3, 0]);
    expect([...dst.map.keys()].filter((k) => k.endsWith("zarr.json")).sort()).toEqual([
      "a/zarr.json",
      "sub/b/zarr.json",
      "sub/zarr.json",
      "zarr.json",
    ]);
    expect([...dst.map.keys()].some((k) => k.includes(".z"))).toBe(false);
    expect(json(dst, "zarr.json").attributes).toEqual({ title: "example" });
    const a = json(dst, "a/zarr.json");
    expect(a.attributes).toEqual({ units: "m" });
    expect(a.codecs).toEqual([
      { name: "transpose", configuration: { order: [1, 0] } },
      { name: "bytes", configuration: { endian: "little" } },
    ]);
    expect(json(dst, "sub/b/zarr.json").codecs).toEqual([
      { name: "bytes", configuration: { endian: "big" } },
    ]);
    expect(json(dst, "sub/b/zarr.json").fill_value).toBe(-1);
    const root = await openGroup(dst, { mode: "r" });
    expect(root.zarrFormat).toBe(3);
    const a3 = (await root.get("a")) as ZarrArray;
    expect([...((await a3.get(null)) as NdArray).data]).toEqual(
      Array.from({ length: 24 }, (_, i) => i * 3),
    );
    const b3 = (await root.get("sub/b")) as ZarrArray;
    expect([...((await b3.get(null)) as NdArray).data]).toEqual([0.5, 1.5, 2.5, -1, -1]);
    // zarr-python 3's default: the chunk of fill values alone (index 2, [4]) is not stored.
    expect(dst.map.has("sub/b/c/2")).toBe(false);
  });

  it("and back to v2 gives the same .zarray documents", async () => {
    const src = await v2Hierarchy();
    const v3 = new RecordingStore();
    await copyStore(src, v3, { zarrFormat: 3 });
    const back = new RecordingStore();
    await copyStore(v3, back, { zarrFormat: 2 });
    const text = (s: RecordingStore, k: string) => new TextDecoder().decode(s.map.get(k));
    expect(text(back, "a/.zarray")).toBe(text(src, "a/.zarray"));
    expect(text(back, "a/.zattrs")).toBe(text(src, "a/.zattrs"));
    expect(text(back, ".zattrs")).toBe(text(src, ".zattrs"));
    const b = await openArray(back, { path: "sub/b", mode: "r" });
    expect([...((await b.get("0:3")) as NdArray).data]).toEqual([0.5, 1.5, 2.5]);
  });

  it("copy() of one array into a v3 group takes the group's format and the dimension names", async () => {
    const src = await v2Hierarchy();
    const dst = new RecordingStore();
    const root = await group({ store: dst, zarrFormat: 3 });
    const a = await openArray(src, { path: "a", mode: "r" });
    await copy(a, root, { name: "renamed", dimensionNames: ["y", "x"] });
    const doc = json(dst, "renamed/zarr.json");
    expect(doc.dimension_names).toEqual(["y", "x"]);
    expect(doc.chunk_grid.configuration.chunk_shape).toEqual([2, 3]);
    await expect(copy(a, root, { name: "bad", shards: [3, 3] })).rejects.toThrow(
      "shards [3, 3] must have 2 dimensions, each a multiple of chunks [2, 3]",
    );
  });
});
