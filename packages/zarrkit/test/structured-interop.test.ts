import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PY_HELPERS, runPythonJson } from "@zarrkit/test-utils";
import { afterAll, describe, expect, it } from "vitest";
import * as zarr from "../src/index.js";

const tmp = mkdtempSync(join(tmpdir(), "zarrkit-struct-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/**
 * Values in one JSON form on both sides, so records compare exactly: floats as JSON numbers
 * (NaN/Infinity as strings, -0 kept), integers as numbers (8-byte ones and times as decimal
 * strings), bytes and void as hex, sub-arrays as flat lists, records as objects.
 */
const PY_MANIFEST = `${PY_HELPERS}
from zarr.meta import Metadata2
def man(v, dt):
    if dt.names is not None:
        return {n: man(v[n], dt.fields[n][0]) for n in dt.names}
    if dt.subdtype is not None:
        base = dt.subdtype[0]
        return [man(x, base) for x in np.asarray(v).reshape(-1)]
    if dt.kind in "SV":
        return bytes(v).hex()
    return zj.encode_value(v, dt)
def values(z):
    return [man(x, z.dtype) for x in z[...].reshape(-1)]
`;

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

function floatMan(x: number): unknown {
  if (Number.isNaN(x)) return "NaN";
  if (x === Number.POSITIVE_INFINITY) return "Infinity";
  if (x === Number.NEGATIVE_INFINITY) return "-Infinity";
  return x;
}

function scalarMan(v: unknown, dt: zarr.DataType): unknown {
  if (dt.fields) {
    const r = v as zarr.StructRecord;
    return Object.fromEntries(
      dt.fields.map((f) => [
        f.name,
        f.shape.length === 0 ? scalarMan(r[f.name], f.dtype) : subMan(r[f.name], f.dtype),
      ]),
    );
  }
  switch (dt.kind) {
    case "f":
      return floatMan(v as number);
    case "c":
      return (v as number[]).map(floatMan);
    case "i":
    case "u":
      return dt.itemsize === 8 ? String(v) : v;
    case "M":
    case "m":
      return String(v);
    case "b":
      return Boolean(v);
    case "S":
    case "V":
      return hex(v as Uint8Array);
    default:
      return v;
  }
}

/** A sub-array field: the data an NdArray of the field's dtype would hold. */
function subMan(v: unknown, dt: zarr.DataType): unknown[] {
  const items = Array.from(v as ArrayLike<unknown>);
  if (dt.kind === "c") {
    const pairs: unknown[] = [];
    for (let i = 0; i < items.length; i += 2) pairs.push(scalarMan([items[i], items[i + 1]], dt));
    return pairs;
  }
  return items.map((x) => scalarMan(x, dt));
}

// Every field kind: mixed byte order, bool, bytes, unicode, a 2-D sub-array, nested structs
// (one of them as a sub-array), datetime, complex, float16, raw void.
const MIXED_PY = `[('a', '>i2'), ('b', '?'), ('c', 'S5'), ('d', '<U3'), ('e', '>f4', (2, 3)),
  ('n', [('x', '<u8'), ('y', 'i1')]), ('t', '<M8[ns]'), ('z', '<c16'), ('h', '<f2'), ('v', 'V3'),
  ('q', '>i8'), ('ns', [('p', '>u4'), ('s', '<U2')], (2,))]`;

describe("structured dtypes interoperate with zarr-python 2.13", () => {
  it("zarrkit reads records zarr-python wrote, every field kind, C and F order", async () => {
    const path = join(tmp, "theirs.zarr");
    const py = runPythonJson<{
      mixed: unknown[];
      simple: unknown[];
      void: unknown[];
      wide: unknown[];
      reprs: string[];
      itemsizes: number[];
    }>(`${PY_MANIFEST}
g = zarr.open_group(${JSON.stringify(path)}, mode="w")
rng = np.random.default_rng(7)
dt = np.dtype(${MIXED_PY})
a = np.zeros(7, dtype=dt)
a["a"] = rng.integers(-32768, 32767, 7)
a["b"] = [True, False, True, True, False, False, True]
a["c"] = [b"", b"a", b"ab\\x00c", b"hello", b"\\xff\\x01", b"xyz", b"12345"]
a["d"] = ["", "\\u00e9", "\\U0001F600ab", "abc", "a\\x00b", "z", "\\u2713\\u2713"]
a["e"] = rng.standard_normal((7, 2, 3)).astype(">f4")
a["e"][0, 0, 0] = np.nan
a["e"][0, 0, 1] = -0.0
a["e"][0, 1, 2] = np.inf
a["n"]["x"] = [0, 1, 2**64 - 1, 2**63, 12345678901234567, 7, 8]
a["n"]["y"] = [-128, 127, 0, -1, 5, 6, 7]
a["t"] = np.array([-2**63, 0, 1, -5, 10**18, 3, 4], dtype="i8").view("<M8[ns]")
a["z"] = rng.standard_normal(7) + 1j * rng.standard_normal(7)
a["h"] = [0.5, -0.0, 65504, np.nan, 2**-24, -np.inf, 1.25]
a["v"] = [np.void(bytes([i, 255 - i, 7])) for i in range(7)]
a["q"] = [-2**63, 2**63 - 1, 0, -1, 1, 2**40, -2**40]
a["ns"]["p"] = rng.integers(0, 2**32, (7, 2))
a["ns"]["s"] = [["ab", ""], ["c", "dd"], ["", ""], ["x", "y"], ["\\u00fc", "q"], ["1", "22"], ["z", "z"]]
z = g.create_dataset("mixed", shape=(7,), chunks=(3,), dtype=dt, fill_value=None)
z[:] = a
dt2 = np.dtype([('a', '<i4'), ('b', '<f8', (2,))])
s = g.create_dataset("simple", shape=(4, 5), chunks=(3, 2), dtype=dt2, fill_value=None, order="F")
b = np.zeros((4, 5), dtype=dt2)
b["a"] = np.arange(20).reshape(4, 5) * 3 - 30
b["b"] = np.arange(40).reshape(4, 5, 2) / 8
s[:] = b
v = g.create_dataset("void", shape=(3,), chunks=(2,), dtype="V4", fill_value=None)
v[:] = np.array([b"abcd", b"\\x00\\x01\\x02\\x03", b"zz\\x00\\x00"], dtype="V4")
# Wider than 255 bytes: Blosc then records a typesize of 1.
w = g.create_dataset("wide", shape=(9,), chunks=(4,), dtype=[('w', '<u2', (150,)), ('k', '>i4')], fill_value=None)
wv = np.zeros(9, dtype=w.dtype)
wv["w"] = rng.integers(0, 1000, (9, 150))
wv["k"] = np.arange(9) - 4
w[:] = wv
print(json.dumps({"mixed": values(z), "simple": values(s), "void": values(v), "wide": values(w),
  "reprs": [str(z.dtype), str(s.dtype), str(v.dtype)],
  "itemsizes": [z.dtype.itemsize, s.dtype.itemsize, v.dtype.itemsize]}))`);
    const g = await zarr.openGroup(path, { mode: "r" });
    const mixed = (await g.get("mixed")) as zarr.ZarrArray;
    const simple = (await g.get("simple")) as zarr.ZarrArray;
    const voids = (await g.get("void")) as zarr.ZarrArray;
    const wide = (await g.get("wide")) as zarr.ZarrArray;
    expect([mixed, simple, voids].map((z) => z.dataType.display)).toEqual(py.reprs);
    expect([mixed, simple, voids].map((z) => z.itemsize)).toEqual(py.itemsizes);
    expect(String(simple)).toBe(
      `Array(/simple, (4, 5), [('a', '<i4'), ('b', '<f8', (2,))], chunks=(3, 2), order=F)`,
    );
    for (const [z, expected] of [
      [mixed, py.mixed],
      [simple, py.simple],
      [voids, py.void],
      [wide, py.wide],
    ] as const) {
      const got = (await z.get()) as zarr.NdArray;
      expect((got.data as unknown[]).map((r) => scalarMan(r, z.dataType))).toEqual(expected);
    }
    // A single element and a strided region decode the same records.
    expect(scalarMan(await mixed.get([2]), mixed.dataType)).toEqual(py.mixed[2]);
    const region = (await simple.get("1:4:2, 3")) as zarr.NdArray;
    expect((region.data as unknown[]).map((r) => scalarMan(r, simple.dataType))).toEqual([
      py.simple[8],
      py.simple[18],
    ]);
    // Written back by zarrkit with the same settings, every chunk is byte for byte zarr-python's
    // (Blosc with the record size as its typesize, or 1 when that exceeds 255).
    for (const z of [mixed, simple, voids, wide]) {
      const copy = await zarr.create(z.shape, {
        chunks: z.chunks,
        dtype: z.dataType,
        order: z.order,
        fillValue: null,
        store: new zarr.MemoryStore(),
      });
      await copy.set(null, (await z.get()) as zarr.NdArray);
      for (const key of await zarr.listKeys(copy.store)) {
        if (key.startsWith(".")) continue;
        expect(hex((await copy.store.get(key))!), `${z.path} ${key}`).toBe(
          hex(readFileSync(join(path, z.path, key))),
        );
      }
    }
  });

  it("a non-null fill value, written as zarr-python's encode_fill_value does, reads the same in both", async () => {
    const path = join(tmp, "fill.zarr");
    // zarr-python 2.13 cannot create such an array with this NumPy (FACTS.md), so the script
    // creates it with fill_value=None and stores the fill value the way its metadata encoder does.
    const py = runPythonJson<{ values: unknown[]; fill: unknown; encoded: string }>(`${PY_MANIFEST}
dt = np.dtype([('a', '<i4'), ('b', '<f8', (2,)), ('s', 'S3'), ('n', [('x', '>u2'), ('f', '<f4')])])
z = zarr.open_array(${JSON.stringify(path)}, mode="w", shape=(5,), chunks=(2,), dtype=dt, fill_value=None)
fv = np.array((-7, (1.5, np.nan), b"ab", (513, -0.25)), dtype=dt)[()]
meta = json.loads(z.store[".zarray"])
meta["fill_value"] = Metadata2.encode_fill_value(fv, dt)
z.store[".zarray"] = json.dumps(meta).encode()
z = zarr.open_array(${JSON.stringify(path)}, mode="r+")
z[2] = np.array((1, (2, 3), b"xyz", (4, 5)), dtype=dt)
print(json.dumps({"values": values(z), "fill": man(z.fill_value, dt), "encoded": meta["fill_value"]}))`);
    const z = await zarr.openArray(path, { mode: "r" });
    expect(scalarMan(z.fillValue, z.dataType)).toEqual(py.fill);
    expect(scalarMan(z.fillValue, z.dataType)).toEqual({
      a: -7,
      b: [1.5, "NaN"],
      s: hex(new TextEncoder().encode("ab")),
      n: { x: 513, f: -0.25 },
    });
    const all = (await z.get()) as zarr.NdArray;
    expect((all.data as unknown[]).map((r) => scalarMan(r, z.dataType))).toEqual(py.values);
    // zarrkit writes the same base64 for the same fill value.
    const ours = await zarr.create([5], {
      chunks: [2],
      dtype: z.dataType,
      fillValue: z.fillValue,
      store: new zarr.MemoryStore(),
    });
    const meta = JSON.parse(new TextDecoder().decode(await ours.store.get(".zarray")));
    expect(meta.fill_value).toBe(py.encoded);
  });

  it("zarr-python reads records zarrkit wrote, fill value included, and re-encodes the same .zarray", async () => {
    const path = join(tmp, "ours.zarr");
    const spec: zarr.StructuredDtypeSpec = [
      ["id", "<u8"],
      ["pos", ">f4", [2]],
      ["ok", "|b1"],
      ["nàme", "<U4"],
      ["tag", "|S3"],
      [
        "m",
        [
          ["lo", "|i1"],
          ["hi", ">i2"],
        ],
      ],
      ["c", "<c8"],
      ["h", "<f2"],
      ["t", ">M8[s]"],
      ["v", "|V2"],
      [
        "ns",
        [
          ["p", ">u4"],
          ["s", "<U2"],
        ],
        [2],
      ],
      ["flags", "|b1", [3]],
    ];
    const fill = {
      id: 99n,
      pos: [-1.5, 0.25],
      ok: true,
      nàme: "fill",
      tag: new TextEncoder().encode("F"),
      m: { lo: -1, hi: 300 },
      c: [0.5, -2],
      h: -0,
      t: -(2n ** 63n),
      v: new Uint8Array([0xfe, 0xff]),
      ns: [
        { p: 1, s: "a" },
        { p: 2, s: "bc" },
      ],
      flags: [true, false, true],
    };
    const z = await zarr.create([6, 4], {
      chunks: [4, 3],
      dtype: spec,
      fillValue: fill,
      store: path,
      overwrite: true,
    });
    const written = Array.from({ length: 8 }, (_, i) => ({
      id: 2n ** 63n + BigInt(i),
      pos: new Float32Array([i / 4, -i]),
      ok: i % 2 === 0,
      nàme: ["", "é", "ab😀", "wxyz"][i % 4]!,
      tag: new TextEncoder().encode(["", "a", "bc", "def"][i % 4]!),
      m: { lo: -128 + i, hi: 5 - i * 1000 },
      c: [i, -0.5],
      h: [1, 0.5, 65504, -(2 ** -24)][i % 4]!,
      t: BigInt(i) * 86400n - 5n,
      v: new Uint8Array([i, 255 - i]),
      ns: [
        { p: 2 ** 32 - 1 - i, s: "é" },
        { p: i, s: i % 2 ? "" : "zz" },
      ],
      flags: new Uint8Array([i & 1, (i >> 1) & 1, 1]),
    }));
    await z.set("0:2, 0:4", new zarr.NdArray(written, [2, 4], z.dataType));
    // One record broadcast over a region that spans a chunk boundary.
    await z.set("5, 1:4", written[3]!);

    const py = runPythonJson<{
      values: unknown[];
      fill: unknown;
      repr: string;
      reencoded: boolean;
    }>(`${PY_MANIFEST}
z = zarr.open_array(${JSON.stringify(path)}, mode="r")
raw = z.store[".zarray"]
again = Metadata2.encode_array_metadata(Metadata2.decode_array_metadata(raw))
print(json.dumps({"values": values(z), "fill": man(z.fill_value, z.dtype), "repr": str(z.dtype),
  "reencoded": again == raw}))`);
    const asManifest = (r: unknown) => scalarMan(r, z.dataType);
    const expected: unknown[] = new Array(24).fill(null).map(() => asManifest(fill));
    written.forEach((r, i) => {
      expected[i] = asManifest(r);
    });
    for (const j of [1, 2, 3]) expected[5 * 4 + j] = asManifest(written[3]);
    expect(py.values).toEqual(expected);
    expect(py.fill).toEqual(asManifest(fill));
    expect(py.reencoded).toBe(true);
    expect(z.dataType.display).toBe(py.repr);
    expect(String(z)).toBe(
      `Array((6, 4), [('id', '<u8'), ('pos', '>f4', (2,)), ('ok', '?'), ('nàme', '<U4'), ('tag', 'S3'), ('m', [('lo', 'i1'), ('hi', '>i2')]), ('c', '<c8'), ('h', '<f2'), ('t', '>M8[s]'), ('v', 'V2'), ('ns', [('p', '>u4'), ('s', '<U2')], (2,)), ('flags', '?', (3,))], chunks=(4, 3), order=C)`,
    );
  });

  it("the default fill value (0) is all zero bytes, as zarr-python stores it", async () => {
    const path = join(tmp, "zeros.zarr");
    const z = await zarr.zeros([3], {
      dtype: [
        ["a", "<i4"],
        ["b", "<f8", [2]],
      ],
      store: path,
      overwrite: true,
    });
    await z.set([1], { a: 5, b: [1, 2] });
    const meta = JSON.parse(readFileSync(join(path, ".zarray"), "utf8"));
    expect(meta.fill_value).toBe("AAAAAAAAAAAAAAAAAAAAAAAAAAA=");
    const py = runPythonJson<{ values: unknown[]; fill: unknown }>(`${PY_MANIFEST}
z = zarr.open_array(${JSON.stringify(path)}, mode="r")
print(json.dumps({"values": values(z), "fill": man(z.fill_value, z.dtype)}))`);
    expect(py.fill).toEqual({ a: 0, b: [0, 0] });
    expect(py.values).toEqual([
      { a: 0, b: [0, 0] },
      { a: 5, b: [1, 2] },
      { a: 0, b: [0, 0] },
    ]);
  });
  it("ones: the number goes to every field, and both store the same fill value", async () => {
    const py = runPythonJson<{ fill: string; values: unknown[] }>(`${PY_MANIFEST}
dt = np.dtype([('a', '<i4'), ('b', '>f8', (2,)), ('s', 'S3'), ('u', '<U2'), ('n', [('x', 'u1')])])
z = zarr.ones(3, chunks=2, dtype=dt)
print(json.dumps({"fill": json.loads(z.store[".zarray"])["fill_value"], "values": values(z)}))`);
    const z = await zarr.ones([3], {
      chunks: [2],
      dtype: [
        ["a", "<i4"],
        ["b", ">f8", [2]],
        ["s", "S3"],
        ["u", "<U2"],
        ["n", [["x", "u1"]]],
      ],
      store: new zarr.MemoryStore(),
    });
    const meta = JSON.parse(new TextDecoder().decode(await z.store.get(".zarray")));
    expect(meta.fill_value).toBe(py.fill);
    const got = (await z.get()) as zarr.NdArray;
    expect((got.data as unknown[]).map((r) => scalarMan(r, z.dataType))).toEqual(py.values);
    expect(py.values[0]).toEqual({ a: 1, b: [1, 1], s: "31", u: "1", n: { x: 1 } });
  });
});

describe("filters on structured arrays", () => {
  it("filters that need numbers refuse records with an error naming the codec and the dtype", async () => {
    const cases: [zarr.Codec, RegExp][] = [
      [new zarr.Delta({ dtype: "<i4" }), /codec "delta" .*cannot difference \|V4 data/],
      [new zarr.Quantize({ digits: 2, dtype: "<f8" }), /codec "quantize" .*cannot quantize \|V4/],
      [new zarr.PackBits(), /codec "packbits" .*bool arrays only .*got \|V4 data/],
    ];
    for (const [filter, message] of cases) {
      const store = new zarr.MemoryStore();
      const z = await zarr.zeros([4], { dtype: [["a", "<i4"]], filters: [filter], store });
      await expect(z.set(null, 1)).rejects.toThrow(message);
      expect(await zarr.listKeys(store)).toEqual([".zarray"]);
    }
  });
});
