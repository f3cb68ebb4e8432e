// W4's shape of work, scaled down: many small uncompressed chunks read and written by many
// concurrent operations. Every write must be kept, reads must see whole chunks, and the bytes
// must be zarr-python's (checked live with /usr/bin/python3, both ways).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runPythonJson } from "@zarrkit/test-utils";
import { afterAll, describe, expect, it } from "vitest";
import { create, NdArray, openArray, slice } from "../src/index.js";
import { TestFsStore } from "./helpers/fs-store.js";
import { RecordingStore } from "./helpers/recording-store.js";

const root = mkdtempSync(join(tmpdir(), "zarrkit-small-chunks-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** W4's values: ((i * 7 + j) % 1000) / 10 at row i, column j. */
const value = (i: number, j: number) => ((i * 7 + j) % 1000) / 10;

describe("many small chunks", () => {
  it("keeps every one of many concurrent overlapping writes and reads them back", async () => {
    const z = await create([120, 120], {
      dtype: "<f8",
      chunks: [6, 6],
      compressor: null,
      store: new RecordingStore(),
    });
    // 40 bands of 3 rows, each written with its own set() at once: bands share chunks (a chunk
    // is 6 rows), so each chunk is read-modified-written by two writers concurrently.
    await Promise.all(
      Array.from({ length: 40 }, (_, b) => {
        const rows = Float64Array.from({ length: 3 * 120 }, (_, k) =>
          value(b * 3 + Math.floor(k / 120), k % 120),
        );
        return z.set([slice(b * 3, b * 3 + 3), null], rows, { concurrency: 4 });
      }),
    );
    // Concurrent reads of different shapes, some into caller buffers, while nothing writes.
    const reads = await Promise.all([
      z.get(null),
      z.get([slice(5, 115, 7), slice(1, 119)]),
      z.get(null, { out: new Float64Array(120 * 120), concurrency: 64 }),
    ]);
    for (const r of reads) {
      const a = r as NdArray;
      const [rows, cols] = a.shape as [number, number];
      const rowOf = (i: number) => (rows === 120 ? i : 5 + 7 * i);
      const colOf = (j: number) => (cols === 120 ? j : 1 + j);
      for (let i = 0; i < rows; i++)
        for (let j = 0; j < cols; j++)
          if ((a.data as Float64Array)[i * cols + j] !== value(rowOf(i), colOf(j)))
            throw new Error(`element (${rowOf(i)}, ${colOf(j)}) is wrong`);
    }
    expect(reads[0]!.size).toBe(14400);
  });

  it("writes chunks zarr-python reads, and reads zarr-python's into a caller's buffer", async () => {
    const dir = join(root, "w4.zarr");
    const z = await create([200, 300], {
      dtype: "<f8",
      chunks: [10, 10],
      compressor: null,
      store: new TestFsStore(dir),
    });
    const data = Float64Array.from({ length: 200 * 300 }, (_, k) =>
      value(Math.floor(k / 300), k % 300),
    );
    await z.set(null, { data, shape: [200, 300] }, { concurrency: 32 });
    const py = runPythonJson<{ chunks: number; sum: number; checks: number[]; nbytes: number[] }>(
      `
import json, zarr, numpy as np
z = zarr.open_array(${JSON.stringify(dir)}, mode="r")
a = z[...]
i = np.arange(200)[:, None]; j = np.arange(300)[None, :]
expected = ((i * 7 + j) % 1000) / 10
print(json.dumps({"chunks": z.nchunks_initialized, "sum": float(a.sum()),
  "checks": [int((a == expected).all()), int(a.dtype == np.float64)],
  "nbytes": [len(z.store[k]) for k in ["0.0", "19.29"]]}))
`,
    );
    expect(py.chunks).toBe(600);
    expect(py.checks).toEqual([1, 1]);
    expect(py.nbytes).toEqual([800, 800]);

    const pyDir = join(root, "py-w4.zarr");
    runPythonJson(`
import json, zarr, numpy as np
i = np.arange(200)[:, None]; j = np.arange(300)[None, :]
z = zarr.open_array(${JSON.stringify(pyDir)}, mode="w", shape=(200, 300), chunks=(10, 10), dtype="<f8", compressor=None)
z[...] = ((i * 7 + j) % 1000) / 10 + 0.25
print(json.dumps(z.nchunks_initialized))
`);
    const fromPy = await openArray(new TestFsStore(pyDir), { mode: "r" });
    const out = new NdArray(new Float64Array(200 * 300), [200, 300], "<f8");
    expect(await fromPy.get(null, { out })).toBe(out);
    let wrong = 0;
    for (let k = 0; k < data.length; k++)
      if ((out.data as Float64Array)[k] !== data[k]! + 0.25) wrong++;
    expect(wrong).toBe(0);
  });
});
