import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runPythonJson } from "@zarrkit/test-utils";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as zarr from "../src/index.js";

const tmp = mkdtempSync(join(tmpdir(), "zarrkit-objcodecs-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("the umbrella's object codecs", () => {
  it("registers json2, msgpack2 and vlen-array with the exported classes", async () => {
    expect(await zarr.getCodec({ id: "json2" })).toBeInstanceOf(zarr.JSONCodec);
    expect(await zarr.getCodec({ id: "msgpack2" })).toBeInstanceOf(zarr.MsgPack);
    expect(await zarr.getCodec({ id: "vlen-array", dtype: "<f4" })).toBeInstanceOf(zarr.VLenArray);
  });
});

describe("object arrays zarr-python wrote with its default compressor (Blosc)", () => {
  const path = join(tmp, "objects.zarr");
  beforeAll(() => {
    runPythonJson(`import json, numpy as np, zarr, numcodecs
g = zarr.open_group(${JSON.stringify(path)}, mode="w")
def objects(vals):
    a = np.empty(len(vals), dtype=object)
    for i, v in enumerate(vals):
        a[i] = v
    return a
g.array("json", objects(["a", {"k": [1, 2.5]}, None, 2**70]), chunks=3,
    object_codec=numcodecs.JSON())
g.array("msgpack", objects(["a", b"\\x00\\x01", [1, None], -2**40]), chunks=3,
    object_codec=numcodecs.MsgPack())
g.array("ragged", objects([np.arange(3, dtype="<f8"), np.array([], "<f8"), [0.5]]), chunks=2,
    object_codec=numcodecs.VLenArray("<f8"))
g.array("pickled", objects(["a", "b"]), object_codec=numcodecs.Pickle())
print(json.dumps(True))`);
  });

  it("reads each value exactly", async () => {
    const g = await zarr.openGroup(path, { mode: "r" });
    const json = await g.getArray("json");
    expect(String(json.compressor)).toMatch(/^Blosc\(/);
    expect((await json.get(null)).data).toEqual(["a", { k: [1, 2.5] }, null, 2n ** 70n]);
    const msgpack = await g.getArray("msgpack");
    expect((await msgpack.get(null)).data).toEqual([
      "a",
      Uint8Array.of(0, 1),
      [1, null],
      -(2 ** 40),
    ]);
    const ragged = await g.getArray("ragged");
    expect((await ragged.get(null)).data).toEqual([
      Float64Array.of(0, 1, 2),
      new Float64Array(0),
      Float64Array.of(0.5),
    ]);
  });

  it("refuses the Pickle one, saying why", async () => {
    await expect(zarr.openArray(join(path, "pickled"), { mode: "r" })).rejects.toThrow(
      /codec "pickle" is refused: decoding Pickle data can execute arbitrary code.*json2.*msgpack2/,
    );
  });
});
