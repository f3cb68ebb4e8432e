import type { DataType } from "./dtype.js";
import { MetadataError } from "./../errors.js";
import { type FillValue, normalizeFillValue } from "./fill-value.js";
import { jsonText, PyFloat } from "./json.js";

/**
 * Fill values as Zarr v3 writes them in `zarr.json`: numbers, `"NaN"`, `"Infinity"`,
 * `"-Infinity"`, hex strings holding a float's raw bits (`"0x7fc00000"`), `[re, im]` pairs,
 * byte lists for raw `r*` types, strings for `string`, base64 or byte lists for `bytes`.
 */
const NON_FINITE: Record<string, number> = {
  NaN: Number.NaN,
  Infinity: Number.POSITIVE_INFINITY,
  "-Infinity": Number.NEGATIVE_INFINITY,
};

function floatFromV3(value: unknown, width: number): number {
  if (typeof value === "number") return value;
  if (typeof value === "string" && value in NON_FINITE) return NON_FINITE[value]!;
  if (typeof value === "string" && /^0x[0-9a-fA-F]+$/.test(value)) {
    const hex = value.slice(2);
    if (hex.length !== width * 2)
      throw new MetadataError(
        `hex fill value ${jsonText(value)} must have ${width * 2} hex digits for a ${width * 8}-bit float`,
      );
    // The hex digits are the float's bits, most significant first.
    const view = new DataView(new ArrayBuffer(width));
    for (let i = 0; i < width; i++)
      view.setUint8(i, Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16));
    if (width === 8) return view.getFloat64(0);
    if (width === 4) return view.getFloat32(0);
    return halfToNumber(view.getUint16(0));
  }
  throw new MetadataError(
    `expected a number, "NaN", "Infinity", "-Infinity" or a hex string of the float's bits, got ${jsonText(value)}`,
  );
}

/** An IEEE 754 half-precision bit pattern as a number. */
function halfToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exp = (bits >> 10) & 0x1f;
  const frac = bits & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 0x1f) return frac ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

function base64ToBytes(text: string): Uint8Array {
  const bin = atob(text);
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

function byteList(value: unknown, n: number | undefined): Uint8Array {
  if (
    !Array.isArray(value) ||
    (n !== undefined && value.length !== n) ||
    !value.every((b) => Number.isInteger(b) && b >= 0 && b <= 255)
  )
    throw new MetadataError(
      `expected a list of ${n ?? "any number of"} byte values 0..255, got ${jsonText(value)}`,
    );
  return Uint8Array.from(value as number[]);
}

/** Decode a v3 `fill_value` for `dtype` (whose v3 name is `name`) into its in-memory form. */
export function decodeFillValueV3(dtype: DataType, name: string, json: unknown): FillValue {
  const value = json instanceof PyFloat ? json.value : json;
  if (value === null) {
    // zarr-python 3 always writes one; v3 requires it. Object arrays tolerate null.
    if (dtype.kind === "O") return null;
    throw new MetadataError(`fill_value must not be null for data type ${name}`);
  }
  switch (dtype.kind) {
    case "f":
      return normalizeFillValue(dtype, floatFromV3(value, dtype.itemsize));
    case "c": {
      if (!Array.isArray(value) || value.length !== 2)
        throw new MetadataError(`expected [real, imaginary], got ${jsonText(value)}`);
      const parts = value.map((v) =>
        floatFromV3(v instanceof PyFloat ? v.value : v, dtype.itemsize / 2),
      );
      return normalizeFillValue(dtype, parts);
    }
    case "b":
      if (typeof value !== "boolean")
        throw new MetadataError(`expected true or false, got ${jsonText(value)}`);
      return value;
    case "i":
    case "u":
      if (typeof value !== "number" && typeof value !== "bigint")
        throw new MetadataError(`expected an integer, got ${jsonText(value)}`);
      if (typeof value === "number" && !Number.isInteger(value))
        throw new MetadataError(`expected an integer, got ${jsonText(value)}`);
      return normalizeFillValue(dtype, value);
    case "V":
      return byteList(value, dtype.itemsize);
    case "O":
      if (name === "bytes")
        return typeof value === "string" ? base64ToBytes(value) : byteList(value, undefined);
      if (typeof value !== "string")
        throw new MetadataError(`expected a string, got ${jsonText(value)}`);
      return value;
    default:
      return normalizeFillValue(dtype, value);
  }
}

function floatToV3(v: number): unknown {
  if (Number.isNaN(v)) return "NaN";
  if (v === Number.POSITIVE_INFINITY) return "Infinity";
  if (v === Number.NEGATIVE_INFINITY) return "-Infinity";
  return new PyFloat(v);
}

/** Encode an in-memory fill value as zarr-python 3 writes it into `zarr.json`. */
export function encodeFillValueV3(dtype: DataType, name: string, value: FillValue): unknown {
  switch (dtype.kind) {
    case "f":
      return floatToV3(value === null ? 0 : (value as number));
    case "c": {
      const [re, im] = value === null ? [0, 0] : (value as [number, number]);
      return [floatToV3(re), floatToV3(im)];
    }
    case "b":
      return Boolean(value);
    case "i":
    case "u":
      if (value === null) return 0;
      return typeof value === "bigint" &&
        value >= BigInt(Number.MIN_SAFE_INTEGER) &&
        value <= BigInt(Number.MAX_SAFE_INTEGER)
        ? Number(value)
        : value;
    case "V":
      return [...(value instanceof Uint8Array ? value : new Uint8Array(dtype.itemsize))];
    case "O":
      if (name === "bytes") {
        const bytes = value instanceof Uint8Array ? value : new Uint8Array(0);
        let bin = "";
        for (const b of bytes) bin += String.fromCharCode(b);
        return btoa(bin);
      }
      return typeof value === "string" ? value : "";
    default:
      throw new MetadataError(`dtype ${dtype.str} has no Zarr v3 fill value encoding`);
  }
}
