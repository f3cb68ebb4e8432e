import {
  asBytes,
  type ChunkInfo,
  type Codec,
  type CodecConfig,
  CodecError,
  type CodecInput,
  type DataType,
} from "@zarrkit/core";
import {
  parseNumpyDtype,
  castArray,
  isRealNumeric,
  readElements,
  writeElements,
} from "@zarrkit/numpy-cast";

/**
 * Options of {@link AsType}, as numcodecs' `AsType(encode_dtype, decode_dtype)` takes them.
 * Both are bool, integer or float NumPy types in either byte order (`"<f4"`, `"float32"`,
 * `"u1"`, ...).
 */
export interface AsTypeOptions {
  /** NumPy type the data is stored as. Required. */
  encode_dtype: string;
  /**
   * NumPy type of the decoded data (the filter views its input as this type), normally the
   * array's dtype. Required.
   */
  decode_dtype: string;
}

const KEYS = new Set(["encode_dtype", "decode_dtype"]);

function numericType(field: string, value: unknown): DataType {
  if (typeof value !== "string") {
    throw new CodecError(
      `astype: "${field}" must be a NumPy dtype string, got ${JSON.stringify(value)}`,
    );
  }
  let dt: DataType;
  try {
    dt = parseNumpyDtype(value);
  } catch (e) {
    throw new CodecError(`astype: "${field}": ${(e as Error).message}`);
  }
  if (!isRealNumeric(dt)) {
    throw new CodecError(
      `astype: "${field}" ${JSON.stringify(value)} (${dt.str}) is not supported: AsType converts between bool, integer and float types`,
    );
  }
  return dt;
}

/**
 * numcodecs' `AsType`: stores the data converted to `encode_dtype` (NumPy's `astype`, so
 * floats to integers truncate and integers wrap) and converts it back to `decode_dtype`.
 *
 * Importing the package registers the id `astype` (no Zarr v3 name: v3 metadata call it
 * `numcodecs.astype`).
 *
 * @example
 * ```ts
 * import { zeros } from "@zarrkit/core";
 * import { MemoryStore } from "@zarrkit/store-memory";
 * import { AsType } from "@zarrkit/filter-astype";
 *
 * // float64 values stored as float32.
 * const f = new AsType({ encode_dtype: "f4", decode_dtype: "f8" });
 * String(f); // "AsType(encode_dtype='<f4', decode_dtype='<f8')"
 * const z = await zeros([1000], { dtype: "f8", store: new MemoryStore(), filters: [f] });
 * ```
 */
export class AsType implements Codec {
  /** The id this filter is registered under and written as in `.zarray` (`"astype"`). */
  static readonly codecId = "astype";
  readonly id = "astype";
  /** The stored type, parsed (its normalised NumPy string is `encodeDtype.str`, e.g. `"<f4"`). */
  readonly encodeDtype: DataType;
  /** The decoded type, parsed (its normalised NumPy string is `decodeDtype.str`, e.g. `"<f8"`). */
  readonly decodeDtype: DataType;

  /**
   * Creates the filter; both dtypes are required.
   *
   * @throws {CodecError} when a key is unknown or missing, or a dtype is not a bool, integer or
   *   float NumPy type.
   */
  constructor(options: AsTypeOptions) {
    if (options === null || typeof options !== "object" || Array.isArray(options)) {
      throw new CodecError(
        `astype: options must be an object like { encode_dtype: "<f4", decode_dtype: "<f8" }`,
      );
    }
    for (const key of Object.keys(options)) {
      if (!KEYS.has(key)) {
        throw new CodecError(
          `astype: unknown configuration key "${key}" (AsType takes encode_dtype, decode_dtype)`,
        );
      }
    }
    for (const key of KEYS) {
      if ((options as unknown as Record<string, unknown>)[key] === undefined) {
        throw new CodecError(`astype: "${key}" is required`);
      }
    }
    this.encodeDtype = numericType("encode_dtype", options.encode_dtype);
    this.decodeDtype = numericType("decode_dtype", options.decode_dtype);
  }

  /**
   * Builds the filter from its metadata config, `{ id: "astype", encode_dtype, decode_dtype }`
   * as numcodecs writes it (`id` may be left out).
   *
   * @throws {CodecError} when the id is not `"astype"` or a key or dtype is invalid.
   */
  static fromConfig(config: CodecConfig | AsTypeOptions): AsType {
    const { id, ...rest } = config as CodecConfig;
    if (id !== undefined && id !== "astype") {
      throw new CodecError(`astype: cannot build from a config whose id is ${JSON.stringify(id)}`);
    }
    return new AsType(rest as unknown as AsTypeOptions);
  }

  #checkInput(info: ChunkInfo | undefined): void {
    if (!info) return;
    const kind = info.dtype.replace(/^[<>|=]/, "")[0] ?? "";
    if (!"biufMm".includes(kind) || kind === "") {
      throw new CodecError(
        `astype: cannot convert ${info.dtype} data (AsType works on bool, integer and float arrays)`,
      );
    }
  }

  /**
   * Converts a chunk from `decode_dtype` to `encode_dtype` with NumPy's `astype` rules.
   *
   * @param data - The chunk's bytes (or a typed array viewed as its bytes), read as
   *   `decode_dtype` elements.
   * @param info - The chunk's info; its dtype, when given, must be bool, integer, float or
   *   datetime.
   * @returns The converted elements' bytes.
   * @throws {CodecError} when `data` is a JS array, the chunk's dtype cannot be converted, or
   *   its length is not a whole number of elements.
   */
  encode(data: CodecInput, info?: ChunkInfo): Uint8Array {
    if (!ArrayBuffer.isView(data)) {
      throw new CodecError("astype: expects bytes or a typed array, got a JS array");
    }
    this.#checkInput(info);
    const arr = readElements("astype", this.decodeDtype, asBytes(data));
    return writeElements(this.encodeDtype, castArray(arr, this.decodeDtype, this.encodeDtype));
  }

  /**
   * Converts stored `encode_dtype` elements back to `decode_dtype` with NumPy's `astype` rules.
   *
   * @param out - When its length is the decoded size, the result is written there and it is
   *   returned; otherwise a new buffer is.
   * @throws {CodecError} when the chunk's dtype cannot be converted, or the data are not a whole
   *   number of `encode_dtype` elements.
   */
  decode(data: Uint8Array, out?: Uint8Array, info?: ChunkInfo): Uint8Array {
    this.#checkInput(info);
    const enc = readElements("astype", this.encodeDtype, data);
    const bytes = writeElements(
      this.decodeDtype,
      castArray(enc, this.encodeDtype, this.decodeDtype),
    );
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
        : (info.nbytes / this.decodeDtype.itemsize) * this.encodeDtype.itemsize;
    return { ...info, dtype: this.encodeDtype.str, itemsize: this.encodeDtype.itemsize, nbytes };
  }

  toConfig(): CodecConfig {
    return { id: "astype", encode_dtype: this.encodeDtype.str, decode_dtype: this.decodeDtype.str };
  }

  toString(): string {
    return `AsType(encode_dtype='${this.encodeDtype.str}', decode_dtype='${this.decodeDtype.str}')`;
  }
}
