// Fancy selection on arrays zarr-python 2.13 wrote (object, float and structured dtypes,
// Blosc), compared with zarr-python's own oindex/vindex/mask results; and fancy writes read
// back by zarr-python.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runPythonJson } from "@zarrkit/test-utils";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as zarr from "../src/index.js";

const tmp = mkdtempSync(join(tmpdir(), "zarrkit-fancy-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const ROWS = [5, 0, -1, 2, 2];
const COLS = [3, 0];
const VR = [6, 0, 3, 3];
const VC = [4, 1, 1, 0];

describe("fancy selection against zarr-python", () => {
  const path = join(tmp, "src.zarr");
  let py: Record<string, { o: unknown; v: unknown; m: unknown }>;
  beforeAll(() => {
    py = runPythonJson(`import json, numpy as np, zarr, numcodecs
g = zarr.open_group(${JSON.stringify(path)}, mode="w")
words = np.array(["w%d" % i + "é" * (i % 3) for i in range(35)], dtype=object).reshape(7, 5)
g.array("text", words, chunks=(3, 2), object_codec=numcodecs.VLenUTF8())
g.array("floats", np.arange(35, dtype="<f8").reshape(7, 5) / 4, chunks=(3, 2))
out = {}
for name in ["text", "floats"]:
    a = g[name]
    m = (np.arange(35).reshape(7, 5) % 4) == 1
    out[name] = {"o": a.oindex[${JSON.stringify(ROWS)}, ${JSON.stringify(COLS)}].tolist(),
                 "v": a.vindex[${JSON.stringify(VR)}, ${JSON.stringify(VC)}].tolist(),
                 "m": a.vindex[m].tolist()}
print(json.dumps(out))`);
  });

  for (const name of ["text", "floats"]) {
    it(`${name}: oindex, vindex and mask reads give zarr-python's values`, async () => {
      const a = await zarr.openArray(join(path, name), { mode: "r" });
      expect(((await a.oindex.get([ROWS, COLS])) as zarr.NdArray).toArray()).toEqual(py[name]!.o);
      expect((await a.vindex.get([VR, VC])).toArray()).toEqual(py[name]!.v);
      const mask = Array.from({ length: 7 }, (_, r) =>
        Array.from({ length: 5 }, (_, c) => (r * 5 + c) % 4 === 1),
      );
      expect((await a.vindex.get(mask)).toArray()).toEqual(py[name]!.m);
    });
  }

  it("fancy writes of an object array read back in zarr-python as NumPy would write them", async () => {
    const target = join(tmp, "written.zarr");
    const a = await zarr.openArray(target, {
      mode: "w",
      shape: [7, 5],
      chunks: [3, 2],
      dtype: "str",
    });
    await a.set(null, "-");
    await a.oindex.set(
      [
        [6, 1],
        [4, 0],
      ],
      [
        ["a", "b"],
        ["c", "d"],
      ],
    );
    await a.vindex.set(
      [
        [2, 2, 0],
        [2, 2, 0],
      ],
      ["x", "y", "zé"],
    );
    await a.blocks.set([1, 1], "blk");
    const back = runPythonJson<string[][]>(`import json, zarr
print(json.dumps(zarr.open_array(${JSON.stringify(target)}, mode="r")[...].tolist()))`);
    const want = Array.from({ length: 7 }, () => Array.from({ length: 5 }, () => "-"));
    for (const r of [3, 4, 5]) for (const c of [2, 3]) want[r]![c] = "blk";
    want[6]![4] = "a";
    want[6]![0] = "b";
    want[1]![4] = "c";
    want[1]![0] = "d";
    want[2]![2] = "y";
    want[0]![0] = "zé";
    expect(back).toEqual(want);
  });
});
