/**
 * BloscLZ, c-blosc's own FastLZ-derived format, as c-blosc 1.x reads it. Each instruction
 * starts with a control byte `c` (the first byte of a stream also carries a marker in its top
 * three bits, which is ignored):
 *
 * - `c < 32`: a literal run of `c + 1` bytes follows.
 * - `c >= 32`: a match. Its length is `(c >> 5) + 2`; when `c >> 5` is 7, length bytes follow
 *   and each is added until one is not 255. Then a byte `x`: the distance is
 *   `((c & 31) << 8) + x + 1`, except when `c & 31` is 31 and `x` is 255: then a big-endian
 *   16-bit `y` follows and the distance is `y + 8192`.
 *
 * Written from that description; every read and write is checked.
 */
import { copyMatch, StreamError } from "./lz4.js";

const MAX_DISTANCE = 8191;

/** Decodes `src[sp, send)` into `dst[dp, dend)`, which it must fill exactly. */
export function blosclzDecode(
  src: Uint8Array,
  sp: number,
  send: number,
  dst: Uint8Array,
  dp: number,
  dend: number,
): void {
  const dstart = dp;
  if (sp >= send) throw new StreamError("the BloscLZ data are empty");
  let ctrl = src[sp++]! & 31;
  for (;;) {
    if (ctrl >= 32) {
      let len = (ctrl >>> 5) - 1;
      let dist = (ctrl & 31) << 8;
      if (len === 6) {
        let b: number;
        do {
          if (sp >= send) throw new StreamError("the BloscLZ data end inside a match length");
          b = src[sp++]!;
          len += b;
        } while (b === 255);
      }
      if (sp >= send) throw new StreamError("the BloscLZ data end inside a match distance");
      const code = src[sp++]!;
      len += 3;
      dist += code;
      if (code === 255 && dist === (31 << 8) + 255) {
        if (sp + 2 > send) throw new StreamError("the BloscLZ data end inside a far distance");
        dist = ((src[sp]! << 8) | src[sp + 1]!) + MAX_DISTANCE;
        sp += 2;
      }
      dist += 1;
      if (len > dend - dp) throw new StreamError("a BloscLZ match runs past the end of the block");
      if (dist > dp - dstart) {
        throw new StreamError(
          `BloscLZ match distance ${dist} reaches before the start of the block`,
        );
      }
      dp = copyMatch(dst, dp, dist, len);
    } else {
      const lit = ctrl + 1;
      if (lit > send - sp) throw new StreamError("BloscLZ literals run past the end of the data");
      if (lit > dend - dp) throw new StreamError("BloscLZ literals run past the end of the block");
      for (let i = 0; i < lit; i++) dst[dp + i] = src[sp + i]!;
      sp += lit;
      dp += lit;
    }
    if (sp >= send) break;
    ctrl = src[sp++]!;
  }
  if (dp !== dend) {
    throw new StreamError(`the BloscLZ data decode to ${dp - dstart} bytes, not ${dend - dstart}`);
  }
}

const HASH_LOG = 13;
const table = new Int32Array(1 << HASH_LOG);
const read32 = (a: Uint8Array, p: number) =>
  a[p]! | (a[p + 1]! << 8) | (a[p + 2]! << 16) | (a[p + 3]! << 24);

/** Largest BloscLZ output for `n` input bytes (a literal marker per 32 bytes). */
export function blosclzBound(n: number): number {
  return n + Math.ceil(n / 32) + 16;
}

/**
 * A simple greedy BloscLZ compressor: `src[s, s + n)` into `dst` from `d` (with
 * `blosclzBound(n)` bytes free); returns the end offset. Matches of at least 4 bytes within
 * 8191 + 65535 bytes, literal runs of up to 32 bytes.
 */
export function blosclzEncode(
  src: Uint8Array,
  s: number,
  n: number,
  dst: Uint8Array,
  d: number,
): number {
  const start = d;
  const end = s + n;
  const limit = end - 12;
  table.fill(-1);
  let ip = s;
  let anchor = s;
  const flushLiterals = (to: number) => {
    while (anchor < to) {
      const run = Math.min(32, to - anchor);
      dst[d++] = run - 1;
      for (let i = 0; i < run; i++) dst[d + i] = src[anchor + i]!;
      d += run;
      anchor += run;
    }
  };
  while (ip < limit) {
    const seq = read32(src, ip);
    const h = Math.imul(seq, 2654435761) >>> (32 - HASH_LOG);
    const ref = table[h]!;
    table[h] = ip;
    const dist = ip - ref;
    if (ref < s || dist > MAX_DISTANCE + 65535 || read32(src, ref) !== seq) {
      ip++;
      continue;
    }
    // c-blosc stops at a match that ends the stream without copying it: leave a literal.
    let len = 4;
    const max = end - 1 - ip;
    while (len < max && src[ref + len] === src[ip + len]) len++;
    // A far match costs 4+ bytes: not worth it below 6.
    if (dist > MAX_DISTANCE && len < 6) {
      ip++;
      continue;
    }
    flushLiterals(ip);
    const code = len - 2; // 2..: the 3-bit field holds code - 0 when < 7
    const far = dist > MAX_DISTANCE;
    const x = far ? 0 : dist - 1;
    const hiBits = far ? 31 : x >>> 8;
    if (code < 7) {
      dst[d++] = (code << 5) | hiBits;
    } else {
      dst[d++] = (7 << 5) | hiBits;
      let rest = code - 7;
      for (; rest >= 255; rest -= 255) dst[d++] = 255;
      dst[d++] = rest;
    }
    if (far) {
      const y = dist - 1 - MAX_DISTANCE;
      dst[d++] = 255;
      dst[d++] = y >>> 8;
      dst[d++] = y & 255;
    } else {
      dst[d++] = x & 255;
    }
    ip += len;
    anchor = ip;
  }
  flushLiterals(end);
  // c-blosc marks the first byte (a literal run, whose count has only 5 bits).
  if (n > 0) dst[start] |= 1 << 5;
  return d;
}
