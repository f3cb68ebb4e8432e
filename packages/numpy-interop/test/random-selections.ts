// Seeded random arrays and fancy selections, in a JSON form both sides decode: zarrkit's
// selection objects on this side (fancy-api.ts), NumPy's index objects in numpy_worker.py.
// One seed names one reproducible set of cases (ZARRKIT_NUMPY_SEED overrides it).
import { rng } from "@zarrkit/codec-test-utils";

export const DEFAULT_SEED = 20261130;

export function seedFromEnv(): number {
  const text = process.env.ZARRKIT_NUMPY_SEED;
  if (text === undefined || text === "") return DEFAULT_SEED;
  const seed = Number(text);
  if (!Number.isInteger(seed))
    throw new Error(`ZARRKIT_NUMPY_SEED must be an integer, got ${text}`);
  return seed;
}

export type DtypeName = "int32" | "float64" | "uint8" | "bool";

export const NUMPY_DTYPE: Record<DtypeName, string> = {
  int32: "<i4",
  float64: "<f8",
  uint8: "|u1",
  bool: "|b1",
};

/** One selection entry: an integer, a slice, an integer array (nested when broadcast), a mask. */
export type Entry =
  | null
  | { i: number }
  | { s: [number | null, number | null, number | null] }
  | { a: NestedInts }
  | { b: boolean[] }
  /** An ellipsis: as many whole dimensions as the other entries leave. */
  | { e: true };
export type NestedInts = number[] | number[][];
export type NestedBools = boolean | NestedBools[];

/** o: orthogonal, c: coordinate, m: mask (`sel` is the mask itself), b: block. */
export type Kind = "o" | "c" | "m" | "b";

export type SelectionCase =
  | { kind: "o" | "c" | "b"; sel: Entry[] }
  | { kind: "m"; sel: NestedBools[] };

export interface ArraySpec {
  dtype: DtypeName;
  shape: number[];
  chunks: number[];
  /** v3 only: the shard shape (a multiple of `chunks`). */
  shards?: number[];
  /** Element values in C order; booleans as 0/1. */
  data: number[];
  /** v2 only: chunks stored in Fortran order. */
  order?: "F";
  /** v2 only: keys of chunks not in the store (their elements read as the fill value, 0). */
  missing?: string[];
}

/** The v2 key ("i.j") of the chunk holding each element, in C order. */
export function chunkKeyOfElements(shape: readonly number[], chunks: readonly number[]): string[] {
  const n = shape.reduce((a, b) => a * b, 1);
  return Array.from({ length: n }, (_, flat) => {
    const parts: number[] = [];
    let rest = flat;
    for (let d = shape.length - 1; d >= 0; d--) {
      parts.unshift(Math.floor((rest % shape[d]!) / chunks[d]!));
      rest = Math.floor(rest / shape[d]!);
    }
    return parts.join(".");
  });
}

/**
 * Drop about a quarter of the chunks: their elements become the fill value (0), and the
 * array is stored without them, as zarr-python leaves chunks never written.
 */
export function withMissingChunks(r: Random, spec: ArraySpec): ArraySpec {
  const keys = chunkKeyOfElements(spec.shape, spec.chunks);
  const missing = [...new Set(keys)].filter(() => r.chance(0.25));
  const gone = new Set(missing);
  return { ...spec, missing, data: spec.data.map((v, i) => (gone.has(keys[i]!) ? 0 : v)) };
}

export class Random {
  readonly next: () => number;
  constructor(seed: number) {
    this.next = rng(seed);
  }
  /** An integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

const MAX_DIM = [0, 40, 14, 7, 5];

export function randomShape(r: Random): number[] {
  const ndim = r.pick([1, 2, 2, 3, 3, 4]);
  return Array.from({ length: ndim }, () => r.int(1, MAX_DIM[ndim]!));
}

/** Chunks from 1 to a little past the dimension, so most grids have a partial edge chunk. */
export function randomChunks(r: Random, shape: readonly number[]): number[] {
  return shape.map((n) => r.int(1, n + 1));
}

export function randomValue(r: Random, dtype: DtypeName): number {
  switch (dtype) {
    case "int32":
      return Math.floor(r.next() * 2 ** 32) - 2 ** 31;
    case "uint8":
      return r.int(0, 255);
    case "float64":
      // Exact in binary and in JSON; `+ 0` turns Math.round's -0 into 0.
      return Math.round((r.next() - 0.5) * 2e6) / 64 + 0;
    case "bool":
      return r.chance(0.5) ? 1 : 0;
  }
}

export function randomArray(r: Random, dtype: DtypeName, shape?: number[]): ArraySpec {
  const s = shape ?? randomShape(r);
  const chunks = randomChunks(r, s);
  const n = s.reduce((a, b) => a * b, 1);
  return { dtype, shape: s, chunks, data: Array.from({ length: n }, () => randomValue(r, dtype)) };
}

function intArray(r: Random, n: number, length: number): number[] {
  const out = Array.from({ length }, () => r.int(-n, n - 1));
  if (r.chance(0.25)) out.sort((x, y) => x - y);
  return out;
}

function maskArray(r: Random, n: number): boolean[] {
  const density = r.pick([0, 0.1, 0.5, 0.9, 1]);
  return Array.from({ length: n }, () => r.next() < density);
}

function sliceBound(r: Random, n: number): number | null {
  return r.chance(0.3) ? null : r.int(-n - 2, n + 2);
}

/** Some selections name fewer dimensions than the array has; the rest are whole. */
function entryCount(r: Random, ndim: number): number {
  return ndim > 1 && r.chance(0.1) ? r.int(1, ndim - 1) : ndim;
}

/**
 * Sometimes replace a run of entries (possibly empty) by an ellipsis, which makes them whole.
 * Only in a selection with an entry per dimension, so every other entry keeps its dimension.
 */
function withEllipsis(r: Random, entries: Entry[], ndim: number): Entry[] {
  if (entries.length !== ndim || !r.chance(0.12)) return entries;
  const p = r.int(0, entries.length);
  const k = r.int(0, entries.length - p);
  return [...entries.slice(0, p), { e: true }, ...entries.slice(p + k)];
}

export function orthogonalSelection(r: Random, shape: readonly number[]): Entry[] {
  return withEllipsis(r, orthogonalEntries(r, shape), shape.length);
}

function orthogonalEntries(r: Random, shape: readonly number[]): Entry[] {
  return shape.slice(0, entryCount(r, shape.length)).map((n): Entry => {
    const p = r.next();
    if (p < 0.15) return { i: r.int(-n, n - 1) };
    if (p < 0.35)
      return { s: [sliceBound(r, n), sliceBound(r, n), r.chance(0.5) ? null : r.int(1, 4)] };
    if (p < 0.42) return null;
    if (p < 0.75) return { a: intArray(r, n, r.chance(0.05) ? 0 : r.int(1, 7)) };
    return { b: maskArray(r, n) };
  });
}

/** One integer array per dimension (or a single integer), broadcast to a 1-d or 2-d shape. */
export function coordinateSelection(r: Random, shape: readonly number[]): Entry[] {
  const twoD = r.chance(0.35);
  const p = r.int(1, 4);
  const q = r.int(1, 4);
  const k = r.chance(0.03) ? 0 : r.int(1, 9);
  return shape.map((n): Entry => {
    if (r.chance(0.15)) return { i: r.int(-n, n - 1) };
    if (!twoD) return { a: intArray(r, n, k) };
    const form = r.pick(["pq", "p1", "1q", "q"] as const);
    if (form === "q") return { a: intArray(r, n, q) };
    const rows = form === "1q" ? 1 : p;
    const cols = form === "p1" ? 1 : q;
    return { a: Array.from({ length: rows }, () => intArray(r, n, cols)) };
  });
}

export function maskSelection(r: Random, shape: readonly number[]): NestedBools[] {
  const density = r.pick([0, 0.05, 0.3, 0.7, 1]);
  const build = (d: number): NestedBools[] =>
    Array.from({ length: shape[d]! }, () =>
      d === shape.length - 1 ? r.next() < density : build(d + 1),
    );
  return build(0);
}

/** Block indices stay where zarr-python 2.14 accepts them (a slice may run past the end). */
export function blockSelection(
  r: Random,
  shape: readonly number[],
  chunks: readonly number[],
): Entry[] {
  return withEllipsis(r, blockEntries(r, shape, chunks), shape.length);
}

function blockEntries(r: Random, shape: readonly number[], chunks: readonly number[]): Entry[] {
  return shape.slice(0, entryCount(r, shape.length)).map((n, d): Entry => {
    const nc = Math.ceil(n / chunks[d]!);
    const p = r.next();
    if (p < 0.4) return { i: r.int(-nc, nc - 1) };
    if (p < 0.85)
      return {
        s: [
          r.chance(0.3) ? null : r.int(-nc, nc - 1),
          r.chance(0.3) ? null : r.int(-nc, nc + 1),
          null,
        ],
      };
    return null;
  });
}

/**
 * The unit of block selection: the chunk grid, which for a sharded array is the shard shape
 * (zarr-python 3's `blocks` uses `metadata.chunk_grid`, not the inner chunks).
 */
export function blockGrid(spec: ArraySpec): number[] {
  return spec.shards ?? spec.chunks;
}

export function randomSelection(r: Random, kind: Kind, spec: ArraySpec): SelectionCase {
  switch (kind) {
    case "o":
      return { kind, sel: orthogonalSelection(r, spec.shape) };
    case "c":
      return { kind, sel: coordinateSelection(r, spec.shape) };
    case "m":
      return { kind, sel: maskSelection(r, spec.shape) };
    case "b":
      return { kind, sel: blockSelection(r, spec.shape, blockGrid(spec)) };
  }
}

/** A write: the values come from the reference (`salt`: one value per target element) or a scalar. */
export type WriteCase = SelectionCase & ({ salt: number } | { scalar: number | boolean });

export function randomWrite(r: Random, kind: Kind, spec: ArraySpec): WriteCase {
  const sel = randomSelection(r, kind, spec);
  if (r.chance(0.2)) {
    const v = randomValue(r, spec.dtype);
    return { ...sel, scalar: spec.dtype === "bool" ? v === 1 : v };
  }
  return { ...sel, salt: r.int(0, 2 ** 30) };
}
