import { bytesToChunk, chunkToBytes } from "../codecs/bytes-codec.js";
import type { DataType } from "./dtype.js";
import { MetadataError } from "../errors.js";
import { jsonText, PyFloat } from "./json.js";
import { decodeVoidFill, encodeVoidFill, normalizeVoidFill } from "./void-fill.js";

/**
 * Fill values in memory: number for numeric types, bigint for 64-bit integers and times,
 * boolean for bool, `[re, im]` for complex, Uint8Array for `S`, string for `U`, anything
 * for `O`, a record for a structured dtype (Uint8Array for raw `V`), and null when the array
 * has none.
 */
export type FillValue =
  | number
  | bigint
  | boolean
  | [number, number]
  | Uint8Array
  | string
  | null
  | unknown;

const NON_FINITE: Record<string, number> = {
  NaN: Number.NaN,
  Infinity: Number.POSITIVE_INFINITY,
  "-Infinity": Number.NEGATIVE_INFINITY,
};

function fail(dtype: DataType, value: unknown, why: string): never {
  throw new MetadataError(
    `fill_value ${jsonText(value)} is not valid for dtype ${dtype.str}: ${why}`,
  );
}

function toFloat(dtype: DataType, v: unknown): number {
  if (typeof v === "string" && v in NON_FINITE) return NON_FINITE[v]!;
  if (typeof v === "number")
    return dtype.itemsize <= 4 || (dtype.kind === "c" && dtype.itemsize === 8) ? Math.fround(v) : v;
  if (typeof v === "boolean") return v ? 1 : 0;
  return fail(dtype, v, "expected a number or one of NaN, Infinity, -Infinity");
}

function base64ToBytes(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) return undefined;
  const bin = atob(text);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function bytesToBase64(bytes: Uint8Array): string {
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

const VOID_BYTES = {
  toValue: (dtype: DataType, bytes: Uint8Array) => bytesToChunk(dtype, bytes, 1, true)[0],
  toBytes: (dtype: DataType, value: unknown) => chunkToBytes(dtype, [value], 1),
  base64ToBytes,
  bytesToBase64,
};

/** NumPy bytes scalars drop trailing NULs and keep at most itemsize bytes. */
export function normalizeBytes(bytes: Uint8Array, itemsize: number): Uint8Array {
  let end = Math.min(bytes.length, itemsize);
  while (end > 0 && bytes[end - 1] === 0) end--;
  return bytes.slice(0, end);
}

/** NumPy casts an out-of-range integer fill value by keeping its low bits (-1 is 255 in u1). */
function wrapInteger(dtype: DataType, big: bigint): number | bigint {
  const bits = dtype.itemsize * 8;
  const wrapped = dtype.kind === "u" ? BigInt.asUintN(bits, big) : BigInt.asIntN(bits, big);
  return dtype.itemsize === 8 ? wrapped : Number(wrapped);
}

/**
 * Normalize a user-supplied or stored fill value to its in-memory form for `dtype`, as NumPy
 * would cast it (`np.array(v, dtype)[()]`), with errors that name the value and dtype.
 */
export function normalizeFillValue(dtype: DataType, value: unknown): FillValue {
  if (value === null || value === undefined) return null;
  switch (dtype.kind) {
    case "b":
      if (typeof value === "boolean") return value;
      if (typeof value === "number" || typeof value === "bigint") return Number(value) !== 0;
      return fail(dtype, value, "expected a boolean");
    case "i":
    case "u": {
      let big: bigint;
      if (typeof value === "bigint") big = value;
      else if (typeof value === "number" && Number.isFinite(value)) big = BigInt(Math.trunc(value));
      else if (typeof value === "boolean") big = value ? 1n : 0n;
      else if (typeof value === "string" && /^-?\d+$/.test(value)) big = BigInt(value);
      else if (typeof value === "number")
        return fail(dtype, value, "an integer type has no NaN or infinity");
      else return fail(dtype, value, "expected an integer or a string of digits");
      // NumPy converts through a C long (unsigned for u8) and refuses what does not fit.
      const max = dtype.kind === "u" && dtype.itemsize === 8 ? 2n ** 64n - 1n : 2n ** 63n - 1n;
      if (big < -(2n ** 63n) || big > max)
        return fail(
          dtype,
          value,
          `too large for a 64-bit integer, outside [${-(2n ** 63n)}, ${max}]`,
        );
      return wrapInteger(dtype, big);
    }
    case "f":
      return toFloat(dtype, value);
    case "c": {
      if (Array.isArray(value) && value.length === 2)
        return [toFloat(dtype, value[0]), toFloat(dtype, value[1])];
      if (typeof value === "number") return [toFloat(dtype, value), 0];
      return fail(dtype, value, "expected [re, im]");
    }
    case "M":
    case "m":
      if (typeof value === "bigint") return value;
      if (typeof value === "number" && Number.isInteger(value)) return BigInt(value);
      if (typeof value === "string" && /^-?\d+$/.test(value)) return BigInt(value);
      return fail(dtype, value, "expected an integer count of time units");
    case "S": {
      if (value instanceof Uint8Array) return normalizeBytes(value, dtype.itemsize);
      if (typeof value === "string")
        return normalizeBytes(new TextEncoder().encode(value), dtype.itemsize);
      if (typeof value === "number")
        return normalizeBytes(new TextEncoder().encode(String(value)), dtype.itemsize);
      return fail(dtype, value, "expected bytes or a string");
    }
    case "U":
      if (typeof value === "string") return value;
      if (typeof value === "number") return String(value);
      return fail(dtype, value, "expected a string");
    case "V":
      try {
        return normalizeVoidFill(dtype, value, VOID_BYTES);
      } catch (e) {
        // Records may hold bigints and typed arrays, which JSON.stringify cannot show.
        throw new MetadataError(
          `fill_value is not valid for dtype ${dtype.display}: ${(e as Error).message}`,
        );
      }
    default:
      return value;
  }
}

/** Decode `fill_value` from `.zarray` JSON into its in-memory form. */
export function decodeFillValue(dtype: DataType, json: unknown): FillValue {
  if (json === null || json === undefined) return null;
  if (dtype.kind === "V") return decodeVoidFill(dtype, json, VOID_BYTES);
  if (dtype.kind === "S" && typeof json === "string") {
    // zarr-python writes base64; older writers stored plain values, which NumPy then cast.
    const bytes = base64ToBytes(json);
    return normalizeBytes(bytes ?? new TextEncoder().encode(json), dtype.itemsize);
  }
  if (dtype.kind === "S" && typeof json === "number")
    return normalizeFillValue(dtype, String(json));
  if (dtype.kind === "f" && typeof json === "string" && !(json in NON_FINITE)) {
    throw new MetadataError(`fill_value ${jsonText(json)} is not valid for dtype ${dtype.str}`);
  }
  return normalizeFillValue(dtype, json);
}

function encodeFloat(v: number): unknown {
  if (Number.isNaN(v)) return "NaN";
  if (v === Number.POSITIVE_INFINITY) return "Infinity";
  if (v === Number.NEGATIVE_INFINITY) return "-Infinity";
  return new PyFloat(v);
}

/** Encode an in-memory fill value as zarr-python writes it into `.zarray`. */
export function encodeFillValue(dtype: DataType, value: FillValue): unknown {
  if (value === null || value === undefined) return null;
  switch (dtype.kind) {
    case "f":
      return encodeFloat(value as number);
    case "c": {
      const [re, im] = value as [number, number];
      return [encodeFloat(re), encodeFloat(im)];
    }
    case "b":
      return Boolean(value);
    case "i":
    case "u":
    case "M":
    case "m":
      return typeof value === "bigint" &&
        value >= BigInt(Number.MIN_SAFE_INTEGER) &&
        value <= BigInt(Number.MAX_SAFE_INTEGER)
        ? Number(value)
        : value;
    case "S":
      return bytesToBase64(value as Uint8Array);
    case "V":
      return encodeVoidFill(dtype, value, VOID_BYTES);
    default:
      return value;
  }
}

/** The fill value as one element of the dtype's in-memory data (0/1 for bool, etc.). */
export function fillElement(dtype: DataType, value: FillValue): unknown {
  if (value === null || value === undefined) {
    if (dtype.kind === "O") return null;
    if (dtype.kind === "U") return "";
    if (dtype.kind === "S") return new Uint8Array(0);
    // Like NumPy's empty arrays, records need some value; zarrkit's are all zero bytes.
    if (dtype.kind === "V") return bytesToChunk(dtype, new Uint8Array(dtype.itemsize), 1, true)[0];
    return undefined;
  }
  return value;
}
