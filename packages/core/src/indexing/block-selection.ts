import { IndexError } from "../errors.js";
import {
  ELLIPSIS,
  expandEllipsis,
  isSlice,
  normalizeInt,
  parseSelectionString,
  type Slice,
  type SelectionEntry,
  slice,
} from "./selection.js";

/** A block selection: per dimension a chunk index or a slice of chunks (step 1), as basic selection takes them. */
export type BlockSelection = readonly SelectionEntry[] | SelectionEntry | string | null | undefined;

/**
 * Translate a selection in units of chunks to the basic selection of the elements it covers
 * (clipped to the shape). An integer keeps its dimension: it selects one block.
 */
export function blockToBasic(
  selection: BlockSelection,
  shape: readonly number[],
  chunks: readonly number[],
): Slice[] {
  let entries: SelectionEntry[];
  if (selection === null || selection === undefined) entries = [];
  else if (typeof selection === "string" && selection !== ELLIPSIS)
    entries = parseSelectionString(selection);
  else if (Array.isArray(selection)) entries = [...(selection as SelectionEntry[])];
  else entries = [selection as SelectionEntry];
  return expandEllipsis(entries, shape.length).map((e, dim) => {
    const n = shape[dim]!;
    const c = chunks[dim]!;
    const nBlocks = Math.ceil(n / c);
    if (e === null) return slice(0, n);
    if (typeof e === "number") {
      const b = normalizeInt(e, nBlocks, dim);
      return slice(b * c, Math.min((b + 1) * c, n));
    }
    if (isSlice(e) && (e.step === null || e.step === 1)) {
      for (const v of [e.start, e.stop])
        if (v !== null && !Number.isInteger(v))
          throw new IndexError(`block slice bounds in dimension ${dim} must be integers, got ${v}`);
      const clamp = (v: number | null, dflt: number) =>
        v === null ? dflt : Math.min(Math.max(v < 0 ? v + nBlocks : v, 0), nBlocks);
      const start = clamp(e.start, 0);
      const stop = Math.max(start, clamp(e.stop, nBlocks));
      return slice(Math.min(start * c, n), Math.min(stop * c, n));
    }
    throw new IndexError(
      `unsupported selection item for block indexing in dimension ${dim}; expected integer or slice with step=1, got ${JSON.stringify(e) ?? typeof e}`,
    );
  });
}
