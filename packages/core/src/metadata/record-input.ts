import { bytesToChunk, chunkToBytes } from "../codecs/bytes-codec.js";
import type { ChunkData, DataType } from "./dtype.js";
import { IndexError, ZarrError } from "../errors.js";
import { recordFromScalar } from "./structured-dtype.js";

/**
 * What `set` accepts for structured and raw void (`V`) arrays, besides arrays of records:
 * one record (broadcast), one number (NumPy gives it to every field), or the raw bytes of the region (`n` x itemsize) or of one element.
 * Every value is encoded once up front, so a bad record fails before any chunk is written.
 */

export type RecordSource = { kind: "scalar"; value: unknown } | { kind: "data"; data: ChunkData };

function isPlainRecord(dtype: DataType, value: object): boolean {
  if (Array.isArray(value) || ArrayBuffer.isView(value) || value instanceof ArrayBuffer)
    return false;
  // `{ data, shape }` is the array form `set` takes, unless the struct has fields by those names.
  const names = new Set(dtype.fields?.map((f) => f.name));
  return !("data" in value && "shape" in value && !(names.has("data") && names.has("shape")));
}

/** The `set` source for a `V` array, or undefined when `value` takes the ordinary array path. */
export function recordSource(
  dtype: DataType,
  value: unknown,
  n: number,
  arrayName: string,
): RecordSource | undefined {
  const raw =
    value instanceof ArrayBuffer
      ? new Uint8Array(value)
      : value instanceof Uint8Array
        ? value
        : undefined;
  if (raw) {
    if (raw.length === n * dtype.itemsize)
      return { kind: "data", data: bytesToChunk(dtype, raw, n, true) };
    if (raw.length === dtype.itemsize)
      return { kind: "scalar", value: normalizeRecords(dtype, [raw], 1)[0] };
    throw new IndexError(
      `raw bytes for array "${arrayName}" of dtype ${dtype.display} must hold ${n} x ${dtype.itemsize} = ${n * dtype.itemsize} bytes (or ${dtype.itemsize} for one element), got ${raw.length}`,
    );
  }
  if (value !== null && typeof value === "object" && !isPlainRecord(dtype, value)) return undefined;
  const t = typeof value;
  if (dtype.fields && (t === "number" || t === "bigint" || t === "boolean"))
    value = recordFromScalar(dtype, value as number);
  return { kind: "scalar", value: normalizeRecords(dtype, [value], 1)[0] };
}

/** Records as the dtype stores them: validated, converted (float32 rounding...) and copied. */
export function normalizeRecords(dtype: DataType, items: ArrayLike<unknown>, n: number): unknown[] {
  return bytesToChunk(dtype, checkRecords(dtype, items, n), n, true) as unknown[];
}

/**
 * Refuse records that do not fit the dtype (naming the element and field) before any chunk is
 * written; returns their stored bytes.
 */
export function checkRecords(dtype: DataType, items: ArrayLike<unknown>, n: number): Uint8Array {
  try {
    return chunkToBytes(dtype, items as ChunkData, n);
  } catch (e) {
    if (e instanceof ZarrError)
      throw new ZarrError(`cannot write to a ${dtype.display} array: ${e.message}`, { cause: e });
    throw e;
  }
}
