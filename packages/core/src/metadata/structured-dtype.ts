import { pyStrRepr } from "../codecs/codec.js";
import type { DataType } from "./dtype.js";
import { MetadataError } from "../errors.js";
import { pyTuple } from "../hierarchy/format.js";

/**
 * Structured (record) dtypes, as a v2 `.zarray` stores them: a JSON list of `[name, type]` or
 * `[name, type, shape]` fields, where `type` is a dtype string or, for a nested struct, another
 * such list. Fields are packed in order, as NumPy's `descr` describes them.
 */

/** One field as written in a dtype list: `["a", "<i4"]`, `["b", "<f8", [2]]`, `["n", [...]]`. */
export type StructuredFieldSpec =
  | readonly [string, string | StructuredDtypeSpec]
  | readonly [string, string | StructuredDtypeSpec, readonly number[] | number];

/** A structured dtype in its list form, e.g. `[["a", "<i4"], ["b", "<f8", [2]]]`. */
export type StructuredDtypeSpec = readonly StructuredFieldSpec[];

/**
 * One field of a structured dtype ({@link DataType.fields}), as NumPy's `dtype.fields` describes
 * it: its name, type, sub-array shape and byte offset inside a record.
 */
export interface StructField {
  /** The field's name, the key of its value in a record. */
  readonly name: string;
  /** The type of one element of the field (itself structured for a nested struct). */
  readonly dtype: DataType;
  /** Sub-array shape; `[]` for a scalar field. */
  readonly shape: readonly number[];
  /** Elements of `dtype` in the field: the product of `shape`. */
  readonly count: number;
  /** Byte offset of the field inside one record. */
  readonly offset: number;
}

/**
 * One element of a structured array: a plain object with a property per field. A scalar field
 * holds what an element of its dtype is elsewhere in zarrkit (number, bigint for 8-byte
 * integers and times, boolean, `[re, im]`, string, Uint8Array, or a nested record); a sub-array
 * field holds the C-ordered data an NdArray of its dtype holds (Float64Array for `<f8`...).
 */
export type StructRecord = { [field: string]: unknown };

/** True for the list form of a dtype (as opposed to a dtype string or a DataType). */
export function isStructuredSpec(input: unknown): input is StructuredDtypeSpec {
  return Array.isArray(input);
}

function fieldShape(raw: unknown, where: string): number[] {
  if (typeof raw === "number") raw = [raw];
  if (
    !Array.isArray(raw) ||
    !raw.every((s) => typeof s === "number" && Number.isInteger(s) && s >= 0)
  ) {
    throw new MetadataError(
      `${where}: the shape must be a list of integers >= 0, got ${JSON.stringify(raw)}`,
    );
  }
  return raw as number[];
}

/**
 * Build the DataType of a structured dtype. `parseScalar` parses the dtype strings of fields
 * (passed in so this module needs nothing from dtype.ts at run time).
 */
export function parseStructuredDataType(
  spec: StructuredDtypeSpec,
  parseScalar: (text: string) => DataType,
): DataType {
  if (spec.length === 0)
    throw new MetadataError("structured dtype [] has no fields: it needs at least one");
  const fields: StructField[] = [];
  const names = new Set<string>();
  let offset = 0;
  spec.forEach((entry, i) => {
    if (!Array.isArray(entry) || entry.length < 2 || entry.length > 3) {
      throw new MetadataError(
        `structured dtype field ${i}: expected [name, type] or [name, type, shape], got ${JSON.stringify(entry)}`,
      );
    }
    const [rawName, rawType, rawShape] = entry as unknown[];
    if (typeof rawName !== "string") {
      throw new MetadataError(
        `structured dtype field ${i}: the name must be a string, got ${JSON.stringify(rawName)}`,
      );
    }
    // NumPy names an unnamed field (padding in a `descr`) after its position.
    const name = rawName === "" ? `f${i}` : rawName;
    const where = `structured dtype field ${JSON.stringify(name)}`;
    if (names.has(name)) throw new MetadataError(`${where} occurs more than once`);
    names.add(name);
    let dtype: DataType;
    try {
      if (Array.isArray(rawType)) dtype = parseStructuredDataType(rawType, parseScalar);
      else if (typeof rawType === "string") dtype = parseScalar(rawType);
      else throw new MetadataError(`expected a dtype string or a list of fields`);
    } catch (e) {
      throw new MetadataError(`${where}: ${(e as Error).message}`);
    }
    if (dtype.kind === "O") {
      throw new MetadataError(
        `${where}: object fields are not supported in structured dtypes (they need an object codec)`,
      );
    }
    const shape = rawShape === undefined ? [] : fieldShape(rawShape, where);
    const count = shape.reduce((a, b) => a * b, 1);
    fields.push({ name, dtype, shape, count, offset });
    offset += count * dtype.itemsize;
  });
  return {
    str: `|V${offset}`,
    kind: "V",
    itemsize: offset,
    byteOrder: "|",
    display: structuredRepr(fields),
    lanes: 1,
    fields,
  };
}

/** NumPy's short form of a field's type inside a struct repr: `'?'`, `'i1'`, `'S5'`, `'<U3'`. */
function shortRepr(dt: DataType): string {
  if (dt.fields) return structuredRepr(dt.fields);
  const order = dt.byteOrder === "|" ? "" : dt.byteOrder;
  switch (dt.kind) {
    case "b":
      return "'?'";
    case "S":
      return `'S${dt.itemsize}'`;
    case "V":
      return `'V${dt.itemsize}'`;
    case "U":
      return `'${order}U${dt.itemsize / 4}'`;
    case "M":
    case "m":
      return `'${order}${dt.kind}8[${dt.unit}]'`;
    default:
      return `'${order}${dt.kind}${dt.itemsize}'`;
  }
}

/** `str(dtype)` of a packed structured dtype: `[('a', '<i4'), ('b', '<f8', (2,))]`. */
function structuredRepr(fields: readonly StructField[]): string {
  const parts = fields.map((f) => {
    const shape = f.shape.length > 0 ? `, ${pyTuple(f.shape)}` : "";
    return `(${pyStrRepr(f.name)}, ${shortRepr(f.dtype)}${shape})`;
  });
  return `[${parts.join(", ")}]`;
}

/** The dtype as `.zarray` stores it: its type string, or the field list of a structured one. */
export function dtypeToJson(dtype: DataType): string | unknown[] {
  if (!dtype.fields) return dtype.str;
  return dtype.fields.map((f) => {
    const entry: unknown[] = [f.name, dtypeToJson(f.dtype)];
    if (f.shape.length > 0) entry.push([...f.shape]);
    return entry;
  });
}

/** A deep copy of one element (record, typed array, list), so copies never share memory. */
export function cloneElement<T>(value: T): T {
  if (value === null || typeof value !== "object") return value;
  if (ArrayBuffer.isView(value)) return (value as unknown as Uint8Array).slice() as T;
  if (Array.isArray(value)) return value.map(cloneElement) as T;
  const out: StructRecord = {};
  for (const [k, v] of Object.entries(value)) out[k] = cloneElement(v);
  return out as T;
}

/**
 * Give every slot that holds one of `shared` (the fill records a read put into many slots) its
 * own copy, so a caller who changes one element of what `get` returned changes only that one.
 */
export function unshareElements(items: unknown[], shared: readonly unknown[]): void {
  const objects = shared.filter((v): v is object => v !== null && typeof v === "object");
  if (objects.length === 0) return;
  for (let i = 0; i < items.length; i++) {
    const v = items[i];
    if (typeof v === "object" && v !== null && objects.includes(v)) items[i] = cloneElement(v);
  }
}

/**
 * NumPy casts one number to a structured dtype by giving it to every field (`np.array(1, dt)`,
 * which `ones` and `z[:] = 1` rely on); strings fields get its text. Raw void fields refuse it.
 */
export function recordFromScalar(dtype: DataType, value: number | bigint | boolean): unknown {
  if (!dtype.fields) {
    if (dtype.kind === "V")
      throw new MetadataError(`cannot cast ${String(value)} to raw void dtype ${dtype.str}`);
    if (dtype.kind === "S" || dtype.kind === "U")
      return typeof value === "boolean" ? (value ? "True" : "False") : String(value);
    return value;
  }
  const out: StructRecord = {};
  for (const f of dtype.fields) {
    const one = recordFromScalar(f.dtype, value);
    const v =
      f.shape.length === 0 ? one : new Array(f.count).fill(null).map(() => cloneElement(one));
    if (f.name === "__proto__")
      Object.defineProperty(out, f.name, { value: v, enumerable: true, writable: true });
    else out[f.name] = v;
  }
  return out;
}
