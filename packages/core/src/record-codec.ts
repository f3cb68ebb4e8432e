import {
  allocate,
  type ChunkData,
  type DataType,
  elementAt,
  setElement,
  typedArrayFor,
} from "./dtype.js";
import { ZarrError } from "./errors.js";
import type { StructField, StructRecord } from "./structured-dtype.js";

/**
 * Records <-> stored bytes for structured and raw void (`V`) dtypes. Each field is converted as
 * one column through the ordinary per-dtype conversion (byte order, float16, strings), so a
 * field behaves exactly as an array of its dtype would.
 */

/** The per-dtype conversion, passed in by bytes-codec.ts (which in turn dispatches `V` here). */
export interface ColumnCodec {
  toChunk(dtype: DataType, bytes: Uint8Array, n: number): ChunkData;
  toBytes(dtype: DataType, data: ChunkData, n: number): Uint8Array;
}

function put(record: StructRecord, name: string, value: unknown): void {
  // A field may be called `__proto__`; plain assignment would change the prototype instead.
  if (name === "__proto__")
    Object.defineProperty(record, name, { value, enumerable: true, writable: true });
  else record[name] = value;
}

/** Decode `n` stored records (or raw void items) from `bytes`. */
export function decodeRecords(
  dtype: DataType,
  bytes: Uint8Array,
  n: number,
  column: ColumnCodec,
): unknown[] {
  const size = dtype.itemsize;
  if (!dtype.fields) {
    const out: Uint8Array[] = new Array(n);
    for (let i = 0; i < n; i++) out[i] = bytes.slice(i * size, (i + 1) * size);
    return out;
  }
  const out: StructRecord[] = new Array(n);
  for (let i = 0; i < n; i++) out[i] = {};
  for (const f of dtype.fields) {
    const width = f.count * f.dtype.itemsize;
    const col = new Uint8Array(n * width);
    for (let i = 0; i < n; i++) {
      const start = i * size + f.offset;
      col.set(bytes.subarray(start, start + width), i * width);
    }
    const data = column.toChunk(f.dtype, col, n * f.count);
    if (f.shape.length === 0) {
      for (let i = 0; i < n; i++) put(out[i]!, f.name, elementAt(f.dtype, data, i));
      continue;
    }
    const per = f.count * (typedArrayFor(f.dtype) ? f.dtype.lanes : 1);
    for (let i = 0; i < n; i++) {
      const part = ArrayBuffer.isView(data)
        ? (data as Uint8Array).subarray(i * per, (i + 1) * per)
        : (data as unknown[]).slice(i * per, (i + 1) * per);
      put(out[i]!, f.name, part);
    }
  }
  return out;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (ArrayBuffer.isView(value)) return value.constructor.name;
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value === "object") return "an object";
  return JSON.stringify(value) ?? String(value);
}

function isRecord(value: unknown): value is StructRecord {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    !ArrayBuffer.isView(value)
  );
}

/** Refuse a value that NumPy could not store in one element of `dt`, naming what is wrong. */
function checkScalar(dt: DataType, value: unknown, where: string): void {
  const t = typeof value;
  let ok: boolean;
  let want: string;
  switch (dt.kind) {
    case "b":
      ok = t === "boolean" || t === "number" || t === "bigint";
      want = "a boolean";
      break;
    case "i":
    case "u":
    case "M":
    case "m":
      ok = t === "bigint" || t === "boolean" || (t === "number" && Number.isFinite(value));
      want = "a finite number or a bigint";
      break;
    case "f":
      ok = t === "number" || t === "bigint" || t === "boolean";
      want = "a number";
      break;
    case "c":
      ok =
        t === "number" ||
        (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === "number"));
      want = "[re, im] or a number";
      break;
    case "S":
      ok = t === "string" || value instanceof Uint8Array;
      want = "a Uint8Array or a string";
      break;
    case "U":
      ok = t === "string";
      want = "a string";
      break;
    case "V":
      ok = dt.fields ? isRecord(value) : value instanceof Uint8Array;
      want = dt.fields ? "a record (an object with a property per field)" : "a Uint8Array";
      break;
    default:
      ok = false;
      want = "a value zarrkit can store";
  }
  if (!ok)
    throw new ZarrError(
      `${where}: expected ${want} for dtype ${dt.display}, got ${describe(value)}`,
    );
}

/** Write the sub-array value of field `f` of record `i` into the field's column `data`. */
function putSubarray(f: StructField, data: ChunkData, i: number, value: unknown, where: string) {
  const lanes = typedArrayFor(f.dtype) ? f.dtype.lanes : 1;
  const isList =
    Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView));
  const items = value as ArrayLike<unknown>;
  if (lanes === 2 && ArrayBuffer.isView(value) && items.length === 2 * f.count) {
    // Complex data given as interleaved re/im, the form a complex NdArray holds.
    const dst = data as Float32Array | Float64Array;
    for (let j = 0; j < 2 * f.count; j++) dst[2 * i * f.count + j] = Number(items[j]);
    return;
  }
  if (!isList || items.length !== f.count) {
    throw new ZarrError(
      `${where}: expected ${f.count} values (sub-array of shape ${JSON.stringify(f.shape)}) for dtype ${f.dtype.display}, got ${describe(value)}`,
    );
  }
  for (let j = 0; j < f.count; j++) {
    const v = items[j];
    checkScalar(f.dtype, v, `${where}[${j}]`);
    setElement(f.dtype, data, i * f.count + j, v);
  }
}

/** Encode `n` records (or raw void items) as stored bytes, refusing any that do not fit. */
export function encodeRecords(
  dtype: DataType,
  items: ArrayLike<unknown>,
  n: number,
  column: ColumnCodec,
): Uint8Array {
  const size = dtype.itemsize;
  const out = new Uint8Array(n * size);
  if (!dtype.fields) {
    for (let i = 0; i < n; i++) {
      const v = items[i];
      checkScalar(dtype, v, `element ${i}`);
      if ((v as Uint8Array).length > size) {
        throw new ZarrError(
          `element ${i}: ${(v as Uint8Array).length} bytes do not fit dtype ${dtype.str} (${size} bytes)`,
        );
      }
      out.set(v as Uint8Array, i * size);
    }
    return out;
  }
  const fields = dtype.fields;
  const names = new Set(fields.map((f) => f.name));
  for (let i = 0; i < n; i++) {
    const rec = items[i];
    checkScalar(dtype, rec, `element ${i}`);
    for (const key of Object.keys(rec as object)) {
      if (!names.has(key)) {
        throw new ZarrError(
          `element ${i}: dtype ${dtype.display} has no field ${JSON.stringify(key)} (fields: ${[...names].join(", ")})`,
        );
      }
    }
  }
  for (const f of fields) {
    const m = n * f.count;
    const data = allocate(f.dtype, m);
    for (let i = 0; i < n; i++) {
      const where = `element ${i}: field ${JSON.stringify(f.name)}`;
      const rec = items[i] as StructRecord;
      const v = Object.hasOwn(rec, f.name) ? rec[f.name] : undefined;
      if (v === undefined) throw new ZarrError(`${where} is missing (every field needs a value)`);
      if (f.shape.length === 0) {
        checkScalar(f.dtype, v, where);
        setElement(f.dtype, data, i, v);
      } else putSubarray(f, data, i, v, where);
    }
    let bytes: Uint8Array;
    try {
      bytes = column.toBytes(f.dtype, data, m);
    } catch (e) {
      if (!(e instanceof ZarrError)) throw e;
      throw new ZarrError(`field ${JSON.stringify(f.name)}: ${e.message}`, { cause: e });
    }
    const width = f.count * f.dtype.itemsize;
    for (let i = 0; i < n; i++)
      out.set(bytes.subarray(i * width, (i + 1) * width), i * size + f.offset);
  }
  return out;
}
