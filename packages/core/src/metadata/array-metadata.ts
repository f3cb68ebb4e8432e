import type { CodecConfig } from "../codecs/codec.js";
import type { DataType } from "./dtype.js";
import type { FillValue } from "./fill-value.js";

/**
 * The codecs of an array by role, in encoding order. v2's filters and compressor, v3's codec
 * list and a shard's inner codecs all map onto it, so the pipeline knows one shape.
 */
export interface CodecChain {
  /** Codecs that map an array to an array (transpose; v3's numcodecs filters). */
  readonly arrayToArray: readonly CodecConfig[];
  /** The one codec that turns the array into bytes: `bytes`, an object codec, or sharding. */
  readonly arrayToBytes: CodecConfig;
  /** Codecs on bytes (compressors, checksums; v2's numeric filters, which see stored bytes). */
  readonly bytesToBytes: readonly CodecConfig[];
}

/** How chunk coordinates become store keys: v3's `c/1/2` (`default`) or v2's `1.2` (`v2`). */
export interface ChunkKeyEncoding {
  /**
   * `default`: keys are `c` then the coordinates (`c/1/2`; `c` alone for a 0-d array). `v2`:
   * the coordinates alone (`1.2`; `0` for a 0-d array), as every v2 array.
   */
  readonly name: "default" | "v2";
  /**
   * What joins the parts of a key: `/` (nested, one folder per dimension) or `.` (flat). v2's
   * `dimension_separator`, v3's `chunk_key_encoding.configuration.separator`.
   */
  readonly separator: "/" | ".";
}

/**
 * One array's metadata, whichever format stores it. The v2 and v3 readers and writers
 * translate to and from it; everything else in the library reads only this.
 */
export interface ArrayMetadata {
  /** The format of the document it was read from or will be written as: 2 (`.zarray`) or 3 (`zarr.json`). */
  readonly zarrFormat: 2 | 3;
  /** The array's shape, in elements. */
  readonly shape: readonly number[];
  /** The regular grid the store keys address: the shard shape when the array is sharded. */
  readonly chunkShape: readonly number[];
  /** The data type, stored byte order included (v3 takes it from the `bytes` codec). */
  readonly dtype: DataType;
  /** The value of elements no chunk holds (null: none, for v2's `fill_value: null`). */
  readonly fillValue: FillValue;
  /** The array's codecs by role: v2's filters and compressor, or v3's `codecs` list. */
  readonly codecs: CodecChain;
  /** How chunk coordinates become store keys. */
  readonly chunkKeyEncoding: ChunkKeyEncoding;
  /** v3's `dimension_names`; null when the document has none. */
  readonly dimensionNames: readonly (string | null)[] | null;
  /**
   * What one format keeps beyond the model (v2: whether `dimension_separator` was written and
   * which codec is the compressor; v3: extension fields to carry over), so a rewrite of the
   * document (resize, append) is byte-exact. Only that format's writer reads it.
   */
  readonly formatDetails?: unknown;
}

/** The permutation of a leading `transpose` codec (the chunk's memory layout), or null. */
export function leadingTranspose(chain: CodecChain): readonly number[] | null {
  const first = chain.arrayToArray[0];
  if (first?.id !== "transpose") return null;
  const order = first.order;
  return Array.isArray(order) ? (order as number[]) : null;
}

/** `[n-1, ..., 0]`: the transpose that stores a chunk in Fortran order. */
export function reversedAxes(ndim: number): number[] {
  return Array.from({ length: ndim }, (_, i) => ndim - 1 - i);
}

/** "F" when the chunks are stored in Fortran order (a leading full reversal), else "C". */
export function memoryOrder(meta: ArrayMetadata): "C" | "F" {
  const order = leadingTranspose(meta.codecs);
  const n = meta.shape.length;
  // v2 writes order "F" even where it changes nothing (1-d), so a rewrite must keep it.
  return order?.length === n && order.every((a, i) => a === n - 1 - i) ? "F" : "C";
}

/** The sharding codec's config when the array is sharded. */
export function shardingConfig(meta: ArrayMetadata): CodecConfig | null {
  return meta.codecs.arrayToBytes.id === "sharding_indexed" ? meta.codecs.arrayToBytes : null;
}
