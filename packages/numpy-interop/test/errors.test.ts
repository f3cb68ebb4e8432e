// Bad selections and bad values: zarrkit must refuse what zarr-python 2.13 refuses (block
// selection: 2.14's rule), with an IndexError where zarr-python raises one, and a refused
// write must leave the array as it was.
import * as zarr from "zarrkit";
import { afterAll, beforeAll, expect, it } from "vitest";
import { CountingStore } from "./counting-store.js";
import { fancyGet, fancySet, outcome } from "./fancy-api.js";
import { PythonSession } from "./python-session.js";
import {
  type ArraySpec,
  type Entry,
  type NestedBools,
  Random,
  randomArray,
  type SelectionCase,
  seedFromEnv,
} from "./random-selections.js";
import { makeArray, typedData } from "./run-cases.js";

const SEED = seedFromEnv();
const ARRAYS = 40;

let py: PythonSession;
beforeAll(() => {
  py = new PythonSession();
});
afterAll(() => py.close());

interface ErrorCase {
  label: string;
  /** Whether NumPy's own indexing refuses it too (out of bounds, shapes that do not fit). */
  numpyRaises: boolean;
  action: "get" | "set";
  sel: SelectionCase;
  /** For "set": a scalar, or a flat array whose length fits no selection shape. */
  value?: number | number[];
}

const elements = (a: zarr.NdArray): number[] => Array.from(a.data as ArrayLike<number>, Number);

const product = (xs: readonly number[]) => xs.reduce((a, b) => a * b, 1);

function withEntry(ndim: number, d: number, e: Entry): Entry[] {
  return Array.from({ length: ndim }, (_, k) => (k === d ? e : null));
}

function mask(shape: readonly number[], pick: () => boolean): NestedBools[] {
  const build = (d: number): NestedBools[] =>
    Array.from({ length: shape[d]! }, () => (d === shape.length - 1 ? pick() : build(d + 1)));
  return build(0);
}

function errorCases(r: Random, spec: ArraySpec): ErrorCase[] {
  const { shape, chunks } = spec;
  const ndim = shape.length;
  const d = r.int(0, ndim - 1);
  const n = shape[d]!;
  const beyond = r.chance(0.5) ? n : -n - 1;
  const nc = Math.ceil(n / chunks[d]!);
  const cases: ErrorCase[] = [
    {
      label: "orthogonal integer out of bounds",
      numpyRaises: true,
      action: "get",
      sel: { kind: "o", sel: withEntry(ndim, d, { i: beyond }) },
    },
    {
      label: "orthogonal integer array with an index out of bounds",
      numpyRaises: true,
      action: "get",
      sel: { kind: "o", sel: withEntry(ndim, d, { a: [0, beyond, 0] }) },
    },
    {
      label: "orthogonal Boolean array of the wrong length",
      numpyRaises: true,
      action: "get",
      sel: {
        kind: "o",
        sel: withEntry(ndim, d, {
          b: Array.from({ length: n > 1 && r.chance(0.5) ? n - 1 : n + 1 }, () => r.chance(0.5)),
        }),
      },
    },
    {
      label: "orthogonal slice with a negative step",
      numpyRaises: false,
      action: "get",
      sel: { kind: "o", sel: withEntry(ndim, d, { s: [null, null, -1] }) },
    },
    {
      label: "coordinate out of bounds",
      numpyRaises: true,
      action: "get",
      sel: { kind: "c", sel: shape.map((_, k) => ({ a: k === d ? [0, beyond] : [0, 0] })) },
    },
    {
      label: "mask of the wrong shape",
      numpyRaises: true,
      action: "get",
      sel: {
        kind: "m",
        sel: mask(
          shape.map((s, k) => (k === d ? s + 1 : s)),
          () => r.chance(0.5),
        ),
      },
    },
    {
      label: "block index out of bounds",
      numpyRaises: false,
      action: "get",
      sel: { kind: "b", sel: withEntry(ndim, d, { i: r.chance(0.5) ? nc : -nc - 1 }) },
    },
    {
      label: "orthogonal write out of bounds",
      numpyRaises: true,
      action: "set",
      value: 1,
      sel: { kind: "o", sel: withEntry(ndim, d, { a: [beyond] }) },
    },
    {
      label: "coordinate write out of bounds",
      numpyRaises: true,
      action: "set",
      value: 1,
      sel: { kind: "c", sel: shape.map((_, k) => (k === d ? { i: beyond } : { i: 0 })) },
    },
    {
      label: "mask write of the wrong shape",
      numpyRaises: true,
      action: "set",
      value: 1,
      sel: {
        kind: "m",
        sel: mask(
          shape.map((s, k) => (k === d ? s + 1 : s)),
          () => r.chance(0.5),
        ),
      },
    },
    {
      label: "block write out of bounds",
      numpyRaises: false,
      action: "set",
      value: 1,
      sel: { kind: "b", sel: withEntry(ndim, d, { i: nc }) },
    },
    // Values one element longer than the selection: no shape rule makes them fit.
    {
      label: "orthogonal write of a value of the wrong size",
      numpyRaises: true,
      action: "set",
      value: Array.from({ length: product(shape.slice(1)) + 1 }, (_, i) => i),
      sel: { kind: "o", sel: [{ i: 0 }] },
    },
    {
      label: "coordinate write of a value of the wrong size",
      numpyRaises: true,
      action: "set",
      value: [1, 2, 3],
      sel: { kind: "c", sel: shape.map(() => ({ a: [0, -1] })) },
    },
    {
      label: "mask write of a value of the wrong size",
      numpyRaises: true,
      action: "set",
      value: Array.from({ length: product(shape) + 1 }, (_, i) => i),
      sel: { kind: "m", sel: mask(shape, () => true) },
    },
    {
      label: "block write of a value of the wrong size",
      numpyRaises: true,
      action: "set",
      value: Array.from(
        { length: Math.min(chunks[0]!, shape[0]!) * product(shape.slice(1)) + 1 },
        (_, i) => i,
      ),
      sel: { kind: "b", sel: [{ i: 0 }] },
    },
  ];
  if (ndim >= 2) {
    const k = r.int(2, 5);
    cases.push(
      {
        label: "coordinates that do not broadcast",
        numpyRaises: true,
        action: "get",
        sel: {
          kind: "c",
          sel: shape.map((_, j) => ({
            a: Array.from({ length: j === 0 ? k : j === 1 ? k + 1 : 1 }, () => 0),
          })),
        },
      },
      {
        label: "coordinate write that does not broadcast",
        numpyRaises: true,
        action: "set",
        value: 1,
        sel: {
          kind: "c",
          sel: shape.map((_, j) => ({
            a: Array.from({ length: j === 0 ? k : j === 1 ? k + 1 : 1 }, () => 0),
          })),
        },
      },
      {
        label: "coordinate selection with too few arrays",
        numpyRaises: false,
        action: "get",
        sel: { kind: "c", sel: shape.slice(1).map(() => ({ a: [0] })) },
      },
    );
  }
  return cases;
}

it("refuses what zarr-python refuses, with IndexError where it raises IndexError, and leaves the array intact", async () => {
  const r = new Random(SEED + 200);
  const specs = Array.from({ length: ARRAYS }, (_, n) =>
    randomArray(r, n % 2 ? "int32" : "float64"),
  );
  const jobs = specs.flatMap((spec) => errorCases(r, spec).map((c) => ({ spec, c })));
  const ref = await py.request<{ numpy: string | null; zarr: string | null }>(
    jobs.map(({ spec, c }) => ({
      op: "error",
      dtype: spec.dtype,
      shape: spec.shape,
      chunks: spec.chunks,
      kind: c.sel.kind,
      action: c.action,
      sel: c.sel.sel,
      value: c.value ?? null,
    })),
  );
  const failures: string[] = [];
  const arrays = new Map<ArraySpec, { z: zarr.ZarrArray<string>; store: CountingStore }>();
  for (const [i, { spec, c }] of jobs.entries()) {
    const where = `${c.label}, shape=[${spec.shape}] chunks=[${spec.chunks}] ${JSON.stringify(c.sel.sel).slice(0, 200)}`;
    const want = ref[i]!;
    // The reference refuses it: otherwise the case is no error case at all.
    if (want.zarr === null) failures.push(`${where}: zarr-python accepted it`);
    if (c.numpyRaises && want.numpy === null) failures.push(`${where}: NumPy accepted it`);
    let held = arrays.get(spec);
    if (!held) {
      const store = new CountingStore();
      held = { z: await makeArray(spec, false, store), store };
      arrays.set(spec, held);
    }
    const { z, store } = held;
    const value = Array.isArray(c.value) ? typedData(spec.dtype, c.value) : c.value;
    const before = c.action === "set" ? elements(await z.getAll()) : [];
    store.reset();
    const got = await outcome(() =>
      c.action === "get" ? fancyGet(z, c.sel, i) : fancySet(z, c.sel, value!, i),
    );
    if (got.ok) failures.push(`${where}: zarrkit accepted it (zarr-python raised ${want.zarr})`);
    else if (!(got.error instanceof zarr.ZarrError))
      failures.push(`${where}: zarrkit threw ${String(got.error)}, not a ZarrError`);
    else if (want.zarr === "IndexError" && !(got.error instanceof zarr.IndexError))
      failures.push(
        `${where}: zarr-python raised IndexError, zarrkit ${got.error.name}: ${got.error.message}`,
      );
    if (!got.ok && store.sets.length > 0)
      failures.push(`${where}: the refused call stored chunks ${store.sets.join(" ")}`);
    if (c.action === "set" && elements(await z.getAll()).some((x, k) => x !== before[k]))
      failures.push(`${where}: the refused write changed the array`);
  }
  expect(failures.slice(0, 10)).toEqual([]);
  expect(failures.length).toBe(0);
  expect(jobs.length).toBeGreaterThan(ARRAYS * 15);
});
