/**
 * The same-type delta in plain typed-array loops: the fallback where WebAssembly SIMD is
 * missing, and the reference the kernels are tested against. Signedness does not matter to
 * wrapping subtraction and addition, so each integer width has one loop over signed views.
 */

/** The element layouts the fast path handles: integer widths and the two float types. */
export type LaneType = "i1" | "i2" | "i4" | "i8" | "f4" | "f8";

/** Bytes per element of each lane type. */
export const LANE_SIZE: Readonly<Record<LaneType, number>> = {
  i1: 1,
  i2: 2,
  i4: 4,
  i8: 8,
  f4: 4,
  f8: 8,
};

type IntView = Int8Array | Int16Array | Int32Array;

function encodeInts(a: IntView, o: IntView): void {
  const n = a.length;
  if (n === 0) return;
  let prev = a[0]!;
  o[0] = prev;
  for (let i = 1; i < n; i++) {
    const v = a[i]!;
    o[i] = v - prev; // the typed array wraps the exact difference
    prev = v;
  }
}

function decodeInts(x: IntView): void {
  const n = x.length;
  if (n === 0) return;
  let s = x[0]!;
  for (let i = 1; i < n; i++) {
    s = (s + x[i]!) | 0;
    x[i] = s;
  }
}

// 64-bit integers as (low, high) 32-bit pairs with an explicit borrow or carry: BigInt64Array
// arithmetic allocates a BigInt per element and runs an order of magnitude slower.
function encodeInt64(a: Int32Array, o: Int32Array): void {
  const n = a.length;
  if (n === 0) return;
  let pl = a[0]!;
  let ph = a[1]!;
  o[0] = pl;
  o[1] = ph;
  for (let i = 2; i < n; i += 2) {
    const l = a[i]!;
    const h = a[i + 1]!;
    const d = (l >>> 0) - (pl >>> 0);
    o[i] = d;
    o[i + 1] = h - ph - (d < 0 ? 1 : 0);
    pl = l;
    ph = h;
  }
}

function decodeInt64(x: Int32Array): void {
  const n = x.length;
  if (n === 0) return;
  let sl = x[0]! >>> 0;
  let sh = x[1]! | 0;
  for (let i = 2; i < n; i += 2) {
    const s = sl + (x[i]! >>> 0);
    sl = s >>> 0;
    sh = (sh + x[i + 1]! + (s > 0xffffffff ? 1 : 0)) | 0;
    x[i] = sl;
    x[i + 1] = sh;
  }
}

// Float32Array stores round the double difference to float32, which equals float32
// subtraction (a double holds more than twice float32's precision, so no double rounding).
function encodeFloats(a: Float32Array | Float64Array, o: Float32Array | Float64Array): void {
  const n = a.length;
  if (n === 0) return;
  let prev = a[0]!;
  o[0] = prev;
  for (let i = 1; i < n; i++) {
    const v = a[i]!;
    o[i] = v - prev;
    prev = v;
  }
}

// Sequential, in the order np.cumsum adds: float addition is not associative. Once the sum is
// NaN, NumPy's `sum + x` keeps the sum's NaN (x86 returns the first operand's NaN), but V8
// may swap the operands of an addition, so the rest is filled with that NaN's bits, quieted.
function decodeFloat32(x: Float32Array): void {
  const n = x.length;
  if (n === 0) return;
  let s = x[0]!;
  let i = 1;
  for (; i < n && !Number.isNaN(s); i++) {
    s = Math.fround(s + x[i]!);
    x[i] = s;
  }
  if (i < n) {
    const u = new Uint32Array(x.buffer, x.byteOffset, n);
    u.fill(u[i - 1]! | 0x00400000, i);
  }
}

function decodeFloat64(x: Float64Array): void {
  const n = x.length;
  if (n === 0) return;
  let s = x[0]!;
  let i = 1;
  for (; i < n && !Number.isNaN(s); i++) {
    s += x[i]!;
    x[i] = s;
  }
  if (i < n) {
    const u = new Uint32Array(x.buffer, x.byteOffset, 2 * n);
    const lo = u[2 * i - 2]!;
    const hi = u[2 * i - 1]! | 0x00080000;
    for (let j = 2 * i; j < 2 * n; j += 2) {
      u[j] = lo;
      u[j + 1] = hi;
    }
  }
}

function view(t: LaneType, b: Uint8Array) {
  const { buffer, byteOffset: o, byteLength: len } = b;
  switch (t) {
    case "i1":
      return new Int8Array(buffer, o, len);
    case "i2":
      return new Int16Array(buffer, o, len / 2);
    case "i4":
    case "i8":
      return new Int32Array(buffer, o, len / 4);
    case "f4":
      return new Float32Array(buffer, o, len / 4);
    case "f8":
      return new Float64Array(buffer, o, len / 8);
  }
}

/**
 * Writes the differences of `src`'s elements to `dst` (same length, both aligned to the element
 * size, not overlapping): `dst[0] = src[0]`, `dst[i] = src[i] - src[i-1]`.
 */
export function encodeScalar(t: LaneType, src: Uint8Array, dst: Uint8Array): void {
  if (t === "i8") encodeInt64(view(t, src) as Int32Array, view(t, dst) as Int32Array);
  else if (t === "f4" || t === "f8")
    encodeFloats(view(t, src) as Float32Array, view(t, dst) as Float32Array);
  else encodeInts(view(t, src) as IntView, view(t, dst) as IntView);
  // numcodecs copies the first element's bits; a float32 read into a JS number and stored back
  // quiets a signalling NaN, so its bytes are copied instead.
  dst.set(src.subarray(0, LANE_SIZE[t]));
}

/** Replaces `buf`'s elements (aligned to the element size) by their running sum. */
export function decodeScalar(t: LaneType, buf: Uint8Array): void {
  if (t === "i8") decodeInt64(view(t, buf) as Int32Array);
  else if (t === "f4") decodeFloat32(view(t, buf) as Float32Array);
  else if (t === "f8") decodeFloat64(view(t, buf) as Float64Array);
  else decodeInts(view(t, buf) as IntView);
}
