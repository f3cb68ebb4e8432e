/** A block that is not valid LZ4, or does not decode to the expected size. */
export class Lz4FormatError extends Error {
  override name = "Lz4FormatError";
}

/**
 * Decode one LZ4 block from `src` into `dst` and return the number of bytes written. Every
 * length and offset is checked before it is used, so corrupt input throws `Lz4FormatError`
 * instead of reading or writing out of bounds. With `exact`, the block must fill `dst`.
 */
export function decompressBlock(src: Uint8Array, dst: Uint8Array, exact = true): number {
  const iend = src.length;
  const oend = dst.length;
  let ip = 0;
  let op = 0;
  if (iend === 0) throw new Lz4FormatError("empty LZ4 block");
  for (;;) {
    const token = src[ip++]!;

    let literals = token >>> 4;
    if (literals === 15) {
      let b: number;
      do {
        if (ip >= iend) throw new Lz4FormatError("truncated LZ4 block (literal length)");
        b = src[ip++]!;
        literals += b;
      } while (b === 255);
    }
    if (literals > 0) {
      if (ip + literals > iend)
        throw new Lz4FormatError(`truncated LZ4 block: ${literals} literals at byte ${ip}`);
      if (op + literals > oend)
        throw new Lz4FormatError(`LZ4 block decodes to more than ${oend} bytes`);
      if (literals > 32) {
        dst.set(src.subarray(ip, ip + literals), op);
        ip += literals;
        op += literals;
      } else {
        const end = ip + literals;
        while (ip < end) dst[op++] = src[ip++]!;
      }
    }
    if (ip === iend) break;

    if (ip + 2 > iend) throw new Lz4FormatError("truncated LZ4 block (match offset)");
    const offset = src[ip]! | (src[ip + 1]! << 8);
    ip += 2;
    if (offset === 0 || offset > op)
      throw new Lz4FormatError(`bad LZ4 match offset ${offset} at output byte ${op}`);

    let length = (token & 15) + 4;
    if (length === 19) {
      let b: number;
      do {
        if (ip >= iend) throw new Lz4FormatError("truncated LZ4 block (match length)");
        b = src[ip++]!;
        length += b;
      } while (b === 255);
    }
    if (op + length > oend)
      throw new Lz4FormatError(`LZ4 block decodes to more than ${oend} bytes`);
    let from = op - offset;
    if (offset >= length && length > 32) {
      dst.copyWithin(op, from, from + length);
      op += length;
    } else if (offset === 1) {
      dst.fill(dst[from]!, op, op + length);
      op += length;
    } else if (length <= 32) {
      const end = op + length;
      while (op < end) dst[op++] = dst[from++]!;
    } else {
      // An overlapping match repeats the last `offset` bytes: copy the period, then keep
      // doubling what is copied, each copyWithin reading only bytes already written.
      const end = op + length;
      while (op < end) {
        const n = Math.min(op - from, end - op);
        dst.copyWithin(op, from, from + n);
        op += n;
      }
    }
  }
  if (exact && op !== oend)
    throw new Lz4FormatError(`LZ4 block decodes to ${op} bytes, expected ${oend}`);
  return op;
}
