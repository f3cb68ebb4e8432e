import {
  PY_HELPERS,
  pythonReadArray,
  runPythonJson,
  toManifestValue,
  writeTree,
} from "@zarrkit/test-utils";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { MemoryStore, create, listKeys } from "../src/index.js";

const tmp = mkdtempSync(join(tmpdir(), "zarrkit-interop-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function dump(store: MemoryStore, dir: string): Promise<void> {
  const entries: [string, Uint8Array][] = [];
  for (const k of await listKeys(store)) entries.push([k, (await store.get(k))!]);
  writeTree(dir, entries);
}

const INT_RANGES: Record<string, [bigint, bigint]> = {
  i1: [-128n, 127n],
  u1: [0n, 255n],
  i2: [-32768n, 32767n],
  u2: [0n, 65535n],
  i4: [-(2n ** 31n), 2n ** 31n - 1n],
  u4: [0n, 2n ** 32n - 1n],
  i8: [-(2n ** 63n), 2n ** 63n - 1n],
  u8: [0n, 2n ** 64n - 1n],
};

/** Deterministic values for element i of each dtype, covering extremes and special values. */
function valueFor(dtype: string, i: number): unknown {
  const core = dtype.replace(/^[<>|]/, "");
  if (core === "b1") return i % 3 === 0;
  if (core in INT_RANGES) {
    const [lo, hi] = INT_RANGES[core]!;
    const span = hi - lo + 1n;
    const v = i === 0 ? lo : i === 1 ? hi : lo + ((BigInt(i) * 2654435761n * 97n) % span);
    return core.endsWith("8") ? v : Number(v);
  }
  if (core === "f2")
    return [Number.NaN, Number.POSITIVE_INFINITY, -0, 65504, 2 ** -24][i] ?? (i - 50) * 0.25;
  if (core === "f4")
    return [Number.NaN, Number.NEGATIVE_INFINITY, -0][i] ?? Math.fround((i - 50) * 1.1);
  if (core === "f8")
    return (
      [Number.NaN, Number.POSITIVE_INFINITY, Number.MIN_VALUE, Number.MAX_VALUE][i] ?? (i - 50) / 7
    );
  if (core === "c8") return [Math.fround(i * 0.5), Math.fround(-i * 1.5)];
  if (core === "c16") return [i / 3, i === 2 ? Number.NaN : -i / 7];
  if (core.startsWith("M8") || core.startsWith("m8"))
    return i === 0 ? -(2n ** 63n) : BigInt(i) * 1000000007n - 50n;
  if (core === "S8") return new TextEncoder().encode(i === 0 ? "" : `s${i * 1234567}`.slice(0, 8));
  if (core === "U6")
    return (
      ["", "äbc", "✓✓", "😀x", "tab\t", "sixsix"][i % 6]! +
      (i > 5 ? String(i % 10) : "").slice(0, 0)
    );
  throw new Error(dtype);
}

const DTYPES = [
  "|b1",
  "|i1",
  "|u1",
  "<i2",
  "<u2",
  "<i4",
  "<u4",
  "<i8",
  "<u8",
  "<f2",
  "<f4",
  "<f8",
  "<c8",
  "<c16",
  "<M8[ns]",
  "<M8[D]",
  "<m8[s]",
  "|S8",
  "<U6",
  ">i2",
  ">i4",
  ">u8",
  ">f4",
  ">f8",
  ">c16",
  ">U6",
  ">M8[ms]",
];

describe("zarr-python reads uncompressed arrays written by zarrkit", () => {
  for (const dtype of DTYPES) {
    for (const order of ["C", "F"] as const) {
      it(`${dtype} order ${order}`, async () => {
        const store = new MemoryStore();
        const shape = [7, 5];
        const z = await create(shape, { dtype, chunks: [3, 2], compressor: null, order, store });
        const values = Array.from({ length: 35 }, (_, i) => valueFor(dtype, i));
        await z.set(null, { data: values, shape });
        await z.attrs.set("dtype", dtype);
        const dir = join(tmp, `${dtype.replace(/[^\w]/g, "_")}_${order}.zarr`);
        await dump(store, dir);
        const py = pythonReadArray(dir);
        expect(py.dtype).toBe(z.dtype);
        expect(py.shape).toEqual(shape);
        expect(py.order).toBe(order);
        expect(py.attrs).toEqual({ dtype });
        expect(py.values).toEqual(values.map(toManifestValue));
        // And we read back what we wrote.
        const back = await z.get(null);
        const ours: unknown[] = [];
        for (let i = 0; i < 7; i++) for (let j = 0; j < 5; j++) ours.push(back.get(i, j));
        expect(ours.map(toManifestValue)).toEqual(values.map(toManifestValue));
      });
    }
  }
});

describe(".zarray and .zattrs are byte-identical to zarr-python's", () => {
  const cases: {
    dtype: string;
    fill: unknown;
    pyFill: string;
    order?: "C" | "F";
    sep?: "." | "/";
  }[] = [
    { dtype: "<i4", fill: 0, pyFill: "0" },
    { dtype: "<f8", fill: Number.NaN, pyFill: "np.nan" },
    { dtype: "<f4", fill: Number.NEGATIVE_INFINITY, pyFill: "-np.inf" },
    { dtype: "<f8", fill: 1e-5, pyFill: "1e-05" },
    { dtype: "<f8", fill: 2.5, pyFill: "2.5", order: "F" },
    { dtype: "<f8", fill: 1e22, pyFill: "1e22" },
    { dtype: "|b1", fill: true, pyFill: "True" },
    { dtype: "<c16", fill: [1, -2], pyFill: "1-2j" },
    { dtype: "|S8", fill: new TextEncoder().encode("ab"), pyFill: "b'ab'" },
    { dtype: "<U6", fill: "ü", pyFill: "'ü'" },
    { dtype: "<M8[ns]", fill: 5n, pyFill: "np.datetime64(5, 'ns')" },
    { dtype: "<i8", fill: null, pyFill: "None", sep: "/" },
    { dtype: ">u2", fill: 7, pyFill: "7", sep: "." },
  ];
  it.each(cases)("$dtype fill $pyFill", async ({ dtype, fill, pyFill, order = "C", sep }) => {
    const store = new MemoryStore();
    const z = await create([100, 30], {
      dtype,
      chunks: [10, 7],
      compressor: null,
      fillValue: fill,
      order,
      store,
      ...(sep ? { dimensionSeparator: sep } : {}),
    });
    await z.attrs.update({
      title: "Ṡample ✓",
      n: [1, 2.5, null, true],
      nested: { b: { c: "d" } },
      empty: {},
      list: [],
    });
    const py = runPythonJson<{ zarray: string; zattrs: string }>(
      `${PY_HELPERS}
s = {}
z = zarr.create((100, 30), chunks=(10, 7), dtype=${JSON.stringify(dtype)}, compressor=None, fill_value=${pyFill}, order=${JSON.stringify(order)}, store=s${sep ? `, dimension_separator=${JSON.stringify(sep)}` : ""})
z.attrs.update({"title": "Ṡample ✓", "n": [1, 2.5, None, True], "nested": {"b": {"c": "d"}}, "empty": {}, "list": []})
print(json.dumps({"zarray": s[".zarray"].decode(), "zattrs": s[".zattrs"].decode()}))`,
    );
    const dec = new TextDecoder();
    expect(dec.decode(await store.get(".zarray"))).toBe(py.zarray);
    expect(dec.decode(await store.get(".zattrs"))).toBe(py.zattrs);
  });
});
