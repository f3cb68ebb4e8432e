import {
  asBytes,
  bytesToChunk,
  type ChunkInfo,
  chunkToBytes,
  type Codec,
  type CodecConfig,
  CodecError,
  type CodecInput,
  type DataType,
  parseDataType,
  pyStrRepr,
  typedArrayFor,
} from "@zarrkit/core";

/**
 * Options of {@link Categorize}, as numcodecs' `Categorize(labels, dtype, astype='u1')` takes
 * them.
 */
export interface CategorizeOptions {
  /**
   * The strings to store as 1, 2, 3, ...; anything else is stored as 0 (decoded as ""). A
   * repeated label keeps its last code, as in numcodecs. Required.
   */
  labels: readonly string[];
  /**
   * The array's dtype: `<U<n>` (fixed-width strings, read from the chunk's UTF-32 bytes) or `|O`
   * (object strings, a JS array). Required.
   */
  dtype: string;
  /** Integer type of the stored codes; default `|u1`. */
  astype?: string | null;
}

const KEYS = new Set(["labels", "dtype", "astype"]);

/** NumPy compares fixed-width strings without their trailing NULs. */
const stripNuls = (s: string) => s.replace(/\0+$/, "");

/**
 * numcodecs' `Categorize`: stores each string as the 1-based index of its label in `labels`
 * (0 for strings that are not labels), in the integer type `astype`. Decoding gives the label
 * back, or "" for 0 and unknown codes.
 *
 * Importing the package registers the id `categorize` (no Zarr v3 name: v3 metadata call it
 * `numcodecs.categorize`).
 *
 * @example
 * ```ts
 * import { Categorize } from "@zarrkit/filter-categorize";
 *
 * const f = new Categorize({ labels: ["foo", "bar", "baz"], dtype: "|O", astype: "u1" });
 * const codes = f.encode(["bar", "foo", "other"]); // Uint8Array [2, 1, 0]
 * f.decode(codes); // ["bar", "foo", ""]
 * ```
 */
export class Categorize implements Codec {
  /** The id this filter is registered under and written as in `.zarray` (`"categorize"`). */
  static readonly codecId = "categorize";
  readonly id = "categorize";
  /** The labels, in code order: `labels[0]` is stored as 1. */
  readonly labels: readonly string[];
  /** The array's dtype, parsed: fixed-width unicode (`<U<n>`) or object (`|O`). */
  readonly dtype: DataType;
  /** The integer type of the stored codes, parsed. Default `|u1`. */
  readonly astype: DataType;
  readonly #codes = new Map<string, number>();

  /**
   * Creates the filter; `labels` and `dtype` are required.
   *
   * @throws {CodecError} when a key is unknown, `labels` is not a list of strings, `dtype` is
   *   missing or not a unicode or object type, `astype` is not an integer type, or the labels
   *   do not fit in `astype`.
   */
  constructor(options: CategorizeOptions) {
    if (options === null || typeof options !== "object" || Array.isArray(options)) {
      throw new CodecError(
        `categorize: options must be an object like { labels: ["a", "b"], dtype: "<U1" }`,
      );
    }
    for (const key of Object.keys(options)) {
      if (!KEYS.has(key)) {
        throw new CodecError(
          `categorize: unknown configuration key "${key}" (Categorize takes labels, dtype, astype)`,
        );
      }
    }
    const { labels } = options;
    if (!Array.isArray(labels)) {
      throw new CodecError(
        `categorize: "labels" must be a list of strings, got ${JSON.stringify(labels)}`,
      );
    }
    labels.forEach((label, i) => {
      if (typeof label !== "string") {
        throw new CodecError(
          `categorize: "labels" must hold strings, but labels[${i}] is ${JSON.stringify(label)}`,
        );
      }
    });
    if (options.dtype === undefined) throw new CodecError(`categorize: "dtype" is required`);
    this.dtype = parseType("dtype", options.dtype);
    if (this.dtype.kind !== "U" && this.dtype.kind !== "O") {
      throw new CodecError(
        `categorize: "dtype" ${JSON.stringify(options.dtype)} is not supported: only unicode ('U') and object ('O') dtypes are`,
      );
    }
    this.astype = parseType("astype", options.astype ?? "|u1");
    if (this.astype.kind !== "i" && this.astype.kind !== "u") {
      throw new CodecError(
        `categorize: "astype" ${JSON.stringify(options.astype)} must be an integer type`,
      );
    }
    const max =
      this.astype.itemsize >= 7
        ? Number.MAX_SAFE_INTEGER
        : 2 ** (this.astype.itemsize * 8 - (this.astype.kind === "i" ? 1 : 0)) - 1;
    if (labels.length > max) {
      throw new CodecError(
        `categorize: ${labels.length} labels do not fit "astype" ${this.astype.str} (at most ${max})`,
      );
    }
    this.labels = [...labels];
    // numcodecs assigns codes label by label, so a repeated label ends with its last code
    this.labels.forEach((label, i) => {
      this.#codes.set(stripNuls(label), i + 1);
    });
  }

  /**
   * Builds the filter from its metadata config, `{ id: "categorize", labels, dtype, astype }`
   * as numcodecs writes it (`id` may be left out).
   *
   * @throws {CodecError} when the id is not `"categorize"` or a key or value is invalid.
   */
  static fromConfig(config: CodecConfig | CategorizeOptions): Categorize {
    const { id, ...rest } = config as CodecConfig;
    if (id !== undefined && id !== "categorize") {
      throw new CodecError(
        `categorize: cannot build from a config whose id is ${JSON.stringify(id)}`,
      );
    }
    return new Categorize(rest as unknown as CategorizeOptions);
  }

  #checkInput(info: ChunkInfo | undefined): void {
    if (!info) return;
    const kind = info.dtype.replace(/^[<>|=]/, "")[0];
    if (kind !== this.dtype.kind) {
      throw new CodecError(
        `categorize: configured for ${this.dtype.str} but the array holds ${info.dtype} data`,
      );
    }
  }

  /**
   * Replaces every string of the chunk by its code (0 for a string that is not a label, or an
   * item that is not a string).
   *
   * @param data - For `|O`, the chunk as a JS array of strings; for `<U<n>`, its bytes.
   * @param info - The chunk's info; its dtype, when given, must be of the configured kind.
   * @returns The codes' bytes, in `astype`.
   * @throws {CodecError} when the chunk's dtype kind differs from `dtype`, or `data` has the
   *   wrong form for it.
   */
  encode(data: CodecInput, info?: ChunkInfo): Uint8Array {
    this.#checkInput(info);
    let items: readonly unknown[];
    if (this.dtype.kind === "O") {
      if (!Array.isArray(data)) {
        throw new CodecError("categorize: an object (|O) array arrives as a JS array of strings");
      }
      items = data;
    } else {
      if (!ArrayBuffer.isView(data)) {
        throw new CodecError(`categorize: ${this.dtype.str} data arrives as bytes`);
      }
      const bytes = asBytes(data);
      if (bytes.length % this.dtype.itemsize !== 0) {
        throw new CodecError(
          `categorize: ${bytes.length} bytes are not a whole number of ${this.dtype.str} elements`,
        );
      }
      items = bytesToChunk(this.dtype, bytes, bytes.length / this.dtype.itemsize, true) as string[];
    }
    const n = items.length;
    const codes = new (typedArrayFor(this.astype)!)(n);
    const big = this.astype.itemsize === 8;
    for (let i = 0; i < n; i++) {
      const v = items[i];
      const code = typeof v === "string" ? (this.#codes.get(v) ?? 0) : 0;
      if (code) (codes as unknown as { [i: number]: unknown })[i] = big ? BigInt(code) : code;
    }
    return chunkToBytes(this.astype, codes, n);
  }

  /**
   * Replaces every code by its label (`""` for 0 and codes with no label): a JS array of
   * strings for `|O`, the strings' UTF-32 bytes for `<U<n>`.
   *
   * @param out - For `<U<n>`: when its length is the decoded size, the result is written there
   *   and it is returned; otherwise a new buffer is. Unused for `|O`.
   * @throws {CodecError} when the chunk's dtype kind differs from `dtype`, or the data are not
   *   a whole number of `astype` codes.
   */
  decode(data: Uint8Array, out?: Uint8Array, info?: ChunkInfo): Uint8Array | string[] {
    this.#checkInput(info);
    if (data.length % this.astype.itemsize !== 0) {
      throw new CodecError(
        `categorize: ${data.length} bytes are not a whole number of ${this.astype.str} codes`,
      );
    }
    const n = data.length / this.astype.itemsize;
    const codes = bytesToChunk(this.astype, data, n, false) as ArrayLike<number | bigint>;
    const strings: string[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const c = Number(codes[i]!);
      strings[i] = c >= 1 && c <= this.labels.length ? this.labels[c - 1]! : "";
    }
    if (this.dtype.kind === "O") return strings;
    const bytes = chunkToBytes(this.dtype, strings, n);
    if (out && out.length === bytes.length) {
      out.set(bytes);
      return out;
    }
    return bytes;
  }

  encodedInfo(info: ChunkInfo): ChunkInfo {
    const n =
      info.nbytes === undefined || this.dtype.kind === "O"
        ? undefined
        : info.nbytes / this.dtype.itemsize;
    const elements = n ?? info.shape.reduce((a, b) => a * b, 1);
    return {
      ...info,
      dtype: this.astype.str,
      itemsize: this.astype.itemsize,
      nbytes: elements * this.astype.itemsize,
    };
  }

  toConfig(): CodecConfig {
    return {
      id: "categorize",
      labels: [...this.labels],
      dtype: this.dtype.str,
      astype: this.astype.str,
    };
  }

  toString(): string {
    let labels = `[${this.labels.slice(0, 3).map(pyStrRepr).join(", ")}]`;
    if (this.labels.length > 3) labels = `${labels.slice(0, -1)}, ...]`;
    return `Categorize(dtype='${this.dtype.str}', astype='${this.astype.str}', labels=${labels})`;
  }
}

function parseType(field: string, value: unknown): DataType {
  if (typeof value !== "string") {
    throw new CodecError(
      `categorize: "${field}" must be a NumPy dtype string, got ${JSON.stringify(value)}`,
    );
  }
  try {
    return parseDataType(value);
  } catch (e) {
    throw new CodecError(`categorize: "${field}": ${(e as Error).message}`);
  }
}
