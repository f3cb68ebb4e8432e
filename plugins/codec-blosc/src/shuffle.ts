/**
 * Blosc's two filters, in plain typed-array JavaScript.
 *
 * Byte shuffle: a block of `n = floor(len / typesize)` elements is stored as `typesize` planes,
 * plane j holding byte j of every element; the `len % typesize` trailing bytes are copied as
 * they are.
 *
 * Bit shuffle (the bitshuffle library's layout, as c-blosc 1.x applies it): when the element
 * count n is a multiple of 8, the block is stored as `8 * typesize` bit planes of n / 8 bytes,
 * plane `8 * j + b` holding bit b of byte j of every element (element i at bit i % 8 of byte
 * i / 8); the bytes past n elements are copied. When n is not a multiple of 8 c-blosc 1.x copies
 * the whole block unchanged, and so do these functions.
 */

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** `src[s, s + len)` shuffled into `dst[d, d + len)`. */
export function shuffle(
  typesize: number,
  src: Uint8Array,
  s: number,
  dst: Uint8Array,
  d: number,
  len: number,
): void {
  const n = Math.floor(len / typesize);
  if (
    typesize === 4 &&
    littleEndian &&
    n % 4 === 0 &&
    (dst.byteOffset + d) % 4 === 0 &&
    (src.byteOffset + s) % 4 === 0
  ) {
    // Four elements at a time: the 4x4 byte transpose is its own inverse.
    const q = n >>> 2;
    const w = new Uint32Array(src.buffer, src.byteOffset + s, n);
    const p = new Uint32Array(dst.buffer, dst.byteOffset + d, n);
    for (let k = 0; k < q; k++) {
      const o = 4 * k;
      const a = w[o]!;
      const b = w[o + 1]!;
      const c = w[o + 2]!;
      const e = w[o + 3]!;
      const t0 = (a & 0x00ff00ff) | ((b & 0x00ff00ff) << 8);
      const t1 = ((a >>> 8) & 0x00ff00ff) | (b & 0xff00ff00);
      const t2 = (c & 0x00ff00ff) | ((e & 0x00ff00ff) << 8);
      const t3 = ((c >>> 8) & 0x00ff00ff) | (e & 0xff00ff00);
      p[k] = (t0 & 0xffff) | (t2 << 16);
      p[q + k] = (t1 & 0xffff) | (t3 << 16);
      p[2 * q + k] = (t0 >>> 16) | (t2 & 0xffff0000);
      p[3 * q + k] = (t1 >>> 16) | (t3 & 0xffff0000);
    }
  } else if (typesize === 4 && littleEndian && (src.byteOffset + s) % 4 === 0) {
    const w = new Uint32Array(src.buffer, src.byteOffset + s, n);
    const p1 = d + n;
    const p2 = p1 + n;
    const p3 = p2 + n;
    for (let i = 0; i < n; i++) {
      const v = w[i]!;
      dst[d + i] = v;
      dst[p1 + i] = v >>> 8;
      dst[p2 + i] = v >>> 16;
      dst[p3 + i] = v >>> 24;
    }
  } else if (typesize === 8 && littleEndian && (src.byteOffset + s) % 4 === 0) {
    const w = new Uint32Array(src.buffer, src.byteOffset + s, 2 * n);
    for (let i = 0; i < n; i++) {
      const lo = w[2 * i]!;
      const hi = w[2 * i + 1]!;
      dst[d + i] = lo;
      dst[d + n + i] = lo >>> 8;
      dst[d + 2 * n + i] = lo >>> 16;
      dst[d + 3 * n + i] = lo >>> 24;
      dst[d + 4 * n + i] = hi;
      dst[d + 5 * n + i] = hi >>> 8;
      dst[d + 6 * n + i] = hi >>> 16;
      dst[d + 7 * n + i] = hi >>> 24;
    }
  } else {
    for (let j = 0; j < typesize; j++) {
      const plane = d + j * n;
      for (let i = 0, k = s + j; i < n; i++, k += typesize) dst[plane + i] = src[k]!;
    }
  }
  const done = n * typesize;
  if (done < len) dst.set(src.subarray(s + done, s + len), d + done);
}

/** Inverse of `shuffle`: `src[s, s + len)` (planes) into `dst[d, d + len)` (elements). */
export function unshuffle(
  typesize: number,
  src: Uint8Array,
  s: number,
  dst: Uint8Array,
  d: number,
  len: number,
): void {
  const n = Math.floor(len / typesize);
  if (
    typesize === 4 &&
    littleEndian &&
    n % 4 === 0 &&
    (dst.byteOffset + d) % 4 === 0 &&
    (src.byteOffset + s) % 4 === 0
  ) {
    // Four elements at a time: a 4x4 byte transpose of one word from each plane.
    const w = new Uint32Array(dst.buffer, dst.byteOffset + d, n);
    const q = n >>> 2;
    const p = new Uint32Array(src.buffer, src.byteOffset + s, n);
    for (let k = 0; k < q; k++) {
      const a = p[k]!;
      const b = p[q + k]!;
      const c = p[2 * q + k]!;
      const e = p[3 * q + k]!;
      const t0 = (a & 0x00ff00ff) | ((b & 0x00ff00ff) << 8);
      const t1 = ((a >>> 8) & 0x00ff00ff) | (b & 0xff00ff00);
      const t2 = (c & 0x00ff00ff) | ((e & 0x00ff00ff) << 8);
      const t3 = ((c >>> 8) & 0x00ff00ff) | (e & 0xff00ff00);
      const o = 4 * k;
      w[o] = (t0 & 0xffff) | (t2 << 16);
      w[o + 1] = (t1 & 0xffff) | (t3 << 16);
      w[o + 2] = (t0 >>> 16) | (t2 & 0xffff0000);
      w[o + 3] = (t1 >>> 16) | (t3 & 0xffff0000);
    }
  } else if (typesize === 4 && littleEndian && (dst.byteOffset + d) % 4 === 0) {
    const w = new Uint32Array(dst.buffer, dst.byteOffset + d, n);
    const p1 = s + n;
    const p2 = p1 + n;
    const p3 = p2 + n;
    for (let i = 0; i < n; i++) {
      w[i] = src[s + i]! | (src[p1 + i]! << 8) | (src[p2 + i]! << 16) | (src[p3 + i]! << 24);
    }
  } else if (typesize === 2 && littleEndian && (dst.byteOffset + d) % 2 === 0) {
    const w = new Uint16Array(dst.buffer, dst.byteOffset + d, n);
    const p1 = s + n;
    for (let i = 0; i < n; i++) w[i] = src[s + i]! | (src[p1 + i]! << 8);
  } else if (typesize === 8 && littleEndian && (dst.byteOffset + d) % 4 === 0) {
    const w = new Uint32Array(dst.buffer, dst.byteOffset + d, 2 * n);
    for (let i = 0; i < n; i++) {
      w[2 * i] =
        src[s + i]! |
        (src[s + n + i]! << 8) |
        (src[s + 2 * n + i]! << 16) |
        (src[s + 3 * n + i]! << 24);
      w[2 * i + 1] =
        src[s + 4 * n + i]! |
        (src[s + 5 * n + i]! << 8) |
        (src[s + 6 * n + i]! << 16) |
        (src[s + 7 * n + i]! << 24);
    }
  } else {
    for (let j = 0; j < typesize; j++) {
      const plane = s + j * n;
      for (let i = 0, k = d + j; i < n; i++, k += typesize) dst[k] = src[plane + i]!;
    }
  }
  const done = n * typesize;
  if (done < len) dst.set(src.subarray(s + done, s + len), d + done);
}

/**
 * Transposes the 8x8 bit matrix held in (lo, hi) (row m = byte m, little-endian) so that byte
 * b of the result holds bit b of every input byte (input byte m at bit m). It is its own
 * inverse. Returns the new lo; the new hi is left in `t8hi`.
 */
let t8hi = 0;
function transpose8(lo: number, hi: number): number {
  let t = (lo ^ (lo >>> 7)) & 0x00aa00aa;
  lo = lo ^ t ^ (t << 7);
  t = (hi ^ (hi >>> 7)) & 0x00aa00aa;
  hi = hi ^ t ^ (t << 7);
  t = (lo ^ (lo >>> 14)) & 0x0000cccc;
  lo = lo ^ t ^ (t << 14);
  t = (hi ^ (hi >>> 14)) & 0x0000cccc;
  hi = hi ^ t ^ (t << 14);
  t = (lo ^ ((lo >>> 28) | (hi << 4))) & 0xf0f0f0f0;
  lo ^= t;
  hi ^= t >>> 4;
  t8hi = hi;
  return lo;
}

/** Bit shuffle of `src[s, s + len)` into `dst[d, d + len)`. */
export function bitshuffle(
  typesize: number,
  src: Uint8Array,
  s: number,
  dst: Uint8Array,
  d: number,
  len: number,
): void {
  const n = Math.floor(len / typesize);
  if (n % 8 !== 0) {
    dst.set(src.subarray(s, s + len), d);
    return;
  }
  const rowBytes = n >>> 3;
  for (let j = 0; j < typesize; j++) {
    const planes = d + 8 * j * rowBytes;
    for (let k = 0; k < rowBytes; k++) {
      const e = s + 8 * k * typesize + j;
      const lo =
        src[e]! |
        (src[e + typesize]! << 8) |
        (src[e + 2 * typesize]! << 16) |
        (src[e + 3 * typesize]! << 24);
      const hi =
        src[e + 4 * typesize]! |
        (src[e + 5 * typesize]! << 8) |
        (src[e + 6 * typesize]! << 16) |
        (src[e + 7 * typesize]! << 24);
      const tlo = transpose8(lo, hi);
      const thi = t8hi;
      const o = planes + k;
      dst[o] = tlo;
      dst[o + rowBytes] = tlo >>> 8;
      dst[o + 2 * rowBytes] = tlo >>> 16;
      dst[o + 3 * rowBytes] = tlo >>> 24;
      dst[o + 4 * rowBytes] = thi;
      dst[o + 5 * rowBytes] = thi >>> 8;
      dst[o + 6 * rowBytes] = thi >>> 16;
      dst[o + 7 * rowBytes] = thi >>> 24;
    }
  }
  const done = n * typesize;
  if (done < len) dst.set(src.subarray(s + done, s + len), d + done);
}

/** Inverse of `bitshuffle`. */
export function bitunshuffle(
  typesize: number,
  src: Uint8Array,
  s: number,
  dst: Uint8Array,
  d: number,
  len: number,
): void {
  const n = Math.floor(len / typesize);
  if (n % 8 !== 0) {
    dst.set(src.subarray(s, s + len), d);
    return;
  }
  const rowBytes = n >>> 3;
  for (let j = 0; j < typesize; j++) {
    const planes = s + 8 * j * rowBytes;
    for (let k = 0; k < rowBytes; k++) {
      const o = planes + k;
      const lo =
        src[o]! |
        (src[o + rowBytes]! << 8) |
        (src[o + 2 * rowBytes]! << 16) |
        (src[o + 3 * rowBytes]! << 24);
      const hi =
        src[o + 4 * rowBytes]! |
        (src[o + 5 * rowBytes]! << 8) |
        (src[o + 6 * rowBytes]! << 16) |
        (src[o + 7 * rowBytes]! << 24);
      const tlo = transpose8(lo, hi);
      const thi = t8hi;
      const e = d + 8 * k * typesize + j;
      dst[e] = tlo;
      dst[e + typesize] = tlo >>> 8;
      dst[e + 2 * typesize] = tlo >>> 16;
      dst[e + 3 * typesize] = tlo >>> 24;
      dst[e + 4 * typesize] = thi;
      dst[e + 5 * typesize] = thi >>> 8;
      dst[e + 6 * typesize] = thi >>> 16;
      dst[e + 7 * typesize] = thi >>> 24;
    }
  }
  const done = n * typesize;
  if (done < len) dst.set(src.subarray(s + done, s + len), d + done);
}
