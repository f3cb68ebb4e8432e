import { describe, expect, it } from "vitest";
import {
  consolidateMetadata,
  Group,
  open,
  openArray,
  openConsolidated,
  openGroup,
  type Store,
  ZarrArray,
  ZarrError,
} from "../src/index.js";
import { RecordingStore } from "./helpers/recording-store.js";

/** A v2 or v3 hierarchy `foo/bar` (4x4 int32 in 2x2 chunks, first row set, one attribute). */
async function hierarchy(zarrFormat: 2 | 3): Promise<RecordingStore> {
  const store = new RecordingStore();
  const root = await openGroup(store, { mode: "w", zarrFormat });
  const a = await root.zeros("foo/bar", {
    shape: [4, 4],
    chunks: [2, 2],
    dtype: "i4",
    compressor: null,
  });
  await a.set([0, null], 7);
  await a.attrs.set("units", "m");
  store.reset();
  return store;
}

const chunkKeys = (format: 2 | 3) =>
  format === 2 ? ["foo/bar/0.0", "foo/bar/0.1"] : ["foo/bar/c/0/0", "foo/bar/c/0/1"];

async function firstRow(node: ZarrArray | Group): Promise<number[]> {
  expect(node).toBeInstanceOf(ZarrArray);
  return Array.from((await (node as ZarrArray).get([0, null])).data as Int32Array);
}

// Each read is a round trip over HTTP: opening reads each metadata document once.
describe.each([2, 3] as const)("opening a v%i array reads each metadata document once", (f) => {
  const probes =
    f === 2
      ? ["foo/bar/.zarray", "foo/bar/.zgroup", "foo/bar/.zattrs"]
      : ["foo/bar/.zarray", "foo/bar/.zgroup", "foo/bar/zarr.json"];

  it("open()", async () => {
    const store = await hierarchy(f);
    const a = await open(store, { path: "foo/bar", mode: "r" });
    expect(await firstRow(a)).toEqual([7, 7, 7, 7]);
    expect((a as ZarrArray).attrs.get("units")).toBe("m");
    expect(store.reads).toEqual([...probes, ...chunkKeys(f)]);
  });

  it("openArray()", async () => {
    const store = await hierarchy(f);
    const a = await openArray(store, { path: "foo/bar", mode: "r" });
    expect(await firstRow(a)).toEqual([7, 7, 7, 7]);
    expect(store.reads).toEqual([...probes, ...chunkKeys(f)]);
  });

  it("group.get() of a member", async () => {
    const store = await hierarchy(f);
    const root = await openGroup(store, { mode: "r" });
    store.reset();
    const a = await root.get("foo/bar");
    expect(await firstRow(a)).toEqual([7, 7, 7, 7]);
    expect(store.reads).toEqual([...probes, ...chunkKeys(f)]);
  });

  it("openGroup() reads the group's documents once", async () => {
    const store = await hierarchy(f);
    const g = await openGroup(store, { path: "foo", mode: "r" });
    expect(g.path).toBe("foo");
    const own =
      f === 2
        ? ["foo/.zarray", "foo/.zgroup", "foo/.zattrs"]
        : ["foo/.zarray", "foo/.zgroup", "foo/zarr.json"];
    // Then the member listing probes "bar".
    expect(store.reads.slice(0, 3)).toEqual(own);
    expect(new Set(store.reads).size).toBe(store.reads.length);
  });

  it("openConsolidated(): no metadata document is read but the consolidated one", async () => {
    const store = await hierarchy(f);
    await consolidateMetadata(store);
    store.reset();
    const root = (await openConsolidated(store, { mode: "r" })) as Group;
    const a = await root.get("foo/bar");
    expect(await firstRow(a)).toEqual([7, 7, 7, 7]);
    expect((a as ZarrArray).attrs.get("units")).toBe("m");
    // v3 keeps it in the root zarr.json, found after `.zmetadata` is not there.
    const consolidated = f === 2 ? [".zmetadata"] : [".zmetadata", "zarr.json"];
    expect(store.reads).toEqual([...consolidated, ...chunkKeys(f)]);
  });
});

describe("a store that cannot list (HTTP)", () => {
  /** The recording store without `list`: what a plain HTTP server offers. */
  function unlistable(inner: RecordingStore): Store {
    return {
      get: (key) => inner.get(key),
      readOnly: true,
      toString: () => "UnlistableStore",
    };
  }

  it.each([2, 3] as const)(
    "opens a v%i group and its members; keys() says why it cannot",
    async (f) => {
      const inner = await hierarchy(f);
      const g = await openGroup(unlistable(inner), { mode: "r" });
      expect(g).toBeInstanceOf(Group);
      expect(await firstRow(await g.get("foo/bar"))).toEqual([7, 7, 7, 7]);
      expect(await firstRow(await open(unlistable(inner), { path: "foo/bar", mode: "r" }))).toEqual(
        [7, 7, 7, 7],
      );
      await expect(g.keys()).rejects.toThrow(ZarrError);
      await expect(g.keys()).rejects.toThrow("store UnlistableStore cannot list its keys");
    },
  );
});
