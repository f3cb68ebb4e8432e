import { PY_HELPERS, runPythonJson } from "@zarrkit/test-utils";
import { describe, expect, it } from "vitest";
import {
  ContainsNodeError,
  copy,
  copyAll,
  copyStore,
  consolidateMetadata,
  Group,
  group,
  NodeNotFoundError,
  open,
  openArray,
  openConsolidated,
  openGroup,
  ReadOnlyError,
  ZarrArray,
} from "../src/index.js";
import { RecordingStore } from "./helpers/recording-store.js";

/** The same hierarchy, built by zarr-python (script) and by zarrkit (function). */
const PY_BUILD = `
root = zarr.group(store=s)
foo = root.create_group("foo")
bar = foo.create_group("bar")
z = bar.zeros("baz", shape=(100, 100), chunks=(10, 10), dtype="i4", compressor=None)
z[0:20, 0:10] = 1
root.zeros("arr", shape=(3,), dtype="f8", compressor=None)
root.create_group("x").create_group("y")
foo.create_dataset("quux", shape=(50,), chunks=(20,), dtype="<u2", compressor=None, fill_value=7)
root.attrs["title"] = "root"
z.attrs["units"] = "m"
`;

async function build(store: RecordingStore): Promise<Group> {
  const root = await group({ store });
  const foo = await root.createGroup("foo");
  const bar = await foo.createGroup("bar");
  const z = await bar.zeros("baz", {
    shape: [100, 100],
    chunks: [10, 10],
    dtype: "i4",
    compressor: null,
  });
  await z.set("0:20, 0:10", 1);
  await root.zeros("arr", { shape: [3], dtype: "f8", compressor: null });
  await (await root.createGroup("x")).createGroup("y");
  await foo.createDataset("quux", {
    shape: [50],
    chunks: [20],
    dtype: "<u2",
    compressor: null,
    fillValue: 7,
  });
  await root.attrs.set("title", "root");
  await z.attrs.set("units", "m");
  return root;
}

describe("groups behave as zarr-python's", () => {
  const py = runPythonJson<{
    tree: string;
    tree1: string;
    keys: string[];
    files: Record<string, string>;
    info: string;
    fooKeys: string[];
  }>(
    `${PY_HELPERS}
s = zarr.storage.MemoryStore()
${PY_BUILD}
import base64
files = {}
def walk(prefix, d):
    for k, v in d.items():
        if isinstance(v, dict): walk(prefix + k + "/", v)
        else: files[prefix + k] = base64.b64encode(bytes(v)).decode()
zarr.consolidate_metadata(s)
walk("", s.root)
print(json.dumps({"tree": repr(root.tree()), "tree1": repr(root.tree(level=1)), "keys": list(root.keys()), "fooKeys": list(root["foo"].keys()), "files": files, "info": repr(root["foo"].info)}))`,
  );

  it("stores the same keys and bytes, .zmetadata included", async () => {
    const store = new RecordingStore();
    await build(store);
    await consolidateMetadata(store);
    const ours: Record<string, string> = {};
    for (const [k, v] of store.map) ours[k] = Buffer.from(v).toString("base64");
    expect(Object.keys(ours).sort()).toEqual(Object.keys(py.files).sort());
    for (const k of Object.keys(py.files)) expect([k, ours[k]]).toEqual([k, py.files[k]]);
  });

  it("draws the same tree, lists the same members and info", async () => {
    const root = await build(new RecordingStore());
    expect(await root.tree()).toBe(py.tree);
    expect(await root.tree({ level: 1 })).toBe(py.tree1);
    expect(await root.keys()).toEqual(py.keys);
    const foo = await root.getGroup("foo");
    expect(await foo.keys()).toEqual(py.fooKeys);
    const pyInfo = py.info
      .replace("zarr.hierarchy.Group", "zarrkit.Group")
      .replace("zarr.storage.MemoryStore", "RecordingStore");
    expect(await foo.info()).toBe(pyInfo);
  });

  it("prints the tutorial's group repr", async () => {
    const root = await build(new RecordingStore());
    expect(String(root)).toBe(
      "Group(/, 3)\n  arrays: 1; arr\n  groups: 2; foo, x\n  store: RecordingStore",
    );
    const bar = await root.getGroup("foo/bar");
    expect(String(bar)).toBe("Group(/foo/bar, 1)\n  arrays: 1; baz\n  store: RecordingStore");
    const baz = await root.get("foo/bar/baz");
    expect(String(baz)).toBe("Array(/foo/bar/baz, (100, 100), int32, chunks=(10, 10), order=C)");
  });

  it("walks paths and answers membership", async () => {
    const root = await build(new RecordingStore());
    expect(await root.has("foo/bar/baz")).toBe(true);
    expect(await root.has("foo/nope")).toBe(false);
    await expect(root.get("foo/nope")).rejects.toBeInstanceOf(NodeNotFoundError);
    const arrays = await (await root.getGroup("foo")).arrays();
    expect(arrays.map(([n, a]) => [n, a.shape])).toEqual([["quux", [50]]]);
    const groups = await root.groups();
    expect(groups.map(([n, g]) => [n, g.name])).toEqual([
      ["foo", "/foo"],
      ["x", "/x"],
    ]);
    await expect(root.createGroup("foo")).rejects.toThrow(/already contains a group/);
    await expect(root.requireGroup("arr")).rejects.toBeInstanceOf(ContainsNodeError);
    expect((await root.requireGroup("foo")).name).toBe("/foo");
  });

  it("requireDataset checks shape and dtype", async () => {
    const root = await build(new RecordingStore());
    const foo = await root.getGroup("foo");
    expect((await foo.requireDataset("quux", { shape: [50], dtype: "u2" })).dtype).toBe("<u2");
    expect((await foo.requireDataset("quux", { shape: [50], dtype: "u1" })).dtype).toBe("<u2");
    await expect(
      foo.requireDataset("quux", { shape: [50], dtype: "u1", exact: true }),
    ).rejects.toThrow(/dtypes do not match/);
    await expect(foo.requireDataset("quux", { shape: [51] })).rejects.toThrow(
      /shapes do not match/,
    );
    await expect(foo.requireDataset("quux", { shape: [50], dtype: "i1" })).rejects.toThrow(
      /dtypes do not match/,
    );
    const fresh = await foo.requireDataset("fresh", { shape: [5], dtype: "i4", compressor: null });
    expect(fresh.shape).toEqual([5]);
  });
});

describe("open modes mean what they mean in zarr-python", () => {
  it("r, r+, a, w, w- on arrays and groups", async () => {
    const store = new RecordingStore();
    await expect(openArray(store, { mode: "r" })).rejects.toBeInstanceOf(NodeNotFoundError);
    await expect(openGroup(store, { mode: "r+" })).rejects.toBeInstanceOf(NodeNotFoundError);
    await expect(open(store, { mode: "r" })).rejects.toThrow(/nothing found at the store root/);
    const a = await openArray(store, { mode: "a", shape: [4], dtype: "i4", compressor: null });
    expect(a).toBeInstanceOf(ZarrArray);
    await expect(openGroup(store, { mode: "a" })).rejects.toThrow(/contains an array, not a group/);
    await expect(openArray(store, { mode: "w-", shape: [4] })).rejects.toThrow(
      /already contains an array/,
    );
    const r = await openArray(store, { mode: "r" });
    await expect(r.set(0, 1)).rejects.toBeInstanceOf(ReadOnlyError);
    const g = await openGroup(store, { mode: "w" });
    expect(g).toBeInstanceOf(Group);
    expect(store.map.has(".zarray")).toBe(false);
    await expect(openArray(store, { mode: "r+" })).rejects.toThrow(
      /contains a group, not an array/,
    );
    expect(await open(store, { mode: "r" })).toBeInstanceOf(Group);
    const ro = (await open(store, { mode: "r" })) as Group;
    await expect(ro.createGroup("x")).rejects.toBeInstanceOf(ReadOnlyError);
    await expect(open(store, { mode: "q" as never })).rejects.toThrow(/mode must be one of/);
  });
});

describe("consolidated metadata", () => {
  it("opens a whole hierarchy with one store read", async () => {
    const store = new RecordingStore();
    await build(store);
    await consolidateMetadata(store);
    store.reset();
    const root = (await openConsolidated(store, { mode: "r" })) as Group;
    const tree = await root.tree();
    const baz = (await root.get("foo/bar/baz")) as ZarrArray;
    expect(baz.attrs.get("units")).toBe("m");
    expect(store.reads).toEqual([".zmetadata"]);
    expect(tree).toContain("baz (100, 100) int32");
    // Chunk reads go to the store; metadata cannot be changed through the view.
    expect(await baz.get([0, 0])).toBe(1);
    await expect(baz.attrs.set("a", 1)).rejects.toBeInstanceOf(ReadOnlyError);
  });
});

describe("copying", () => {
  it("copies arrays chunk by chunk, groups recursively, and logs like zarr-python", async () => {
    const src = await build(new RecordingStore());
    const destStore = new RecordingStore();
    const dest = await group({ store: destStore });
    const lines: string[] = [];
    const progress: [number, number][] = [];
    const result = await copy(src, dest, {
      name: "copied",
      log: (l) => lines.push(l),
      onProgress: (p) => progress.push([p.chunksDone, p.chunksTotal]),
    });
    const py = runPythonJson<{ lines: string[]; result: number[]; skipped: number[] }>(
      `${PY_HELPERS}
import io
s = zarr.storage.MemoryStore()
${PY_BUILD}
out = io.StringIO()
d = zarr.group()
r = zarr.copy(root, d, name="copied", log=out)
skipped = zarr.copy(root, d, name="copied", if_exists="skip")
print(json.dumps({"lines": out.getvalue().splitlines(), "result": list(r), "skipped": list(skipped)}))`,
    );
    expect(lines).toEqual(py.lines);
    expect(result).toEqual(py.result);
    const baz = (await dest.get("copied/foo/bar/baz")) as ZarrArray;
    expect(await baz.get([19, 9])).toBe(1);
    expect(await baz.get([20, 9])).toBe(0);
    expect(baz.attrs.get("units")).toBe("m");
    // baz (10x10 chunks), arr (1) and quux (3): 104 chunks in all.
    expect(progress.at(-1)).toEqual([104, 104]);
    expect(progress.every(([d, t], i) => d <= t && (i === 0 || d >= progress[i - 1]![0]))).toBe(
      true,
    );
    await expect(copy(src, dest, { name: "copied" })).rejects.toThrow(
      /already exists in destination/,
    );
    const skipped = await copy(src, dest, { name: "copied", ifExists: "skip" });
    expect(skipped).toEqual(py.skipped);
    const all = await copyAll(src, await group({ store: new RecordingStore() }));
    expect(all[0]).toBe(py.result[0]! - 1);
  });

  it("copyStore copies raw keys with includes, excludes and ifExists", async () => {
    const srcStore = new RecordingStore();
    await build(srcStore);
    const dest = new RecordingStore();
    const [n, , bytes] = await copyStore(srcStore, dest, {
      sourcePath: "foo",
      destPath: "moved",
      excludes: ["quux"],
    });
    expect([...dest.map.keys()].every((k) => k.startsWith("moved/") && !k.includes("quux"))).toBe(
      true,
    );
    expect(n).toBe(dest.map.size);
    expect(bytes).toBe([...dest.map.values()].reduce((a, v) => a + v.byteLength, 0));
    await expect(
      copyStore(srcStore, dest, { sourcePath: "foo", destPath: "moved" }),
    ).rejects.toThrow(/exists in destination/);
    const g = (await openGroup(dest, { mode: "r", path: "moved" })) as Group;
    expect(await g.keys()).toEqual(["bar"]);
  });
});
