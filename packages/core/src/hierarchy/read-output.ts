import { IndexError, ZarrError } from "../errors.js";
import { type ChunkData, type DataType, typedArrayFor } from "../metadata/dtype.js";
import { NdArray } from "../indexing/ndarray.js";

/**
 * What a read may be given as its output (`{ out }`): an {@link NdArray} of the selection's
 * shape and the array's dtype, or its bare data: a typed array of the dtype's class
 * (`Float64Array` for `<f8`, `Uint8Array` for `|b1`; complex counts two lanes per element) of
 * the selection's size, or a plain array for string, object and record dtypes.
 */
export type ReadOutput = NdArray<string> | ChunkData;

/**
 * The caller's output checked against a selection: its data (written in place) and the
 * NdArray the read returns (the caller's own, or one wrapping the typed array given).
 */
export interface CheckedOutput {
  data: ChunkData;
  result: NdArray<string>;
}

/**
 * Check a caller's output against the selection's shape and the array's dtype. The rules
 * are zarr-python's `get_basic_selection(out=)` (same shape) plus the ones a typed array
 * needs to be written without a cast (same element class, exact length).
 *
 * @throws {@link IndexError} when an NdArray's shape differs from the selection's.
 * @throws {@link ZarrError} when the dtype, the typed-array class or the length is wrong.
 */
export function checkReadOutput(
  out: ReadOutput,
  shape: readonly number[],
  dtype: DataType,
  arrayName: string,
): CheckedOutput {
  const where = `out of a read from array "${arrayName}"`;
  const Ctor = typedArrayFor(dtype);
  let n = 1;
  for (const s of shape) n *= s;
  const expected = n * (Ctor ? dtype.lanes : 1);
  const container = Ctor ? `a ${Ctor.name}` : "a plain array";
  const checkData = (data: unknown): ChunkData => {
    const ok = Ctor ? data instanceof Ctor : Array.isArray(data);
    if (!ok)
      throw new ZarrError(`${where}: dtype ${dtype.str} needs ${container}, got ${describe(data)}`);
    const length = (data as ArrayLike<unknown>).length;
    if (length !== expected)
      throw new ZarrError(
        `${where}: the selection of shape [${shape.join(", ")}] needs ${expected} elements, got ${length}`,
      );
    return data as ChunkData;
  };
  if (out instanceof NdArray) {
    if (out.shape.length !== shape.length || out.shape.some((s, i) => s !== shape[i]))
      throw new IndexError(
        `${where}: the selection has shape [${shape.join(", ")}], out has shape [${out.shape.join(", ")}]`,
      );
    if (out.dtype.str !== dtype.str)
      throw new ZarrError(`${where}: the array's dtype is ${dtype.str}, out's is ${out.dtype.str}`);
    return { data: checkData(out.data), result: out };
  }
  if (!ArrayBuffer.isView(out) && !Array.isArray(out))
    throw new ZarrError(`${where}: expected an NdArray or ${container}, got ${describe(out)}`);
  const data = checkData(out);
  return { data, result: new NdArray(data, shape, dtype) };
}

function describe(x: unknown): string {
  if (x === null) return "null";
  if (typeof x !== "object") return typeof x;
  if (Array.isArray(x)) return "a plain array";
  return `a ${(x as object).constructor?.name ?? "object"}`;
}
