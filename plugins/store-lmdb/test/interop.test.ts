// LMDB environments written by zarr-python 2.13's LMDBStore (Debian's python3-lmdb, LMDB 0.9)
// open here and the other way round, compared byte for byte with the live reference.
import "@zarrkit/codec-blosc";
import "@zarrkit/codec-zlib";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Zlib } from "@zarrkit/codec-zlib";
import { listKeys, openArray, openGroup, slice } from "@zarrkit/core";
import { PYTHON, runPython, runPythonJson } from "@zarrkit/test-utils";
import { afterAll, describe, expect, it } from "vitest";
import { LMDBStore } from "../src/index.js";

const tmp = mkdtempSync(join(tmpdir(), "zarrkit-lmdb-interop-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;
const fresh = () => join(tmp, `e${n++}.mdb`);
const text = (s: string) => new TextEncoder().encode(s);
const hex = (b: ArrayBufferView) =>
  Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("hex");

/** Every entry of the environment's main database as py-lmdb sees it, keys and values in hex. */
function pyLmdbEntries(path: string): { entries: [string, string][]; subdir: boolean } {
  return runPythonJson(`import lmdb, json
env = lmdb.open(${JSON.stringify(path)}, readonly=True, lock=True)
with env.begin() as txn:
    entries = [[k.hex(), v.hex()] for k, v in txn.cursor()]
print(json.dumps({"entries": entries, "subdir": env.flags()["subdir"]}))`);
}

interface PyArray {
  dtype: string;
  shape: number[];
  hex: string;
}

describe("environments zarr-python writes", () => {
  const path = fresh();
  const py = runPythonJson<{ keys: string[]; arrays: Record<string, PyArray>; part: string }>(
    `import zarr, numpy as np, numcodecs, json
store = zarr.LMDBStore(${JSON.stringify(path)})
root = zarr.group(store=store, overwrite=True)
root.attrs["title"] = "written by zarr-python"
root.create_dataset("ints", data=np.arange(600, dtype="<i4").reshape(20, 30) * 7 - 1000, chunks=(7, 11))
root.create_dataset("floats", data=np.linspace(-1, 1, 101), chunks=(10,), compressor=numcodecs.Zlib(level=3), fill_value=np.nan)
sub = root.create_group("sub")
u2 = sub.create_dataset("deeper/u2", data=np.arange(50, dtype=">u2") * 1311, chunks=(8,), compressor=None, dimension_separator="/")
u2.attrs["units"] = "m"
sub.create_dataset("bytes", data=np.arange(-60, 60, dtype="i1"), chunks=(16,), compressor=numcodecs.Blosc(cname="zstd", clevel=3, shuffle=2))
part = root.create_dataset("partial", shape=(9, 9), chunks=(4, 4), dtype="<f4", fill_value=-1.5)
part[1:3, 5:9] = 2.25
root.create_group("empty").attrs["list"] = [1, 2, 3]
arrays = {}
for name in ["ints", "floats", "sub/deeper/u2", "sub/bytes", "partial"]:
    a = root[name][...]
    arrays[name] = {"dtype": a.dtype.str, "shape": list(a.shape), "hex": a.tobytes().hex()}
keys = sorted(store.keys())
out = {"keys": keys, "arrays": arrays, "part": root["ints"][3:9, 5].tobytes().hex()}
store.close()
print(json.dumps(out))`,
  );

  it("lists the same keys, in LMDB's byte order", async () => {
    const store = new LMDBStore(path, { readOnly: true });
    try {
      expect(await listKeys(store)).toEqual(py.keys);
      expect(py.keys).toContain("sub/deeper/u2/1"); // nested chunk keys stay as written
      expect(await store.listDir("sub/")).toEqual({
        keys: [".zgroup"],
        prefixes: ["bytes", "deeper"],
      });
    } finally {
      await store.close();
    }
  });

  it("reads every array's values exactly, and the attributes", async () => {
    const store = new LMDBStore(path, { readOnly: true });
    try {
      const root = await openGroup(store, { mode: "r" });
      expect(root.attrs.get("title")).toBe("written by zarr-python");
      expect((await root.getGroup("empty")).attrs.get("list")).toEqual([1, 2, 3]);
      expect(await root.arrayKeys()).toEqual(["floats", "ints", "partial"]);
      for (const [name, want] of Object.entries(py.arrays)) {
        const a = await openArray(store, { path: name, mode: "r" });
        expect(a.dtype, name).toBe(want.dtype);
        expect(a.shape, name).toEqual(want.shape);
        const got = await a.get(null);
        expect(hex(got.data as ArrayBufferView), name).toBe(want.hex);
      }
      const u2 = await openArray(store, { path: "sub/deeper/u2", mode: "r" });
      expect(u2.attrs.get("units")).toBe("m");
      const ints = await openArray(store, { path: "ints", mode: "r" });
      const part = await ints.get([slice(3, 9), 5]);
      expect(hex(part.data as ArrayBufferView)).toBe(py.part);
    } finally {
      await store.close();
    }
  });
});

describe("environments we write", () => {
  it("hold our keys and values as raw bytes in the main database, in py-lmdb's layout", async () => {
    const path = fresh();
    const store = new LMDBStore(path);
    const values: [string, Uint8Array][] = [
      [".zgroup", text('{\n    "zarr_format": 2\n}')],
      ["a/0.0", Uint8Array.from({ length: 5000 }, (_, i) => (i * 7) & 255)],
      ["a/1.0", new Uint8Array(0)],
      ["a/b/c", text("nested")],
    ];
    for (const [k, v] of values) await store.set(k, v);
    await store.delete("a/1.0");
    await store.close();
    expect(existsSync(join(path, "data.mdb"))).toBe(true);
    expect(existsSync(join(path, "lock.mdb"))).toBe(true);
    const py = pyLmdbEntries(path);
    expect(py.subdir).toBe(true);
    // nothing else in the main database: no named databases, no encoding headers
    expect(py.entries).toEqual([
      [hex(text(".zgroup")), hex(values[0]![1])],
      [hex(text("a/0.0")), hex(values[1]![1])],
      [hex(text("a/b/c")), hex(text("nested"))],
    ]);
  });

  it("are read by zarr-python's LMDBStore: a group with arrays, attributes and nested groups", async () => {
    const path = fresh();
    const store = new LMDBStore(path);
    const root = await openGroup(store, { mode: "w" });
    await root.attrs.set("title", "written by zarrkit");
    const ints = Int32Array.from({ length: 300 }, (_, i) => i * 13 - 1000);
    await root.array("ints", { data: ints, shape: [15, 20] }, { chunks: [4, 7] });
    const floats = Float64Array.from({ length: 37 }, (_, i) => i / 8 - 2);
    await root.array("g/floats", floats, { chunks: [10], compressor: new Zlib({ level: 5 }) });
    const u1 = Uint8Array.from({ length: 20 }, (_, i) => 255 - i * 3);
    const a = await root.array("g/h/u1", u1, {
      chunks: [6],
      compressor: null,
      dimensionSeparator: "/",
    });
    await a.attrs.set("units", "K");
    const part = await root.zeros("partial", { shape: [6, 6], chunks: [4, 4], dtype: "<i2" });
    await part.set([slice(0, 2), slice(4, 6)], 7);
    await store.close();
    const py = runPythonJson<Record<string, unknown>>(`import zarr, numpy as np, json
store = zarr.LMDBStore(${JSON.stringify(path)}, readonly=True)
root = zarr.open_group(store=store, mode="r")
out = {"title": root.attrs["title"], "units": root["g/h/u1"].attrs["units"],
       "groups": sorted(root.group_keys()), "inner": sorted(root["g"].group_keys())}
for name in ["ints", "g/floats", "g/h/u1", "partial"]:
    z = root[name]
    out[name] = [z.dtype.str, list(z.shape), z[...].tobytes().hex()]
out["compressor"] = root["g/floats"].compressor.get_config()
out["nested"] = "g/h/u1/1" in store
store.close()
print(json.dumps(out))`);
    expect(py.title).toBe("written by zarrkit");
    expect(py.units).toBe("K");
    expect(py.groups).toEqual(["g"]);
    expect(py.inner).toEqual(["h"]);
    expect(py.ints).toEqual(["<i4", [15, 20], hex(ints)]);
    expect(py["g/floats"]).toEqual(["<f8", [37], hex(floats)]);
    expect(py["g/h/u1"]).toEqual(["|u1", [20], hex(u1)]);
    const partial = new Int16Array(36);
    for (const r of [0, 1]) for (const c of [4, 5]) partial[r * 6 + c] = 7;
    expect(py.partial).toEqual(["<i2", [6, 6], hex(partial)]);
    expect(py.compressor).toEqual({ id: "zlib", level: 5 });
    expect(py.nested).toBe(true);
  });
});

describe("what zarr-python's layout leaves open", () => {
  it("a data file without its folder (subdir: false) opens in py-lmdb with subdir=False", async () => {
    const path = join(tmp, `file${n++}.mdb`);
    const store = new LMDBStore(path, { subdir: false });
    await store.set("k", text("in a data file"));
    await store.close();
    expect(existsSync(`${path}-lock`)).toBe(true);
    const py = runPythonJson<[string, string][]>(`import lmdb, json
env = lmdb.open(${JSON.stringify(path)}, subdir=False, readonly=True)
with env.begin() as txn:
    print(json.dumps([[k.decode(), v.decode()] for k, v in txn.cursor()]))`);
    expect(py).toEqual([["k", "in a data file"]]);
  });

  it("a key that is not UTF-8 text fails the listing with an error naming its bytes", async () => {
    const path = fresh();
    runPython(`import lmdb
env = lmdb.open(${JSON.stringify(path)})
with env.begin(write=True) as txn:
    txn.put(b"ok", b"1")
    txn.put(bytes.fromhex("626164fffe"), b"2")
env.close()`);
    const store = new LMDBStore(path, { readOnly: true });
    try {
      expect(await store.get("ok")).toEqual(text("1"));
      const err = await store.list().then(
        () => undefined,
        (e: Error) => e,
      );
      expect(err?.message).toContain("626164fffe");
      expect(err?.message).toContain("not UTF-8");
    } finally {
      await store.close();
    }
  });
});

describe("both processes at once", () => {
  it("each sees the other's writes while both have the environment open", async () => {
    const path = fresh();
    const store = new LMDBStore(path);
    await store.set("from/node", text("first"));
    // zarr-python opens the environment Node holds open, reads our key, writes its own
    runPython(`import zarr
s = zarr.LMDBStore(${JSON.stringify(path)})
assert s["from/node"] == b"first", s["from/node"]
s["from/python"] = b"hello from zarr-python"
s.close()`);
    expect(await store.get("from/python")).toEqual(text("hello from zarr-python"));
    expect(await listKeys(store)).toEqual(["from/node", "from/python"]);
    await store.set("from/node", text("second"));
    const seen = runPythonJson<string>(`import zarr, json
s = zarr.LMDBStore(${JSON.stringify(path)})
print(json.dumps(bytes(s["from/node"]).decode()))
s.close()`);
    expect(seen).toBe("second");
    await store.close();
  });

  it("Python and Node writing at once both land, through LMDB's one-writer lock", async () => {
    const path = fresh();
    const store = new LMDBStore(path);
    await store.set("start", text("0"));
    const writer = spawn(
      PYTHON,
      [
        "-c",
        `import zarr, time
s = zarr.LMDBStore(${JSON.stringify(path)})
print("open", flush=True)
for i in range(300):
    s["py/%d" % i] = b"python %d" % i
    time.sleep(0.003)  # spread over Node's writes
s.close()`,
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let out = "";
    let err = "";
    writer.stdout.on("data", (d) => {
      out += d;
    });
    writer.stderr.on("data", (d) => {
      err += d;
    });
    const done = new Promise<number | null>((res) => writer.on("close", res));
    while (!out.includes("open") && writer.exitCode === null)
      await new Promise((r) => setTimeout(r, 10));
    for (let i = 0; i < 300; i++) await store.set(`js/${i}`, text(`node ${i}`));
    expect(await done, err).toBe(0);
    const keys = await store.list();
    expect(keys.filter((k) => k.startsWith("py/"))).toHaveLength(300);
    expect(keys.filter((k) => k.startsWith("js/"))).toHaveLength(300);
    expect(await store.get("py/299")).toEqual(text("python 299"));
    await store.close();
    const py = pyLmdbEntries(path);
    expect(py.entries).toHaveLength(601);
  });

  it("a Python reader polling while Node overwrites a value sees only whole values", async () => {
    const path = fresh();
    const store = new LMDBStore(path);
    const version = (i: number) => new Uint8Array(20000 + i * 37).fill(i);
    await store.set("v", version(0));
    const reader = spawn(
      PYTHON,
      [
        "-c",
        `import zarr, json, sys
s = zarr.LMDBStore(${JSON.stringify(path)})
print("open", flush=True)
seen, bad = set(), []
while True:
    v = bytes(s["v"])
    i = v[0] if v else -1
    if len(v) != 20000 + i * 37 or v.count(i) != len(v):
        bad.append(len(v))
    seen.add(i)
    if i == 40:
        break
s.close()
print(json.dumps({"seen": sorted(seen), "bad": bad}))`,
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let out = "";
    let err = "";
    reader.stdout.on("data", (d) => {
      out += d;
    });
    reader.stderr.on("data", (d) => {
      err += d;
    });
    const done = new Promise<number | null>((res) => reader.on("close", res));
    // start writing once the reader holds the environment open
    while (!out.includes("open")) {
      if (reader.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    for (let i = 1; i <= 40; i++) {
      await store.set("v", version(i));
      await new Promise((r) => setTimeout(r, 2));
    }
    expect(await done, err).toBe(0);
    const result = JSON.parse(out.trim().split("\n").pop()!) as { seen: number[]; bad: number[] };
    expect(result.bad).toEqual([]);
    expect(result.seen).toContain(40);
    expect(result.seen.every((i) => i >= 0 && i <= 40)).toBe(true);
    await store.close();
  });
});
