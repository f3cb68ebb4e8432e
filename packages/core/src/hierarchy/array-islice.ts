import { IndexError, ZarrError } from "../errors.js";
import { type ChunkData, elementAt, typedArrayFor } from "../metadata/dtype.js";
import { NdArray } from "../indexing/ndarray.js";
import { type Slice, slice } from "../indexing/selection.js";
import type { ArrayIoOptions } from "./array.js";

/** What `islice` reads of an array. */
export interface IsliceSource {
  readonly shape: readonly number[];
  readonly chunks: readonly number[];
  get(selection: Slice[], opts?: ArrayIoOptions): Promise<unknown>;
}

/**
 * zarr-python's `Array.islice`: the elements of the first axis from `start` to `end` (scalars
 * for a 1-d array, NdArrays of the remaining dimensions otherwise), reading one chunk row of
 * the first axis at a time so each chunk is read and decoded once.
 */
export async function* isliceRows(
  a: IsliceSource,
  start?: number | null,
  end?: number | null,
  opts: ArrayIoOptions = {},
): AsyncGenerator<unknown, void, undefined> {
  if (a.shape.length === 0) throw new ZarrError("islice: iteration over a 0-d array");
  const length = a.shape[0]!;
  const from = start ?? 0;
  let to = end ?? length;
  if (!Number.isSafeInteger(from) || from < 0)
    throw new IndexError(`islice: start must be a nonnegative integer, got ${String(start)}`);
  if (!Number.isSafeInteger(to) || to < 0)
    throw new IndexError(`islice: end must be a nonnegative integer, got ${String(end)}`);
  if (to > length) to = length;
  const rows = a.chunks[0]!;
  let block: NdArray | undefined;
  let blockStart = 0;
  for (let j = from; j < to; j++) {
    if (block === undefined || j % rows === 0) {
      blockStart = j - (j % rows);
      block = (await a.get([slice(blockStart, blockStart + rows)], opts)) as NdArray;
    }
    yield rowOf(block, j - blockStart);
  }
}

/** Row `i` of a block: its element for 1-d, else a copy of the sub-array. */
function rowOf(block: NdArray, i: number): unknown {
  const data = block.data as ChunkData;
  if (block.shape.length === 1) return elementAt(block.dtype, data, i);
  const rest = block.shape.slice(1);
  let n = 1;
  for (const s of rest) n *= s;
  const lanes = typedArrayFor(block.dtype) ? block.dtype.lanes : 1;
  const part = (data as unknown as { slice(a: number, b: number): ChunkData }).slice(
    i * n * lanes,
    (i + 1) * n * lanes,
  );
  return new NdArray(part, rest, block.dtype);
}
