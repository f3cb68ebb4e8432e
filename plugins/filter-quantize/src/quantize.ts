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
  castArray,
  numericStr,
  readElements,
  resultTypeWithScalar,
  roundHalfEven,
  roundToFloat,
  writeElements,
} from "@zarrkit/numpy-cast";

/**
 * Options of {@link Quantize}, as numcodecs' `Quantize(digits, dtype, astype=None)` takes them.
 * The dtypes are float types (`"f2"`, `"<f4"`, `"float64"`, ...) in either byte order.
 */
export interface QuantizeOptions {
  /** Decimal digits to keep after the point (an integer; may be zero or negative). Required. */
  digits: number;
  /** NumPy float type of the data (the filter views its input as this type). Required. */
  dtype: string;
  /** NumPy float type to store; defaults to `dtype`. */
  astype?: string | null;
}

const KEYS = new Set(["digits", "dtype", "astype"]);

function floatType(field: string, value: unknown): DataType {
  if (typeof value !== "string") {
    throw new CodecError(
      `quantize: "${field}" must be a NumPy dtype string, got ${JSON.stringify(value)}`,
    );
  }
  let dt: DataType;
  try {
    dt = parseNumpyDtype(value);
  } catch (e) {
    throw new CodecError(`quantize: "${field}": ${(e as Error).message}`);
  }
  if (dt.kind !== "f") {
    throw new CodecError(
      `quantize: "${field}" ${JSON.stringify(value)} (${dt.str}) is not supported: Quantize takes float types only`,
    );
  }
  return dt;
}

/**
 * The power of two numcodecs scales by: the smallest binary precision at least as fine as
 * `10 ** -digits`, computed with the same floating-point steps as numcodecs (Python's
 * `math.log(x, base)` is `log(x) / log(base)`).
 *
 * @param digits - The decimal digits to keep, as {@link QuantizeOptions.digits}.
 * @returns `bits`: values are rounded to multiples of `2 ** -bits` (7 for 2 digits).
 */
export function quantizeBits(digits: number): number {
  const precision = 10 ** -digits;
  let exp = Math.log(precision) / Math.log(10);
  exp = exp < 0 ? Math.floor(exp) : Math.ceil(exp);
  return Math.ceil(Math.log(10 ** -exp) / Math.log(2));
}

/**
 * numcodecs' `Quantize`: keeps `digits` decimal digits of precision by rounding each value to
 * a multiple of a power of two (`round(x * 2^bits) / 2^bits`), which leaves trailing zero bits
 * that a compressor then removes. Lossy; decoding only converts `astype` back to `dtype`.
 *
 * For float arrays only. Importing the package registers the id `quantize` (no Zarr v3 name:
 * v3 metadata call it `numcodecs.quantize`).
 *
 * @example
 * ```ts
 * import { zeros } from "@zarrkit/core";
 * import { MemoryStore } from "@zarrkit/store-memory";
 * import { Quantize } from "@zarrkit/filter-quantize";
 *
 * const f = new Quantize({ digits: 2, dtype: "f8" });
 * String(f); // "Quantize(digits=2, dtype='<f8')"
 * const z = await zeros([1000], { dtype: "f8", store: new MemoryStore(), filters: [f] });
 * ```
 */
export class Quantize implements Codec {
  /** The id this filter is registered under and written as in `.zarray` (`"quantize"`). */
  static readonly codecId = "quantize";
  readonly id = "quantize";
  /** The decimal digits kept after the point. */
  readonly digits: number;
  /** The decoded float type, parsed (its normalised NumPy string is `dtype.str`, e.g. `"<f8"`). */
  readonly dtype: DataType;
  /** The stored float type, parsed; the same as {@link Quantize.dtype} by default. */
  readonly astype: DataType;

  /**
   * Creates the filter; `digits` and `dtype` are required.
   *
   * @throws {CodecError} when a key is unknown, `digits` is not an integer (within ±300),
   *   `dtype` is missing, or a dtype is not a float type.
   */
  constructor(options: QuantizeOptions) {
    if (options === null || typeof options !== "object" || Array.isArray(options)) {
      throw new CodecError(`quantize: options must be an object like { digits: 2, dtype: "<f8" }`);
    }
    for (const key of Object.keys(options)) {
      if (!KEYS.has(key)) {
        throw new CodecError(
          `quantize: unknown configuration key "${key}" (Quantize takes digits, dtype, astype)`,
        );
      }
    }
    const { digits } = options;
    if (typeof digits !== "number" || !Number.isInteger(digits) || Math.abs(digits) > 300) {
      throw new CodecError(
        `quantize: "digits" must be an integer (decimal digits to keep), got ${JSON.stringify(digits)}`,
      );
    }
    if (options.dtype === undefined) throw new CodecError(`quantize: "dtype" is required`);
    this.digits = digits;
    this.dtype = floatType("dtype", options.dtype);
    this.astype =
      options.astype === undefined || options.astype === null
        ? this.dtype
        : floatType("astype", options.astype);
  }

  /**
   * Builds the filter from its metadata config, `{ id: "quantize", digits, dtype, astype }`
   * as numcodecs writes it (`id` may be left out).
   *
   * @throws {CodecError} when the id is not `"quantize"` or a key or value is invalid.
   */
  static fromConfig(config: CodecConfig | QuantizeOptions): Quantize {
    const { id, ...rest } = config as CodecConfig;
    if (id !== undefined && id !== "quantize") {
      throw new CodecError(
        `quantize: cannot build from a config whose id is ${JSON.stringify(id)}`,
      );
    }
    return new Quantize(rest as unknown as QuantizeOptions);
  }

  #checkInput(info: ChunkInfo | undefined): void {
    if (info && !/^[<>|=]?f\d/.test(info.dtype)) {
      throw new CodecError(`quantize: cannot quantize ${info.dtype} data (float arrays only)`);
    }
  }

  /**
   * Rounds every value of the chunk to a multiple of `2 ** -quantizeBits(digits)` (ties to
   * even, in the precision NumPy would use) and converts the result to `astype`.
   *
   * @param data - The chunk's bytes (or a typed array viewed as its bytes), read as `dtype`
   *   elements.
   * @param info - The chunk's info; its dtype, when given, must be a float type.
   * @returns The rounded values' bytes, in `astype`.
   * @throws {CodecError} when `data` is a JS array, the chunk is not float data, or its length
   *   is not a whole number of elements.
   */
  encode(data: CodecInput, info?: ChunkInfo): Uint8Array {
    if (!ArrayBuffer.isView(data)) {
      throw new CodecError("quantize: expects bytes or a typed array, got a JS array");
    }
    this.#checkInput(info);
    const arr = readElements("quantize", this.dtype, asBytes(data));
    const scale = 2 ** quantizeBits(this.digits);
    // `scale * arr` in NumPy 1.x: a Python float scalar promotes by the smallest float type
    // that holds its value, so float16 data with a large scale is computed in float32.
    const p = resultTypeWithScalar(
      { kind: "f", itemsize: this.dtype.itemsize },
      { value: scale, isFloat: true },
    );
    const t = parseDataType(numericStr(p.kind, p.itemsize));
    const work = castArray(arr, this.dtype, t) as Float32Array | Float64Array;
    const s = roundToFloat(scale, t.itemsize);
    for (let i = 0; i < work.length; i++) {
      const scaled = roundToFloat(s * work[i]!, t.itemsize);
      work[i] = roundToFloat(roundHalfEven(scaled) / s, t.itemsize);
    }
    return writeElements(this.astype, castArray(work as TypedArray, t, this.astype));
  }

  /**
   * Converts the stored `astype` values back to `dtype`; the rounding itself cannot be undone.
   *
   * @param out - When its length is the decoded size, the result is written there and it is
   *   returned; otherwise a new buffer is.
   * @throws {CodecError} when the chunk is not float data, or the data are not a whole number
   *   of `astype` elements.
   */
  decode(data: Uint8Array, out?: Uint8Array, info?: ChunkInfo): Uint8Array {
    this.#checkInput(info);
    const enc = readElements("quantize", this.astype, data);
    const bytes = writeElements(this.dtype, castArray(enc, this.astype, this.dtype));
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
    return { id: "quantize", digits: this.digits, dtype: this.dtype.str, astype: this.astype.str };
  }

  toString(): string {
    const extra = this.astype.str !== this.dtype.str ? `, astype='${this.astype.str}'` : "";
    return `Quantize(digits=${this.digits}, dtype='${this.dtype.str}'${extra})`;
  }
}
