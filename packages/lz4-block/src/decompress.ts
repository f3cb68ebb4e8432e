/**
 * A block that is not valid LZ4, or does not decode to the expected size. Thrown by
 * {@link decompressBlock}; the message says what was wrong (truncated block, bad match
 * offset, wrong decoded size).
 */
export class Lz4FormatError extends Error {
  /** Always `"Lz4FormatError"`, so the class survives in logs and `error.name` checks. */
  override name = "Lz4FormatError";
}

/**
 * Decode one LZ4 block from `src` into `dst` and return the number of bytes written. Every
 * length and offset is checked before it is used, so corrupt input throws `Lz4FormatError`
 * instead of reading or writing out of bounds. With `exact`, the block must fill `dst`.
 *
 * The counterpart of liblz4's `LZ4_decompress_safe`. The block is raw: no frame and no size
 * header (numcodecs' LZ4 and Blosc store the size elsewhere; read it there to size `dst`).
 *
 * @param src - One whole LZ4 block, nothing before or after it.
 * @param dst - Where the decoded bytes go; its length is the most the block may decode to.
 * @param exact - When true (the default), a block that decodes to fewer than `dst.length`
 *   bytes is an error too; when false, a shorter output is fine and its length is returned.
 * @returns The number of bytes written to `dst`.
 * @throws {@link Lz4FormatError} when `src` is empty, truncated or corrupt, when it would
 *   decode to more than `dst.length` bytes, or (with `exact`) to fewer.
 *
 * @example
 * ```ts
 * const out = new Uint8Array(originalLength);
 * decompressBlock(block, out); // out now holds the original bytes
 * ```
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
