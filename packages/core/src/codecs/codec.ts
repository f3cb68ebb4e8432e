import type { ChunkData, DataType } from "../metadata/dtype.js";
import type { FillValue } from "../metadata/fill-value.js";

/** The JSON a codec contributes to array metadata: its id plus its configuration keys. */
export interface CodecConfig {
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
  readonly fillValue?: FillValue;
}

/** Input to `encode`: raw bytes, a typed array, or (for object codecs) a plain JS array. */
export type CodecInput = Uint8Array | ArrayBufferView | ChunkData;

/**
 * A codec turns chunk data into bytes and back. Compressors, filters and object codecs all
 * implement it; the pipeline runs filters then the compressor on the way in and the reverse
 * on the way out. Methods may return promises, so a codec can load WASM lazily.
 *
 * Compatibility within a major version of `@zarrkit/core`: members may be added to this
 * interface only as optional members, and the pipeline always passes `info`, so a codec built
 * against an older core keeps working.
 */
export interface Codec {
  /** The numcodecs id that appears in the metadata (`blosc`, `zlib`, `delta`, ...). */
  readonly id: string;
  encode(
    data: CodecInput,
    info?: ChunkInfo,
  ): Uint8Array | ArrayBufferView | Promise<Uint8Array | ArrayBufferView>;
  /**
   * `out`, when given, is a buffer of the decoded size that the codec may fill and return,
   * saving a copy; a codec is free to ignore it and return a new buffer.
   */
  decode(
    data: Uint8Array,
    out?: Uint8Array,
    info?: ChunkInfo,
  ): Uint8Array | ArrayBufferView | ChunkData | Promise<Uint8Array | ArrayBufferView | ChunkData>;
  /** Exactly the JSON that goes into the metadata. */
  toConfig(): CodecConfig;
  /** How the codec describes the data it outputs, when that differs from its input. */
  encodedInfo?(info: ChunkInfo): ChunkInfo;
  /** The repr zarr-python prints, e.g. `Zlib(level=1)`. */
  toString(): string;
}

/** View any typed array or DataView as bytes without copying. */
export function asBytes(data: ArrayBufferView): Uint8Array {
  if (data instanceof Uint8Array) return data;
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** Render a value the way Python's repr would inside a codec repr (`'lz4'`, `True`, `None`). */
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
