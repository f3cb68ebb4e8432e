/**
 * NumPy's element conversions for the numeric filters (filter-delta, filter-scale-offset,
 * filter-quantize and filter-astype share them through this package).
 *
 * Elements live in core's in-memory form: `Int8Array`...`Uint32Array` and `Float64Array` as
 * is, 64-bit integers as `BigInt64Array`/`BigUint64Array`, float16 widened into a
 * `Float32Array` (each value exactly a float16), bool as a `Uint8Array` of 0/1.
 *
 * `castArray` is NumPy's `astype` (unsafe casting) on x86-64: integers wrap modulo 2^bits,
 * integer to float rounds to nearest-even, float to float rounds to nearest-even, float to
 * integer truncates toward zero. NumPy leaves NaN and out-of-range float-to-integer casts
 * undefined (its SIMD and scalar loops differ); here they give the x86 "integer indefinite"
 * of a 32-bit (i1..i4, u1, u2) or 64-bit (u4, i8, u8) conversion, as NumPy's scalar loop does.
 *
 * Dtypes are core's `DataType` (from `parseDataType("<i4")`, or {@link parseNumpyDtype} for
 * NumPy's other spellings such as `int32` or `d`).
 *
 * @example
 * ```ts
 * import { parseDataType } from "@zarrkit/core";
 * import { castArray } from "@zarrkit/numpy-cast";
 *
 * const f8 = parseDataType("<f8");
 * const u1 = parseDataType("|u1");
 * castArray(Float64Array.of(1.9, -1, 300), f8, u1); // Uint8Array [1, 255, 44], as NumPy's astype
 * ```
 *
 * @packageDocumentation
 */
import {
  bytesToChunk,
  chunkToBytes,
  CodecError,
  type DataType,
  type TypedArray,
  typedArrayFor,
} from "@zarrkit/core";

/**
 * True for bool, signed and unsigned integer and float dtypes (kinds `b`, `i`, `u`, `f`): the
 * types the numeric filters compute on. Complex, strings, datetimes, structs and objects are
 * false.
 */
export function isRealNumeric(dtype: DataType): boolean {
  return dtype.kind === "b" || dtype.kind === "i" || dtype.kind === "u" || dtype.kind === "f";
}

function isBig(dtype: DataType): boolean {
  return (dtype.kind === "i" || dtype.kind === "u") && dtype.itemsize === 8;
}

/**
 * Fresh zeroed storage for `n` elements of a numeric dtype, in core's in-memory form (see the
 * package summary: BigInt64Array for 64-bit integers, Float32Array for float16, ...).
 *
 * @throws `CodecError` (from `@zarrkit/core`) when `dtype` has no typed array (not numeric).
 */
export function allocateNumeric(dtype: DataType, n: number): TypedArray {
  const Ctor = typedArrayFor(dtype);
  if (!Ctor) throw new CodecError(`dtype ${dtype.str} is not numeric`);
  return new Ctor(n);
}

/**
 * The elements stored in `bytes`, decoded as `dtype` into a new typed array (a copy: byte order
 * swapped to native, float16 widened).
 *
 * @param id - The codec id to name in the error message.
 * @throws `CodecError` (from `@zarrkit/core`) when the byte length is not a multiple of the
 *   itemsize.
 */
export function readElements(id: string, dtype: DataType, bytes: Uint8Array): TypedArray {
  if (bytes.byteLength % dtype.itemsize !== 0) {
    throw new CodecError(
      `${id}: ${bytes.byteLength} bytes are not a whole number of ${dtype.str} elements`,
    );
  }
  return bytesToChunk(dtype, bytes, bytes.byteLength / dtype.itemsize, true) as TypedArray;
}

/**
 * The stored bytes of `data` as elements of `dtype`, in the dtype's byte order (float16
 * narrowed back to 2 bytes each): the inverse of {@link readElements}. When no conversion is
 * needed the result is a view of `data`'s memory, not a copy.
 */
export function writeElements(dtype: DataType, data: TypedArray): Uint8Array {
  return chunkToBytes(dtype, data, data.length);
}

// ---- rounding to a float type -------------------------------------------------------------

/**
 * `x` rounded to the nearest float16 value (ties to even), straight from the double (no
 * double rounding through float32), as a number. Beyond float16's range it is ±Infinity; NaN,
 * infinities and zeros come back as they are.
 */
export function roundToHalf(x: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  const a = Math.abs(x);
  if (a >= 65520) return x > 0 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e--;
  else if (2 ** (e + 1) <= a) e++;
  // 10 fraction bits; below 2^-14 the spacing stays 2^-24 (subnormals).
  const quantum = 2 ** (Math.max(e, -14) - 10);
  const r = roundHalfEven(a / quantum) * quantum;
  return x < 0 ? -r : r;
}

/**
 * `x` rounded to the nearest integer, ties to even (NumPy's `around`/`rint`: 0.5 → 0,
 * 1.5 → 2, -0.4 → -0). NaN and infinities come back unchanged.
 */
export function roundHalfEven(x: number): number {
  if (!Number.isFinite(x)) return x;
  const f = Math.floor(x);
  const d = x - f;
  let r: number;
  if (d < 0.5) r = f;
  else if (d > 0.5) r = f + 1;
  else r = f % 2 === 0 ? f : f + 1;
  // Keep the sign of zero as rint does (-0.4 -> -0).
  return r === 0 && (x < 0 || Object.is(x, -0)) ? -0 : r;
}

/**
 * `x` rounded to a float type of `itemsize` bytes: 8 returns it as is, 4 is `Math.fround`, any
 * other size is float16 ({@link roundToHalf}).
 */
export function roundToFloat(x: number, itemsize: number): number {
  if (itemsize === 8) return x;
  if (itemsize === 4) return Math.fround(x);
  return roundToHalf(x);
}

/** A 64-bit integer rounded to float32, correctly (NumPy converts int64 to float32 in one step). */
function bigToFloat32(v: bigint): number {
  const neg = v < 0n;
  let a = neg ? -v : v;
  if (a < 1n << 53n) return Math.fround(neg ? -Number(a) : Number(a));
  const bits = a.toString(2).length;
  const drop = BigInt(bits - 24);
  const rem = a & ((1n << drop) - 1n);
  let m = a >> drop;
  const half = 1n << (drop - 1n);
  if (rem > half || (rem === half && (m & 1n) === 1n)) m++;
  a = m << drop;
  const r = Math.fround(Number(a));
  return neg ? -r : r;
}

// ---- float to integer (x86-64 conversions) -------------------------------------------------

const TWO31 = 2 ** 31;
const TWO63 = 2 ** 63;

/** cvttsd2si to 32 bits: truncation, or -2^31 for NaN and out of range. */
function toInt32(x: number): number {
  const t = Math.trunc(x);
  return t >= -TWO31 && t < TWO31 ? t : -TWO31;
}

/** cvttsd2si to 64 bits: truncation, or -2^63 for NaN and out of range. */
function toInt64(x: number): bigint {
  const t = Math.trunc(x);
  return t >= -TWO63 && t < TWO63 ? BigInt(t) : -(1n << 63n);
}

function floatToInt(x: number, to: DataType): number | bigint {
  if (to.itemsize === 8) {
    if (to.kind === "i") return toInt64(x);
    // unsigned 64-bit: values from 2^63 are converted after subtracting 2^63.
    if (x >= TWO63) return BigInt.asUintN(64, toInt64(x - TWO63) ^ (1n << 63n));
    return BigInt.asUintN(64, toInt64(x));
  }
  if (to.kind === "u" && to.itemsize === 4) return Number(BigInt.asUintN(32, toInt64(x)));
  return wrapSmall(toInt32(x), to); // NumPy keeps the low bits of the 32-bit conversion
}

/** The low bits of an integer-valued number, as the integer dtype `to` (up to 32 bits) reads them. */
function wrapSmall(n: number, to: DataType): number {
  const bits = to.itemsize * 8;
  if (to.kind === "u") return bits === 32 ? n >>> 0 : n & ((1 << bits) - 1);
  return bits === 32 ? n | 0 : (n << (32 - bits)) >> (32 - bits);
}

// ---- casting -------------------------------------------------------------------------------

/**
 * NumPy's unsafe cast of one element of numeric dtype `from` to numeric dtype `to` (the rules
 * are in the package summary). 64-bit integer types take and give `bigint`, every other type
 * `number`; bool results are 1 or 0 (NaN is true).
 */
export function castValue(v: number | bigint, from: DataType, to: DataType): number | bigint {
  if (to.kind === "b") return (typeof v === "bigint" ? v !== 0n : v !== 0) ? 1 : 0; // NaN is true
  if (to.kind === "f") {
    if (typeof v === "bigint") {
      if (to.itemsize === 8) return Number(v);
      return to.itemsize === 4 ? bigToFloat32(v) : roundToHalf(Number(v));
    }
    return roundToFloat(v, to.itemsize);
  }
  if (from.kind === "f") return floatToInt(v as number, to);
  if (to.itemsize === 8) {
    const big = typeof v === "bigint" ? v : BigInt(v);
    return to.kind === "u" ? BigInt.asUintN(64, big) : BigInt.asIntN(64, big);
  }
  return wrapSmall(typeof v === "bigint" ? Number(BigInt.asIntN(32, v)) : v, to);
}

/**
 * NumPy's `src.astype(to)` (unsafe casting) from dtype `from`, into new storage: a typed array
 * of `to`'s in-memory form with `src.length` elements. Both dtypes must be numeric (see
 * {@link isRealNumeric}); `src` is not changed.
 */
export function castArray(src: TypedArray, from: DataType, to: DataType): TypedArray {
  const n = src.length;
  const out = allocateNumeric(to, n);
  const sameStorage =
    (from.kind === to.kind && from.itemsize === to.itemsize) ||
    // integer to integer of the same width or narrower: the typed array store wraps
    (from.kind !== "f" && to.kind !== "f" && to.kind !== "b" && !isBig(from) && !isBig(to));
  if (sameStorage) {
    (out as Int32Array).set(src as Int32Array);
    return out;
  }
  const o = out as unknown as { [i: number]: number | bigint };
  const s = src as unknown as { [i: number]: number | bigint };
  for (let i = 0; i < n; i++) o[i] = castValue(s[i]!, from, to);
  return out;
}

/**
 * `a <op> b` in NumPy arithmetic of dtype `t` (both operands already of type `t`): floats
 * rounded to `t`'s precision, integers wrapped modulo 2^bits. Integer operands of 64-bit types
 * are `bigint`, and so is the result.
 *
 * @throws `CodecError` (from `@zarrkit/core`) for `/` on an integer type (NumPy's true division
 *   gives a float64; cast to float64 first).
 */
export function arith(
  op: "+" | "-" | "*" | "/",
  a: number | bigint,
  b: number | bigint,
  t: DataType,
): number | bigint {
  if (t.kind === "f") {
    const x = a as number;
    const y = b as number;
    const r = op === "+" ? x + y : op === "-" ? x - y : op === "*" ? x * y : x / y;
    return roundToFloat(r, t.itemsize);
  }
  if (op === "/") throw new CodecError("integer true division is done in float64");
  const x = BigInt(a);
  const y = BigInt(b);
  const r = op === "+" ? x + y : op === "-" ? x - y : x * y;
  const w = wrapInteger(r, t);
  return t.itemsize === 8 ? w : Number(w);
}

/**
 * An exact integer result wrapped to the integer dtype `to`, as a bigint (NumPy integer
 * arithmetic overflows modulo 2^bits): `wrapInteger(300n, u1)` is `44n`.
 */
export function wrapInteger(v: bigint, to: DataType): bigint {
  const bits = to.itemsize * 8;
  return to.kind === "u" ? BigInt.asUintN(bits, v) : BigInt.asIntN(bits, v);
}

// ---- NumPy 1.x type promotion (value-based for Python scalars) -----------------------------

const NATIVE: Record<string, string> = {
  b1: "|b1",
  i1: "|i1",
  u1: "|u1",
  i2: "<i2",
  u2: "<u2",
  i4: "<i4",
  u4: "<u4",
  i8: "<i8",
  u8: "<u8",
  f2: "<f2",
  f4: "<f4",
  f8: "<f8",
};

/**
 * A native-order (little-endian) numeric type string: `numericStr("f", 8)` is `<f8`, and
 * one-byte types get `|` (`numericStr("u", 1)` is `|u1`). Sizes are 1, 2, 4 or 8 bytes (bool 1,
 * floats 2, 4, 8).
 */
export function numericStr(kind: "b" | "i" | "u" | "f", itemsize: number): string {
  return NATIVE[`${kind}${itemsize}`]!;
}

/**
 * A numeric type for the promotion rules, without byte order: its NumPy kind and size in bytes
 * (`{ kind: "f", itemsize: 8 }` is float64). {@link numericStr} turns it into a type string.
 */
export type Num = {
  /** `b` bool, `i` signed integer, `u` unsigned integer, `f` float. */
  kind: "b" | "i" | "u" | "f";
  /** Bytes per element: 1, 2, 4 or 8. */
  itemsize: number;
};

/**
 * NumPy's `np.promote_types(a, b)` for bool, integer and float types: the smallest type both
 * cast to safely (`i1` with `u1` is `i2`, `u8` with any signed integer is `f8`, `i4` with `f4`
 * is `f8`).
 */
export function promoteTypes(a: Num, b: Num): Num {
  if (a.kind === "b") return b;
  if (b.kind === "b") return a;
  if (a.kind === b.kind) return a.itemsize >= b.itemsize ? a : b;
  if (a.kind === "f" || b.kind === "f") {
    const [f, i] = a.kind === "f" ? [a, b] : [b, a];
    const need = i.itemsize === 1 ? 2 : i.itemsize === 2 ? 4 : 8;
    return { kind: "f", itemsize: Math.max(need, f.itemsize) };
  }
  const [u, s] = a.kind === "u" ? [a, b] : [b, a];
  if (s.itemsize > u.itemsize) return s;
  if (u.itemsize < 8) return { kind: "i", itemsize: u.itemsize * 2 };
  return { kind: "f", itemsize: 8 };
}

/**
 * A Python number from a codec config, keeping whether Python saw an `int` or a `float`
 * (`1` and `1.0` promote differently in NumPy 1.x).
 */
export interface PyNumber {
  /** The number's value. */
  value: number;
  /** True for a Python `float` (`1.0`, `0.5`), false for an `int`. */
  isFloat: boolean;
}

/**
 * NumPy's `np.min_scalar_type` of a Python int or float: the smallest type that holds the value
 * (unsigned for ints >= 0; for floats, float16 strictly between -65000 and 65000, and for NaN
 * and infinities).
 */
export function minScalarType(x: PyNumber): Num {
  const v = x.value;
  if (x.isFloat) {
    if (!Number.isFinite(v) || (v > -65000 && v < 65000)) return { kind: "f", itemsize: 2 };
    if (v > -3.4028234663852886e38 && v < 3.4028234663852886e38) return { kind: "f", itemsize: 4 };
    return { kind: "f", itemsize: 8 };
  }
  if (v >= 0) {
    const size = v <= 0xff ? 1 : v <= 0xffff ? 2 : v <= 0xffffffff ? 4 : 8;
    return { kind: "u", itemsize: size };
  }
  const size = v >= -128 ? 1 : v >= -32768 ? 2 : v >= -TWO31 ? 4 : 8;
  return { kind: "i", itemsize: size };
}

/**
 * The dtype of `array <op> scalar` in NumPy 1.x: the scalar counts by its smallest type when
 * its category (int < float) is not above the array's, otherwise as int64 or float64.
 * For example a `u1` array plus the int 300 is `u2`, and an `i4` array times 0.5 is `f8`.
 */
export function resultTypeWithScalar(array: Num, scalar: PyNumber): Num {
  const arrayCat = array.kind === "b" ? 0 : array.kind === "f" ? 2 : 1;
  const scalarCat = scalar.isFloat ? 2 : 1;
  const st: Num =
    arrayCat >= scalarCat
      ? minScalarType(scalar)
      : scalar.isFloat
        ? { kind: "f", itemsize: 8 }
        : { kind: "i", itemsize: 8 };
  return promoteTypes(array, st);
}
export { parseNumpyDtype } from "./dtype-names.js";
