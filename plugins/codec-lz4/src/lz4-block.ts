/**
 * What lz4js's block functions leave to the caller: checking a block before lz4js decodes it
 * (lz4js trusts its input), writing literal-only blocks (lz4js returns 0 when it finds no
 * match), and ending a block the way the LZ4 format requires.
 */

/** Token for `count` literals (high nibble) and its extra length bytes; returns the new offset. */
function writeLength(dst: Uint8Array, d: number, count: number, shift: number): number {
  if (count < 15) {
    dst[d++] = count << shift;
    return d;
  }
  dst[d++] = 15 << shift;
  let rest = count - 15;
  for (; rest >= 255; rest -= 255) dst[d++] = 255;
  dst[d++] = rest;
  return d;
}

/** Writes `src[from, to)` as one literal-only (final) sequence at `dst[d]`; returns the end. */
export function writeLiterals(
  dst: Uint8Array,
  d: number,
  src: Uint8Array,
  from: number,
  to: number,
): number {
  d = writeLength(dst, d, to - from, 4);
  dst.set(src.subarray(from, to), d);
  return d + (to - from);
}

/** Start and literal count of the final (literal-only) sequence of a well-formed block. */
export function lastSequence(
  block: Uint8Array,
  length: number,
): { start: number; literals: number } {
  let p = 0;
  for (;;) {
    const start = p;
    const token = block[p++]!;
    let literals = token >>> 4;
    if (literals === 15) {
      let b: number;
      do {
        b = block[p++]!;
        literals += b;
      } while (b === 255);
    }
    p += literals;
    if (p >= length) return { start, literals };
    p += 2;
    if ((token & 15) === 15) while (block[p++] === 255);
  }
}

/**
 * Walks an LZ4 block without copying and throws a description of the first thing that would
 * make a decoder read or write out of bounds, or produce other than `size` bytes.
 */
export function checkBlock(src: Uint8Array, start: number, size: number): void {
  const end = src.length;
  let s = start;
  let d = 0;
  const readLength = (n: number): number => {
    let b: number;
    do {
      if (s >= end) throw new Error("the data end inside a length");
      b = src[s++]!;
      n += b;
    } while (b === 255);
    return n;
  };
  if (s >= end) throw new Error("the LZ4 block is empty");
  for (;;) {
    const token = src[s++]!;
    let literals = token >>> 4;
    if (literals === 15) literals = readLength(literals);
    if (s + literals > end) throw new Error("literals run past the end of the data");
    if (d + literals > size) throw new Error(`the data decode to more than ${size} bytes`);
    s += literals;
    d += literals;
    if (s === end) break;
    if (s + 2 > end) throw new Error("the data end inside a match offset");
    const offset = src[s]! | (src[s + 1]! << 8);
    s += 2;
    if (offset === 0 || offset > d) throw new Error(`match offset ${offset} at output byte ${d}`);
    let match = token & 15;
    if (match === 15) match = readLength(match);
    match += 4;
    if (d + match > size) throw new Error(`the data decode to more than ${size} bytes`);
    d += match;
    if (s >= end) throw new Error("the data end after a match (the last sequence holds literals)");
  }
  if (d !== size) throw new Error(`the data decode to ${d} bytes, the size header says ${size}`);
}
