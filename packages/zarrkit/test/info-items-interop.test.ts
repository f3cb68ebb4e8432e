// `infoItems()` gives zarr-python 2.13's `Array.info` table row for row, for arrays zarr-python
// wrote; only the rows naming classes (Type, Store type) name zarrkit's instead.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runPython } from "@zarrkit/test-utils";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatInfoTable, openArray } from "../src/index.js";

const tmp = mkdtempSync(join(tmpdir(), "zarrkit-info-items-"));
const dir = join(tmp, "py.zarr");
const NAMES = ["blosc", "filters", "tiny", "fortran", "empty", "partial"];
let python: Record<string, string>;

beforeAll(() => {
  const out = runPython(`
import json, zarr, numpy as np, numcodecs
g = zarr.open_group(${JSON.stringify(dir)}, mode='w')
g.create_dataset('blosc', data=np.arange(20000, dtype='i4').reshape(100, 200), chunks=(30, 70))
g.create_dataset('filters', data=np.linspace(0, 1, 5000), chunks=(700,),
                 filters=[numcodecs.Delta(dtype='f8'), numcodecs.Quantize(digits=3, dtype='f8')],
                 compressor=numcodecs.Zlib(level=3))
g.create_dataset('tiny', data=np.arange(5, dtype='u1'), chunks=(2,), compressor=None)
g.create_dataset('fortran', data=np.ones((64, 64), dtype='>f4'), chunks=(16, 16), order='F',
                 compressor=numcodecs.BZ2(level=1))
g.zeros('empty', shape=(1000, 1000), chunks=(100, 100), dtype='f8')
p = g.zeros('partial', shape=(1000,), chunks=(100,), dtype='i2')
p[150:420] = 7
print(json.dumps({n: repr(g[n].info) for n in ${JSON.stringify(NAMES)}}))
`).stdout;
  python = JSON.parse(out);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("infoItems() is zarr-python 2.13's Array.info", () => {
  it.each(NAMES)("%s", async (name) => {
    const z = await openArray(dir, { path: name, mode: "r+" });
    const ours = formatInfoTable(await z.infoItems());
    const theirs = python[name]!.replace(/^(Type\s+: ).*$/m, "$1zarrkit.Array").replace(
      /^(Store type\s+: ).*$/m,
      `$1${String(z.store)}`,
    );
    expect(ours).toBe(theirs);
  });

  it("without the stored rows, counts nothing and shows ?/N", async () => {
    const z = await openArray(dir, { path: "partial", mode: "r+" });
    const rows = await z.infoItems({ stored: false });
    expect(rows.map(([k]) => k)).not.toContain("No. bytes stored");
    expect(rows.at(-1)).toEqual(["Chunks initialized", "?/10"]);
    expect((await z.infoItems()).at(-1)).toEqual(["Chunks initialized", "4/10"]);
  });
});
