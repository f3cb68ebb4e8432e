import { IndexError } from "../errors.js";
import type { ChunkTask } from "./chunk-mapping.js";
import {
  describeIndexArray,
  type IndexArray,
  type IndexArrayLike,
  isIndexArrayLike,
  readIndexArray,
} from "./index-array.js";
import type { Indexer } from "./indexer.js";
import type { NdArray } from "./ndarray.js";
import { normalizeInt } from "./selection.js";
import { cStrides } from "./strided.js";

/**
 * One integer (coordinate) array per dimension; a scalar counts as an array of one. A typed
 * array or NdArray on its own selects along the only dimension of a 1-D array.
 */
export type CoordinateSelection =
  | readonly (number | bigint | IndexArrayLike)[]
  | ArrayBufferView
  | NdArray;

/** NumPy's broadcasting of shapes, with its error when they do not fit together. */
export function broadcastShapes(shapes: readonly (readonly number[])[]): number[] {
  const nd = Math.max(0, ...shapes.map((s) => s.length));
  const out = new Array<number>(nd).fill(1);
  for (const s of shapes) {
    for (let k = 0; k < s.length; k++) {
      const d = nd - s.length + k;
      const v = s[k]!;
      if (v === out[d] || v === 1) continue;
      if (out[d] === 1) out[d] = v;
      else
        throw new IndexError(
          `shape mismatch: coordinate arrays cannot be broadcast to a single shape; shapes ${shapes
            .map((x) => `[${x.join(", ")}]`)
            .join(", ")} differ in dimension ${d} (${out[d]} vs ${v})`,
        );
    }
  }
  return out;
}

/** Expand an array to a broadcast shape, in C order. */
function broadcastTo(a: IndexArray, shape: readonly number[]): Float64Array {
  const n = shape.reduce((x, y) => x * y, 1);
  const nd = shape.length;
  const lead = nd - a.shape.length;
  const own = cStrides(a.shape);
  const strides = shape.map((_, d) => (d < lead || a.shape[d - lead] === 1 ? 0 : own[d - lead]!));
  const out = new Float64Array(n);
  const idx = new Array<number>(nd).fill(0);
  let off = 0;
  for (let i = 0; i < n; i++) {
    out[i] = a.data[off]!;
    for (let d = nd - 1; d >= 0; d--) {
      idx[d]!++;
      off += strides[d]!;
      if (idx[d]! < shape[d]!) break;
      off -= strides[d]! * shape[d]!;
      idx[d] = 0;
    }
  }
  return out;
}

function invalid(why: string): IndexError {
  return new IndexError(
    `invalid coordinate selection; expected one integer (coordinate) array per dimension of the target array, ${why}`,
  );
}

/**
 * Resolve a coordinate selection: the broadcast shape and, per dimension, the normalized
 * index of every point (C order over that shape).
 */
export function resolveCoordinates(
  selection: CoordinateSelection,
  arrayShape: readonly number[],
): { shape: number[]; points: Float64Array[] } {
  // A typed array or NdArray on its own is the one coordinate array of a 1-D selection.
  if (!Array.isArray(selection) && isIndexArrayLike(selection)) selection = [selection];
  if (!Array.isArray(selection))
    throw invalid(`got ${typeof selection} instead of a list of arrays`);
  if (selection.length !== arrayShape.length)
    throw invalid(`got ${selection.length} arrays for ${arrayShape.length} dimensions`);
  const arrays = selection.map((e, dim): IndexArray => {
    if (typeof e === "number" || typeof e === "bigint") return readIndexArray([e]);
    if (!isIndexArrayLike(e))
      throw invalid(`got ${JSON.stringify(e) ?? typeof e} in dimension ${dim}`);
    const a = readIndexArray(e);
    if (a.kind !== "int") throw invalid(`got ${describeIndexArray(a)} in dimension ${dim}`);
    return a;
  });
  arrays.forEach((a, dim) => {
    const n = arrayShape[dim]!;
    for (let i = 0; i < a.data.length; i++) a.data[i] = normalizeInt(a.data[i]!, n, dim);
  });
  const shape = broadcastShapes(arrays.map((a) => a.shape));
  return { shape, points: arrays.map((a) => broadcastTo(a, shape)) };
}

/**
 * Points grouped by chunk: a stable grouping, so within a chunk points keep their order and
 * a coordinate given twice is written last by its later value (as NumPy).
 */
export class CoordinateIndexer implements Indexer {
  readonly shape: readonly number[];
  readonly scalar = false;
  readonly points: readonly Float64Array[];
  readonly #arrayShape: readonly number[];

  /** `points`: per dimension, the in-bounds index of every point of the output (C order). */
  constructor(
    shape: readonly number[],
    points: readonly Float64Array[],
    arrayShape: readonly number[],
  ) {
    this.shape = shape;
    this.points = points;
    this.#arrayShape = arrayShape;
  }

  tasks(grid: readonly number[]): ChunkTask[] {
    const nd = grid.length;
    const n = nd === 0 ? 0 : this.points[0]!.length;
    const gridCounts = this.#arrayShape.map((s, d) => Math.ceil(s / grid[d]!));
    const byChunk = new Map<number, number[]>();
    for (let i = 0; i < n; i++) {
      let id = 0;
      for (let d = 0; d < nd; d++)
        id = id * gridCounts[d]! + Math.floor(this.points[d]![i]! / grid[d]!);
      let list = byChunk.get(id);
      if (!list) {
        list = [];
        byChunk.set(id, list);
      }
      list.push(i);
    }
    return [...byChunk.keys()]
      .sort((a, b) => a - b)
      .map((id) => {
        const members = byChunk.get(id)!;
        const coords = new Array<number>(nd);
        let rest = id;
        for (let d = nd - 1; d >= 0; d--) {
          coords[d] = rest % gridCounts[d]!;
          rest = Math.floor(rest / gridCounts[d]!);
        }
        const local = coords.map((c, d) =>
          Int32Array.from(members, (i) => this.points[d]![i]! - c * grid[d]!),
        );
        return {
          coords,
          complete: this.#covers(coords, grid, local, members.length),
          mapping: { kind: "points", local, out: Float64Array.from(members) },
        };
      });
  }

  /** Whether the points hit every in-bounds element of the chunk. */
  #covers(coords: number[], grid: readonly number[], local: Int32Array[], count: number): boolean {
    const extent = coords.map((c, d) => Math.min(grid[d]!, this.#arrayShape[d]! - c * grid[d]!));
    const size = extent.reduce((a, b) => a * b, 1);
    if (count < size) return false;
    const strides = cStrides(extent);
    const seen = new Uint8Array(size);
    let distinct = 0;
    for (let i = 0; i < count; i++) {
      let off = 0;
      for (let d = 0; d < local.length; d++) off += local[d]![i]! * strides[d]!;
      if (!seen[off]) {
        seen[off] = 1;
        distinct++;
      }
    }
    return distinct === size;
  }
}
