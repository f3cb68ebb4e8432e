import { MetadataError } from "../errors.js";

/** Number of chunks along each dimension (an empty dimension has none). */
export function gridShape(shape: readonly number[], chunks: readonly number[]): number[] {
  return shape.map((s, i) => Math.ceil(s / chunks[i]!));
}

export function product(xs: readonly number[]): number {
  let p = 1;
  for (const x of xs) p *= x;
  return p;
}

const CHUNK_BASE = 256 * 1024;
const CHUNK_MIN = 128 * 1024;
const CHUNK_MAX = 64 * 1024 * 1024;

/**
 * Chunk shape zarr-python 2.13 picks when none is given: aim at a size that grows with the
 * array (PyTables' rule), halving dimensions round-robin until within half of the target.
 */
export function guessChunks(shape: readonly number[], itemsize: number): number[] {
  const ndim = shape.length;
  const chunks = shape.map((s) => Math.max(s, 1));
  if (ndim === 0) return [];
  const datasetSize = product(chunks) * itemsize;
  let target = CHUNK_BASE * 2 ** Math.log10(datasetSize / (1024 * 1024));
  if (target > CHUNK_MAX) target = CHUNK_MAX;
  else if (target < CHUNK_MIN) target = CHUNK_MIN;
  let idx = 0;
  for (;;) {
    const bytes = product(chunks) * itemsize;
    if ((bytes < target || Math.abs(bytes - target) / target < 0.5) && bytes < CHUNK_MAX) break;
    if (product(chunks) === 1) break;
    const d = idx % ndim;
    chunks[d] = Math.ceil(chunks[d]! / 2);
    idx++;
  }
  return chunks;
}

/** The `chunks` creation option: numbers, `null`/-1 for a whole dimension, `true`/omitted to guess, `false` for one chunk. */
export type ChunksOption = number | readonly (number | null)[] | boolean | null | undefined;

export function normalizeChunks(
  chunks: ChunksOption,
  shape: readonly number[],
  itemsize: number,
): number[] {
  if (chunks === undefined || chunks === null || chunks === true)
    return guessChunks(shape, itemsize);
  if (chunks === false) return shape.map((s) => Math.max(s, 1));
  const list = typeof chunks === "number" ? shape.map(() => chunks) : [...chunks];
  if (list.length > shape.length) {
    throw new MetadataError(
      `chunks ${JSON.stringify(chunks)} has more dimensions than shape [${shape.join(", ")}]`,
    );
  }
  while (list.length < shape.length) list.push(shape[list.length]!);
  return list.map((c, i) => {
    // A whole zero-length dimension still needs a chunk length of at least one.
    if (c === null || c === -1) return Math.max(shape[i]!, 1);
    // zarr-python accepts 0 and then divides by it on first use; refuse it here instead.
    if (!Number.isSafeInteger(c) || c < 1)
      throw new MetadataError(
        `chunks[${i}] must be a positive integer, null or -1 (the whole dimension), got ${JSON.stringify(c)}`,
      );
    return c;
  });
}
