import { IndexError } from "../errors.js";
import { type ChunkTask, type DimChunkPart, outerTasks } from "./chunk-mapping.js";
import {
  describeIndexArray,
  type IndexArrayLike,
  isIndexArrayLike,
  readIndexArray,
} from "./index-array.js";
import { projectRange } from "./basic-selection.js";
import type { Indexer } from "./indexer.js";
import {
  type DimSelection,
  type ELLIPSIS,
  expandEllipsis,
  isSlice,
  normalizeInt,
  normalizeSlice,
  type Slice,
} from "./selection.js";

/** One dimension of an orthogonal selection. */
export type OrthogonalEntry = number | Slice | null | typeof ELLIPSIS | IndexArrayLike;

/**
 * An orthogonal selection: one entry per dimension (fewer, or an ellipsis, leave the rest
 * whole). An index array on its own (not inside a list) selects along the first dimension.
 */
export type OrthogonalSelection = readonly OrthogonalEntry[] | ArrayBufferView | IndexArrayLike;

type OrthoDim = DimSelection | { readonly kind: "list"; readonly index: Float64Array };

/** Resolve one index array entry: integers wrap around and are bounds-checked; a mask becomes its true positions. */
function listDim(entry: IndexArrayLike, n: number, dim: number): OrthoDim {
  const a = readIndexArray(entry);
  if (a.kind === "other")
    throw new IndexError(
      `unsupported selection item for orthogonal indexing in dimension ${dim}; expected integer, slice, integer array or Boolean array, got ${describeIndexArray(a)}`,
    );
  if (a.shape.length !== 1)
    throw new IndexError(
      `${a.kind === "int" ? "integer" : "Boolean"} arrays in an orthogonal selection must be 1-dimensional only; dimension ${dim} got shape [${a.shape.join(", ")}]`,
    );
  if (a.kind === "bool") {
    if (a.data.length !== n)
      throw new IndexError(
        `Boolean array has the wrong length for dimension; expected ${n}, got ${a.data.length} (dimension ${dim})`,
      );
    const index: number[] = [];
    a.data.forEach((v, i) => {
      if (v) index.push(i);
    });
    return { kind: "list", index: Float64Array.from(index) };
  }
  return { kind: "list", index: a.data.map((i) => normalizeInt(i, n, dim)) };
}

/** Split an integer list over the chunks it touches, keeping the order within each chunk. */
function projectList(index: Float64Array, extent: number, chunk: number): DimChunkPart[] {
  const byChunk = new Map<number, number[]>();
  index.forEach((i, k) => {
    const c = Math.floor(i / chunk);
    let ks = byChunk.get(c);
    if (!ks) {
      ks = [];
      byChunk.set(c, ks);
    }
    ks.push(k);
  });
  return [...byChunk.keys()]
    .sort((a, b) => a - b)
    .map((c) => {
      const ks = byChunk.get(c)!;
      const inIndex = Int32Array.from(ks, (k) => index[k]! - c * chunk);
      const inBounds = Math.min(chunk, extent - c * chunk);
      return {
        chunk: c,
        complete: ks.length >= inBounds && new Set(inIndex).size === inBounds,
        part: { kind: "list", inIndex, outIndex: Float64Array.from(ks) },
      };
    });
}

/** Orthogonal ("outer") selection, as NumPy indexes with `np.ix_`. */
export class OrthogonalIndexer implements Indexer {
  readonly dims: readonly OrthoDim[];
  readonly shape: readonly number[];
  readonly scalar: boolean;
  readonly #arrayShape: readonly number[];

  constructor(selection: OrthogonalSelection, arrayShape: readonly number[]) {
    const entries: readonly OrthogonalEntry[] = Array.isArray(selection)
      ? (selection as readonly OrthogonalEntry[])
      : [selection as IndexArrayLike];
    this.dims = expandEllipsis(entries, arrayShape.length).map((e, dim): OrthoDim => {
      const n = arrayShape[dim]!;
      if (e === null) return { kind: "range", start: 0, step: 1, count: n };
      if (typeof e === "number") return { kind: "int", index: normalizeInt(e, n, dim) };
      if (typeof e === "bigint") return { kind: "int", index: normalizeInt(Number(e), n, dim) };
      if (isSlice(e)) return normalizeSlice(e, n, dim);
      if (isIndexArrayLike(e)) return listDim(e, n, dim);
      throw new IndexError(
        `unsupported selection item for orthogonal indexing in dimension ${dim}; expected integer, slice, integer array or Boolean array, got ${JSON.stringify(e) ?? typeof e}`,
      );
    });
    this.shape = this.dims.flatMap((d) =>
      d.kind === "int" ? [] : [d.kind === "range" ? d.count : d.index.length],
    );
    this.scalar = this.dims.every((d) => d.kind === "int");
    this.#arrayShape = arrayShape;
  }

  tasks(grid: readonly number[]): ChunkTask[] {
    return outerTasks(
      this.dims.map((s, d) => {
        const extent = this.#arrayShape[d]!;
        if (s.kind === "list") return projectList(s.index, extent, grid[d]!);
        return projectRange(s, extent, grid[d]!);
      }),
    );
  }
}
