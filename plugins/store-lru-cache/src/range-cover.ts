import type { ByteRange } from "@zarrkit/core";

/**
 * What a range read that returned `bytes` tells about the value: the bytes' position in it
 * (`start`), and the value's size when the read reached its end. Unknown parts are
 * undefined: a suffix read shorter than asked is the whole value, one as long as asked is
 * somewhere at the end of a value of unknown size.
 */
interface Known {
  start: number | undefined;
  size: number | undefined;
}

function known(range: ByteRange, bytes: Uint8Array): Known {
  const n = bytes.byteLength;
  if ("suffixLength" in range)
    return n < range.suffixLength ? { start: 0, size: n } : { start: undefined, size: undefined };
  const { offset, length } = range;
  // Fewer bytes than asked: the read stopped at the end of the value, unless it began past
  // the end (then nothing came back and the size is only known to be <= offset).
  const reachedEnd = (length === undefined || n < length) && (n > 0 || offset === 0);
  return { start: offset, size: reachedEnd ? offset + n : undefined };
}

/**
 * True when `bytes`, what a read of `range` returned, are the whole value: a read from 0 to
 * the end, or a suffix longer than the value. Such a read can be cached as the value itself.
 */
export function isWholeValue(range: ByteRange, bytes: Uint8Array): boolean {
  const k = known(range, bytes);
  return k.start === 0 && k.size !== undefined;
}

/**
 * The bytes of range `wanted`, cut from `bytes` (what a read of `cached` returned) when they
 * hold all of it, else undefined. The answer is what the store would give for `wanted`
 * (core's `rangeBounds` semantics): a range past the end is cut at the end.
 */
export function cutFromCached(
  cached: ByteRange,
  bytes: Uint8Array,
  wanted: ByteRange,
): Uint8Array | undefined {
  const n = bytes.byteLength;
  if ("suffixLength" in cached && "suffixLength" in wanted && n >= cached.suffixLength)
    // both count from the end of the same value
    return wanted.suffixLength <= n ? bytes.subarray(n - wanted.suffixLength) : undefined;
  const { start, size } = known(cached, bytes);
  if (start === undefined) return undefined;
  let from: number;
  let to: number;
  if ("suffixLength" in wanted) {
    if (size === undefined) return undefined;
    from = Math.max(0, size - wanted.suffixLength);
    to = size;
  } else {
    const { offset, length } = wanted;
    if (size === undefined) {
      // only a range inside the bytes read, which cannot reach past the value's end
      if (length === undefined) return undefined;
      from = offset;
      to = offset + length;
    } else {
      from = Math.min(offset, size);
      to = length === undefined ? size : Math.min(size, offset + length);
    }
  }
  if (from < start || to > start + n) return undefined;
  return bytes.subarray(from - start, to - start);
}
