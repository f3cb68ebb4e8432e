// A sharded v3 array copied to v2 is stored unsharded, chunked by its inner chunks, with the
// inner chain as v2 filters and compressor: zarr-python reads it, and writes the same chunks.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runPython } from "@zarrkit/test-utils";
import { afterAll, describe, expect, it } from "vitest";
import { copyStore, create, DirectoryStore, Delta, MemoryStore, Zlib } from "../src/index.js";

const tmp = mkdtempSync(join(tmpdir(), "zarrkit-sharded-v2-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("copyStore({ zarrFormat: 2 }) of a sharded array", () => {
  it("writes v2 metadata zarr-python reads, and chunks byte-identical to zarr-python's", async () => {
    const src = new MemoryStore();
    const a = await create([12, 10], {
      store: src,
      path: "a",
      zarrFormat: 3,
      dtype: "<i4",
      chunks: [3, 5],
      shards: [6, 10],
      filters: [new Delta({ dtype: "<i4" })],
      compressor: new Zlib({ level: 1 }),
    });
    const values = Int32Array.from({ length: 120 }, (_, i) => (i * 7919) % 1000);
    await a.set(null, values);
    const dir = join(tmp, "copy.zarr");
    await copyStore(src, new DirectoryStore(dir), { zarrFormat: 2 });

    const meta = JSON.parse(readFileSync(join(dir, "a/.zarray"), "utf8"));
    expect(meta.chunks).toEqual([3, 5]);
    expect(meta.compressor).toEqual({ id: "zlib", level: 1 });
    expect(meta.filters).toEqual([{ id: "delta", dtype: "<i4", astype: "<i4" }]);

    const ref = join(tmp, "ref.zarr");
    const out = runPython(`
import json, zarr, numcodecs, numpy as np
z = zarr.open(${JSON.stringify(join(dir, "a"))}, mode='r')
print(json.dumps(z[:].ravel().tolist()))
r = zarr.open(${JSON.stringify(ref)}, mode='w', shape=(12, 10), chunks=(3, 5), dtype='<i4',
              filters=[numcodecs.Delta(dtype='<i4')], compressor=numcodecs.Zlib(level=1),
              dimension_separator=z._dimension_separator)
r[:] = z[:]
`).stdout;
    expect(JSON.parse(out)).toEqual(Array.from(values));
    const chunks = readdirSync(join(dir, "a"), { recursive: true })
      .map(String)
      .filter((k) => /^\d+([./]\d+)+$/.test(k) && statSync(join(dir, "a", k)).isFile());
    expect(chunks.length).toBe(8);
    for (const k of chunks)
      expect(readFileSync(join(dir, "a", k)), k).toEqual(readFileSync(join(ref, k)));
  });
});
