import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runPythonJson } from "@zarrkit/test-utils";
import { afterAll, describe, expect, it } from "vitest";
import * as zarr from "../src/index.js";

const tmp = mkdtempSync(join(tmpdir(), "zarrkit-arrayapi-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;
const fresh = (name: string) => join(tmp, `${n++}-${name}`);
const PY = "import zarr, numpy as np, numcodecs, json\n";

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe("writeEmptyChunks against zarr-python 2.13", () => {
  // The same writes on both sides: chunk 0 becomes all fill value, chunk 2 is partly fill,
  // chunk 3 is written with the fill value alone, chunk 4 never written.
  const PY_WRITES = `
z[:] = np.arange(1, 21, dtype="<f8")
z[0:4] = FILL
z[9:11] = FILL
z[12:16] = FILL
`;
  async function ours(dir: string, write: boolean, fill: number): Promise<string[]> {
    const z = await zarr.full([20], fill, {
      store: dir,
      chunks: [4],
      dtype: "<f8",
      compressor: new zarr.Zlib({ level: 1 }),
      writeEmptyChunks: write,
    });
    expect(z.writeEmptyChunks).toBe(write);
    await z.set(
      null,
      Float64Array.from({ length: 20 }, (_, i) => i + 1),
    );
    await z.set([zarr.slice(0, 4)], fill);
    await z.set([zarr.slice(9, 11)], fill);
    await z.set([zarr.slice(12, 16)], fill);
    return readdirSync(dir).sort();
  }

  for (const write of [false, true]) {
    for (const fill of [0, Number.NaN]) {
      it(`write_empty_chunks=${write ? "True" : "False"}, fill ${fill}: the same keys and bytes`, async () => {
        const mine = fresh("ours");
        const theirs = fresh("theirs");
        const keys = await ours(mine, write, fill);
        const py = runPythonJson<{ keys: string[]; digest: string }>(`${PY}
import os
FILL = ${Number.isNaN(fill) ? 'float("nan")' : fill}
z = zarr.open(${JSON.stringify(theirs)}, mode="w", shape=(20,), chunks=(4,), dtype="<f8",
  fill_value=FILL, compressor=numcodecs.Zlib(level=1), write_empty_chunks=${write ? "True" : "False"})
${PY_WRITES}
print(json.dumps({"keys": sorted(os.listdir(${JSON.stringify(theirs)})), "digest": z.hexdigest()}))`);
        expect(keys).toEqual(py.keys);
        expect(keys.includes("0")).toBe(write);
        expect(keys.includes("2")).toBe(true);
        const z = (await zarr.openArray(mine, { mode: "r" })) as zarr.ZarrArray;
        expect(await z.hexdigest()).toBe(py.digest);
      });
    }
  }
});

describe("nchunksInitialized against zarr-python 2.13", () => {
  it("counts the chunks zarr-python counts in a store it wrote", async () => {
    const dir = fresh("nchunks");
    const py = runPythonJson<number[]>(`${PY}
z = zarr.open(${JSON.stringify(dir)}, mode="w", shape=(10, 12), chunks=(3, 5), dtype="<i4")
z[0:4, 0:6] = 7
z[9, 11] = 1
z.attrs["x"] = 1
a = zarr.open(${JSON.stringify(dir)}, mode="r")
print(json.dumps([a.nchunks_initialized, a.nchunks]))`);
    const z = (await zarr.openArray(dir, { mode: "r" })) as zarr.ZarrArray;
    expect(py).toEqual([5, 12]);
    expect([await z.nchunksInitialized(), z.nchunks]).toEqual(py);
  });
});

describe("digest and hexdigest against zarr-python 2.13", () => {
  it("gives zarr-python's documented hashes for empty and zeros arrays", async () => {
    // The values printed in zarr-python 2.13's Array.digest docstring.
    const e = await zarr.empty([10000, 10000], { chunks: [1000, 1000] });
    expect(await e.hexdigest()).toBe("041f90bc7a571452af4f850a8ca2c6cddfa8a1ac");
    const z = await zarr.zeros([10000, 10000], { chunks: [1000, 1000] });
    expect(await z.hexdigest()).toBe("7162d416d26a68063b66ed1f30e0a866e4abed60");
    const u = await zarr.zeros([10000, 10000], { dtype: "u1", chunks: [1000, 1000] });
    expect(Buffer.from(await u.digest()).toString("hex")).toBe(
      "cb387af37410ae5a3222e893cf3373e4e4f22816",
    );
  });

  const CASES: { name: string; py: string }[] = [
    {
      name: "i4, default Blosc, attrs, missing chunks",
      py: `z = zarr.open(P, mode="w", shape=(30, 20), chunks=(7, 6), dtype="<i4")
z[2:15, 3:11] = np.arange(104, dtype="<i4").reshape(13, 8)
z.attrs.update({"units": "m", "n": [1, 2]})`,
    },
    {
      name: "f8 with Zlib and Delta filter, fill NaN",
      py: `z = zarr.open(P, mode="w", shape=(50,), chunks=(8,), dtype="<f8", fill_value=float("nan"),
  compressor=numcodecs.Zlib(level=3), filters=[numcodecs.Delta(dtype="<f8")])
z[5:37] = np.linspace(-3, 9, 32)`,
    },
    {
      name: "big-endian u2, no compressor, order F, nested keys",
      py: `z = zarr.open(P, mode="w", shape=(9, 9), chunks=(4, 4), dtype=">u2", compressor=None, order="F",
  dimension_separator="/")
z[1:8, 0:5] = 513
z.attrs["title"] = "ünïcode"`,
    },
    {
      name: "vlen-utf8 strings with BZ2",
      py: `z = zarr.open(P, mode="w", shape=(11,), chunks=(4,), dtype=str, compressor=numcodecs.BZ2(level=5))
z[0:6] = ["a", "bb", "", "dddd", "é", "z"]`,
    },
  ];

  for (const c of CASES) {
    it(`an array zarr-python wrote: ${c.name}`, async () => {
      const dir = fresh("digest");
      const py = runPythonJson<Record<string, string>>(`${PY}P = ${JSON.stringify(dir)}
${c.py}
a = zarr.open(P, mode="r")
print(json.dumps({h: a.hexdigest(h) for h in ["sha1", "sha256", "md5", "sha224"]}))`);
      const z = (await zarr.openArray(dir, { mode: "r" })) as zarr.ZarrArray;
      for (const [hash, hex] of Object.entries(py)) expect(await z.hexdigest(hash)).toBe(hex);
    });
  }

  it("arrays zarrkit wrote hash the same in zarr-python", async () => {
    const dir = fresh("ours-digest");
    const root = await zarr.openGroup(dir, { mode: "w" });
    const a = await root.zeros("a", { shape: [25, 13], chunks: [10, 5], dtype: "<i8" });
    await a.set("3:17, 2:9", 123456789);
    await a.attrs.set("k", [1, "two"]);
    const b = await root.full("b", {
      shape: [40],
      chunks: [16],
      dtype: "<f4",
      fillValue: -1.5,
      compressor: new zarr.GZip({ level: 4 }),
    });
    await b.set("0:20", 2.25);
    const py = runPythonJson<Record<string, string>>(`${PY}
g = zarr.open_group(${JSON.stringify(dir)}, mode="r")
print(json.dumps({"a": g["a"].hexdigest(), "b": g["b"].hexdigest("sha256")}))`);
    expect(py).toEqual({ a: await a.hexdigest(), b: await b.hexdigest("sha256") });
  });
});

describe("view and astype against zarr-python 2.13", () => {
  it("bypasses a Categorize filter and writes sorted codes through the view", async () => {
    const dir = fresh("categorize");
    const py = runPythonJson<{ codes: number[]; digest: string }>(`${PY}
np.random.seed(42)
labels = ["female", "male"]
data = np.random.choice(labels, size=10000)
a = zarr.open(${JSON.stringify(dir)}, mode="w", shape=data.shape, chunks=1000, dtype=data.dtype,
  filters=[numcodecs.Categorize(labels=labels, dtype=data.dtype, astype="u1")])
a[:] = data
v = a.view(dtype="u1", filters=[])
print(json.dumps({"codes": v[:].tolist(), "digest": v.hexdigest()}))`);
    const a = (await zarr.openArray(dir)) as zarr.ZarrArray;
    const v = a.view({ dtype: "u1", filters: [] });
    expect(v.isView).toBe(true);
    const codes = await v.get(null);
    expect(Array.from(codes.data as Uint8Array)).toEqual(py.codes);
    expect(await v.hexdigest()).toBe(py.digest);
    const sorted = Uint8Array.from(py.codes).sort();
    await v.set(null, sorted);
    const back = runPythonJson<{ first: string[]; last: string[]; females: number }>(`${PY}
a = zarr.open(${JSON.stringify(dir)}, mode="r")
x = a[:]
print(json.dumps({"first": x[:3].tolist(), "last": x[-3:].tolist(), "females": int((x == "female").sum())}))`);
    const females = py.codes.filter((c) => c === 1).length;
    expect(back).toEqual({
      first: ["female", "female", "female"],
      last: ["male", "male", "male"],
      females,
    });
  });

  it("views with another dtype, shape, chunks and fill value read what zarr-python's read", async () => {
    const dir = fresh("views");
    const py = runPythonJson<{ bytes: number[]; bools: boolean[]; fill: number[] }>(`${PY}
g = zarr.open_group(${JSON.stringify(dir)}, mode="w")
a = g.array("u2", np.arange(10000, dtype="<u2") * 7, chunks=1000)
b = g.array("u1", (np.arange(3000) % 3 == 0).astype("u1"), chunks=700)
c = g.full("i1", shape=10000, chunks=1000, fill_value=-1, dtype="i1")
c[2000:2010] = 5
print(json.dumps({
  "bytes": a.view(dtype="u1", shape=20000, chunks=2000)[1990:2030].tolist(),
  "bools": b.view(dtype=bool)[::97].tolist(),
  "fill": c.view(fill_value=42)[1995:2015].tolist()}))`);
    const g = await zarr.openGroup(dir, { mode: "r" });
    const a = (await g.get("u2")) as zarr.ZarrArray;
    const b = (await g.get("u1")) as zarr.ZarrArray;
    const c = (await g.get("i1")) as zarr.ZarrArray;
    const bytes = await a.view({ dtype: "u1", shape: 20000, chunks: 2000 }).get("1990:2030");
    expect(Array.from(bytes.data as Uint8Array)).toEqual(py.bytes);
    const bools = await b.view({ dtype: "bool" }).get("::97");
    expect((bools.toArray() as boolean[]).length).toBe(py.bools.length);
    expect(bools.toArray()).toEqual(py.bools);
    const fill = await c.view({ fillValue: 42 }).get("1995:2015");
    expect(Array.from(fill.data as Int8Array)).toEqual(py.fill);
  });

  it("astype converts as zarr-python's AsType view does", async () => {
    const dir = fresh("astype");
    const py = runPythonJson<Record<string, unknown[]>>(`${PY}
a = zarr.open(${JSON.stringify(dir)}, mode="w", shape=(40,), chunks=(6,), dtype="<f8", fill_value=-2.5)
a[0:35] = np.concatenate([np.linspace(-300.75, 300.75, 30), [0.5, -0.5, 1e10, -1e10, 255.9]])
out = {}
for dt in ["i1", "u1", "<i2", "<u4", "<i8", ">f4", "bool"]:
    v = a.astype(dt)
    assert v.is_view and v.read_only
    out[dt] = [x if isinstance(x, bool) else (float(x) if "f" in dt else int(x)) for x in v[:].tolist()]
print(json.dumps(out))`);
    const a = (await zarr.openArray(dir, { mode: "r" })) as zarr.ZarrArray;
    for (const [dt, values] of Object.entries(py)) {
      const v = a.astype(dt);
      expect(v.readOnly).toBe(true);
      const got = (await v.get(null)).toArray() as unknown[];
      const norm = got.map((x) => (typeof x === "bigint" ? Number(x) : x));
      expect([dt, norm]).toEqual([dt, values]);
    }
  });
});

describe("islice against zarr-python 2.13", () => {
  it("yields what zarr-python's islice yields", async () => {
    const dir = fresh("islice");
    const py = runPythonJson<{ flat: number[]; rows: number[][] }>(`${PY}
g = zarr.open_group(${JSON.stringify(dir)}, mode="w")
a = g.array("a", np.arange(100) * 3, chunks=7)
b = g.array("b", np.arange(60, dtype="<i2").reshape(10, 6), chunks=(4, 4))
print(json.dumps({"flat": [int(x) for x in a.islice(13, 40)], "rows": [r.tolist() for r in b.islice(3)]}))`);
    const g = await zarr.openGroup(dir, { mode: "r" });
    const a = (await g.get("a")) as zarr.ZarrArray;
    const b = (await g.get("b")) as zarr.ZarrArray;
    const flat = (await collect(a.islice(13, 40))).map(Number);
    expect(flat).toEqual(py.flat);
    const rows = (await collect(b.islice(3))).map((r) => (r as zarr.NdArray).toArray());
    expect(rows).toEqual(py.rows);
  });
});

describe("save and load against zarr-python 2.13", () => {
  it("zarr-python loads what zarrkit saved (an array, a group, a zip file)", async () => {
    const one = fresh("one.zarr");
    const many = fresh("many.zarr");
    const zip = fresh("many.zip");
    await zarr.save(one, Int32Array.from([5, 6, 7]));
    const named = { foo: new zarr.NdArray(Float64Array.from([0.5, 1.5, 2.5, 3.5]), [2, 2], "<f8") };
    await zarr.save(many, Uint8Array.from([1, 2]), [10, 20, 30], named);
    await zarr.saveGroup(zip, Int16Array.from([-1, -2]), { bar: Uint32Array.from([9]) });
    const py = runPythonJson<Record<string, unknown>>(`${PY}
one = zarr.load(${JSON.stringify(one)})
many = zarr.load(${JSON.stringify(many)})
store = zarr.ZipStore(${JSON.stringify(zip)}, mode="r")
z = zarr.load(store)
print(json.dumps({"one": one.tolist(), "one_dtype": one.dtype.str, "many": repr(many),
  "arr_0": many["arr_0"].tolist(), "arr_1": many["arr_1"].tolist(), "foo": many["foo"].tolist(),
  "zip": repr(z), "zip_arr_0": z["arr_0"].tolist(), "bar": z["bar"].tolist(), "bar_dtype": z["bar"].dtype.str}))
store.close()`);
    expect(py).toEqual({
      one: [5, 6, 7],
      one_dtype: "<i4",
      many: "<LazyLoader: arr_0, arr_1, foo>",
      arr_0: [1, 2],
      arr_1: [10, 20, 30],
      foo: [
        [0.5, 1.5],
        [2.5, 3.5],
      ],
      zip: "<LazyLoader: arr_0, bar>",
      zip_arr_0: [-1, -2],
      bar: [9],
      bar_dtype: "<u4",
    });
  });

  it("zarrkit loads what zarr-python saved", async () => {
    const one = fresh("py-one.zarr");
    const many = fresh("py-many.zarr");
    const zip = fresh("py-many.zip");
    runPythonJson(`${PY}
zarr.save(${JSON.stringify(one)}, np.arange(12, dtype="<i8").reshape(3, 4))
zarr.save(${JSON.stringify(many)}, np.array([1.5, 2.5]), np.array([True, False]), baz=np.array([7], dtype="u1"))
zarr.save(${JSON.stringify(zip)}, np.array([3, 2, 1], dtype=">i2"), qux=np.array([0.25], dtype="<f4"))
print("null")`);
    const a = (await zarr.load(one)) as zarr.NdArray;
    expect(a.shape).toEqual([3, 4]);
    expect(Array.from(a.data as BigInt64Array).map(Number)).toEqual([
      0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11,
    ]);
    const g = (await zarr.load(many)) as zarr.LazyLoader;
    expect(await g.repr()).toBe("<LazyLoader: arr_0, arr_1, baz>");
    expect(Array.from((await g.get("arr_0")).data as Float64Array)).toEqual([1.5, 2.5]);
    expect((await g.get("arr_1")).toArray()).toEqual([true, false]);
    expect(Array.from((await g.get("baz")).data as Uint8Array)).toEqual([7]);
    const z = (await zarr.load(zip)) as zarr.LazyLoader;
    expect(await z.repr()).toBe("<LazyLoader: arr_0, qux>");
    expect(Array.from((await z.get("arr_0")).data as Int16Array)).toEqual([3, 2, 1]);
    expect(Array.from((await z.get("qux")).data as Float32Array)).toEqual([0.25]);
  });

  it("zarr.tree draws what zarr-python's zarr.tree draws", async () => {
    const dir = fresh("tree.zarr");
    const root = await zarr.openGroup(dir, { mode: "w" });
    await root.createGroup("foo");
    await root.zeros("bar/baz", { shape: [100], dtype: "f8" });
    await root.createGroup("bar/qux");
    await root.zeros("bar/qux/baz", { shape: [10, 3], dtype: "i2" });
    const py = runPythonJson<string[]>(`${PY}
g = zarr.open_group(${JSON.stringify(dir)}, mode="r")
print(json.dumps([repr(zarr.tree(g)), repr(zarr.tree(g, level=2))]))`);
    expect([await zarr.tree(root), await zarr.tree(root, { level: 2 })]).toEqual(py);
  });
});
