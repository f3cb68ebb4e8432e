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

export interface AsTypeOptions {
  /** NumPy type the data is stored as. Required. */
  encode_dtype: string;
  /** NumPy type of the decoded data (the filter views its input as this type). Required. */
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
 */
export class AsType implements Codec {
  static readonly codecId = "astype";
  readonly id = "astype";
  readonly encodeDtype: DataType;
  readonly decodeDtype: DataType;

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

  encode(data: CodecInput, info?: ChunkInfo): Uint8Array {
    if (!ArrayBuffer.isView(data)) {
      throw new CodecError("astype: expects bytes or a typed array, got a JS array");
    }
    this.#checkInput(info);
    const arr = readElements("astype", this.decodeDtype, asBytes(data));
    return writeElements(this.encodeDtype, castArray(arr, this.decodeDtype, this.encodeDtype));
  }

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
