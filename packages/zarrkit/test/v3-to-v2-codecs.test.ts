import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runPythonJson } from "@zarrkit/test-utils";
import { afterAll, describe, expect, it } from "vitest";
import * as zarr from "../src/index.js";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe("a v3 array whose codecs carry v3-only keys, copied to v2", () => {
  it("writes a .zarray numcodecs 0.11 accepts, and zarr-python reads the values", async () => {
    const root = mkdtempSync(join(tmpdir(), "zarrkit-v3-to-v2-"));
    dirs.push(root);
    const src = new zarr.MemoryStore();
    const values = Int16Array.from({ length: 60 }, (_, i) => i * 3 - 50);
    // Blosc with a typesize other than the item size (as zarr-python 3.1's fixtures have it)
    // and Zstd with a content checksum: numcodecs 0.11 has neither key.
    const cases = [
      {
        name: "blosc",
        codec: {
          name: "blosc",
          configuration: { cname: "lz4", clevel: 5, shuffle: "shuffle", typesize: 4, blocksize: 0 },
        },
      },
      { name: "zstd", codec: { name: "zstd", configuration: { level: 3, checksum: true } } },
    ];
    for (const c of cases) {
      const a = await zarr.create([6, 10], {
        store: src,
        path: c.name,
        chunks: [3, 5],
        dtype: "i2",
        zarrFormat: 3,
        codecs: [{ name: "bytes", configuration: { endian: "little" } }, c.codec],
      });
      await a.set(null, { data: values, shape: [6, 10] });
    }
    const dest = new zarr.DirectoryStore(root);
    await zarr.copyStore(src, dest, { zarrFormat: 2 });
    const blosc = JSON.parse(readFileSync(join(root, "blosc", ".zarray"), "utf8"));
    expect(blosc.compressor).toEqual({
      id: "blosc",
      cname: "lz4",
      clevel: 5,
      shuffle: 1,
      blocksize: 0,
    });
    const zstd = JSON.parse(readFileSync(join(root, "zstd", ".zarray"), "utf8"));
    expect(zstd.compressor).toEqual({ id: "zstd", level: 3 });
    const read = runPythonJson<Record<string, number[]>>(
      `import json, sys, zarr\ng = zarr.open_group(sys.argv[1], mode="r")\nprint(json.dumps({k: g[k][:].ravel().tolist() for k in ["blosc", "zstd"]}))`.replace(
        "sys.argv[1]",
        JSON.stringify(root),
      ),
    );
    expect(read.blosc).toEqual(Array.from(values));
    expect(read.zstd).toEqual(Array.from(values));
  });
});
