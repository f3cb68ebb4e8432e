import type { ChunkTask, DimChunkPart } from "./chunk-mapping.js";
import { outerTasks } from "./chunk-mapping.js";
import type { Indexer } from "./indexer.js";
import {
  type DimSelection,
  normalizeSelection,
  projectDimension,
  type Selection,
  selectionShape,
} from "./selection.js";

/** Basic selection (integers and slices), as `get`/`set` take it. */
export class BasicIndexer implements Indexer {
  readonly dims: readonly DimSelection[];
  readonly shape: readonly number[];
  readonly scalar: boolean;
  readonly #arrayShape: readonly number[];

  constructor(selection: Selection, arrayShape: readonly number[]) {
    this.dims = normalizeSelection(selection, arrayShape);
    this.shape = selectionShape(this.dims);
    this.scalar = this.dims.every((s) => s.kind === "int");
    this.#arrayShape = arrayShape;
  }

  tasks(grid: readonly number[]): ChunkTask[] {
    return outerTasks(this.dims.map((s, d) => projectRange(s, this.#arrayShape[d]!, grid[d]!)));
  }
}

/** One integer or slice dimension split over the chunks it touches. */
export function projectRange(s: DimSelection, extent: number, chunk: number): DimChunkPart[] {
  return projectDimension(s, extent, chunk).map((p) => ({
    chunk: p.chunk,
    complete: p.complete,
    part: {
      kind: "range",
      inStart: p.inStart,
      step: p.step,
      count: p.count,
      outStart: p.outStart,
      drop: s.kind === "int",
    },
  }));
}
