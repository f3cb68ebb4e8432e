import { flattenNested, NdArray } from "./ndarray.js";

/** An index array as the caller gave it, flattened: integers, booleans, or something else. */
export interface IndexArray {
  readonly kind: "int" | "bool" | "other";
  /** C-ordered values (booleans as 0/1); empty for "other". */
  readonly data: Float64Array;
  readonly shape: readonly number[];
  /** For "other": the first value that is neither an integer nor a boolean. */
  readonly bad?: unknown;
}

/** Something that can be an index array: an NdArray, a typed array, or (nested) JS arrays. */
export type IndexArrayLike = NdArray | ArrayBufferView | readonly unknown[];

export function isIndexArrayLike(x: unknown): x is IndexArrayLike {
  return x instanceof NdArray || ArrayBuffer.isView(x) || Array.isArray(x);
}

function fromValues(values: ArrayLike<unknown>, shape: readonly number[]): IndexArray {
  const n = values.length;
  if (n === 0) return { kind: "int", data: new Float64Array(0), shape };
  const bool = typeof values[0] === "boolean";
  const data = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (bool ? typeof v === "boolean" : typeof v === "bigint" || Number.isInteger(v)) {
      data[i] = Number(v);
      continue;
    }
    return { kind: "other", data: new Float64Array(0), shape, bad: v };
  }
  return { kind: bool ? "bool" : "int", data, shape };
}

/** Read an index array; typed float arrays are "other", as NumPy refuses float indices. */
export function readIndexArray(x: IndexArrayLike): IndexArray {
  if (x instanceof NdArray) {
    const k = x.dtype.kind;
    if (k === "b")
      return {
        kind: "bool",
        data: Float64Array.from(x.data as ArrayLike<number>, (v) => (v ? 1 : 0)),
        shape: x.shape,
      };
    if (k === "i" || k === "u")
      return {
        kind: "int",
        data: Float64Array.from(x.data as ArrayLike<number | bigint>, Number),
        shape: x.shape,
      };
    return { kind: "other", data: new Float64Array(0), shape: x.shape, bad: x.dtype.str };
  }
  if (ArrayBuffer.isView(x)) {
    const values = x as unknown as ArrayLike<number | bigint>;
    if (x instanceof Float32Array || x instanceof Float64Array || x instanceof DataView)
      return {
        kind: "other",
        data: new Float64Array(0),
        shape: [(x as unknown as ArrayLike<unknown>).length ?? 0],
        bad: x.constructor.name,
      };
    return { kind: "int", data: Float64Array.from(values, Number), shape: [values.length] };
  }
  const flat = flattenNested(x);
  return fromValues(flat.elements, flat.shape);
}

/** Describe an index array's kind for an error message. */
export function describeIndexArray(a: IndexArray): string {
  if (a.kind === "other") return `an array holding ${String(a.bad)}`;
  return `${a.kind === "int" ? "an integer" : "a Boolean"} array of shape [${a.shape.join(", ")}]`;
}
