// A zip archive stored as one S3 object opens from its s3:// location and is read by range
// GETs: zarr-python writes the archive, S3Store uploads it to the real Swift, zarrkit reads it.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PY_HELPERS, runPythonJson } from "@zarrkit/test-utils";
import * as zarr from "zarrkit";
import { testBucket } from "./bucket.js";
import { afterAll, beforeAll, expect, it } from "vitest";

let bucket: string;
let storageOptions: Record<string, unknown>;
let dir: string;
let zipBytes: Uint8Array;
let expected: { values: number[]; shape: number[]; title: string };

beforeAll(async () => {
  ({ bucket, storageOptions } = await testBucket());
  dir = mkdtempSync(join(tmpdir(), "zarrkit-s3-zip-"));
  const path = join(dir, "data.zip");
  expected = runPythonJson(`${PY_HELPERS}
import numpy as np
store = zarr.ZipStore(${JSON.stringify(path)}, mode="w")
root = zarr.group(store=store)
root.attrs["title"] = "zip in a bucket"
a = root.zeros("arr", shape=(30, 20), chunks=(8, 8), dtype="<i4", compressor=numcodecs.Zlib(1))
a[:] = np.arange(600, dtype="<i4").reshape(30, 20) * 3 - 100
out = {"values": a[9:17, 5:7].ravel().tolist(), "shape": list(a.shape), "title": root.attrs["title"]}
store.close()
print(json.dumps(out))
`);
  zipBytes = new Uint8Array(readFileSync(path));
  const folder = new zarr.S3Store({ bucket, prefix: "archives", ...storageOptions });
  await folder.set("data.zip", zipBytes);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it("opens s3://bucket/path/data.zip as the archive and reads a block spanning chunks", async () => {
  const location = `s3://${bucket}/archives/data.zip`;
  const g = (await zarr.open(location, { mode: "r", storageOptions })) as zarr.Group;
  expect(g).toBeInstanceOf(zarr.Group);
  expect(g.attrs.get("title")).toBe(expected.title);
  const a = (await g.get("arr")) as zarr.ZarrArray;
  expect(a.shape).toEqual(expected.shape);
  const block = await a.get([zarr.slice(9, 17), zarr.slice(5, 7)]);
  expect(Array.from(block.data as Int32Array)).toEqual(expected.values);
});

it("is read-only whatever the mode, and names what it refused", async () => {
  const store = await zarr.resolveStore(`s3://${bucket}/archives/data.zip`, "a", storageOptions);
  expect(store).toBeInstanceOf(zarr.ZipArchiveStore);
  await expect(zarr.storeSet(store, "x", new Uint8Array(1))).rejects.toThrow(zarr.ReadOnlyError);
  // the object in the bucket is the archive as uploaded
  const folder = new zarr.S3Store({ bucket, prefix: "archives", ...storageOptions });
  expect(await folder.get("data.zip")).toEqual(zipBytes);
});

it("a missing archive is a clear not-found error naming it", async () => {
  await expect(
    zarr.open(`s3://${bucket}/archives/none.zip`, { mode: "r", storageOptions }),
  ).rejects.toThrow(/none\.zip/);
});
