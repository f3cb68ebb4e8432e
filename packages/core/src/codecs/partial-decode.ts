import { type CopyPlan, simplifyPlan } from "../indexing/strided.js";

/**
 * Byte ranges of a decoded chunk, each `[start, end)`: sorted, disjoint and not touching (two
 * ranges that meet are one range). What {@link Codec.decodePartial} is asked to fill.
 */
export type ByteRanges = readonly (readonly [start: number, end: number])[];

/**
 * A read takes the partial path only when the bytes it needs span at most this share of the
 * chunk. Past it, decoding the whole chunk (in a codec worker, straight into a shared output)
 * costs little more than decoding the blocks the span covers on this thread.
 */
export const PARTIAL_DECODE_MAX_SPAN = 0.5;

/** Past this many runs a span is asked for whole: a longer list costs more than it saves. */
const MAX_RANGES = 4096;

/**
 * The bytes of a decoded chunk that a strided copy reads, merged into {@link ByteRanges}, or
 * null when they span more than `maxSpan` of the chunk's `chunkBytes` (the whole chunk is
 * then decoded as usual). `elementBytes` is the size of one storage element of the plan (a
 * complex value counts as two).
 */
export function byteRangesOf(
  plan: CopyPlan,
  elementBytes: number,
  chunkBytes: number,
  maxSpan = PARTIAL_DECODE_MAX_SPAN,
): ByteRanges | null {
  const p = byStride(simplifyPlan(plan));
  let lo = p.srcOffset;
  let hi = p.srcOffset;
  let runs = 1;
  for (let d = 0; d < p.counts.length; d++) {
    const c = p.counts[d]!;
    if (c === 0) return [];
    const extent = (c - 1) * p.srcStrides[d]!;
    if (extent < 0) lo += extent;
    else hi += extent;
    if (d < p.counts.length - 1) runs *= c;
  }
  const start = lo * elementBytes;
  const end = (hi + 1) * elementBytes;
  if (start < 0 || end > chunkBytes || end - start > maxSpan * chunkBytes) return null;
  const n = p.counts.length;
  if (n <= 1 || runs > MAX_RANGES) return [[start, end]];
  // Each run of the dimension with the smallest step is covered whole, from its first element to its
  // last: a strided run (a step) over-covers, which a decoder is free to do anyway.
  const innerCount = p.counts[n - 1]!;
  const innerStride = p.srcStrides[n - 1]!;
  const innerLo = Math.min(0, (innerCount - 1) * innerStride);
  const innerLen = Math.abs((innerCount - 1) * innerStride) + 1;
  const starts: number[] = [];
  const idx = new Array<number>(n - 1).fill(0);
  let offset = p.srcOffset;
  for (;;) {
    starts.push(offset + innerLo);
    let d = n - 2;
    for (; d >= 0; d--) {
      offset += p.srcStrides[d]!;
      if (++idx[d]! < p.counts[d]!) break;
      offset -= p.srcStrides[d]! * p.counts[d]!;
      idx[d] = 0;
    }
    if (d < 0) break;
  }
  starts.sort((a, b) => a - b);
  const ranges: [number, number][] = [];
  for (const s of starts) {
    const a = s * elementBytes;
    const b = (s + innerLen) * elementBytes;
    const last = ranges[ranges.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else ranges.push([a, b]);
  }
  return ranges;
}

/**
 * The plan's dimensions ordered by falling source step, so the last is the one whose
 * elements lie closest together (in a chunk stored transposed it is not the last).
 */
function byStride(p: CopyPlan): CopyPlan {
  const order = p.counts.map((_, d) => d);
  order.sort((a, b) => Math.abs(p.srcStrides[b]!) - Math.abs(p.srcStrides[a]!));
  return {
    counts: order.map((d) => p.counts[d]!),
    srcOffset: p.srcOffset,
    srcStrides: order.map((d) => p.srcStrides[d]!),
    dstOffset: p.dstOffset,
    dstStrides: order.map((d) => p.dstStrides[d]!),
  };
}
