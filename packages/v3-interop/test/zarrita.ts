// zarrita.js 0.7.5 on a directory, and the conversions between its chunks and plain values.
// Node 20 has no Float16Array; zarrita looks it up on globalThis when it needs one, so the
// @petamoriken/float16 ponyfill lets it read and write float16 here.
import { Float16Array } from "@petamoriken/float16";
import FileSystemStore from "@zarrita/storage/fs";
import * as zarrita from "zarrita";
import type { V3Name } from "./random-cases.js";

const g = globalThis as { Float16Array?: unknown };
g.Float16Array ??= Float16Array;

export { zarrita };

export function zarritaLocation(dir: string, path: string) {
  return zarrita.root(new FileSystemStore(dir)).resolve(path);
}

/** zarrita's chunk as plain values in C order, whatever its strides. */
export function zarritaValues(chunk: {
  data: unknown;
  shape: number[];
  stride: number[];
}): unknown[] {
  const data = chunk.data as { get?: (i: number) => unknown; [i: number]: unknown };
  const at = (i: number) =>
    typeof data.get === "function" && !Array.isArray(data) ? data.get(i) : data[i];
  const size = chunk.shape.reduce((a, b) => a * b, 1);
  const out: unknown[] = [];
  for (let i = 0; i < size; i++) {
    let r = i;
    let offset = 0;
    for (let d = chunk.shape.length - 1; d >= 0; d--) {
      offset += (r % chunk.shape[d]!) * chunk.stride[d]!;
      r = Math.floor(r / chunk.shape[d]!);
    }
    out.push(at(offset));
  }
  return out;
}

/** Values as the typed data zarrita's `set` takes for a data type. */
export function zarritaData(dtype: V3Name, values: unknown[]): unknown {
  switch (dtype) {
    case "bool":
      return new zarrita.BoolArray(values as boolean[]);
    case "int8":
      return Int8Array.from(values as number[]);
    case "int16":
      return Int16Array.from(values as number[]);
    case "int32":
      return Int32Array.from(values as number[]);
    case "int64":
      return BigInt64Array.from(values as bigint[]);
    case "uint8":
      return Uint8Array.from(values as number[]);
    case "uint16":
      return Uint16Array.from(values as number[]);
    case "uint32":
      return Uint32Array.from(values as number[]);
    case "uint64":
      return BigUint64Array.from(values as bigint[]);
    case "float16":
      return Float16Array.from(values as number[]);
    case "float32":
      return Float32Array.from(values as number[]);
    case "float64":
      return Float64Array.from(values as number[]);
    case "string":
      return [...(values as string[])];
  }
}

/** Values as the data zarrkit's `set` takes (docs-site/data-types.md). */
export function zarrkitData(dtype: V3Name, values: unknown[]): unknown {
  if (dtype === "bool") return Uint8Array.from(values as boolean[], (b) => (b ? 1 : 0));
  if (dtype === "float16") return Float32Array.from(values as number[]);
  if (dtype === "string") return [...(values as string[])];
  return zarritaData(dtype, values);
}

/** C-order strides of a shape. */
export function cStrides(shape: number[]): number[] {
  const out = shape.map(() => 1);
  for (let d = shape.length - 2; d >= 0; d--) out[d] = out[d + 1]! * shape[d + 1]!;
  return out;
}
