import { bytesToChunk, chunkToBytes } from "./bytes-codec.js";
import { asBytes, type ChunkInfo, type CodecInput } from "./codec.js";
import {
  allocate,
  type DataType,
  elementAt,
  parseDataType,
  setElement,
} from "../metadata/dtype.js";
import { CodecError } from "../errors.js";

/**
 * numcodecs' serialising object codecs (JSON, MsgPack) store a chunk as `a.tolist()` followed
 * by `a.dtype.str` and `a.shape`: the elements nested one list per dimension, then the type
 * and the shape, so a reader can rebuild the array without the metadata. The pipeline hands
 * object codecs a flat C-order array, so both directions go through here.
 */
export function toObjectPayload(
  items: readonly unknown[],
  dtype: string,
  shape: readonly number[],
): unknown[] {
  const count = shape.reduce((a, b) => a * b, 1);
  if (items.length !== count) {
    throw new CodecError(
      `object payload: ${items.length} items do not fill a chunk of shape [${shape.join(", ")}] (${count} elements)`,
    );
  }
  // A 0-d chunk has no list to hold its element; numcodecs cannot write one, and a
  // one-element list is what its decoder accepts back.
  const nested = shape.length === 0 ? [items[0]] : (nest(items, shape, 0, 0) as unknown[]);
  nested.push(dtype, [...shape]);
  return nested;
}

function nest(items: readonly unknown[], shape: readonly number[], dim: number, start: number) {
  const n = shape[dim]!;
  if (dim === shape.length - 1) return items.slice(start, start + n);
  const stride = shape.slice(dim + 1).reduce((a, b) => a * b, 1);
  const out: unknown[] = new Array(n);
  for (let i = 0; i < n; i++) out[i] = nest(items, shape, dim + 1, start + i * stride);
  return out;
}

/**
 * A decoded payload's parts, as {@link fromObjectPayload} returns them: the flat C-order
 * elements, its dtype string and its shape.
 */
export interface ObjectPayload {
  /** The chunk's elements, flattened in C order (the nesting removed). */
  items: unknown[];
  /** The NumPy dtype string the payload ends with (`|O`, `<i4`, ...). */
  dtype: string;
  /** The chunk shape the payload ends with, in elements. */
  shape: number[];
}

/**
 * Split a decoded payload into flat items, checking its structure: the trailing dtype and
 * shape, the nesting against the shape, and, given `info`, the dtype and the element count of
 * the chunk the pipeline expects. Errors name `codecId` and what was wrong.
 */
export function fromObjectPayload(
  codecId: string,
  payload: unknown,
  info?: ChunkInfo,
): ObjectPayload {
  if (!Array.isArray(payload) || payload.length < 2) {
    throw new CodecError(
      `${codecId}: corrupt chunk, expected a list ending in the dtype and the shape, got ${kind(payload)}`,
    );
  }
  const dtype = payload[payload.length - 2];
  const shape = payload[payload.length - 1];
  if (typeof dtype !== "string") {
    throw new CodecError(
      `${codecId}: corrupt chunk, its second-last element must be the dtype string, got ${kind(dtype)}`,
    );
  }
  if (
    !Array.isArray(shape) ||
    !shape.every((d) => (typeof d === "number" && Number.isSafeInteger(d) && d >= 0) || isBigDim(d))
  ) {
    throw new CodecError(
      `${codecId}: corrupt chunk, its last element must be the shape (a list of non-negative integers), got ${kind(shape)}`,
    );
  }
  const dims = shape.map(Number);
  if (info) {
    if (dtype !== info.dtype) {
      throw new CodecError(
        `${codecId}: the chunk holds dtype ${JSON.stringify(dtype)}, the array expects ${JSON.stringify(info.dtype)}`,
      );
    }
    const expected = info.shape.reduce((a, b) => a * b, 1);
    const got = dims.reduce((a, b) => a * b, 1);
    if (got !== expected) {
      throw new CodecError(
        `${codecId}: the chunk has shape [${dims.join(", ")}] (${got} elements), the array expects ${expected} elements per chunk`,
      );
    }
  }
  const body = payload.slice(0, -2);
  const items: unknown[] = [];
  if (dims.length === 0) {
    if (body.length !== 1) {
      throw new CodecError(
        `${codecId}: corrupt chunk, a 0-d chunk holds one element, found ${body.length}`,
      );
    }
    items.push(body[0]);
  } else {
    flatten(codecId, body, dims, 0, "", items);
  }
  return { items, dtype, shape: dims };
}

function flatten(
  codecId: string,
  list: unknown,
  dims: readonly number[],
  dim: number,
  where: string,
  out: unknown[],
): void {
  if (!Array.isArray(list) || list.length !== dims[dim]) {
    throw new CodecError(
      `${codecId}: corrupt chunk, ${where === "" ? "its elements" : `row ${where}`} should be a list of ${dims[dim]} for shape [${dims.join(", ")}], got ${kind(list)}`,
    );
  }
  if (dim === dims.length - 1) {
    for (const v of list) out.push(v);
    return;
  }
  for (let i = 0; i < list.length; i++) {
    flatten(codecId, list[i], dims, dim + 1, where === "" ? `[${i}]` : `${where}[${i}]`, out);
  }
}

function isBigDim(d: unknown): boolean {
  return typeof d === "bigint" && d >= 0n && d <= BigInt(Number.MAX_SAFE_INTEGER);
}

function kind(v: unknown): string {
  if (Array.isArray(v)) return `a list of ${v.length}`;
  if (v === null) return "null";
  if (typeof v === "string") return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v);
  return typeof v;
}

const NUMERIC_KINDS = "biuf";

/**
 * numcodecs' JSON and MsgPack also take plain numeric arrays (zarr-python applies any filter
 * to any dtype): `tolist()` turns booleans, integers and floats into Python values. The
 * dtypes whose `tolist()` a JSON or msgpack document can hold.
 */
export function isPayloadNumeric(dtype: DataType): boolean {
  return NUMERIC_KINDS.includes(dtype.kind);
}

/** A numeric chunk's stored bytes as `tolist()` values: booleans, numbers, or bigints for 64-bit integers. */
export function numericItems(dtype: DataType, bytes: Uint8Array, n: number): unknown[] {
  const data = bytesToChunk(dtype, bytes, n, false);
  const out: unknown[] = new Array(n);
  for (let i = 0; i < n; i++) out[i] = elementAt(dtype, data, i);
  return out;
}

/** Decoded `tolist()` values back to a numeric chunk's stored bytes, refusing non-numbers. */
export function numericBytes(
  codecId: string,
  dtype: DataType,
  items: readonly unknown[],
): Uint8Array {
  const data = allocate(dtype, items.length);
  for (let i = 0; i < items.length; i++) {
    const v = items[i];
    if (typeof v !== "number" && typeof v !== "bigint" && typeof v !== "boolean") {
      throw new CodecError(
        `${codecId}: element ${i} of a ${dtype.str} chunk is ${kind(v)}, not a number`,
      );
    }
    try {
      setElement(dtype, data, i, v);
    } catch {
      throw new CodecError(`${codecId}: element ${i} (${String(v)}) has no ${dtype.str} value`);
    }
  }
  return chunkToBytes(dtype, data, items.length);
}

/**
 * The numeric dtype of the chunk an object codec is handed: undefined for object chunks, the
 * dtype for the numeric ones it serialises too; other dtypes are refused naming `codecId`.
 */
export function payloadNumericType(codecId: string, info?: ChunkInfo): DataType | undefined {
  if (!info || info.dtype === "|O") return undefined;
  const dt = parseDataType(info.dtype);
  if (!isPayloadNumeric(dt)) {
    throw new CodecError(
      `${codecId}: encodes dtype "|O" arrays and bool, integer or float arrays, got ${info.dtype} data`,
    );
  }
  return dt;
}

/**
 * The elements an object codec serialises: an object chunk's JS array as it is, a numeric
 * chunk's bytes as `tolist()` values. `dtype` is {@link payloadNumericType}'s answer.
 */
export function payloadItems(
  codecId: string,
  data: CodecInput,
  dtype: DataType | undefined,
  info?: ChunkInfo,
): readonly unknown[] {
  if (dtype && info) {
    if (!ArrayBuffer.isView(data)) {
      throw new CodecError(`${codecId}: expects the chunk's bytes for a ${dtype.str} array`);
    }
    return numericItems(
      dtype,
      asBytes(data),
      info.shape.reduce((a, b) => a * b, 1),
    );
  }
  if (Array.isArray(data)) return data;
  throw new CodecError(
    `${codecId}: expects a JS array of items (an object array chunk), got bytes`,
  );
}

/**
 * What an object codec's decode returns for a decoded payload: an object chunk's items, or a
 * numeric chunk's bytes, written into `out` when it has the chunk's size.
 */
export function payloadResult(
  codecId: string,
  payload: unknown,
  dtype: DataType | undefined,
  info?: ChunkInfo,
  out?: Uint8Array,
): unknown[] | Uint8Array {
  const { items } = fromObjectPayload(codecId, payload, info);
  if (!dtype) return items;
  const bytes = numericBytes(codecId, dtype, items);
  if (out && out.length === bytes.length) {
    out.set(bytes);
    return out;
  }
  return bytes;
}

/** What an object codec hands the next codec: the serialised chunk, bytes of unknown length. */
export function payloadEncodedInfo(info: ChunkInfo): ChunkInfo {
  return { ...info, dtype: "|u1", itemsize: 1, nbytes: undefined };
}
