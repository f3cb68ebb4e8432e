import type { DataType } from "./dtype.js";
import { MetadataError } from "../errors.js";
import { recordFromScalar } from "./structured-dtype.js";

/**
 * Fill values of structured and raw void (`V`) dtypes. zarr-python stores them as the base64 of
 * the element's bytes; a record fill value in memory is the record those bytes decode to, so it
 * holds exactly what NumPy would (float32 rounding, truncated strings...).
 */

/** The conversions fill-value.ts already holds, passed in to keep one copy of each. */
export interface VoidFillIo {
  toValue(dtype: DataType, bytes: Uint8Array): unknown;
  toBytes(dtype: DataType, value: unknown): Uint8Array;
  base64ToBytes(text: string): Uint8Array | undefined;
  bytesToBase64(bytes: Uint8Array): string;
}

/** NumPy reads a byte string into a void scalar zero-padded, or cut, to the item size. */
function fitted(bytes: Uint8Array, itemsize: number): Uint8Array {
  if (bytes.length === itemsize) return bytes;
  const out = new Uint8Array(itemsize);
  out.set(bytes.subarray(0, itemsize));
  return out;
}

/**
 * A user's fill value: `0` (zarr-python's default, all zero bytes), the element's raw bytes, or
 * for a structured dtype a record with every field, or a number NumPy gives to every field.
 */
export function normalizeVoidFill(dtype: DataType, value: unknown, io: VoidFillIo): unknown {
  if (value === 0 || value === 0n || value === false)
    return io.toValue(dtype, new Uint8Array(dtype.itemsize));
  if (value instanceof Uint8Array) return io.toValue(dtype, fitted(value, dtype.itemsize));
  if (!dtype.fields) throw new MetadataError("expected a Uint8Array of the element's bytes, or 0");
  try {
    const t = typeof value;
    const record =
      t === "number" || t === "bigint" || t === "boolean"
        ? recordFromScalar(dtype, value as number)
        : value;
    return io.toValue(dtype, io.toBytes(dtype, record));
  } catch (e) {
    // The record codec counts elements; a fill value is just one.
    throw new MetadataError((e as Error).message.replace(/^element 0: /, ""));
  }
}

/** `fill_value` of a `.zarray`: base64 of the element's bytes. */
export function decodeVoidFill(dtype: DataType, json: unknown, io: VoidFillIo): unknown {
  const bytes = typeof json === "string" ? io.base64ToBytes(json) : undefined;
  if (!bytes) {
    throw new MetadataError(
      `fill_value ${JSON.stringify(json)} is not valid for dtype ${dtype.display}: expected the base64 of its ${dtype.itemsize} bytes`,
    );
  }
  return io.toValue(dtype, fitted(bytes, dtype.itemsize));
}

export function encodeVoidFill(dtype: DataType, value: unknown, io: VoidFillIo): string {
  return io.bytesToBase64(io.toBytes(dtype, value));
}
