import {
  allocate,
  type ChunkData,
  type DataType,
  elementAt,
  setElement,
  typedArrayFor,
} from "../metadata/dtype.js";
import { ZarrError } from "../errors.js";
import type { StructField, StructRecord } from "../metadata/structured-dtype.js";

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
    for (let i = 0; i < n; i++) copyBytes(bytes, i * size + f.offset, col, i * width, width);
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

/** Why NumPy could not store `value` in one element of `dt`, or undefined when it can. */
function problem(dt: DataType, value: unknown): string | undefined {
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
  return ok ? undefined : `expected ${want} for dtype ${dt.display}, got ${describe(value)}`;
}

type Setter = (data: ChunkData, index: number, value: unknown) => void;

/** A writer of one (already checked) element into a column of `dt`, chosen once per field. */
function setterFor(dt: DataType): Setter {
  const Ctor = typedArrayFor(dt);
  if (!Ctor) return (d, i, v) => setElement(dt, d, i, v);
  if (dt.kind === "c" || dt.kind === "b") return (d, i, v) => setElement(dt, d, i, v);
  if (Ctor === BigInt64Array || Ctor === BigUint64Array) {
    return (d, i, v) => {
      (d as BigInt64Array)[i] = typeof v === "bigint" ? v : BigInt(Math.trunc(Number(v)));
    };
  }
  return (d, i, v) => {
    (d as Float64Array)[i] = Number(v);
  };
}

const fieldWhere = (i: number, f: StructField) => `element ${i}: field ${JSON.stringify(f.name)}`;

/** Write the sub-array value of field `f` of record `i` into the field's column `data`. */
function putSubarray(f: StructField, data: ChunkData, i: number, value: unknown, set: Setter) {
  const Ctor = typedArrayFor(f.dtype);
  const lanes = Ctor ? f.dtype.lanes : 1;
  if (Ctor && f.dtype.kind !== "b" && value instanceof Ctor && value.length === f.count * lanes) {
    // Already the column's own element type (what `get` hands out): no conversion to make.
    (data as Float64Array).set(value as Float64Array, i * f.count * lanes);
    return;
  }
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
      `${fieldWhere(i, f)}: expected ${f.count} values (sub-array of shape ${JSON.stringify(f.shape)}) for dtype ${f.dtype.display}, got ${describe(value)}`,
    );
  }
  const base = i * f.count;
  for (let j = 0; j < f.count; j++) {
    const v = items[j];
    const p = problem(f.dtype, v);
    if (p) throw new ZarrError(`${fieldWhere(i, f)}[${j}]: ${p}`);
    set(data, base + j, v);
  }
}

/** Copy `width` bytes; a plain loop beats creating views for the few bytes of most fields. */
function copyBytes(src: Uint8Array, from: number, dst: Uint8Array, to: number, width: number) {
  if (width > 32) dst.set(src.subarray(from, from + width), to);
  else for (let b = 0; b < width; b++) dst[to + b] = src[from + b]!;
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
      const p = problem(dtype, v);
      if (p) throw new ZarrError(`element ${i}: ${p}`);
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
  for (let i = 0; i < n; i++) {
    const rec = items[i];
    const p = problem(dtype, rec);
    if (p) throw new ZarrError(`element ${i}: ${p}`);
    // Every field is checked for presence below, so more keys than fields means an unknown one.
    let count = 0;
    for (const _ in rec as object) count++;
    if (count > fields.length) {
      const names = fields.map((f) => f.name);
      const extra = Object.keys(rec as object).find((k) => !names.includes(k));
      throw new ZarrError(
        `element ${i}: dtype ${dtype.display} has no field ${JSON.stringify(extra)} (fields: ${names.join(", ")})`,
      );
    }
  }
  for (const f of fields) {
    const m = n * f.count;
    const data = allocate(f.dtype, m);
    const set = setterFor(f.dtype);
    const scalar = f.shape.length === 0;
    for (let i = 0; i < n; i++) {
      const rec = items[i] as StructRecord;
      const v = Object.hasOwn(rec, f.name) ? rec[f.name] : undefined;
      if (v === undefined) {
        const names = fields.map((g) => g.name);
        const extra = Object.keys(rec).find((k) => !names.includes(k));
        throw new ZarrError(
          extra === undefined
            ? `${fieldWhere(i, f)} is missing (every field needs a value)`
            : `element ${i}: dtype ${dtype.display} has no field ${JSON.stringify(extra)} (fields: ${names.join(", ")})`,
        );
      }
      if (scalar) {
        const p = problem(f.dtype, v);
        if (p) throw new ZarrError(`${fieldWhere(i, f)}: ${p}`);
        set(data, i, v);
      } else putSubarray(f, data, i, v, set);
    }
    let bytes: Uint8Array;
    try {
      bytes = column.toBytes(f.dtype, data, m);
    } catch (e) {
      if (!(e instanceof ZarrError)) throw e;
      throw new ZarrError(`field ${JSON.stringify(f.name)}: ${e.message}`, { cause: e });
    }
    const width = f.count * f.dtype.itemsize;
    for (let i = 0; i < n; i++) copyBytes(bytes, i * width, out, i * size + f.offset, width);
  }
  return out;
}
