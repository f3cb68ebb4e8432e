import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SwiftServer } from "@zarrkit/test-servers";
import { PY_HELPERS, runPythonJson, toManifestValue } from "@zarrkit/test-utils";
import * as zarr from "zarrkit";
import { testBucket } from "./bucket.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { botoDownload, botoUpload } from "./boto3.js";

let swift: SwiftServer;
let bucket: string;
let storageOptions: Record<string, unknown>;
const temps: string[] = [];
beforeAll(async () => {
  ({ swift, bucket, storageOptions } = await testBucket());
});
afterAll(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), "zarrkit-s3-interop-"));
  temps.push(d);
  return d;
}

/** Flat C-order values in the fixtures' manifest encoding (as zarr_json.describe prints). */
const manifest = (a: zarr.NdArray) => Array.from(a.data as ArrayLike<unknown>, toManifestValue);

interface PyArray {
  dtype: string;
  shape: number[];
  chunks: number[];
  compressor: Record<string, unknown> | null;
  attrs: Record<string, unknown>;
  values: unknown[];
}

describe("zarrkit writes to S3, boto3 downloads, zarr-python 2.13 reads", () => {
  it("reads groups, attributes, several dtypes and codecs, and consolidated metadata", async () => {
    const location = `s3://${bucket}/kw/example.zarr`;
    const root = await zarr.openGroup(location, { mode: "w", storageOptions });
    await root.attrs.put({ title: "written by zarrkit to S3", version: 3 });
    const foo = await root.createGroup("foo");
    await foo.attrs.set("units", "m");

    const i4 = Int32Array.from({ length: 50 * 40 }, (_, i) => i * 7 - 3000);
    const a1 = await foo.zeros("bar", {
      shape: [50, 40],
      chunks: [16, 16],
      dtype: "<i4",
      compressor: new zarr.Blosc({ cname: "zstd", clevel: 3, shuffle: 2 }),
    });
    await a1.set(null, new zarr.NdArray(i4, [50, 40], "<i4"));
    await a1.attrs.set("description", "ramp");

    const f8 = await root.full("f8", {
      fillValue: Number.NaN,
      shape: [33],
      chunks: [10],
      dtype: "<f8",
      compressor: new zarr.Zlib({ level: 1 }),
    });
    // Chunk 3 (30..32) is never written: zarr-python must see the fill value there.
    await f8.set(
      "0:25",
      new zarr.NdArray(
        Float64Array.from({ length: 25 }, (_, i) => i / 4),
        [25],
        "<f8",
      ),
    );

    const u1 = await root.zeros("u1", {
      shape: [7, 9],
      chunks: [3, 4],
      dtype: "|u1",
      compressor: null,
    });
    const u1v = Uint8Array.from({ length: 63 }, (_, i) => (i * 31) % 256);
    await u1.set(null, new zarr.NdArray(u1v, [7, 9], "|u1"));

    const i8 = await root.zeros("big", { shape: [12], chunks: [5], dtype: ">i8" });
    const i8v = BigInt64Array.from({ length: 12 }, (_, i) => BigInt(i) * 1_000_000_000_007n - 9n);
    await i8.set(null, new zarr.NdArray(i8v, [12], ">i8"));

    await zarr.consolidateMetadata(location, { storageOptions });

    const dir = tempDir();
    const keys = botoDownload(swift, bucket, "kw/example.zarr", dir);
    expect(keys).toContain(".zmetadata");
    expect(keys).toContain("foo/bar/.zarray");
    expect(keys).not.toContain("f8/3"); // never written, so not stored

    const seen = runPythonJson<{
      rootAttrs: Record<string, unknown>;
      fooAttrs: Record<string, unknown>;
      consolidatedKeys: string[];
      arrays: Record<string, PyArray>;
    }>(`${PY_HELPERS}
store = zarr.DirectoryStore(${JSON.stringify(dir)})
g = zarr.open_consolidated(store, mode="r")
meta = json.loads(store[".zmetadata"])["metadata"]
print(json.dumps({
  "rootAttrs": g.attrs.asdict(),
  "fooAttrs": g["foo"].attrs.asdict(),
  "consolidatedKeys": sorted(meta),
  "arrays": {p: zj.describe(g[p]) for p in ["foo/bar", "f8", "u1", "big"]},
}))`);
    expect(seen.rootAttrs).toEqual({ title: "written by zarrkit to S3", version: 3 });
    expect(seen.fooAttrs).toEqual({ units: "m" });
    expect(seen.consolidatedKeys).toEqual(
      [
        ".zattrs",
        ".zgroup",
        "big/.zarray",
        "f8/.zarray",
        "foo/.zattrs",
        "foo/.zgroup",
        "foo/bar/.zarray",
        "foo/bar/.zattrs",
        "u1/.zarray",
      ].sort(),
    );
    const bar = seen.arrays["foo/bar"] as PyArray;
    expect([bar.dtype, bar.shape, bar.chunks, bar.attrs]).toEqual([
      "<i4",
      [50, 40],
      [16, 16],
      { description: "ramp" },
    ]);
    expect(bar.compressor).toEqual({
      id: "blosc",
      cname: "zstd",
      clevel: 3,
      shuffle: 2,
      blocksize: 0,
    });
    expect(bar.values).toEqual(Array.from(i4));
    const expectedF8 = [...Array.from({ length: 25 }, (_, i) => i / 4), ...Array(8).fill("NaN")];
    expect(seen.arrays.f8?.values).toEqual(expectedF8);
    expect(seen.arrays.f8?.compressor).toEqual({ id: "zlib", level: 1 });
    expect(seen.arrays.u1?.values).toEqual(Array.from(u1v));
    expect(seen.arrays.u1?.compressor).toBeNull();
    expect(seen.arrays.big?.dtype).toBe(">i8");
    expect(seen.arrays.big?.values).toEqual(Array.from(i8v, String));
  });
});

describe("zarr-python 2.13 writes a directory, boto3 uploads it, zarrkit reads it from S3", () => {
  it("reads the same values, attributes and metadata, consolidated or not", async () => {
    const dir = tempDir();
    const written = runPythonJson<Record<string, PyArray>>(`${PY_HELPERS}
store = zarr.DirectoryStore(${JSON.stringify(dir)})
root = zarr.group(store=store)
root.attrs["origin"] = "zarr-python"
a = root.create_dataset("grp/i2", data=(np.arange(300, dtype="<i2") * 37 - 5000).reshape(20, 15), chunks=(7, 4), compressor=numcodecs.Zlib(level=6))
a.attrs["scale"] = 0.5
b = root.create_dataset("f4", data=np.linspace(-1, 1, 77, dtype="<f4"), chunks=(16,), compressor=numcodecs.Blosc(cname="lz4", clevel=5, shuffle=1))
c = root.create_dataset("u8", data=np.arange(10, dtype="<u8") * np.uint64(2**61), chunks=(4,))
d = root.full("sparse", shape=(10, 10), chunks=(5, 5), dtype="<f8", fill_value=-1.5)
d[0:5, 0:5] = 2.25
zarr.consolidate_metadata(store)
print(json.dumps({p: zj.describe(root[p]) for p in ["grp/i2", "f4", "u8", "sparse"]}))`);
    const keys = botoUpload(swift, bucket, "pw/data.zarr", dir);
    expect(keys).toContain(".zmetadata");
    expect(keys).toContain("grp/i2/.zarray");

    const location = `s3://${bucket}/pw/data.zarr`;
    const consolidated = (await zarr.openConsolidated(location, {
      mode: "r",
      storageOptions,
    })) as zarr.Group;
    const plain = await zarr.openGroup(location, { mode: "r", storageOptions });
    expect(plain.attrs.toJSON()).toEqual({ origin: "zarr-python" });
    for (const g of [consolidated, plain]) {
      for (const [path, py] of Object.entries(written)) {
        const a = await g.getArray(path);
        expect([a.dtype, a.shape, a.chunks], path).toEqual([py.dtype, py.shape, py.chunks]);
        expect(manifest((await a.get(null)) as zarr.NdArray), path).toEqual(py.values);
      }
    }
    const i2 = await consolidated.getArray("grp/i2");
    expect(i2.attrs.toJSON()).toEqual({ scale: 0.5 });
    expect(i2.compressor?.toConfig()).toEqual({ id: "zlib", level: 6 });
  });
});
