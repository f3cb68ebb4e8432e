// Bad input is refused where zarr-python 2.13 refuses it and cast the way it casts, each case
// run through zarr-python live first. Zero, negative and fractional chunk lengths and shapes
// are refused at creation (zarr-python takes some of them and fails on first use).
import { runPythonJson } from "@zarrkit/test-utils";
import { describe, expect, it } from "vitest";
import { create, MetadataError, slice, ZarrError, zeros } from "../src/index.js";
import { RecordingStore } from "./helpers/recording-store.js";

const mem = () => ({ store: new RecordingStore() });

/** Run `expr` (a Python expression using zarr, np) for each case: its repr-able value or the error. */
function python(exprs: string[]): { ok?: unknown; raises?: string }[] {
  return runPythonJson(
    `
import json, sys, warnings, numpy as np, zarr
warnings.simplefilter("ignore")
out = []
for expr in json.load(sys.stdin):
    try:
        v = eval(expr)
        out.append({"ok": v})
    except Exception as e:
        out.append({"raises": type(e).__name__})
print(json.dumps(out))
`,
    JSON.stringify(exprs),
  );
}

describe("fill values", () => {
  // [dtype, value in JS, the same value in Python]
  const cases: [string, unknown, string][] = [
    ["<i4", "abc", "'abc'"],
    ["<i4", Number.NaN, "float('nan')"],
    ["<i4", Number.POSITIVE_INFINITY, "float('inf')"],
    ["<i4", 1.5, "1.5"],
    ["<i4", "12", "'12'"],
    ["<i4", 1e10, "1e10"],
    ["<i4", 2 ** 40, "2**40"],
    ["|u1", -1, "-1"],
    ["|u1", 300, "300"],
    ["<f8", "abc", "'abc'"],
    ["<i8", 1e20, "1e20"],
    ["<i4", 1e20, "1e20"],
    ["<u4", 2 ** 40 + 3, "2**40+3"],
    ["<i4", 2 ** 31, "2.0**31"],
  ];
  const py = python(
    cases.map(([dt, , v]) => `int(zarr.create(3, dtype='${dt}', fill_value=${v}).fill_value)`),
  );

  it.each(cases.map((c, i) => [...c, i] as const))(
    "%s fill value %s: raises or casts as zarr-python does",
    async (dtype, value, _pyValue, i) => {
      const made = create([3], { dtype, fillValue: value, ...mem() });
      const verdict = py[i]!;
      if (verdict.raises) {
        const err = await made.catch((e) => e);
        expect(err).toBeInstanceOf(MetadataError);
        expect(err.message).toContain(
          `fill_value ${typeof value === "string" ? JSON.stringify(value) : String(value)} is not valid for dtype ${dtype}`,
        );
      } else {
        expect((await made).fillValue).toBe(verdict.ok);
      }
    },
  );

  it("NaN on an integer array names NaN and the rule, not null", async () => {
    await expect(create([3], { dtype: "<i4", fillValue: Number.NaN, ...mem() })).rejects.toThrow(
      "fill_value NaN is not valid for dtype <i4: an integer type has no NaN or infinity",
    );
  });

  it("zeros() refuses a fillValue option, as zarr-python's zeros(fill_value=...) does", async () => {
    expect(python(["zarr.zeros(3, dtype='i4', fill_value='abc')"])[0]!.raises).toBe("TypeError");
    await expect(zeros([3], { dtype: "<i4", fillValue: "abc", ...mem() })).rejects.toThrow(
      /zeros\(\) sets fillValue to 0, so it takes no fillValue option \(got abc\)/,
    );
  });
});

describe("values stored into integer arrays", () => {
  it("a NaN or infinite scalar is refused, as zarr-python refuses it", async () => {
    const py = python([
      "zarr.zeros(3, dtype='i4').__setitem__(0, float('nan'))",
      "zarr.zeros(3, dtype='i4').__setitem__(0, float('inf'))",
    ]);
    expect(py.map((r) => r.raises)).toEqual(["ValueError", "OverflowError"]);
    const z = await zeros([3], { dtype: "<i4", ...mem() });
    await expect(z.set(0, Number.NaN)).rejects.toThrow(ZarrError);
    await expect(z.set(0, Number.NaN)).rejects.toThrow(
      /cannot store NaN in array "\/" of dtype <i4: an integer type has no NaN or infinity/,
    );
    await expect(z.set([slice(0, 2)], Number.POSITIVE_INFINITY)).rejects.toThrow(/Infinity/);
    expect(Array.from((await z.get()).data)).toEqual([0, 0, 0]);
  });

  const values = [
    Number.NaN,
    1.5,
    -2.7,
    1e10,
    -3e9,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    300,
    3e9,
    1e19,
  ];
  const pyValues =
    "[float('nan'), 1.5, -2.7, 1e10, -3e9, float('inf'), float('-inf'), 300.0, 3e9, 1e19]";
  const dtypes = ["|i1", "|u1", "<i2", "<u2", "<i4", "<u4", "<i8", "<u8"];
  const py = python(
    dtypes.map(
      (dt) =>
        `(lambda z: (z.__setitem__(slice(None), np.array(${pyValues})), [str(v) for v in z[:].tolist()])[1])(zarr.zeros(${values.length}, dtype='${dt}'))`,
    ),
  );

  it.each(dtypes.map((d, i) => [d, i] as const))(
    "floats (NaN, fractions, out of range) in an array cast into %s as NumPy casts them",
    async (dtype, i) => {
      const z = await zeros([values.length], { dtype, ...mem() });
      await z.set(null, Float64Array.from(values));
      const got = Array.from((await z.get()).data as ArrayLike<number | bigint>, String);
      expect(got).toEqual(py[i]!.ok);
    },
  );
});

describe("a plain array of non-integers into an integer array", () => {
  it("casts NaN and fractions as NumPy casts a float list", async () => {
    const py = python([
      "(lambda z: (z.__setitem__(slice(None), [float('nan'), 1.5, -2.7]), z[:].tolist())[1])(zarr.zeros(3, dtype='i4'))",
    ]);
    const z = await zeros([3], { dtype: "<i4", ...mem() });
    await z.set(null, [Number.NaN, 1.5, -2.7]);
    expect(Array.from((await z.get()).data)).toEqual(py[0]!.ok);
  });
});

describe("dtype strings", () => {
  it.each(["i4 ", " i4", "<f8\n"])("%j is refused, as NumPy refuses it", async (dtype) => {
    expect(python([`str(zarr.create(3, dtype=${JSON.stringify(dtype)}).dtype)`])[0]!.raises).toBe(
      "TypeError",
    );
    const err = await create([3], { dtype, ...mem() }).catch((e) => e);
    expect(err).toBeInstanceOf(MetadataError);
    expect(err.message).toContain(
      `unsupported dtype ${JSON.stringify(dtype)}: NumPy does not understand it`,
    );
  });
});

describe("shapes and chunks", () => {
  it("chunks of length 0 are refused at creation (zarr-python accepts them, then divides by zero)", async () => {
    const py = python([
      "zarr.create(10, chunks=[0], dtype='i4').chunks[0]",
      "zarr.create(10, chunks=[0], dtype='i4')[:].tolist()",
    ]);
    expect(py).toEqual([{ ok: 0 }, { raises: "ZeroDivisionError" }]);
    const store = new RecordingStore();
    await expect(create([10], { chunks: [0], dtype: "<i4", store })).rejects.toThrow(
      /chunks\[0\] must be a positive integer, null or -1 \(the whole dimension\), got 0/,
    );
    await expect(create([10], { chunks: 0, dtype: "<i4", store })).rejects.toThrow(/got 0/);
    expect(store.writes).toEqual([]);
  });

  it.each([
    [[-2], /chunks\[0\].*got -2/],
    [[2.5], /chunks\[0\].*got 2.5/],
    [[5, 0], /chunks\[1\].*got 0/],
  ])("chunks %j are refused", async (chunks, rule) => {
    await expect(create([10, 10], { chunks, dtype: "<i4", ...mem() })).rejects.toThrow(rule);
  });

  it.each([[[-1]], [[2.5]], [[2 ** 53]]])("shape %j is refused", async (shape) => {
    await expect(create(shape, { dtype: "<i4", ...mem() })).rejects.toThrow(
      /shape \[.*\] must hold integers >= 0 and <= 9007199254740991/,
    );
  });

  it("-1 and null still mean the whole dimension, and an empty dimension gets chunks of 1", async () => {
    expect((await create([10, 0], { chunks: [-1, null], dtype: "<i4", ...mem() })).chunks).toEqual([
      10, 1,
    ]);
  });
});
