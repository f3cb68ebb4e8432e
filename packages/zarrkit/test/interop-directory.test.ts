import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PY_HELPERS, pythonReadArray, runPythonJson, toManifestValue } from "@zarrkit/test-utils";
import { afterAll, describe, expect, it } from "vitest";
import * as zarr from "../src/index.js";

const tmp = mkdtempSync(join(tmpdir(), "zarrkit-dir-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("directory stores interoperate with zarr-python", () => {
  it("zarr-python reads a hierarchy zarrkit wrote (flat and nested keys, attrs, consolidated)", async () => {
    const path = join(tmp, "ours.zarr");
    const root = await zarr.openGroup(path, { mode: "w" });
    await root.attrs.update({ title: "from zarrkit", n: 3 });
    const flat = await root.zeros("foo/flat", {
      shape: [25, 13],
      chunks: [10, 5],
      dtype: "<i4",
      compressor: null,
    });
    await flat.set(null, {
      data: Int32Array.from({ length: 325 }, (_, i) => i * 3 - 7),
      shape: [25, 13],
    });
    const nested = await root.full("foo/nested", {
      shape: [9, 9],
      chunks: [4, 4],
      dtype: ">f8",
      compressor: null,
      fillValue: Number.NaN,
      dimensionSeparator: "/",
    });
    await nested.set("2:7, 1:8", 1.5);
    await nested.attrs.set("units", "m");
    await zarr.consolidateMetadata(path);
    const py = runPythonJson<{
      tree: string;
      flat: number[];
      nested: unknown[];
      attrs: unknown;
      units: string;
      consolidated: string[];
    }>(`${PY_HELPERS}
g = zarr.open_group(${JSON.stringify(path)}, mode="r")
c = zarr.open_consolidated(${JSON.stringify(path)}, mode="r")
print(json.dumps({"tree": repr(g.tree()), "flat": [int(x) for x in g["foo/flat"][...].reshape(-1)],
  "nested": [zj.encode_value(x, np.dtype(">f8")) for x in g["foo/nested"][...].reshape(-1)],
  "attrs": g.attrs.asdict(), "units": g["foo/nested"].attrs["units"], "consolidated": sorted(c["foo"].keys())}))`);
    expect(py.tree).toBe(await root.tree());
    expect(py.flat).toEqual(Array.from({ length: 325 }, (_, i) => i * 3 - 7));
    const ours = (await nested.get(null)).data as Float64Array;
    expect(py.nested).toEqual(Array.from(ours).map(toManifestValue));
    expect(py.attrs).toEqual({ title: "from zarrkit", n: 3 });
    expect(py.units).toBe("m");
    expect(py.consolidated).toEqual(["flat", "nested"]);
  });

  it("zarrkit reads what zarr-python wrote, and zarr-python reads zarrkit's update", async () => {
    const path = join(tmp, "theirs.zarr");
    runPythonJson(`${PY_HELPERS}
store = zarr.NestedDirectoryStore(${JSON.stringify(path)})
g = zarr.group(store=store, overwrite=True)
z = g.create_dataset("a/b", shape=(30, 20), chunks=(7, 6), dtype="<u2", compressor=None, fill_value=3)
z[5:25, 2:19] = (np.arange(20 * 17, dtype="u2") * 7).reshape(20, 17)
g["a"].attrs["who"] = "python"
print(json.dumps(True))`);
    const g = await zarr.openGroup(path, { mode: "r+" });
    const b = (await g.get("a/b")) as zarr.ZarrArray;
    expect(b.dimensionSeparator).toBe("/");
    expect((await g.getGroup("a")).attrs.get("who")).toBe("python");
    const region = await b.get("5:25, 2:19");
    expect(Array.from((region as zarr.NdArray).data as Uint16Array)).toEqual(
      Array.from({ length: 340 }, (_, i) => (i * 7) & 0xffff),
    );
    expect(await b.get([0, 0])).toBe(3);
    await b.set("0, :", 9);
    const back = pythonReadArray(path, "a/b");
    expect(back.values.slice(0, 20)).toEqual(new Array(20).fill(9));
    expect(back.values[20]).toBe(3);
  });
});
