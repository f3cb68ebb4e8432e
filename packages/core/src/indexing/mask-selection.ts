import { IndexError } from "../errors.js";
import { CoordinateIndexer } from "./coordinate-selection.js";
import { type IndexArrayLike, isIndexArrayLike, readIndexArray } from "./index-array.js";
import { NdArray } from "./ndarray.js";

/** A Boolean array of the array's shape: a bool NdArray or nested JS booleans. */
export type MaskSelection = NdArray | readonly unknown[];

/** Whether `selection` is a mask rather than coordinate arrays (zarr-python's `vindex` test). */
export function isMaskSelection(selection: unknown): boolean {
  const x =
    Array.isArray(selection) && selection.length === 1 && selection[0] instanceof NdArray
      ? selection[0]
      : selection;
  if (x instanceof NdArray) return x.dtype.kind === "b";
  let probe: unknown = x;
  while (Array.isArray(probe) && probe.length > 0) probe = probe[0];
  return Array.isArray(x) && typeof probe === "boolean";
}

/** Mask selection: the true elements, in C order, as `a[mask]` in NumPy. */
export function maskIndexer(
  selection: MaskSelection,
  arrayShape: readonly number[],
): CoordinateIndexer {
  const x =
    Array.isArray(selection) && selection.length === 1 && selection[0] instanceof NdArray
      ? (selection[0] as NdArray)
      : selection;
  const a = isIndexArrayLike(x) ? readIndexArray(x as IndexArrayLike) : undefined;
  const sameShape =
    a !== undefined &&
    a.shape.length === arrayShape.length &&
    a.shape.every((s, d) => s === arrayShape[d]);
  if (a?.kind !== "bool" || !sameShape) {
    const got = !a
      ? typeof x
      : a.kind !== "bool"
        ? `a non-Boolean array of shape [${a.shape.join(", ")}]`
        : `shape [${a.shape.join(", ")}]`;
    throw new IndexError(
      `invalid mask selection; expected one Boolean (mask) array with the same shape as the target array [${arrayShape.join(", ")}], got ${got}`,
    );
  }
  const nd = arrayShape.length;
  let count = 0;
  for (const v of a.data) if (v) count++;
  const points = arrayShape.map(() => new Float64Array(count));
  const idx = new Array<number>(nd).fill(0);
  let k = 0;
  for (let i = 0; i < a.data.length; i++) {
    if (a.data[i]) {
      for (let d = 0; d < nd; d++) points[d]![k] = idx[d]!;
      k++;
    }
    for (let d = nd - 1; d >= 0; d--) {
      idx[d]!++;
      if (idx[d]! < arrayShape[d]!) break;
      idx[d] = 0;
    }
  }
  return new CoordinateIndexer([count], points, arrayShape);
}
