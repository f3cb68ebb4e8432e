import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as zarr from "zarrkit";
import { testBucket } from "./bucket.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The tutorial's persistence, groups, consolidation and copy sections with s3:// locations
// on a real Swift instead of local paths. Expected values are the tutorial's own.
let bucket: string;
let storageOptions: Record<string, unknown>;
let dir: string;
beforeAll(async () => {
  ({ bucket, storageOptions } = await testBucket());
  dir = mkdtempSync(join(tmpdir(), "zarrkit-s3-tutorial-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ramp = Int32Array.from({ length: 1000 }, (_, i) => i);

describe("the tutorial on S3", () => {
  it("persistent arrays: write with mode w, reopen read-only, same data, writes refused", async () => {
    const location = `s3://${bucket}/persist/example.zarr`;
    const z1 = await zarr.openArray(location, {
      mode: "w",
      shape: [1000, 1000],
      chunks: [100, 100],
      dtype: "i4",
      storageOptions,
    });
    await z1.set(null, 42);
    await z1.set([0, null], ramp);
    await z1.set([null, 0], ramp);
    const z2 = await zarr.openArray<"i4">(location, { mode: "r", storageOptions });
    expect(z2.toString()).toBe("Array((1000, 1000), int32, chunks=(100, 100), order=C)");
    const a2 = (await z2.get(null)) as zarr.NdArray<"i4">;
    expect(a2.get(0, 999)).toBe(999);
    expect(a2.get(999, 0)).toBe(999);
    expect(a2.get(500, 500)).toBe(42);
    expect(a2.data.reduce((s, v) => s + v, 0)).toBe(42 * 999 * 999 + 2 * 499500);
    await expect(z2.set([0, 0], 1)).rejects.toThrow(zarr.ReadOnlyError);
    // Mode w replaces what was there.
    const z3 = await zarr.openArray(location, {
      mode: "w",
      shape: [10],
      chunks: [5],
      dtype: "u1",
      storageOptions,
    });
    expect(await z3.nchunksInitialized()).toBe(0);
    const store = (await zarr.resolveStore(location, "r", storageOptions)) as zarr.S3Store;
    const keys: string[] = [];
    for await (const k of store.list()) keys.push(k);
    expect(keys).toEqual([".zarray"]);
  });

  it("groups: a hierarchy with attributes, tree and members", async () => {
    const location = `s3://${bucket}/groups/group.zarr`;
    const root = await zarr.openGroup(location, { mode: "w", storageOptions });
    const foo = await root.createGroup("foo");
    const bar = await foo.createGroup("bar");
    const z1 = await bar.zeros("baz", { shape: [10000, 10000], chunks: [1000, 1000], dtype: "i4" });
    await z1.set([zarr.slice(0, 2), zarr.slice(0, 3)], 7);
    await root.attrs.set("foo", "bar");
    await z1.attrs.put({ baz: 42 });
    const again = await zarr.openGroup(location, { mode: "r", storageOptions });
    expect(await again.tree()).toBe(
      ["/", " └── foo", "     └── bar", "         └── baz (10000, 10000) int32"].join("\n"),
    );
    expect(again.attrs.toJSON()).toEqual({ foo: "bar" });
    const baz = await again.getArray("foo/bar/baz");
    expect(baz.attrs.toJSON()).toEqual({ baz: 42 });
    expect(await baz.get([1, 2])).toBe(7);
    expect(await baz.get([2, 2])).toBe(0);
    expect(await again.groupKeys()).toEqual(["foo"]);
  });

  it("consolidated metadata: one document, and the hierarchy opens from it", async () => {
    const location = `s3://${bucket}/consolidated/data.zarr`;
    const root = (await zarr.open(location, { mode: "w", storageOptions })) as zarr.Group;
    await root.attrs.set("title", "demo");
    const baz = await root.zeros("foo/bar/baz", {
      shape: [100, 100],
      chunks: [10, 10],
      dtype: "i4",
    });
    await baz.attrs.set("units", "m");
    await root.createGroup("spam");
    await zarr.consolidateMetadata(location, { storageOptions });
    const store = (await zarr.resolveStore(location, "r", storageOptions)) as zarr.S3Store;
    const doc = JSON.parse(new TextDecoder().decode(await store.get(".zmetadata")));
    expect(doc.zarr_consolidated_format).toBe(1);
    expect(Object.keys(doc.metadata)).toEqual([
      ".zattrs",
      ".zgroup",
      "foo/.zgroup",
      "foo/bar/.zgroup",
      "foo/bar/baz/.zarray",
      "foo/bar/baz/.zattrs",
      "spam/.zgroup",
    ]);
    const opened = (await zarr.openConsolidated(location, { storageOptions })) as zarr.Group;
    const viaDoc = (await opened.get("foo/bar/baz")) as zarr.ZarrArray<"i4">;
    expect([viaDoc.toString(), viaDoc.attrs.get("units")]).toEqual([
      "Array(/foo/bar/baz, (100, 100), int32, chunks=(10, 10), order=C)",
      "m",
    ]);
    await viaDoc.set([0, 0], 5);
    expect(await viaDoc.get([0, 0])).toBe(5);
  });

  it("copy: a group from a directory to S3 and back, and copyStore both ways", async () => {
    const source = await zarr.openGroup(join(dir, "source.zarr"), { mode: "w" });
    const foo = await source.createGroup("foo");
    await foo.createDataset("bar/baz", {
      data: Int32Array.from({ length: 100 }, (_, i) => i),
      chunks: [50],
    });
    await source.createDataset("spam", {
      data: Int32Array.from({ length: 100 }, (_, i) => 100 + i),
      chunks: [30],
    });
    await foo.attrs.set("note", "copied");

    const s3Dest = await zarr.openGroup(`s3://${bucket}/copy/dest.zarr`, {
      mode: "w",
      storageOptions,
    });
    expect(await zarr.copy(foo, s3Dest)).toEqual([3, 0, 400]);
    expect(await zarr.copyAll(source, await s3Dest.createGroup("all"))).toEqual([4, 0, 800]);
    expect(await s3Dest.tree()).toBe(
      [
        "/",
        " ├── all",
        " │   ├── foo",
        " │   │   └── bar",
        " │   │       └── baz (100,) int32",
        " │   └── spam (100,) int32",
        " └── foo",
        "     └── bar",
        "         └── baz (100,) int32",
      ].join("\n"),
    );

    // And back: S3 -> a new directory.
    const back = await zarr.openGroup(join(dir, "back.zarr"), { mode: "w" });
    expect(await zarr.copy(await s3Dest.getGroup("all"), back)).toEqual([5, 0, 800]);
    const spam = await zarr.openArray<"i4">(join(dir, "back.zarr", "all", "spam"), { mode: "r" });
    expect(Array.from(((await spam.get(null)) as zarr.NdArray<"i4">).data)).toEqual(
      Array.from({ length: 100 }, (_, i) => 100 + i),
    );
    const fooBack = await zarr.openGroup(join(dir, "back.zarr", "all", "foo"), { mode: "r" });
    expect(fooBack.attrs.toJSON()).toEqual({ note: "copied" });

    // copyStore moves the raw keys: the same files come back byte for byte.
    const s3Raw = (await zarr.resolveStore(
      `s3://${bucket}/copy/raw.zarr`,
      "w",
      storageOptions,
    )) as zarr.S3Store;
    const dirStore = new zarr.DirectoryStore(join(dir, "source.zarr"));
    const [copied] = await zarr.copyStore(dirStore, s3Raw);
    const roundTrip = new zarr.DirectoryStore(join(dir, "raw-back.zarr"));
    expect(await zarr.copyStore(s3Raw, roundTrip)).toEqual([copied, 0, expect.any(Number)]);
    const files = (d: string): string[] =>
      readdirSync(d, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) =>
          join(e.parentPath ?? (e as unknown as { path: string }).path, e.name).slice(d.length + 1),
        )
        .sort();
    const original = files(join(dir, "source.zarr"));
    expect(files(join(dir, "raw-back.zarr"))).toEqual(original);
    expect(original.length).toBe(copied);
    for (const f of original)
      expect(
        readFileSync(join(dir, "raw-back.zarr", f)).equals(
          readFileSync(join(dir, "source.zarr", f)),
        ),
        f,
      ).toBe(true);
  });
});
