import { IndexError } from "../errors.js";

/**
 * A NumPy-style slice, as {@link slice} makes it; `null` parts take their defaults as in Python.
 * Negative `start` and `stop` count from the end of the dimension.
 */
export interface Slice {
  /** Always `"slice"`: tells a slice apart from the other selection entries. */
  readonly kind: "slice";
  /** First index selected. `null`: 0. */
  readonly start: number | null;
  /** Index the slice stops before. `null`: the end of the dimension. */
  readonly stop: number | null;
  /** Distance between selected indices, a positive integer (as in zarr-python). `null`: 1. */
  readonly step: number | null;
}

/**
 * `slice(stop)` or `slice(start, stop, step?)`, like Python's `slice`: one entry of a
 * {@link Selection}. `slice()` (or `null` as the entry) selects a whole dimension.
 *
 * @example
 * ```ts
 * await z.get([slice(0, 5), slice(null, null, 2)]); // z[0:5, ::2]
 * await z.get([0, slice(5)]); // z[0, :5]
 * ```
 */
export function slice(
  startOrStop: number | null = null,
  stop?: number | null,
  step: number | null = null,
): Slice {
  if (stop === undefined) return { kind: "slice", start: null, stop: startOrStop, step: null };
  return { kind: "slice", start: startOrStop, stop, step };
}

/**
 * NumPy's `...` as a selection entry: as many whole dimensions as the other entries leave
 * (`[ELLIPSIS, 0]` is `z[..., 0]`). The string `"..."` itself works too.
 */
export const ELLIPSIS = "...";

/** One entry of a selection: an index, a slice, `null` (whole dimension) or `"..."`. */
export type SelectionEntry = number | Slice | null | typeof ELLIPSIS;

/** What `get`/`set` accept: entries per dimension, a NumPy string, or null/[] for everything. */
export type Selection = readonly SelectionEntry[] | SelectionEntry | string | null | undefined;

/** A selection resolved against a shape: per dimension an integer or a normalized slice. */
export type DimSelection =
  | { readonly kind: "int"; readonly index: number }
  | {
      readonly kind: "range";
      readonly start: number;
      readonly step: number;
      readonly count: number;
    };

function parseIndexText(text: string, whole: string): number | null {
  const t = text.trim();
  if (t === "") return null;
  if (!/^[+-]?\d+$/.test(t))
    throw new IndexError(
      `selection ${JSON.stringify(whole)}: ${JSON.stringify(t)} is not an integer`,
    );
  return Number(t);
}

/**
 * Parse NumPy syntax: `"0, :"`, `"3:30:4, -5:"`, `"..., 5"`, `":"`, into selection entries
 * (integers, {@link Slice}s and {@link ELLIPSIS}). The empty string is `[]`, everything.
 * String selections passed to `get` and `set` go through it.
 *
 * @throws {@link IndexError} for an entry that is not an integer, a slice or `...`, naming the
 *   selection and the entry.
 */
export function parseSelectionString(text: string): SelectionEntry[] {
  const trimmed = text.trim();
  if (trimmed === "") return [];
  return trimmed.split(",").map((part): SelectionEntry => {
    const p = part.trim();
    if (p === "...") return ELLIPSIS;
    if (p.includes(":")) {
      const bits = p.split(":");
      if (bits.length > 3)
        throw new IndexError(
          `selection ${JSON.stringify(text)}: ${JSON.stringify(p)} has too many colons`,
        );
      return slice(
        parseIndexText(bits[0]!, text),
        parseIndexText(bits[1]!, text),
        bits.length === 3 ? parseIndexText(bits[2]!, text) : null,
      );
    }
    const v = parseIndexText(p, text);
    if (v === null) throw new IndexError(`selection ${JSON.stringify(text)} has an empty entry`);
    return v;
  });
}

export function isSlice(x: unknown): x is Slice {
  return typeof x === "object" && x !== null && (x as Slice).kind === "slice";
}

export function normalizeInt(i: number, n: number, dim: number): number {
  if (!Number.isInteger(i))
    throw new IndexError(`index ${i} in dimension ${dim} is not an integer`);
  const j = i < 0 ? i + n : i;
  if (j < 0 || j >= n)
    throw new IndexError(`index ${i} is out of bounds for dimension ${dim} with length ${n}`);
  return j;
}

export function normalizeSlice(s: Slice, n: number, dim: number): DimSelection {
  const step = s.step ?? 1;
  if (!Number.isInteger(step) || step === 0)
    throw new IndexError(
      `slice step in dimension ${dim} must be a non-zero integer, got ${s.step}`,
    );
  if (step < 0)
    throw new IndexError(
      `slice step in dimension ${dim} must be positive (as in zarr-python), got ${step}`,
    );
  for (const [name, v] of [
    ["start", s.start],
    ["stop", s.stop],
  ] as const) {
    if (v !== null && !Number.isInteger(v))
      throw new IndexError(
        `slice ${name} in dimension ${dim} must be an integer or null, got ${v}`,
      );
  }
  // Python semantics: negative bounds count from the end, then clamp to [0, n].
  const clamp = (v: number | null, dflt: number) => {
    if (v === null) return dflt;
    const w = v < 0 ? v + n : v;
    return Math.min(Math.max(w, 0), n);
  };
  const start = clamp(s.start, 0);
  const stop = clamp(s.stop, n);
  const count = stop > start ? Math.ceil((stop - start) / step) : 0;
  return { kind: "range", start, step, count };
}

/**
 * One entry per dimension: an ellipsis stands for as many `null`s as are missing, and
 * missing trailing entries are `null` (the whole dimension).
 */
export function expandEllipsis<T>(
  entries: readonly (T | typeof ELLIPSIS | null)[],
  ndim: number,
): (T | null)[] {
  const ellipses = entries.filter((e) => e === ELLIPSIS).length;
  if (ellipses > 1) throw new IndexError("a selection can hold at most one ellipsis (...)");
  const explicit = entries.length - ellipses;
  if (explicit > ndim) {
    throw new IndexError(
      `too many indices: the selection has ${explicit} entries but the array has ${ndim} dimensions`,
    );
  }
  const out = entries.filter((e) => e !== ELLIPSIS) as (T | null)[];
  if (ellipses === 1) {
    const at = entries.indexOf(ELLIPSIS);
    out.splice(at, 0, ...new Array<null>(ndim - explicit).fill(null));
  }
  while (out.length < ndim) out.push(null);
  return out;
}

/** Resolve a selection against an array shape. */
export function normalizeSelection(selection: Selection, shape: readonly number[]): DimSelection[] {
  let entries: SelectionEntry[];
  if (selection === null || selection === undefined) entries = [];
  else if (typeof selection === "string" && selection !== ELLIPSIS)
    entries = parseSelectionString(selection);
  else if (Array.isArray(selection)) entries = [...(selection as SelectionEntry[])];
  else entries = [selection as SelectionEntry];

  return expandEllipsis(entries, shape.length).map((e, dim): DimSelection => {
    const n = shape[dim]!;
    if (e === null) return { kind: "range", start: 0, step: 1, count: n };
    if (typeof e === "number") return { kind: "int", index: normalizeInt(e, n, dim) };
    if (isSlice(e)) return normalizeSlice(e, n, dim);
    throw new IndexError(`unsupported selection entry in dimension ${dim}: ${JSON.stringify(e)}`);
  });
}

/** Shape of the result of a selection (integer dimensions are dropped). */
export function selectionShape(sel: readonly DimSelection[]): number[] {
  const out: number[] = [];
  for (const s of sel) if (s.kind === "range") out.push(s.count);
  return out;
}

/** One chunk's part in one dimension: where in the chunk, and where in the output. */
export interface DimChunkProjection {
  readonly chunk: number;
  /** First index inside the chunk. */
  readonly inStart: number;
  readonly step: number;
  readonly count: number;
  /** First index in the output dimension (unused for integer selections). */
  readonly outStart: number;
  /** Whether the projection covers the chunk's whole in-bounds extent. */
  readonly complete: boolean;
}

/** Split one dimension's selection over the chunks it touches. */
export function projectDimension(
  sel: DimSelection,
  extent: number,
  chunk: number,
): DimChunkProjection[] {
  if (sel.kind === "int") {
    const c = Math.floor(sel.index / chunk);
    const inBounds = Math.min(chunk, extent - c * chunk);
    return [
      {
        chunk: c,
        inStart: sel.index - c * chunk,
        step: 1,
        count: 1,
        outStart: 0,
        complete: inBounds === 1,
      },
    ];
  }
  const out: DimChunkProjection[] = [];
  if (sel.count === 0) return out;
  const { start, step, count } = sel;
  const last = start + (count - 1) * step;
  const first = Math.floor(start / chunk);
  const lastChunk = Math.floor(last / chunk);
  for (let c = first; c <= lastChunk; c++) {
    const lo = c * chunk;
    const hi = Math.min(lo + chunk, extent);
    // First selected index >= lo.
    const k0 = lo <= start ? 0 : Math.ceil((lo - start) / step);
    const i0 = start + k0 * step;
    if (i0 >= hi || k0 >= count) continue;
    const k1 = Math.min(count - 1, Math.floor((hi - 1 - start) / step));
    const n = k1 - k0 + 1;
    out.push({
      chunk: c,
      inStart: i0 - lo,
      step,
      count: n,
      outStart: k0,
      complete: step === 1 && i0 === lo && n === hi - lo,
    });
  }
  return out;
}
