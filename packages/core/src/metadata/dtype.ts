import { MetadataError } from "../errors.js";
import { newSharedBuffer } from "../runtime/shared-buffer.js";
import {
  isStructuredSpec,
  parseStructuredDataType,
  type StructField,
  type StructRecord,
  type StructuredDtypeSpec,
} from "./structured-dtype.js";

/**
 * NumPy data types as a v2 `.zarray` names them, and how each maps to JavaScript.
 *
 * | NumPy            | chunk data in JS            | one element        |
 * | ---------------- | --------------------------- | ------------------ |
 * | `\|b1`           | `Uint8Array` of 0/1         | `boolean`          |
 * | `i1 i2 i4`       | `Int8/16/32Array`           | `number`           |
 * | `u1 u2 u4`       | `Uint8/16/32Array`          | `number`           |
 * | `i8 u8`          | `BigInt64Array/BigUint64Array` | `bigint`        |
 * | `f2`             | `Float32Array` (exact widening) | `number`       |
 * | `f4 f8`          | `Float32Array/Float64Array` | `number`           |
 * | `c8 c16`         | `Float32Array/Float64Array`, re/im interleaved | `[re, im]` |
 * | `M8[u] m8[u]`    | `BigInt64Array` of ticks of unit `u` (NaT is -2^63) | `bigint` |
 * | `S<n>`           | `Uint8Array[]` (trailing NULs stripped, as NumPy does) | `Uint8Array` |
 * | `U<n>`           | `string[]` (trailing NULs stripped) | `string`   |
 * | `O`              | `unknown[]` (filled by an object codec such as vlen-utf8) | `unknown` |
 * | `V<n>`           | `Uint8Array[]` (exactly n bytes each) | `Uint8Array` |
 * | structured       | records (see structured-dtype.ts) | `{ field: value }` |
 */
export type DataTypeKind = "b" | "i" | "u" | "f" | "c" | "M" | "m" | "S" | "U" | "O" | "V";

/**
 * A parsed NumPy data type: what {@link parseDataType} returns and `ZarrArray.dtype` holds, the
 * counterpart of a `numpy.dtype`. Compare types by `str`. See {@link DataTypeKind} for how each
 * kind's data looks in JavaScript.
 */
export interface DataType {
  /** Normalized NumPy type string as it appears in `.zarray`, e.g. `<i4`, `|b1`, `<M8[ns]`. */
  readonly str: string;
  /**
   * NumPy's kind character (`dtype.kind`): `b` bool, `i` signed and `u` unsigned integer, `f`
   * float, `c` complex, `M` datetime, `m` timedelta, `S` bytes, `U` unicode, `O` object, `V`
   * void and structured.
   */
  readonly kind: DataTypeKind;
  /** Bytes per element in the stored representation. */
  readonly itemsize: number;
  /** `<` little, `>` big, `|` not applicable (single bytes, bytes strings, objects). */
  readonly byteOrder: "<" | ">" | "|";
  /** What NumPy prints for the type (`int32`, `>i4`, `|S8`, `datetime64[ns]`), used by reprs. */
  readonly display: string;
  /** Time unit of `M8`/`m8` types, e.g. `ns`. */
  readonly unit?: string;
  /** Elements per item in the JS typed array (2 for complex, 1 otherwise). */
  readonly lanes: number;
  /** The fields of a structured dtype (kind `V`), in storage order. */
  readonly fields?: readonly StructField[];
}

/**
 * NumPy's one-letter type codes (as on 64-bit Linux, where `l` is 8 bytes). `b` alone is int8,
 * unlike `b1`, which is bool.
 */
const ONE_LETTER_CODES: Record<string, string> = {
  b: "i1",
  B: "u1",
  h: "i2",
  H: "u2",
  i: "i4",
  I: "u4",
  l: "i8",
  L: "u8",
  q: "i8",
  Q: "u8",
  e: "f2",
  f: "f4",
  d: "f8",
  F: "c8",
  D: "c16",
  "?": "b1",
};

const NAME_TO_STR: Record<string, string> = {
  // Zarr v3's variable-length UTF-8 strings: an object array in memory, as v2's vlen-utf8.
  string: "|O",
  bool: "|b1",
  int8: "|i1",
  uint8: "|u1",
  int16: "<i2",
  uint16: "<u2",
  int32: "<i4",
  uint32: "<u4",
  int64: "<i8",
  uint64: "<u8",
  float16: "<f2",
  float32: "<f4",
  float64: "<f8",
  complex64: "<c8",
  complex128: "<c16",
  object: "|O",
};

const VALID_SIZES: Record<string, readonly number[]> = {
  b: [1],
  i: [1, 2, 4, 8],
  u: [1, 2, 4, 8],
  f: [2, 4, 8],
  c: [8, 16],
  M: [8],
  m: [8],
};

const TIME_UNITS = new Set([
  "Y",
  "M",
  "W",
  "D",
  "h",
  "m",
  "s",
  "ms",
  "us",
  "μs",
  "ns",
  "ps",
  "fs",
  "as",
]);

const NUMERIC_NAMES: Record<string, string> = {
  b1: "bool",
  i1: "int8",
  i2: "int16",
  i4: "int32",
  i8: "int64",
  u1: "uint8",
  u2: "uint16",
  u4: "uint32",
  u8: "uint64",
  f2: "float16",
  f4: "float32",
  f8: "float64",
  c8: "complex64",
  c16: "complex128",
};

const cache = new Map<string, DataType>();

/**
 * Parse a NumPy dtype string (`"i4"`, `"<f8"`, `">u2"`, `"|S8"`, `"U6"`, `"M8[ns]"`) or name
 * (`"int32"`, `"float64"`, `"bool"`, `"datetime64[ms]"`). Native order is little-endian, as
 * NumPy writes on every machine zarr-python runs on.
 *
 * Also takes a structured dtype in its list form (`[["x", "<f4"], ["y", "<f4"]]`) and returns a
 * `DataType` as it is. NumPy's `np.dtype(...)`.
 *
 * @throws {@link MetadataError} for a string NumPy would not understand (or zarrkit does not
 *   support), naming the input.
 *
 * @example
 * ```ts
 * const t = parseDataType("int32");
 * t.str; // "<i4"
 * t.itemsize; // 4
 * parseDataType(">f8").byteOrder; // ">"
 * ```
 */
export function parseDataType(input: string | DataType | StructuredDtypeSpec): DataType {
  if (isStructuredSpec(input)) {
    const key = `struct:${JSON.stringify(input)}`;
    const hit = cache.get(key);
    if (hit) return hit;
    const parsed = parseStructuredDataType(input, parseDataType);
    cache.set(key, parsed);
    return parsed;
  }
  if (typeof input !== "string") return input;
  const hit = cache.get(input);
  if (hit) return hit;
  const parsed = parseUncached(input);
  cache.set(input, parsed);
  return parsed;
}

function parseUncached(input: string): DataType {
  // No trimming: NumPy refuses "i4 " ("data type 'i4 ' not understood"), so must we.
  let text = input;
  const named = NAME_TO_STR[text];
  if (named) text = named;
  const code = /^([<>|=]?)([bBhHiIlLqQefdFD?])$/.exec(text);
  if (code) text = `${code[1]}${ONE_LETTER_CODES[code[2]!]}`;
  const dt = /^(datetime64|timedelta64)(\[(\w+)\])?$/.exec(text);
  if (dt) text = `<${dt[1] === "datetime64" ? "M8" : "m8"}${dt[2] ?? ""}`;
  const m = /^([<>|=]?)([biufcMmSUOV])(\d*)(?:\[(\w+)\])?$/.exec(text);
  if (!m)
    throw new MetadataError(
      `unsupported dtype ${JSON.stringify(input)}: NumPy does not understand it; expected a type string such as "<i4", "|S8" or "<M8[ns]", or a name such as "int32", with no spaces`,
    );
  const [, order = "", kindChar, sizeText, unit] = m;
  const kind = kindChar as DataTypeKind;
  if (kind === "O") {
    return { str: "|O", kind, itemsize: 8, byteOrder: "|", display: "object", lanes: 1 };
  }
  if (kind === "V") {
    const n = sizeText === "" ? 0 : Number(sizeText);
    if (!Number.isInteger(n) || n < 1 || unit) {
      throw new MetadataError(
        `dtype ${JSON.stringify(input)}: raw void types need a positive length, e.g. "V8"`,
      );
    }
    return { str: `|V${n}`, kind, itemsize: n, byteOrder: "|", display: `|V${n}`, lanes: 1 };
  }
  if (kind === "S" || kind === "U") {
    const n = sizeText === "" ? 0 : Number(sizeText);
    if (sizeText === "" || !Number.isInteger(n) || n < 1) {
      throw new MetadataError(
        `dtype ${JSON.stringify(input)}: string types need a positive length, e.g. "S8" or "<U6"`,
      );
    }
    checkStringItemsize(input, kind === "S" ? n : 4 * n);
    if (kind === "S") {
      return { str: `|S${n}`, kind, itemsize: n, byteOrder: "|", display: `|S${n}`, lanes: 1 };
    }
    const byteOrder = order === ">" ? ">" : "<";
    return {
      str: `${byteOrder}U${n}`,
      kind,
      itemsize: 4 * n,
      byteOrder,
      display: `${byteOrder}U${n}`,
      lanes: 1,
    };
  }
  let itemsize: number;
  if (kind === "M" || kind === "m") {
    itemsize = sizeText === "" ? 8 : Number(sizeText);
    if (!unit) {
      throw new MetadataError(
        `dtype ${JSON.stringify(input)}: datetime64 and timedelta64 need a unit, e.g. "M8[ns]"`,
      );
    }
    if (!TIME_UNITS.has(unit)) {
      throw new MetadataError(
        `dtype ${JSON.stringify(input)}: unknown time unit ${JSON.stringify(unit)}`,
      );
    }
  } else {
    if (unit) throw new MetadataError(`dtype ${JSON.stringify(input)}: only M8/m8 take a unit`);
    itemsize = sizeText === "" ? (kind === "b" ? 1 : 0) : Number(sizeText);
    if (sizeText === "" && kind !== "b") {
      throw new MetadataError(`dtype ${JSON.stringify(input)}: missing item size, e.g. "i4"`);
    }
  }
  if (!VALID_SIZES[kind]!.includes(itemsize)) {
    throw new MetadataError(
      `dtype ${JSON.stringify(input)}: ${kind}${itemsize} is not a NumPy type`,
    );
  }
  const byteOrder: "<" | ">" | "|" = itemsize === 1 ? "|" : order === ">" ? ">" : "<";
  const core = `${kind}${itemsize}`;
  const str = `${byteOrder}${core}${unit ? `[${unit}]` : ""}`;
  let display: string;
  if (kind === "M" || kind === "m") {
    display = `${kind === "M" ? "datetime64" : "timedelta64"}[${unit}]`;
    if (byteOrder === ">") display = str;
  } else {
    display = byteOrder === ">" ? str : NUMERIC_NAMES[core]!;
  }
  return {
    str,
    kind,
    itemsize,
    byteOrder,
    display,
    lanes: kind === "c" ? 2 : 1,
    ...(unit ? { unit } : {}),
  };
}

/** NumPy keeps an item size in a C int; larger ones wrap around (`S2147483648` is `S-2147483648`). */
const MAX_ITEMSIZE = 2 ** 31 - 1;

function checkStringItemsize(input: string, itemsize: number): void {
  if (itemsize > MAX_ITEMSIZE) {
    throw new MetadataError(
      `dtype ${JSON.stringify(input)}: an item of ${itemsize} bytes exceeds NumPy's limit of ${MAX_ITEMSIZE} bytes per item`,
    );
  }
}

/** The typed array class that holds decoded elements of a numeric dtype. */
export type TypedArray =
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | Float32Array
  | Float64Array
  | BigInt64Array
  | BigUint64Array;

/** Any typed-array constructor, taken as a view over an existing (possibly shared) buffer. */
export type TypedArrayViewConstructor = new (
  buffer: ArrayBufferLike,
  byteOffset?: number,
  length?: number,
) => TypedArray;

/** The typed-array classes a numeric dtype's data is held in (see {@link typedArrayFor}). */
export type TypedArrayConstructor =
  | Int8ArrayConstructor
  | Uint8ArrayConstructor
  | Int16ArrayConstructor
  | Uint16ArrayConstructor
  | Int32ArrayConstructor
  | Uint32ArrayConstructor
  | Float32ArrayConstructor
  | Float64ArrayConstructor
  | BigInt64ArrayConstructor
  | BigUint64ArrayConstructor;

/** Chunk data in memory: a typed array for numeric types, a plain array otherwise. */
export type ChunkData = TypedArray | string[] | Uint8Array[] | unknown[];

/**
 * The typed array class that holds a numeric dtype's data in memory (`Int32Array` for `<i4`,
 * `BigInt64Array` for `<i8` and datetimes, `Float32Array` for float16, `Uint8Array` for bool,
 * `Float64Array` for complex128 with re/im interleaved), or undefined for the kinds kept in
 * plain arrays: S, U, O and V.
 */
export function typedArrayFor(dtype: DataType): TypedArrayConstructor | undefined {
  switch (dtype.kind) {
    case "b":
      return Uint8Array;
    case "i":
      return ({ 1: Int8Array, 2: Int16Array, 4: Int32Array, 8: BigInt64Array } as const)[
        dtype.itemsize as 1 | 2 | 4 | 8
      ];
    case "u":
      return ({ 1: Uint8Array, 2: Uint16Array, 4: Uint32Array, 8: BigUint64Array } as const)[
        dtype.itemsize as 1 | 2 | 4 | 8
      ];
    case "f":
      return dtype.itemsize === 8 ? Float64Array : Float32Array;
    case "c":
      return dtype.itemsize === 16 ? Float64Array : Float32Array;
    case "M":
    case "m":
      return BigInt64Array;
    default:
      return undefined;
  }
}

/** True when in-memory elements are the stored bytes, so chunks need no conversion at all. */
export function isByteIdentical(dtype: DataType): boolean {
  if (dtype.kind === "S" || dtype.kind === "U" || dtype.kind === "O" || dtype.kind === "V")
    return false;
  if (dtype.kind === "f" && dtype.itemsize === 2) return false;
  return dtype.byteOrder !== ">";
}

/**
 * New in-memory storage for `n` elements of `dtype`: a typed array for numeric types, a plain
 * array otherwise (see {@link DataTypeKind}).
 *
 * @param fill - The value of every element, in its JS form (a decoded fill value). Default:
 *   zeros for numeric types, `""` for U, empty bytes for S, null otherwise.
 * @param shared - Put a typed array over a `SharedArrayBuffer`, for workers. Default: false.
 */
export function allocate(dtype: DataType, n: number, fill?: unknown, shared = false): ChunkData {
  const Ctor = typedArrayFor(dtype);
  if (Ctor) {
    const out = shared
      ? new (Ctor as TypedArrayViewConstructor)(
          newSharedBuffer(n * dtype.lanes * Ctor.BYTES_PER_ELEMENT),
        )
      : new Ctor(n * dtype.lanes);
    if (fill !== undefined && fill !== null) fillTyped(dtype, out, fill);
    return out;
  }
  const value = fill ?? defaultElement(dtype);
  return new Array(n).fill(value);
}

function defaultElement(dtype: DataType): unknown {
  if (dtype.kind === "U") return "";
  if (dtype.kind === "S") return new Uint8Array(0);
  return null;
}

function fillTyped(dtype: DataType, out: TypedArray, fill: unknown): void {
  if (dtype.kind === "c") {
    const [re, im] = fill as [number, number];
    if (re === 0 && im === 0) return;
    const f = out as Float32Array | Float64Array;
    for (let i = 0; i < f.length; i += 2) {
      f[i] = re;
      f[i + 1] = im;
    }
    return;
  }
  const v = toElement(dtype, fill);
  if (v === 0 || v === 0n) {
    if (!Object.is(v, -0)) return;
  }
  (out as { fill(v: unknown): unknown }).fill(v);
}

/** Convert one JS value to what the dtype's typed array stores (bigint, 0/1, number). */
export function toElement(dtype: DataType, value: unknown): number | bigint {
  switch (dtype.kind) {
    case "b":
      return value ? 1 : 0;
    case "i":
    case "u":
      if (dtype.itemsize === 8)
        return typeof value === "bigint" ? value : BigInt(Math.trunc(Number(value)));
      return typeof value === "bigint" ? Number(value) : Number(value);
    case "M":
    case "m":
      return typeof value === "bigint" ? value : BigInt(Math.trunc(Number(value)));
    default:
      return Number(value);
  }
}

/**
 * Element `i` (a flat C-order index) of in-memory chunk data as a JS value: a boolean for bool,
 * a bigint for 64-bit integers and datetimes, `[re, im]` for complex, a number for the other
 * numeric types, the stored value itself for strings, bytes, objects and records.
 */
export function elementAt(dtype: DataType, data: ChunkData, i: number): unknown {
  if (dtype.kind === "b") return (data as Uint8Array)[i] !== 0;
  if (dtype.kind === "c") {
    const f = data as Float32Array | Float64Array;
    return [f[2 * i], f[2 * i + 1]];
  }
  return (data as ArrayLike<unknown>)[i];
}

/**
 * Store one JS value at element `i` (a flat C-order index) of in-memory chunk data, converted
 * to what the typed array holds (a boolean to 0/1, a number to a bigint for 64-bit types,
 * `[re, im]` or a real number for complex); plain arrays store the value as it is.
 */
export function setElement(dtype: DataType, data: ChunkData, i: number, value: unknown): void {
  const Ctor = typedArrayFor(dtype);
  if (!Ctor) {
    (data as unknown[])[i] = value;
    return;
  }
  if (dtype.kind === "c") {
    const [re, im] = Array.isArray(value) ? (value as [number, number]) : [Number(value), 0];
    const f = data as Float32Array | Float64Array;
    f[2 * i] = re;
    f[2 * i + 1] = im;
    return;
  }
  (data as { [k: number]: unknown })[i] = toElement(dtype, value);
}

/** Big-endian data is swapped in place; `width` is the size of each swapped unit. */
export function byteswap(bytes: Uint8Array, width: number): void {
  if (width <= 1) return;
  for (let i = 0; i + width <= bytes.length; i += width) {
    for (let a = i, b = i + width - 1; a < b; a++, b--) {
      const t = bytes[a]!;
      bytes[a] = bytes[b]!;
      bytes[b] = t;
    }
  }
}

/** Width of the units that byte order applies to: complex numbers swap each half. */
export function swapWidth(dtype: DataType): number {
  if (dtype.kind === "c") return dtype.itemsize / 2;
  if (dtype.kind === "U") return 4;
  return dtype.itemsize;
}

// ---- Type-level mapping, so `zeros(shape, { dtype: "i4" })` is typed as holding Int32Array ----

type Order = "<" | ">" | "|" | "=" | "";
/** A dtype string without its byte-order character (`"<i4"` becomes `"i4"`). */
export type Strip<D extends string> = D extends `${"<" | ">" | "|" | "="}${infer R}` ? R : D;

/**
 * The in-memory data type for a dtype string literal (falls back to ChunkData). `"V"` is the
 * type parameter for structured arrays, whose dtype is a list: `zeros<"V">(shape, { dtype })`.
 */
export type DataFor<D extends string> = D extends "V"
  ? StructRecord[]
  : Strip<D> extends `V${number}`
    ? Uint8Array[]
    : DataForScalar<D>;

/** {@link DataFor} for the dtypes that are not structured or raw bytes. */
export type DataForScalar<D extends string> =
  Strip<D> extends "b1" | "bool"
    ? Uint8Array
    : Strip<D> extends "i1" | "int8"
      ? Int8Array
      : Strip<D> extends "u1" | "uint8"
        ? Uint8Array
        : Strip<D> extends "i2" | "int16"
          ? Int16Array
          : Strip<D> extends "u2" | "uint16"
            ? Uint16Array
            : Strip<D> extends "i4" | "int32"
              ? Int32Array
              : Strip<D> extends "u4" | "uint32"
                ? Uint32Array
                : Strip<D> extends
                      | "i8"
                      | "int64"
                      | `M8[${string}]`
                      | `m8[${string}]`
                      | `datetime64[${string}]`
                      | `timedelta64[${string}]`
                  ? BigInt64Array
                  : Strip<D> extends "u8" | "uint64"
                    ? BigUint64Array
                    : Strip<D> extends "f2" | "f4" | "float16" | "float32" | "c8" | "complex64"
                      ? Float32Array
                      : Strip<D> extends "f8" | "float64" | "c16" | "complex128"
                        ? Float64Array
                        : Strip<D> extends `U${number}`
                          ? string[]
                          : Strip<D> extends `S${number}`
                            ? Uint8Array[]
                            : Strip<D> extends "O" | "object"
                              ? unknown[]
                              : ChunkData;

/**
 * The TypeScript type of one element for a dtype string literal (`ScalarFor<"i4">` is `number`,
 * `ScalarFor<"i8">` is `bigint`, `ScalarFor<"bool">` is `boolean`): what `get` of a single
 * element resolves to.
 */
export type ScalarFor<D extends string> = D extends "V"
  ? StructRecord
  : Strip<D> extends `V${number}`
    ? Uint8Array
    : ScalarForScalar<D>;

/** {@link ScalarFor} for the dtypes that are not structured or raw bytes. */
export type ScalarForScalar<D extends string> =
  Strip<D> extends "b1" | "bool"
    ? boolean
    : DataFor<D> extends BigInt64Array | BigUint64Array
      ? bigint
      : Strip<D> extends "c8" | "c16" | "complex64" | "complex128"
        ? [number, number]
        : DataFor<D> extends TypedArray
          ? number
          : DataFor<D> extends string[]
            ? string
            : DataFor<D> extends Uint8Array[]
              ? Uint8Array
              : unknown;

export type { Order as ByteOrderPrefix };
