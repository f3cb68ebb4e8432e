/**
 * LZ4 block format (the raw blocks c-blosc stores for cnames lz4 and lz4hc): sequences of a
 * token (literal count in the high nibble, match length - 4 in the low one, 15 meaning more
 * length bytes follow), the literals, a 2-byte little-endian match offset. The last sequence
 * holds literals only. Written from the format description; every read and write is checked.
 */
import { decompressBlock, Lz4FormatError } from "@zarrkit/lz4-block";

/** Thrown by the block decoders; the container turns it into a CodecError naming the stream. */
export class StreamError extends Error {}

/**
 * Decodes the LZ4 block `src[sp, send)` into `dst[dp, dend)`, which it must fill exactly
 * (each block is independent). The JavaScript path: @zarrkit/lz4-block's checked decoder.
 */
export function lz4Decode(
  src: Uint8Array,
  sp: number,
  send: number,
  dst: Uint8Array,
  dp: number,
  dend: number,
): void {
  try {
    decompressBlock(src.subarray(sp, send), dst.subarray(dp, dend));
  } catch (e) {
    if (e instanceof Lz4FormatError) throw new StreamError(e.message);
    throw e;
  }
}

/**
 * Copies a match of `len` bytes from `off` bytes back to `dst[dp]`; returns the new end. Short
 * matches copy byte by byte; long ones with `copyWithin`, doubling the copied span while the
 * source overlaps the destination (the bytes repeat with period `off`).
 */
export function copyMatch(dst: Uint8Array, dp: number, off: number, len: number): number {
  const end = dp + len;
  if (len < 32) {
    let m = dp - off;
    while (dp < end) dst[dp++] = dst[m++]!;
    return end;
  }
  let span = off;
  const from = dp - off;
  while (dp < end) {
    const n = Math.min(span, end - dp);
    dst.copyWithin(dp, from, from + n);
    dp += n;
    span = dp - from;
  }
  return end;
}

/** Largest LZ4 output for `n` input bytes. */
export function lz4Bound(n: number): number {
  return n + Math.floor(n / 255) + 16;
}

const HASH_LOG = 14;
const MIN_MATCH = 4;
const LAST_LITERALS = 5;
const MF_LIMIT = 12;
const MAX_OFFSET = 65535;

let hashTable = new Int32Array(1 << HASH_LOG);
let chain = new Int32Array(0);

function writeLength(dst: Uint8Array, d: number, n: number): number {
  for (; n >= 255; n -= 255) dst[d++] = 255;
  dst[d++] = n;
  return d;
}

function writeSequence(
  dst: Uint8Array,
  d: number,
  src: Uint8Array,
  anchor: number,
  lit: number,
  off: number,
  ml: number,
): number {
  const mlCode = ml - MIN_MATCH;
  dst[d++] = (Math.min(lit, 15) << 4) | Math.min(mlCode, 15);
  if (lit >= 15) d = writeLength(dst, d, lit - 15);
  if (lit < 24) {
    for (let i = 0; i < lit; i++) dst[d + i] = src[anchor + i]!;
  } else {
    dst.set(src.subarray(anchor, anchor + lit), d);
  }
  d += lit;
  dst[d++] = off & 255;
  dst[d++] = off >>> 8;
  if (mlCode >= 15) d = writeLength(dst, d, mlCode - 15);
  return d;
}

const read32 = (a: Uint8Array, p: number) =>
  a[p]! | (a[p + 1]! << 8) | (a[p + 2]! << 16) | (a[p + 3]! << 24);
const hash = (v: number) => Math.imul(v, 2654435761) >>> (32 - HASH_LOG);

/**
 * Compresses `src[s, s + n)` into `dst` from `d` (which must have `lz4Bound(n)` bytes free);
 * returns the end offset in `dst`. `effort` 0 is the fast greedy parser (LZ4 fast with an
 * acceleration of `accel`); a positive effort searches a hash chain that many candidates deep
 * (the lz4hc cname), still greedy.
 */
export function lz4Encode(
  src: Uint8Array,
  s: number,
  n: number,
  dst: Uint8Array,
  d: number,
  accel = 1,
  effort = 0,
): number {
  const end = s + n;
  let anchor = s;
  if (n >= MF_LIMIT + 1) {
    const table = hashTable;
    table.fill(-1);
    if (effort > 0 && chain.length < 1 << 16) chain = new Int32Array(1 << 16);
    const matchLimit = end - LAST_LITERALS;
    const ipLimit = end - MF_LIMIT;
    let ip = s;
    // LZ4's search schedule: after a match, the next miss steps 1 byte, then `accel` bytes,
    // one more every 64 misses.
    let searchNb = -1;
    const accel64 = Math.max(accel, 1) << 6;
    while (ip < ipLimit) {
      const seq = read32(src, ip);
      const h = hash(seq);
      let candidate = table[h]!;
      table[h] = ip;
      let bestLen = 0;
      let bestPos = -1;
      if (effort > 0) {
        chain[ip & 0xffff] = candidate;
        let tries = effort;
        while (candidate >= s && ip - candidate <= MAX_OFFSET && tries-- > 0) {
          if (read32(src, candidate) === seq) {
            let len = MIN_MATCH;
            while (ip + len < matchLimit && src[candidate + len] === src[ip + len]) len++;
            if (len > bestLen) {
              bestLen = len;
              bestPos = candidate;
              if (ip + len >= matchLimit) break;
            }
          }
          const next = chain[candidate & 0xffff]!;
          if (next >= candidate) break;
          candidate = next;
        }
      } else if (candidate >= s && ip - candidate <= MAX_OFFSET && read32(src, candidate) === seq) {
        let len = MIN_MATCH;
        while (ip + len < matchLimit && src[candidate + len] === src[ip + len]) len++;
        bestLen = len;
        bestPos = candidate;
      }
      if (bestPos < 0) {
        if (effort > 0) ip++;
        else if (searchNb < 0) {
          ip++;
          searchNb = accel64;
        } else ip += searchNb++ >>> 6;
        continue;
      }
      searchNb = -1;
      // Extend backwards over pending literals.
      let start = ip;
      while (start > anchor && bestPos > s && src[start - 1] === src[bestPos - 1]) {
        start--;
        bestPos--;
        bestLen++;
      }
      d = writeSequence(dst, d, src, anchor, start - anchor, start - bestPos, bestLen);
      const next = start + bestLen;
      if (effort > 0) {
        for (let p = ip + 1; p < next && p < ipLimit; p++) {
          const hp = hash(read32(src, p));
          chain[p & 0xffff] = table[hp]!;
          table[hp] = p;
        }
      } else if (next - 2 > s && next - 2 < ipLimit) {
        table[hash(read32(src, next - 2))] = next - 2;
      }
      ip = next;
      anchor = next;
    }
  }
  // The last literals.
  const lit = end - anchor;
  dst[d++] = Math.min(lit, 15) << 4;
  if (lit >= 15) d = writeLength(dst, d, lit - 15);
  dst.set(src.subarray(anchor, end), d);
  return d + lit;
}

/** Frees nothing; resizes the shared hash table (exported for tests of small tables). */
export function resetLz4Tables(): void {
  hashTable = new Int32Array(1 << HASH_LOG);
  chain = new Int32Array(0);
}
