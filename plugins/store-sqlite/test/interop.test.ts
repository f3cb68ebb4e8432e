import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  elementsOf,
  PY_HELPERS,
  pySame,
  runPythonJson,
  toManifestValue,
} from "@zarrkit/test-utils";
import { afterAll, describe, expect, it } from "vitest";
import { Blosc, Zlib, listKeys, openArray, openGroup } from "zarrkit";
import { SQLiteStore } from "../src/index.js";

const tmp = mkdtempSync(join(tmpdir(), "zarrkit-sqlite-interop-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;
const fresh = () => join(tmp, `db${n++}.sqlite`);

interface PyArray {
  dtype: string;
  shape: number[];
  chunks: number[];
  compressor: Record<string, unknown> | null;
  attrs: Record<string, unknown>;
  values: unknown[];
}

/** The arrays zarr-python writes, each with an expected value formula in NumPy. */
const PY_WRITE = `
store = zarr.SQLiteStore(PATH)
root = zarr.group(store=store, overwrite=True)
root.attrs["title"] = "written by zarr-python"
root.attrs["nested"] = {"a": [1, 2.5, None], "ü": "ß"}
a = root.zeros("ints", shape=(37, 23), chunks=(10, 7), dtype="i4")
a[...] = np.arange(37 * 23, dtype="i4").reshape(37, 23) * 7 - 3000
a.attrs["units"] = "m"
f = root.create_dataset("floats", shape=(50,), chunks=(16,), dtype="f8", compressor=numcodecs.Zlib(level=3))
vals = np.linspace(-1, 1, 50)
vals[3] = np.nan; vals[4] = np.inf; vals[5] = -np.inf
f[...] = vals
sub = root.create_group("sub/deeper")
sub.attrs["depth"] = 2
b = sub.zeros("bytes", shape=(300,), chunks=(64,), dtype="u1", compressor=numcodecs.Blosc(cname="zstd", clevel=3, shuffle=numcodecs.Blosc.BITSHUFFLE))
b[...] = (np.arange(300) * 13) % 256
big = sub.zeros("big", shape=(6, 5), chunks=(4, 4), dtype="<i8", compressor=None)
big[...] = ((np.arange(30, dtype="<i8") - 15) * (2**40 + 3)).reshape(6, 5)
flags = root.zeros("flags", shape=(17,), chunks=(5,), dtype="bool")
flags[...] = np.arange(17) % 3 == 0
half = root.full("half", shape=(4, 4), chunks=(2, 2), dtype="<f4", fill_value=-1.5)
half[1:3, 1:3] = [[0.25, 1e-3], [3e38, -0.0]]
nested = root.zeros("nested_keys", shape=(6, 6), chunks=(3, 3), dtype=">u2", dimension_separator="/")
nested[...] = np.arange(36, dtype=">u2").reshape(6, 6) * 1000
store.close()
`;

const ARRAYS = [
  "ints",
  "floats",
  "sub/deeper/bytes",
  "sub/deeper/big",
  "flags",
  "half",
  "nested_keys",
];

/** zarr-python's view of every array in the file, and the file's keys and table schema. */
function pythonView(path: string): {
  arrays: Record<string, PyArray>;
  keys: string[];
  schema: string;
  rootAttrs: Record<string, unknown>;
} {
  return runPythonJson(`${PY_HELPERS}
import sqlite3
store = zarr.SQLiteStore(${JSON.stringify(path)})
root = zarr.open_group(store, mode="r")
arrays = {p: zj.describe(root[p]) for p in ${JSON.stringify(ARRAYS)}}
keys = sorted(store.keys())
rootAttrs = root.attrs.asdict()
store.close()
db = sqlite3.connect(${JSON.stringify(path)})
schema = db.execute("SELECT sql FROM sqlite_master WHERE name = 'zarr'").fetchone()[0]
print(json.dumps({"arrays": arrays, "keys": keys, "schema": schema, "rootAttrs": rootAttrs}))
`);
}

describe("a database written by zarr-python 2.13", () => {
  it("is read by zarrkit value for value: dtypes, compressors, attrs, nested groups", async () => {
    const path = fresh();
    runPythonJson(`${PY_HELPERS}PATH = ${JSON.stringify(path)}\n${PY_WRITE}\nprint("null")`);
    const py = pythonView(path);
    expect(py.schema).toBe("CREATE TABLE zarr(k TEXT PRIMARY KEY, v BLOB)");

    const store = new SQLiteStore(path, { readOnly: true });
    try {
      expect(await listKeys(store)).toEqual(py.keys);
      const root = await openGroup(store, { mode: "r" });
      expect(root.attrs.toJSON()).toEqual(py.rootAttrs);
      expect(py.rootAttrs).toEqual({
        title: "written by zarr-python",
        nested: { a: [1, 2.5, null], ü: "ß" },
      });
      const deeper = await root.getGroup("sub/deeper");
      expect(deeper.attrs.toJSON()).toEqual({ depth: 2 });
      expect((await root.groupKeys()).sort()).toEqual(["sub"]);
      for (const name of ARRAYS) {
        const want = py.arrays[name]!;
        const z = await openArray(store, { mode: "r", path: name });
        expect(z.shape, name).toEqual(want.shape);
        expect(z.chunks, name).toEqual(want.chunks);
        expect(z.dtype, name).toBe(want.dtype);
        expect(z.attrs.toJSON(), name).toEqual(want.attrs);
        expect(elementsOf(await z.get(null)).map(toManifestValue), name).toEqual(want.values);
      }
      // spot checks written out by hand, so a shared misreading cannot pass
      const ints = await openArray(store, { mode: "r", path: "ints" });
      expect(await ints.get([36, 22])).toBe((37 * 23 - 1) * 7 - 3000);
      const big = await openArray(store, { mode: "r", path: "sub/deeper/big" });
      expect(await big.get([0, 0])).toBe(-15n * (2n ** 40n + 3n));
      expect(py.keys).toContain("nested_keys/1/1");
      expect(py.keys).toContain("ints/3.3");
    } finally {
      await store.close();
    }
  });
});

describe("a database written by zarrkit", () => {
  it("is read by zarr-python 2.13 value for value, in zarr-python's table", async () => {
    const path = fresh();
    const store = new SQLiteStore(path);
    const root = await openGroup(store, { mode: "w" });
    await root.attrs.set("title", "written by zarrkit");
    const ints = await root.zeros("ints", {
      shape: [37, 23],
      chunks: [10, 7],
      dtype: "<i4",
      compressor: new Blosc({ cname: "lz4", clevel: 5, shuffle: 1 }),
    });
    await ints.set(
      null,
      Int32Array.from({ length: 37 * 23 }, (_, i) => i * 7 - 3000),
    );
    await ints.attrs.set("units", "m");
    const floats = await root.zeros("sub/deeper/floats", {
      shape: [50],
      chunks: [16],
      dtype: "<f8",
      compressor: new Zlib({ level: 3 }),
    });
    await floats.set(
      null,
      Float64Array.from({ length: 50 }, (_, i) => i / 4 - 6),
    );
    const bytes = await root.zeros("bytes", {
      shape: [300],
      chunks: [64],
      dtype: "|u1",
      compressor: null,
    });
    await bytes.set(
      null,
      Uint8Array.from({ length: 300 }, (_, i) => (i * 13) % 256),
    );
    const big = await root.zeros("big", { shape: [6, 5], chunks: [4, 4], dtype: "<i8" });
    await big.set(
      null,
      BigInt64Array.from({ length: 30 }, (_, i) => BigInt(i - 15) * (2n ** 40n + 3n)),
    );
    const nested = await root.zeros("nested_keys", {
      shape: [6, 6],
      chunks: [3, 3],
      dtype: ">u2",
      dimensionSeparator: "/",
    });
    await nested.set(
      null,
      Uint16Array.from({ length: 36 }, (_, i) => i * 1000),
    );
    await root.createGroup("empty/group");
    await store.close();

    const py = runPythonJson<Record<string, unknown>>(`${PY_HELPERS}${pySame()}
import sqlite3
store = zarr.SQLiteStore(${JSON.stringify(path)})
root = zarr.open_group(store, mode="r")
checks = {
  "title": root.attrs["title"] == "written by zarrkit",
  "units": root["ints"].attrs.asdict() == {"units": "m"},
  "ints": same(root["ints"][...], (np.arange(37 * 23, dtype="<i4") * 7 - 3000).reshape(37, 23)),
  "ints compressor": root["ints"].compressor.get_config()["cname"] == "lz4",
  "floats": same(root["sub/deeper/floats"][...], np.arange(50, dtype="<f8") / 4 - 6),
  "floats compressor": root["sub/deeper/floats"].compressor.codec_id == "zlib",
  "bytes": same(root["bytes"][...], ((np.arange(300) * 13) % 256).astype("u1")),
  "big": same(root["big"][...], ((np.arange(30, dtype="<i8") - 15) * (2**40 + 3)).reshape(6, 5)),
  "nested": same(root["nested_keys"][...], (np.arange(36) * 1000).astype(">u2").reshape(6, 6)),
  "nested key": "nested_keys/1/1" in store,
  "groups": sorted(root.group_keys()) == ["empty", "sub"],
  "empty group": isinstance(root["empty/group"], zarr.hierarchy.Group),
  "listdir": store.listdir("sub/deeper") == [".zgroup", "floats"],
}
store.close()
db = sqlite3.connect(${JSON.stringify(path)})
checks["schema"] = db.execute("SELECT sql FROM sqlite_master WHERE name = 'zarr'").fetchone()[0]
checks["types"] = sorted(set(r[0] for r in db.execute("SELECT typeof(k) || ' ' || typeof(v) FROM zarr")))
checks["integrity"] = db.execute("PRAGMA integrity_check").fetchone()[0]
print(json.dumps(checks))
`);
    expect(py).toEqual({
      title: true,
      units: true,
      ints: true,
      "ints compressor": true,
      floats: true,
      "floats compressor": true,
      bytes: true,
      big: true,
      nested: true,
      "nested key": true,
      groups: true,
      "empty group": true,
      listdir: true,
      schema: "CREATE TABLE zarr(k TEXT PRIMARY KEY, v BLOB)",
      types: ["text blob"],
      integrity: "ok",
    });
  });

  it("shares one file with zarr-python: each adds an array, both read both", async () => {
    const path = fresh();
    runPythonJson(`${PY_HELPERS}
store = zarr.SQLiteStore(${JSON.stringify(path)})
root = zarr.group(store=store)
root.array("from_python", np.arange(10, dtype="<i2") - 5, chunks=(3,))
store.close()
print("null")`);
    const store = new SQLiteStore(path);
    const root = await openGroup(store, { mode: "a" });
    const fromPython = await root.getArray("from_python");
    expect(Array.from((await fromPython.get(null)).data as Int16Array)).toEqual([
      -5, -4, -3, -2, -1, 0, 1, 2, 3, 4,
    ]);
    const mine = await root.zeros("from_zarrkit", { shape: [4], chunks: [3], dtype: "<f4" });
    await mine.set(null, Float32Array.from([0.5, -2, 8, 1e-7]));
    await fromPython.set([0], 99);
    await store.close();
    const py = runPythonJson<unknown>(`${PY_HELPERS}
store = zarr.SQLiteStore(${JSON.stringify(path)})
root = zarr.open_group(store, mode="r")
out = [root["from_python"][...].tolist(), root["from_zarrkit"][...].tolist(), sorted(root.array_keys())]
store.close()
print(json.dumps(out))`);
    expect(py).toEqual([
      [99, -4, -3, -2, -1, 0, 1, 2, 3, 4],
      [0.5, -2, 8, Math.fround(1e-7)],
      ["from_python", "from_zarrkit"],
    ]);
  });

  it("sees zarr-python's writes while open, and zarr-python sees its writes, with no reopening", async () => {
    const path = fresh();
    const store = new SQLiteStore(path);
    await store.set("from/zarrkit", Uint8Array.of(1, 2, 3));
    // a second process writes and reads through zarr-python while this connection stays open
    const seen = runPythonJson<string>(`${PY_HELPERS}
store = zarr.SQLiteStore(${JSON.stringify(path)})
store["from/python"] = bytes([9, 8, 7])
seen = bytes(store["from/zarrkit"]).hex()
store.close()
print(json.dumps(seen))`);
    expect(seen).toBe("010203");
    expect(await store.get("from/python")).toEqual(Uint8Array.of(9, 8, 7));
    expect(await store.listDir("from/")).toEqual({ keys: ["python", "zarrkit"], prefixes: [] });
    expect(await store.delete("from/python")).toBe(true);
    const keys = runPythonJson<string[]>(`${PY_HELPERS}
store = zarr.SQLiteStore(${JSON.stringify(path)})
print(json.dumps(sorted(store.keys())))`);
    expect(keys).toEqual(["from/zarrkit"]);
    await store.close();
  });
});
