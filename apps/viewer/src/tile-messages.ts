// The messages between the page and its tile workers (tile-workers.ts, tile-worker.ts).
import type { Source } from "./sources.js";

/** Read rows [r0, r1) and columns [c0, c1) of the 2-D plane at `index` of the array. */
export interface TileRequest {
  id: number;
  /** Distinguishes sources: a worker keeps each source's arrays open under this. */
  sourceId: number;
  /** Sent with the first request of a source to each worker. */
  source?: Source;
  path: string;
  /** The indices of the dimensions before the last two. */
  index: number[];
  rows: [number, number];
  cols: [number, number];
}

export type TileValues =
  | Float32Array
  | Float64Array
  | Int8Array
  | Int16Array
  | Int32Array
  | Uint8Array
  | Uint16Array
  | Uint32Array;

export type TileReply =
  | { id: number; ok: true; values: TileValues; rows: number; cols: number }
  | { id: number; ok: false; message: string };
