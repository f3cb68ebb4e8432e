import {
  asBytes,
  type ChunkInfo,
  type Codec,
  type CodecConfig,
  CodecError,
  type CodecInput,
  type DataType,
  parseDataType,
  type TypedArray,
} from "@zarrkit/core";
import {
  parseNumpyDtype,
  allocateNumeric,
  castArray,
  type Num,
  numericStr,
  promoteTypes,
  readElements,
  roundToFloat,
  writeElements,
} from "@zarrkit/numpy-cast";
import type { LaneType } from "./scalar-delta.js";
import { decodeSameType, encodeSameType, laneType } from "./same-type-delta.js";

/**
 * Options of {@link Delta}, as numcodecs' `Delta(dtype, astype=None)` takes them. Both are
 * integer or float NumPy types in either byte order (`"<i4"`, `"int32"`, `"f2"`, ...).
 */
export interface DeltaOptions {
  /**
   * NumPy type of the decoded data (the filter views its input as this type), normally the
   * array's dtype. Required.
   */
  dtype: string;
  /**
   * NumPy type of the encoded differences; defaults to `dtype`. When it is too small, the
   * differences wrap as NumPy wraps them (and data are lost, as with numcodecs).
   */
  astype?: string | null;
}

const KEYS = new Set(["dtype", "astype"]);

function numericType(field: string, value: unknown): DataType {
  if (typeof value !== "string") {
    throw new CodecError(
      `delta: "${field}" must be a NumPy dtype string, got ${JSON.stringify(value)}`,
    );
  }
  let dt: DataType;
  try {
    dt = parseNumpyDtype(value);
  } catch (e) {
    throw new CodecError(`delta: "${field}": ${(e as Error).message}`);
  }
  if (dt.kind !== "i" && dt.kind !== "u" && dt.kind !== "f") {
    throw new CodecError(
      `delta: "${field}" ${JSON.stringify(value)} (${dt.str}) is not supported: Delta takes integer or float types`,
    );
  }
  return dt;
}

/** Kinds of array data a Delta filter may see: numbers, and datetimes viewed as integers. */
const INPUT_KINDS = new Set(["i", "u", "f", "M", "m"]);

/**
 * numcodecs' `Delta`: stores the first element, then the difference of each element from the
 * one before, in `astype` (wrapping like NumPy if it is too small). Decoding is a cumulative sum.
 *
 * Importing the package registers the id `delta` (no Zarr v3 name: v3 metadata call it
 * `numcodecs.delta`).
 *
 * @example
 * ```ts
 * import { zeros } from "@zarrkit/core";
 * import { MemoryStore } from "@zarrkit/store-memory";
 * import { Delta } from "@zarrkit/filter-delta";
 *
 * const f = new Delta({ dtype: "i4", astype: "i2" });
 * String(f); // "Delta(dtype='<i4', astype='<i2')"
 * const z = await zeros([1000], { dtype: "i4", store: new MemoryStore(), filters: [f] });
 * ```
 */
export class Delta implements Codec {
  /** The id this filter is registered under and written as in `.zarray` (`"delta"`). */
  static readonly codecId = "delta";
  readonly id = "delta";
  /** The decoded type, parsed (its normalised NumPy string is `dtype.str`, e.g. `"<i4"`). */
  readonly dtype: DataType;
  /** The type of the stored differences, parsed; the same as {@link Delta.dtype} by default. */
  readonly astype: DataType;
  /** The fast path's element layout when `astype` is `dtype` (little-endian, no casts). */
  readonly #lane: LaneType | null;

  /**
   * Creates the filter; `dtype` is required.
   *
   * @throws {CodecError} when a key is unknown, `dtype` is missing, or a dtype is not an
   *   integer or float NumPy type.
   */
  constructor(options: DeltaOptions) {
    if (options === null || typeof options !== "object" || Array.isArray(options)) {
      throw new CodecError(`delta: options must be an object like { dtype: "<i4" }`);
    }
    for (const key of Object.keys(options)) {
      if (!KEYS.has(key)) {
        throw new CodecError(
          `delta: unknown configuration key "${key}" (Delta takes dtype, astype)`,
        );
      }
    }
    if (options.dtype === undefined) throw new CodecError(`delta: "dtype" is required`);
    this.dtype = numericType("dtype", options.dtype);
    this.astype =
      options.astype === undefined || options.astype === null
        ? this.dtype
        : numericType("astype", options.astype);
    this.#lane = laneType(this.dtype, this.astype);
  }

  /**
   * Builds the filter from its metadata config, `{ id: "delta", dtype, astype }` as numcodecs
   * writes it (`id` may be left out).
   *
   * @throws {CodecError} when the id is not `"delta"` or a key or dtype is invalid.
   */
  static fromConfig(config: CodecConfig | DeltaOptions): Delta {
    const { id, ...rest } = config as CodecConfig;
    if (id !== undefined && id !== "delta") {
      throw new CodecError(`delta: cannot build from a config whose id is ${JSON.stringify(id)}`);
    }
    return new Delta(rest as unknown as DeltaOptions);
  }

  #checkInput(info: ChunkInfo | undefined): void {
    if (!info) return;
    const kind = info.dtype.replace(/^[<>|=]/, "")[0] ?? "";
    if (!INPUT_KINDS.has(kind)) {
      throw new CodecError(
        `delta: cannot difference ${info.dtype} data (Delta works on integer, float and datetime arrays)`,
      );
    }
  }

  /**
   * Stores the chunk's first element, then each element's difference from the one before,
   * taken in `dtype` and cast to `astype` with NumPy's rules.
   *
   * @param data - The chunk's bytes (or a typed array viewed as its bytes), read as `dtype`
   *   elements.
   * @param info - The chunk's info; its dtype, when given, must be integer, float or datetime.
   * @returns The differences' bytes, in `astype`.
   * @throws {CodecError} when `data` is a JS array, the chunk's dtype is refused, its length is
   *   not a whole number of elements, or the first element does not fit a signed `astype`
   *   (where numcodecs raises too).
   */
  encode(data: CodecInput, info?: ChunkInfo): Uint8Array {
    if (!ArrayBuffer.isView(data)) {
      throw new CodecError("delta: expects bytes or a typed array, got a JS array");
    }
    this.#checkInput(info);
    const d = this.dtype;
    const bytes = asBytes(data);
    if (this.#lane) return encodeSameType(this.#lane, wholeElements(d, bytes));
    const arr = readElements("delta", d, bytes);
    const n = arr.length;
    const diff = allocateNumeric(d, n);
    if (n > 0) {
      if (d.kind === "f") {
        const a = arr as Float32Array | Float64Array;
        const o = diff as Float32Array | Float64Array;
        o[0] = a[0]!;
        for (let i = 1; i < n; i++) o[i] = roundToFloat(a[i]! - a[i - 1]!, d.itemsize);
      } else if (d.itemsize === 8) {
        const a = arr as BigInt64Array;
        const o = diff as BigInt64Array;
        o[0] = a[0]!;
        for (let i = 1; i < n; i++) o[i] = a[i]! - a[i - 1]!; // the store wraps
      } else {
        const a = arr as Int32Array;
        const o = diff as Int32Array;
        o[0] = a[0]!;
        for (let i = 1; i < n; i++) o[i] = a[i]! - a[i - 1]!; // exact, then the store wraps
      }
    }
    const enc = castArray(diff, d, this.astype);
    if (n > 0) firstElement(arr, d, enc, this.astype);
    return writeElements(this.astype, enc);
  }

  /**
   * Rebuilds the values as the cumulative sum of the stored differences, accumulated in the
   * NumPy promotion of `astype` and `dtype` and cast to `dtype` (as `np.cumsum(out=...)`).
   *
   * @param out - When its length is the decoded size, the result is written there and it is
   *   returned; otherwise a new buffer is.
   * @throws {CodecError} when the chunk's dtype is refused, or the data are not a whole number
   *   of `astype` elements.
   */
  decode(data: Uint8Array, out?: Uint8Array, info?: ChunkInfo): Uint8Array {
    this.#checkInput(info);
    if (this.#lane) return decodeSameType(this.#lane, wholeElements(this.astype, data), out);
    const enc = readElements("delta", this.astype, data);
    const bytes = writeElements(this.dtype, cumsum(enc, this.astype, this.dtype));
    if (out && out.length === bytes.length) {
      out.set(bytes);
      return out;
    }
    return bytes;
  }

  encodedInfo(info: ChunkInfo): ChunkInfo {
    const nbytes =
      info.nbytes === undefined
        ? undefined
        : (info.nbytes / this.dtype.itemsize) * this.astype.itemsize;
    return { ...info, dtype: this.astype.str, itemsize: this.astype.itemsize, nbytes };
  }

  toConfig(): CodecConfig {
    return { id: "delta", dtype: this.dtype.str, astype: this.astype.str };
  }

  toString(): string {
    const extra = this.astype.str !== this.dtype.str ? `, astype='${this.astype.str}'` : "";
    return `Delta(dtype='${this.dtype.str}'${extra})`;
  }
}

function wholeElements(dt: DataType, bytes: Uint8Array): Uint8Array {
  if (bytes.byteLength % dt.itemsize !== 0) {
    throw new CodecError(
      `delta: ${bytes.byteLength} bytes are not a whole number of ${dt.str} elements`,
    );
  }
  return bytes;
}

/**
 * `np.cumsum(enc, out=dec)` with `enc` of type `a` and `dec` of type `d`: NumPy accumulates in
 * the promotion of the two types (a temporary of that type) and casts the sums to `d` at the end.
 */
function cumsum(enc: TypedArray, a: DataType, d: DataType): TypedArray {
  const p = promoteTypes(a as Num, d as Num);
  const t = parseDataType(numericStr(p.kind, p.itemsize));
  const data = castArray(enc, a, t);
  const n = data.length;
  if (t.kind === "f") {
    const x = data as Float32Array | Float64Array;
    for (let i = 1; i < n; i++) x[i] = roundToFloat(x[i - 1]! + x[i]!, t.itemsize);
  } else if (t.itemsize === 8) {
    const x = data as BigInt64Array;
    for (let i = 1; i < n; i++) x[i] = x[i - 1]! + x[i]!; // the store wraps
  } else {
    const x = data as Int32Array;
    for (let i = 1; i < n; i++) x[i] = x[i - 1]! + x[i]!;
  }
  return t.str === d.str || (t.kind === d.kind && t.itemsize === d.itemsize)
    ? data
    : castArray(data, t, d);
}

/**
 * numcodecs stores the first element with a scalar assignment (`enc[0] = arr[0]`), which NumPy
 * routes through a Python int for signed integer targets: floats are truncated (NaN and values
 * beyond int64 raise) and uint64 values from 2^63 raise, where `astype` would wrap silently.
 */
function firstElement(arr: TypedArray, d: DataType, enc: TypedArray, a: DataType): void {
  if (a.kind !== "i") return;
  const v = arr[0]!;
  let big: bigint;
  if (typeof v === "bigint") {
    big = v;
  } else if (d.kind === "f") {
    if (Number.isNaN(v))
      throw new CodecError("delta: cannot convert the first element (NaN) to an integer");
    big = Number.isFinite(v) ? BigInt(Math.trunc(v)) : 1n << 64n;
  } else {
    return;
  }
  if (big < -(1n << 63n) || big >= 1n << 63n) {
    throw new CodecError(
      `delta: the first element (${v}) does not fit in a 64-bit integer, as astype ${a.str} needs`,
    );
  }
  const wrapped = BigInt.asIntN(a.itemsize * 8, big);
  (enc as unknown as { [i: number]: unknown })[0] = a.itemsize === 8 ? wrapped : Number(wrapped);
}
