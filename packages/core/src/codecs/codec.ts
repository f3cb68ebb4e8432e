import type { ChunkData, DataType } from "../metadata/dtype.js";
import type { FillValue } from "../metadata/fill-value.js";
import type { ByteRanges } from "./partial-decode.js";

/**
 * The JSON a codec contributes to array metadata: its id plus its configuration keys, exactly
 * as numcodecs' `get_config()` returns them (`{ id: "zlib", level: 1 }`). {@link getCodec}
 * builds a codec from one.
 */
export interface CodecConfig {
  /** The numcodecs codec id (`blosc`, `zlib`, `delta`, ...), the key of the codec registry. */
  readonly id: string;
  readonly [key: string]: unknown;
}

/**
 * What a codec is told about the data it transforms at its place in the pipeline. A filter
 * that changes the element type (Delta with `astype`, Categorize) reports the new type through
 * `Codec.encodedInfo`, so the next codec (Blosc's typesize, for one) sees the right itemsize.
 */
export interface ChunkInfo {
  /** NumPy type string of the elements at this stage (`<i4`, `|u1`, `|O`, ...). */
  readonly dtype: string;
  /** Bytes per element at this stage (Blosc passes it as typesize). */
  readonly itemsize: number;
  /** Shape of the chunk (always the full chunk shape, edge chunks included). */
  readonly shape: readonly number[];
  /** Byte length of the data at this stage when it is known (used by size-less formats). */
  readonly nbytes?: number;
  /**
   * The array's data type and fill value, for codecs that need the array's spec (sharding
   * leaves inner chunks that hold only the fill value out of a shard).
   */
  readonly dataType?: DataType;
  /** The array's fill value (see {@link ChunkInfo.dataType}), when the pipeline knows it. */
  readonly fillValue?: FillValue;
}

/**
 * Input to {@link Codec.encode}: raw bytes, a typed array, or (for object codecs such as
 * vlen-utf8 or json2) a plain JS array of the chunk's elements.
 */
export type CodecInput = Uint8Array | ArrayBufferView | ChunkData;

/**
 * A codec turns chunk data into bytes and back. Compressors, filters and object codecs all
 * implement it; the pipeline runs filters then the compressor on the way in and the reverse
 * on the way out. Methods may return promises, so a codec can load WASM lazily.
 *
 * Compatibility within a major version of `@zarrkit/core`: members may be added to this
 * interface only as optional members, and the pipeline always passes `info`, so a codec built
 * against an older core keeps working.
 *
 * @example
 * ```ts
 * import { asBytes, type Codec, type CodecConfig, type CodecInput, registerCodec } from "@zarrkit/core";
 *
 * // A bytes->bytes codec that inverts every bit (its own inverse). Prefix your own ids so
 * // they cannot clash with a numcodecs id.
 * class Invert implements Codec {
 *   readonly id = "example-invert";
 *   encode(data: CodecInput) {
 *     return asBytes(data as ArrayBufferView).map((b) => 255 - b);
 *   }
 *   decode(data: Uint8Array) {
 *     return data.map((b) => 255 - b);
 *   }
 *   toConfig(): CodecConfig {
 *     return { id: this.id };
 *   }
 *   toString() {
 *     return "Invert()";
 *   }
 * }
 * registerCodec("example-invert", () => new Invert());
 * ```
 */
export interface Codec {
  /** The numcodecs id that appears in the metadata (`blosc`, `zlib`, `delta`, ...). */
  readonly id: string;
  /**
   * Encode one chunk: the output of the previous codec (or the chunk's data, for the first) to
   * this codec's output, numcodecs' `encode(buf)`. It should not modify `data`.
   *
   * @param info - What the data is at this stage (dtype, itemsize, chunk shape); the pipeline
   *   always passes it.
   * @throws {@link CodecError} when the data cannot be encoded (wrong type or size for this
   *   codec, a value out of range for the configured type).
   */
  encode(
    data: CodecInput,
    info?: ChunkInfo,
  ): Uint8Array | ArrayBufferView | Promise<Uint8Array | ArrayBufferView>;
  /**
   * Decode one chunk's bytes back to what `encode` took, numcodecs' `decode(buf, out=None)`.
   * `out`, when given, is a buffer of the decoded size that the codec may fill and return,
   * saving a copy; a codec is free to ignore it and return a new buffer.
   *
   * `info.nbytes` is the decoded size the pipeline expects: a codec whose format claims a size
   * should check the claim against it (see {@link checkDecodeClaim}) before allocating.
   *
   * @throws {@link CodecError} when the data is corrupt, truncated, or decodes to more than
   *   the expected size.
   */
  decode(
    data: Uint8Array,
    out?: Uint8Array,
    info?: ChunkInfo,
  ): Uint8Array | ArrayBufferView | ChunkData | Promise<Uint8Array | ArrayBufferView | ChunkData>;
  /**
   * Optional, for compressors whose format decodes in pieces (Blosc's blocks): decode only
   * what a read needs. Fill at least the bytes of `ranges` (positions in the decoded chunk)
   * in `out`, a buffer of the whole decoded size; bytes outside them may be left as they are.
   *
   * The pipeline calls it only when this codec is the chain's one bytes->bytes codec and
   * nothing after it changes the byte layout (v2: no filters; v3: `bytes` in the native byte
   * order, optionally after a `transpose`), and only for reads that need a small part of a
   * chunk; otherwise it calls `decode`. Check the chunk as `decode` does: a corrupt part that
   * is decoded must throw; one outside the ranges need not be noticed.
   *
   * @param ranges - Sorted, disjoint `[start, end)` byte ranges of the decoded chunk.
   * @param out - The decoded chunk's buffer, `info.nbytes` long.
   * @throws {@link CodecError} as `decode` does.
   */
  decodePartial?(
    data: Uint8Array,
    ranges: ByteRanges,
    out: Uint8Array,
    info?: ChunkInfo,
  ): void | Promise<void>;
  /** Exactly the JSON that goes into the metadata. */
  toConfig(): CodecConfig;
  /** How the codec describes the data it outputs, when that differs from its input. */
  encodedInfo?(info: ChunkInfo): ChunkInfo;
  /** The repr zarr-python prints, e.g. `Zlib(level=1)`. */
  toString(): string;
}

/**
 * Any typed array or DataView seen as its bytes, without copying (the same memory; a
 * `Uint8Array` comes back as it is). Bytes are in the engine's order, little-endian.
 */
export function asBytes(data: ArrayBufferView): Uint8Array {
  if (data instanceof Uint8Array) return data;
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/**
 * A value rendered the way Python's repr would inside a codec repr (`'lz4'`, `True`, `None`,
 * `[1, 2]`), for a codec's `toString` to match numcodecs' repr. Strings are quoted without
 * escaping; see {@link pyStrRepr} for arbitrary text.
 */
export function pyRepr(value: unknown): string {
  if (value === null || value === undefined) return "None";
  if (value === true) return "True";
  if (value === false) return "False";
  if (typeof value === "string") return `'${value}'`;
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(", ")}]`;
  return String(value);
}

/** Python's `repr()` of a str (as NumPy prints field names and numcodecs prints labels). */
export function pyStrRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === "\\" || ch === quote) out += `\\${ch}`;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (ch !== " " && /[\p{C}\p{Z}]/u.test(ch)) {
      if (cp <= 0xff) out += `\\x${cp.toString(16).padStart(2, "0")}`;
      else if (cp <= 0xffff) out += `\\u${cp.toString(16).padStart(4, "0")}`;
      else out += `\\U${cp.toString(16).padStart(8, "0")}`;
    } else out += ch;
  }
  return out + quote;
}
