// AssemblyScript (npm assemblyscript 0.28): the encoder's hot loops and the shuffles in
// WebAssembly SIMD. Compiled by scripts/build-wasm.mjs into kernels.ts (base64) together with
// kernels.wat; this module imports kernels.wat's memory, so both work on the same bytes.
// Everything takes offsets into that memory, which the caller grows and lays out: no
// allocation, no static data, nothing kept between calls.

// ---------------------------------------------------------------------------------------------
// LZ4 block compression: the same parse as @zarrkit/lz4-block's compressBlock (liblz4 1.9's
// LZ4_compress_fast on a 64-bit machine), so the bytes are liblz4's. Keep the two in step.

const MINMATCH: i32 = 4;
const LASTLITERALS: i32 = 5;
const MFLIMIT: i32 = 12;
const MIN_LENGTH: i32 = MFLIMIT + 1;
const SKIP_TRIGGER: i32 = 6;
const MAX_DISTANCE: i32 = 65535;
const ACCELERATION_MAX: i32 = 65537;
// Below this, liblz4 uses 16-bit positions in a 2^13-entry table (its byU16 mode).
const LIMIT_64K: i32 = 65536 + MFLIMIT - 1;
const TABLE_BYTES: i32 = 16384;

// byU16: Knuth's multiplier on 4 bytes, top 13 bits. byU32: hash5 of 5 bytes, top 12 bits.
// @ts-ignore: decorator
@inline function hashAt<T>(p: usize): u32 {
  if (sizeof<T>() == 2) return (load<u32>(p) * 2654435761) >>> 19;
  return <u32>(((load<u64>(p) << 24) * 889523592379) >>> 52);
}

// @ts-ignore: decorator
@inline function getT<T>(t: usize, h: u32): i32 {
  return <i32>load<T>(t + ((<usize>h) << alignof<T>()));
}

// @ts-ignore: decorator
@inline function putT<T>(t: usize, h: u32, v: i32): void {
  store<T>(t + ((<usize>h) << alignof<T>()), <T>v);
}

// Equal bytes at a and b, from a up to (not including) limit: 8 at a time.
// @ts-ignore: decorator
@inline function countEqual(a: usize, b: usize, limit: usize): i32 {
  const start = a;
  while (a + 8 <= limit) {
    const diff = load<u64>(a) ^ load<u64>(b);
    if (diff != 0) return <i32>(a - start) + <i32>(ctz(diff) >> 3);
    a += 8;
    b += 8;
  }
  while (a < limit && load<u8>(a) == load<u8>(b)) {
    a++;
    b++;
  }
  return <i32>(a - start);
}

function lastLiterals(s: usize, n: i32, anchor: i32, d: usize, op: i32, olimit: i32, limited: bool): i32 {
  const lastRun = n - anchor;
  if (limited && op + lastRun + 1 + (lastRun + 255 - 15) / 255 > olimit) return 0;
  if (lastRun >= 15) {
    let acc = lastRun - 15;
    store<u8>(d + op++, 15 << 4);
    for (; acc >= 255; acc -= 255) store<u8>(d + op++, 255);
    store<u8>(d + op++, acc);
  } else {
    store<u8>(d + op++, lastRun << 4);
  }
  memory.copy(d + op, s + anchor, lastRun);
  return op + lastRun;
}

function compressWith<T>(s: usize, n: i32, d: usize, olimit: i32, accel: i32, t: usize, limited: bool): i32 {
  const small = sizeof<T>() == 2;
  memory.fill(t, 0, TABLE_BYTES);
  const mflimitPlusOne = n - MFLIMIT + 1;
  const matchlimit = s + <usize>(n - LASTLITERALS);
  let ip: i32 = 0;
  let anchor: i32 = 0;
  let op: i32 = 0;
  if (n < MIN_LENGTH) return lastLiterals(s, n, anchor, d, op, olimit, limited);

  putT<T>(t, hashAt<T>(s), 0);
  ip = 1;
  let forwardH = hashAt<T>(s + ip);
  while (true) {
    let match: i32;
    let token: i32;

    // Find a match, skipping faster the longer nothing is found.
    let forwardIp = ip;
    let step = 1;
    let searchMatchNb = accel << SKIP_TRIGGER;
    while (true) {
      const h = forwardH;
      const current = forwardIp;
      match = getT<T>(t, h);
      ip = forwardIp;
      forwardIp += step;
      step = searchMatchNb++ >> SKIP_TRIGGER;
      if (forwardIp > mflimitPlusOne) return lastLiterals(s, n, anchor, d, op, olimit, limited);
      forwardH = hashAt<T>(s + forwardIp);
      putT<T>(t, h, current);
      if (!small && match + MAX_DISTANCE < current) continue;
      if (load<u32>(s + match) == load<u32>(s + ip)) break;
    }

    // Catch up: extend the match backwards over equal bytes.
    while (ip > anchor && match > 0 && load<u8>(s + ip - 1) == load<u8>(s + match - 1)) {
      ip--;
      match--;
    }

    const litLength = ip - anchor;
    token = op++;
    if (limited && op + litLength + (2 + 1 + LASTLITERALS) + litLength / 255 > olimit) return 0;
    if (litLength >= 15) {
      let len = litLength - 15;
      store<u8>(d + token, 15 << 4);
      for (; len >= 255; len -= 255) store<u8>(d + op++, 255);
      store<u8>(d + op++, len);
    } else {
      store<u8>(d + token, litLength << 4);
    }
    memory.copy(d + op, s + anchor, litLength);
    op += litLength;

    // A match (and, while the next position matches at once, the ones after it).
    while (true) {
      store<u16>(d + op, ip - match);
      op += 2;
      let matchCode = countEqual(s + ip + MINMATCH, s + match + MINMATCH, matchlimit);
      ip += matchCode + MINMATCH;
      if (limited && op + (1 + LASTLITERALS) + (matchCode + 240) / 255 > olimit) return 0;
      if (matchCode >= 15) {
        store<u8>(d + token, load<u8>(d + token) + 15);
        matchCode -= 15;
        for (; matchCode >= 255; matchCode -= 255) store<u8>(d + op++, 255);
        store<u8>(d + op++, matchCode);
      } else {
        store<u8>(d + token, load<u8>(d + token) + matchCode);
      }

      anchor = ip;
      if (ip >= mflimitPlusOne) return lastLiterals(s, n, anchor, d, op, olimit, limited);

      putT<T>(t, hashAt<T>(s + ip - 2), ip - 2);
      const h = hashAt<T>(s + ip);
      match = getT<T>(t, h);
      putT<T>(t, h, ip);
      if ((small || match + MAX_DISTANCE >= ip) && load<u32>(s + match) == load<u32>(s + ip)) {
        token = op++;
        store<u8>(d + token, 0);
        continue;
      }
      break;
    }

    ip++;
    forwardH = hashAt<T>(s + ip);
  }
  return 0;
}

// Compresses [src, src + n) into [dst, dst + cap) as one LZ4 block; returns its size, or 0 when
// it does not fit in cap bytes. `table` is 16 KiB of scratch.
export function lz4Compress(src: usize, n: i32, dst: usize, cap: i32, accel: i32, table: usize): i32 {
  if (n < 0 || n > 0x7e000000) return 0;
  if (n == 0) {
    if (cap < 1) return 0;
    store<u8>(dst, 0);
    return 1;
  }
  if (accel < 1) accel = 1;
  if (accel > ACCELERATION_MAX) accel = ACCELERATION_MAX;
  const limited = cap < n + n / 255 + 16;
  if (n < LIMIT_64K) return compressWith<u16>(src, n, dst, cap, accel, table, limited);
  return compressWith<u32>(src, n, dst, cap, accel, table, limited);
}

// ---------------------------------------------------------------------------------------------
// Byte shuffle: n = floor(len / ts) elements become ts planes of n bytes, plane j holding byte
// j of every element; the len % ts bytes past them are copied (c-blosc's layout). SIMD for
// typesizes 2, 4 and 8 (16 elements a step), a scalar loop for the rest and for other sizes.

export function shuffle(ts: i32, src: usize, dst: usize, len: i32): void {
  const n = len / ts;
  let i = 0;
  if (ts == 2) {
    for (; i + 16 <= n; i += 16) {
      const p = src + (<usize>i << 1);
      const a = v128.load(p);
      const b = v128.load(p, 16);
      v128.store(dst + i, i8x16.shuffle(a, b, 0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30));
      v128.store(dst + n + i, i8x16.shuffle(a, b, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31));
    }
  } else if (ts == 4) {
    for (; i + 16 <= n; i += 16) {
      const p = src + (<usize>i << 2);
      const a = v128.load(p);
      const b = v128.load(p, 16);
      const c = v128.load(p, 32);
      const e = v128.load(p, 48);
      // Planes 0|1 and 2|3 of elements 0-7, then of 8-15.
      const ab01 = i8x16.shuffle(a, b, 0, 4, 8, 12, 16, 20, 24, 28, 1, 5, 9, 13, 17, 21, 25, 29);
      const ab23 = i8x16.shuffle(a, b, 2, 6, 10, 14, 18, 22, 26, 30, 3, 7, 11, 15, 19, 23, 27, 31);
      const ce01 = i8x16.shuffle(c, e, 0, 4, 8, 12, 16, 20, 24, 28, 1, 5, 9, 13, 17, 21, 25, 29);
      const ce23 = i8x16.shuffle(c, e, 2, 6, 10, 14, 18, 22, 26, 30, 3, 7, 11, 15, 19, 23, 27, 31);
      const o = dst + i;
      v128.store(o, v128.shuffle<u64>(ab01, ce01, 0, 2));
      v128.store(o + n, v128.shuffle<u64>(ab01, ce01, 1, 3));
      v128.store(o + 2 * n, v128.shuffle<u64>(ab23, ce23, 0, 2));
      v128.store(o + 3 * n, v128.shuffle<u64>(ab23, ce23, 1, 3));
    }
  } else if (ts == 8) {
    for (; i + 16 <= n; i += 16) {
      const p = src + (<usize>i << 3);
      const o = dst + i;
      // Elements 4k..4k+3: bytes 0-3 (lo) and 4-7 (hi) grouped by byte, one 32-bit lane each.
      const v0 = v128.load(p);
      const v1 = v128.load(p, 16);
      const v2 = v128.load(p, 32);
      const v3 = v128.load(p, 48);
      const v4 = v128.load(p, 64);
      const v5 = v128.load(p, 80);
      const v6 = v128.load(p, 96);
      const v7 = v128.load(p, 112);
      const lo0 = i8x16.shuffle(v0, v1, 0, 8, 16, 24, 1, 9, 17, 25, 2, 10, 18, 26, 3, 11, 19, 27);
      const hi0 = i8x16.shuffle(v0, v1, 4, 12, 20, 28, 5, 13, 21, 29, 6, 14, 22, 30, 7, 15, 23, 31);
      const lo1 = i8x16.shuffle(v2, v3, 0, 8, 16, 24, 1, 9, 17, 25, 2, 10, 18, 26, 3, 11, 19, 27);
      const hi1 = i8x16.shuffle(v2, v3, 4, 12, 20, 28, 5, 13, 21, 29, 6, 14, 22, 30, 7, 15, 23, 31);
      const lo2 = i8x16.shuffle(v4, v5, 0, 8, 16, 24, 1, 9, 17, 25, 2, 10, 18, 26, 3, 11, 19, 27);
      const hi2 = i8x16.shuffle(v4, v5, 4, 12, 20, 28, 5, 13, 21, 29, 6, 14, 22, 30, 7, 15, 23, 31);
      const lo3 = i8x16.shuffle(v6, v7, 0, 8, 16, 24, 1, 9, 17, 25, 2, 10, 18, 26, 3, 11, 19, 27);
      const hi3 = i8x16.shuffle(v6, v7, 4, 12, 20, 28, 5, 13, 21, 29, 6, 14, 22, 30, 7, 15, 23, 31);
      transpose4x32(lo0, lo1, lo2, lo3, o, n);
      transpose4x32(hi0, hi1, hi2, hi3, o + 4 * n, n);
    }
  }
  if (i < n) {
    for (let j = 0; j < ts; j++) {
      const plane = dst + <usize>j * n;
      for (let k = i; k < n; k++) store<u8>(plane + k, load<u8>(src + <usize>k * ts + j));
    }
  }
  const done = n * ts;
  if (done < len) memory.copy(dst + done, src + done, len - done);
}

// Stores the 4x4 transpose of 32-bit lanes: row r (lane r of a, b, c, d) at o + r * stride.
// @ts-ignore: decorator
@inline function transpose4x32(a: v128, b: v128, c: v128, d: v128, o: usize, stride: i32): void {
  const t0 = v128.shuffle<u32>(a, b, 0, 4, 1, 5);
  const t1 = v128.shuffle<u32>(a, b, 2, 6, 3, 7);
  const t2 = v128.shuffle<u32>(c, d, 0, 4, 1, 5);
  const t3 = v128.shuffle<u32>(c, d, 2, 6, 3, 7);
  v128.store(o, v128.shuffle<u64>(t0, t2, 0, 2));
  v128.store(o + stride, v128.shuffle<u64>(t0, t2, 1, 3));
  v128.store(o + 2 * stride, v128.shuffle<u64>(t1, t3, 0, 2));
  v128.store(o + 3 * stride, v128.shuffle<u64>(t1, t3, 1, 3));
}

// Inverse of shuffle: ts planes of n bytes at src back into n elements at dst.
export function unshuffle(ts: i32, src: usize, dst: usize, len: i32): void {
  const n = len / ts;
  let i = 0;
  if (ts == 2) {
    for (; i + 16 <= n; i += 16) {
      const a = v128.load(src + i);
      const b = v128.load(src + n + i);
      const o = dst + (<usize>i << 1);
      v128.store(o, i8x16.shuffle(a, b, 0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23));
      v128.store(o, i8x16.shuffle(a, b, 8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31), 16);
    }
  } else if (ts == 4) {
    for (; i + 16 <= n; i += 16) {
      const a = v128.load(src + i);
      const b = v128.load(src + n + i);
      const c = v128.load(src + 2 * n + i);
      const d = v128.load(src + 3 * n + i);
      const ab0 = i8x16.shuffle(a, b, 0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
      const ab1 = i8x16.shuffle(a, b, 8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);
      const cd0 = i8x16.shuffle(c, d, 0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
      const cd1 = i8x16.shuffle(c, d, 8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);
      const o = dst + (<usize>i << 2);
      v128.store(o, v128.shuffle<u16>(ab0, cd0, 0, 8, 1, 9, 2, 10, 3, 11));
      v128.store(o, v128.shuffle<u16>(ab0, cd0, 4, 12, 5, 13, 6, 14, 7, 15), 16);
      v128.store(o, v128.shuffle<u16>(ab1, cd1, 0, 8, 1, 9, 2, 10, 3, 11), 32);
      v128.store(o, v128.shuffle<u16>(ab1, cd1, 4, 12, 5, 13, 6, 14, 7, 15), 48);
    }
  } else if (ts == 8) {
    for (; i + 16 <= n; i += 16) {
      const p = src + i;
      // Transposing 32-bit lanes of planes 0-3 gives, per group of 4 elements, bytes 0-3
      // grouped by byte (and planes 4-7 bytes 4-7); one shuffle per 2 elements interleaves them.
      const q0 = v128.load(p);
      const q1 = v128.load(p + n);
      const q2 = v128.load(p + 2 * n);
      const q3 = v128.load(p + 3 * n);
      const q4 = v128.load(p + 4 * n);
      const q5 = v128.load(p + 5 * n);
      const q6 = v128.load(p + 6 * n);
      const q7 = v128.load(p + 7 * n);
      const a0 = v128.shuffle<u32>(q0, q1, 0, 4, 1, 5);
      const a1 = v128.shuffle<u32>(q0, q1, 2, 6, 3, 7);
      const a2 = v128.shuffle<u32>(q2, q3, 0, 4, 1, 5);
      const a3 = v128.shuffle<u32>(q2, q3, 2, 6, 3, 7);
      const b0 = v128.shuffle<u32>(q4, q5, 0, 4, 1, 5);
      const b1 = v128.shuffle<u32>(q4, q5, 2, 6, 3, 7);
      const b2 = v128.shuffle<u32>(q6, q7, 0, 4, 1, 5);
      const b3 = v128.shuffle<u32>(q6, q7, 2, 6, 3, 7);
      const o = dst + (<usize>i << 3);
      interleave8(v128.shuffle<u64>(a0, a2, 0, 2), v128.shuffle<u64>(b0, b2, 0, 2), o);
      interleave8(v128.shuffle<u64>(a0, a2, 1, 3), v128.shuffle<u64>(b0, b2, 1, 3), o + 32);
      interleave8(v128.shuffle<u64>(a1, a3, 0, 2), v128.shuffle<u64>(b1, b3, 0, 2), o + 64);
      interleave8(v128.shuffle<u64>(a1, a3, 1, 3), v128.shuffle<u64>(b1, b3, 1, 3), o + 96);
    }
  }
  if (i < n) {
    for (let j = 0; j < ts; j++) {
      const plane = src + <usize>j * n;
      for (let k = i; k < n; k++) store<u8>(dst + <usize>k * ts + j, load<u8>(plane + k));
    }
  }
  const done = n * ts;
  if (done < len) memory.copy(dst + done, src + done, len - done);
}

// lo: bytes 0-3 of 4 elements grouped by byte (lane j = byte j), hi: bytes 4-7; stores the 4
// elements of 8 bytes at o.
// @ts-ignore: decorator
@inline function interleave8(lo: v128, hi: v128, o: usize): void {
  v128.store(o, i8x16.shuffle(lo, hi, 0, 4, 8, 12, 16, 20, 24, 28, 1, 5, 9, 13, 17, 21, 25, 29));
  v128.store(o, i8x16.shuffle(lo, hi, 2, 6, 10, 14, 18, 22, 26, 30, 3, 7, 11, 15, 19, 23, 27, 31), 16);
}

// ---------------------------------------------------------------------------------------------
// Bit shuffle (the bitshuffle library's layout, as c-blosc 1.x applies it): with n elements, a
// multiple of 8, 8 * ts bit planes of n / 8 bytes, plane 8j + b holding bit b of byte j of
// every element (element i at bit i % 8 of byte i / 8); bytes past n elements are copied. When
// n is not a multiple of 8 the block is copied unchanged. A byte shuffle first gives, for each
// byte j, a row of n bytes; each row's bits are then transposed in place of the row.

export function bitshuffle(ts: i32, src: usize, dst: usize, len: i32, scratch: usize): void {
  const n = len / ts;
  if (n & 7) {
    memory.copy(dst, src, len);
    return;
  }
  let rows = src;
  if (ts > 1) {
    shuffle(ts, src, scratch, n * ts);
    rows = scratch;
  }
  const nb = n >> 3;
  for (let j = 0; j < ts; j++) {
    const row = rows + <usize>j * n;
    const out = dst + <usize>j * n;
    let i = 0;
    // Sixteen bytes a step: shifting bit b to the top of each byte, bitmask gathers it.
    for (; i + 16 <= n; i += 16) {
      const v = v128.load(row + i);
      const o = out + (i >> 3);
      store<u16>(o, i8x16.bitmask(i8x16.shl(v, 7)));
      store<u16>(o + nb, i8x16.bitmask(i8x16.shl(v, 6)));
      store<u16>(o + 2 * nb, i8x16.bitmask(i8x16.shl(v, 5)));
      store<u16>(o + 3 * nb, i8x16.bitmask(i8x16.shl(v, 4)));
      store<u16>(o + 4 * nb, i8x16.bitmask(i8x16.shl(v, 3)));
      store<u16>(o + 5 * nb, i8x16.bitmask(i8x16.shl(v, 2)));
      store<u16>(o + 6 * nb, i8x16.bitmask(i8x16.shl(v, 1)));
      store<u16>(o + 7 * nb, i8x16.bitmask(v));
    }
    if (i < n) {
      // Eight bytes left (n is a multiple of 8).
      const v = v128.load64_zero(row + i);
      const o = out + (i >> 3);
      for (let b = 0; b < 8; b++) {
        store<u8>(o + <usize>b * nb, i8x16.bitmask(i8x16.shl(v, 7 - b)));
      }
    }
  }
  const done = n * ts;
  if (done < len) memory.copy(dst + done, src + done, len - done);
}

// Transposes the 8x8 bit matrix in x (row r = byte r, column c = bit c): its own inverse.
// @ts-ignore: decorator
@inline function transpose8(x: u64): u64 {
  let t = (x ^ (x >> 7)) & 0x00aa00aa00aa00aa;
  x = x ^ t ^ (t << 7);
  t = (x ^ (x >> 14)) & 0x0000cccc0000cccc;
  x = x ^ t ^ (t << 14);
  t = (x ^ (x >> 28)) & 0x00000000f0f0f0f0;
  return x ^ t ^ (t << 28);
}

// transpose8 on both 64-bit lanes.
// @ts-ignore: decorator
@inline function transpose8x2(x: v128): v128 {
  let t = v128.and(v128.xor(x, i64x2.shr_u(x, 7)), i64x2.splat(0x00aa00aa00aa00aa));
  x = v128.xor(v128.xor(x, t), i64x2.shl(t, 7));
  t = v128.and(v128.xor(x, i64x2.shr_u(x, 14)), i64x2.splat(0x0000cccc0000cccc));
  x = v128.xor(v128.xor(x, t), i64x2.shl(t, 14));
  t = v128.and(v128.xor(x, i64x2.shr_u(x, 28)), i64x2.splat(0x00000000f0f0f0f0));
  return v128.xor(v128.xor(x, t), i64x2.shl(t, 28));
}

// Inverse of bitshuffle; overwrites src (the decoder's scratch block). A row's 8 bit planes of
// n / 8 bytes are a typesize-8 byte shuffle of n / 8 words: unshuffling them gives each word
// the 8x8 bit matrix of 8 elements' byte j, transposed in place (two words per SIMD step).
// The rows are then byte-unshuffled into src and copied to dst.
export function bitunshuffle(ts: i32, src: usize, dst: usize, len: i32): void {
  const n = len / ts;
  if (n & 7) {
    memory.copy(dst, src, len);
    return;
  }
  const done = n * ts;
  for (let j = 0; j < ts; j++) unshuffle(8, src + <usize>j * n, dst + <usize>j * n, n);
  let p = dst;
  const end = dst + done;
  for (; p + 16 <= end; p += 16) v128.store(p, transpose8x2(v128.load(p)));
  if (p < end) store<u64>(p, transpose8(load<u64>(p)));
  if (ts > 1) {
    unshuffle(ts, dst, src, done);
    memory.copy(dst, src, done);
  }
  if (done < len) memory.copy(dst + done, src + done, len - done);
}
