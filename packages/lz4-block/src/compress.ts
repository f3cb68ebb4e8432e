/**
 * LZ4 block compression that makes the same choices as liblz4 1.9's `LZ4_compress_fast` on a
 * 64-bit machine (the build zarr-python's numcodecs and c-blosc link), so the bytes we write
 * are the bytes the reference writes: same hash functions and table sizes, same search
 * acceleration, same "cannot fit" outcome for a bounded output.
 */

/**
 * Largest input LZ4's block format accepts, in bytes (liblz4's `LZ4_MAX_INPUT_SIZE`,
 * 2 113 929 216). {@link compressBlock} returns 0 for anything longer.
 */
export const MAX_INPUT_SIZE = 0x7e000000;

const MINMATCH = 4;
const LASTLITERALS = 5;
const MFLIMIT = 12;
const MIN_LENGTH = MFLIMIT + 1;
const SKIP_TRIGGER = 6;
const MAX_DISTANCE = 65535;
const ACCELERATION_MAX = 65537;
/** Inputs below this use 16-bit positions and a 2^13-entry table (liblz4's byU16 mode). */
const LIMIT_64K = 65536 + MFLIMIT - 1;
/** LZ4_MEMORY_USAGE 14: a 16 KiB table, 2^12 32-bit entries or 2^13 16-bit ones. */
const HASH_LOG = 12;
const PRIME32 = 2654435761 | 0;
/** Low 32 bits of liblz4's 5-byte prime 889523592379 (high part 207). */
const PRIME5_LO = 465362107;
const PRIME5_HI = 207;

/**
 * Worst-case compressed size, in bytes, of an `n`-byte input (liblz4's `LZ4_compressBound`):
 * a `dst` this long always holds the block {@link compressBlock} writes.
 */
export function compressBound(n: number): number {
  return n > MAX_INPUT_SIZE || n < 0 ? 0 : n + Math.floor(n / 255) + 16;
}

// Reused between calls: compression is synchronous, so one table per kind is enough.
let table16: Uint16Array | undefined;
let table32: Uint32Array | undefined;

/** liblz4's hash4 for 16-bit tables: Knuth's multiplier, top 13 bits. */
const hash16 = (v: DataView, p: number) => Math.imul(v.getInt32(p, true), PRIME32) >>> 19;

/**
 * liblz4's hash5 (64-bit builds, 32-bit tables): the top 12 bits of
 * `(read64(p) << 24) * 889523592379` modulo 2^64, computed in 32-bit pieces.
 */
function hash32(v: DataView, p: number): number {
  const b0 = v.getUint8(p);
  const xh = v.getInt32(p + 1, true);
  // High word of (b0 << 24) * PRIME5_LO is floor(b0 * PRIME5_LO / 256): exact in a double.
  const carry = Math.floor((b0 * PRIME5_LO) / 256);
  const hi = (carry + Math.imul(b0 << 24, PRIME5_HI) + Math.imul(xh, PRIME5_LO)) >>> 0;
  return hi >>> (32 - HASH_LOG);
}

/** Bytes equal at `a` and `b`, counting from `a` up to (not including) `limit`. */
function count(s: Uint8Array, view: DataView, a: number, b: number, limit: number): number {
  const start = a;
  while (a < limit - 3 && view.getInt32(a, true) === view.getInt32(b, true)) {
    a += 4;
    b += 4;
  }
  while (a < limit && s[a] === s[b]) {
    a++;
    b++;
  }
  return a - start;
}

/**
 * Compress `src` into `dst` as one LZ4 block and return the compressed size, or 0 when the
 * block does not fit in `dst` (liblz4's limited-output contract; give `dst` at least
 * `compressBound(src.length)` bytes to always succeed). `acceleration` trades ratio for speed
 * exactly as liblz4's does (1 = default).
 *
 * The output is byte for byte what liblz4 1.9's `LZ4_compress_fast` writes on a 64-bit machine,
 * the build numcodecs' `LZ4` and c-blosc use.
 *
 * @param src - The bytes to compress, at most {@link MAX_INPUT_SIZE}.
 * @param dst - Where the block goes; its length is the most the block may take.
 * @param acceleration - liblz4's acceleration: values below 1 count as 1, larger ones compress
 *   faster and less. Default: 1.
 * @returns The block's length in bytes, or 0 when it does not fit in `dst` or `src` is longer
 *   than {@link MAX_INPUT_SIZE}.
 *
 * @example
 * ```ts
 * const dst = new Uint8Array(compressBound(src.length));
 * const block = dst.subarray(0, compressBlock(src, dst));
 * ```
 */
export function compressBlock(src: Uint8Array, dst: Uint8Array, acceleration = 1): number {
  const n = src.length;
  if (n > MAX_INPUT_SIZE) return 0;
  if (n === 0) {
    if (dst.length < 1) return 0;
    dst[0] = 0;
    return 1;
  }
  let accel = Math.trunc(acceleration);
  if (!(accel >= 1)) accel = 1;
  if (accel > ACCELERATION_MAX) accel = ACCELERATION_MAX;
  const limited = dst.length < compressBound(n);
  const olimit = dst.length;
  const small = n < LIMIT_64K;

  let t16: Uint16Array | undefined;
  let t32: Uint32Array | undefined;
  if (small) {
    t16 = table16 ??= new Uint16Array(1 << (HASH_LOG + 1));
    t16.fill(0);
  } else {
    t32 = table32 ??= new Uint32Array(1 << HASH_LOG);
    t32.fill(0);
  }
  const hash = small ? hash16 : hash32;
  const table = (t16 ?? t32)!;

  const view = new DataView(src.buffer, src.byteOffset, src.byteLength);
  const mflimitPlusOne = n - MFLIMIT + 1;
  const matchlimit = n - LASTLITERALS;
  let ip = 0;
  let anchor = 0;
  let op = 0;

  if (n >= MIN_LENGTH) {
    table[hash(view, 0)] = 0;
    ip = 1;
    let forwardH = hash(view, ip);

    for (;;) {
      let match: number;
      let token: number;

      // Find a match, skipping faster the longer nothing is found.
      {
        let forwardIp = ip;
        let step = 1;
        let searchMatchNb = accel << SKIP_TRIGGER;
        for (;;) {
          const h = forwardH;
          const current = forwardIp;
          match = table[h]!;
          ip = forwardIp;
          forwardIp += step;
          step = searchMatchNb++ >> SKIP_TRIGGER;
          if (forwardIp > mflimitPlusOne) return lastLiterals();
          forwardH = hash(view, forwardIp);
          table[h] = current;
          if (!small && match + MAX_DISTANCE < current) continue;
          if (view.getInt32(match, true) === view.getInt32(ip, true)) break;
        }
      }

      // Catch up: extend the match backwards over equal bytes.
      while (ip > anchor && match > 0 && src[ip - 1] === src[match - 1]) {
        ip--;
        match--;
      }

      {
        const litLength = ip - anchor;
        token = op++;
        if (
          limited &&
          op + litLength + (2 + 1 + LASTLITERALS) + Math.floor(litLength / 255) > olimit
        )
          return 0;
        if (litLength >= 15) {
          let len = litLength - 15;
          dst[token] = 15 << 4;
          for (; len >= 255; len -= 255) dst[op++] = 255;
          dst[op++] = len;
        } else {
          dst[token] = litLength << 4;
        }
        copy(src, anchor, dst, op, litLength);
        op += litLength;
      }

      // A match (and, while the next position matches at once, the ones after it).
      for (;;) {
        const offset = ip - match;
        dst[op++] = offset & 0xff;
        dst[op++] = offset >>> 8;
        let matchCode = count(src, view, ip + MINMATCH, match + MINMATCH, matchlimit);
        ip += matchCode + MINMATCH;
        if (limited && op + (1 + LASTLITERALS) + Math.floor((matchCode + 240) / 255) > olimit)
          return 0;
        if (matchCode >= 15) {
          dst[token] = dst[token]! + 15;
          matchCode -= 15;
          for (; matchCode >= 255; matchCode -= 255) dst[op++] = 255;
          dst[op++] = matchCode;
        } else {
          dst[token] = dst[token]! + matchCode;
        }

        anchor = ip;
        if (ip >= mflimitPlusOne) return lastLiterals();

        table[hash(view, ip - 2)] = ip - 2;

        const h = hash(view, ip);
        match = table[h]!;
        table[h] = ip;
        if (
          (small || match + MAX_DISTANCE >= ip) &&
          view.getInt32(match, true) === view.getInt32(ip, true)
        ) {
          token = op++;
          dst[token] = 0;
          continue;
        }
        break;
      }

      ip++;
      forwardH = hash(view, ip);
    }
  }
  return lastLiterals();

  function lastLiterals(): number {
    const lastRun = n - anchor;
    if (limited && op + lastRun + 1 + Math.floor((lastRun + 255 - 15) / 255) > olimit) return 0;
    if (lastRun >= 15) {
      let acc = lastRun - 15;
      dst[op++] = 15 << 4;
      for (; acc >= 255; acc -= 255) dst[op++] = 255;
      dst[op++] = acc;
    } else {
      dst[op++] = lastRun << 4;
    }
    copy(src, anchor, dst, op, lastRun);
    return op + lastRun;
  }
}

/** Short literal runs are copied byte by byte: cheaper than a subarray and a set(). */
function copy(src: Uint8Array, from: number, dst: Uint8Array, to: number, length: number): void {
  if (length > 32) {
    dst.set(src.subarray(from, from + length), to);
    return;
  }
  for (let i = 0; i < length; i++) dst[to + i] = src[from + i]!;
}
