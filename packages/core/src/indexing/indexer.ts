import type { ChunkTask } from "./chunk-mapping.js";

/**
 * A selection resolved against an array's shape: the shape of what it reads (or what a write
 * takes), and the chunks it touches on a given chunk grid with what it takes from each. The
 * array's one chunk loop reads and writes through it, whatever the kind of selection.
 */
export interface Indexer {
  readonly shape: readonly number[];
  /** Every dimension is indexed by an integer: a read gives one element, not an NdArray. */
  readonly scalar: boolean;
  /** `grid` is the chunk shape (a sharded array passes its inner chunks' shape). */
  tasks(grid: readonly number[]): ChunkTask[];
}
