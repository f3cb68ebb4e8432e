import {
  type ChunkData,
  type DataFor,
  type DataType,
  elementAt,
  parseDataType,
  setElement,
  typedArrayFor,
} from "../metadata/dtype.js";
import { IndexError } from "../errors.js";
import type { StructuredDtypeSpec } from "../metadata/structured-dtype.js";
import { cStrides } from "./strided.js";

/**
 * An in-memory N-dimensional array: C-contiguous `data` (a typed array for numeric dtypes,
 * re/im interleaved for complex; a plain array for strings, objects and records) with its `shape`.
 *
 * What `ZarrArray.get` returns for a selection that is not a single element, and one form of
 * value `set` takes: the counterpart of the NumPy array zarr-python returns. See
 * {@link DataTypeKind} for the form of `data` for each dtype.
 *
 * @throws {@link IndexError} from the constructor when `data` does not hold exactly the elements
 *   of `shape`.
 *
 * @example
 * ```ts
 * const a = new NdArray(Int32Array.from([1, 2, 3, 4, 5, 6]), [2, 3], "<i4");
 * a.get(1, 2); // 6
 * a.set([0, 0], 10);
 * a.toArray(); // [[10, 2, 3], [4, 5, 6]]
 * await z.set([slice(0, 2), slice(0, 3)], a);
 * ```
 */
export class NdArray<D extends string = string> {
  /**
   * The elements in C order: a typed array for numeric dtypes (complex as re/im pairs), a plain
   * array for strings, objects and records. Shared, not copied: changes show through.
   */
  readonly data: DataFor<D>;
  /** The shape, in elements per dimension (`[]` for a 0-d array). */
  readonly shape: readonly number[];
  /** The elements' data type (parsed from what the constructor was given). */
  readonly dtype: DataType;

  constructor(
    data: DataFor<D> | ChunkData,
    shape: readonly number[],
    dtype: DataType | D | StructuredDtypeSpec,
  ) {
    this.dtype = parseDataType(dtype);
    const n = shape.reduce((a, b) => a * b, 1);
    const expected = n * (typedArrayFor(this.dtype) ? this.dtype.lanes : 1);
    if ((data as ArrayLike<unknown>).length !== expected) {
      throw new IndexError(
        `NdArray data has ${(data as ArrayLike<unknown>).length} elements but shape [${shape.join(", ")}] needs ${expected}`,
      );
    }
    this.data = data as DataFor<D>;
    this.shape = [...shape];
  }

  /** Number of dimensions (NumPy's `ndim`). */
  get ndim(): number {
    return this.shape.length;
  }

  /** Number of elements: the product of the shape (NumPy's `size`). */
  get size(): number {
    return this.shape.reduce((a, b) => a * b, 1);
  }

  /**
   * Element at the given indices (negative count from the end), as a JS value (see
   * {@link DataTypeKind}: a number, bigint, boolean, `[re, im]`, string, ...).
   *
   * @throws {@link IndexError} when the number of indices is not `ndim` or one is out of bounds.
   */
  get(...index: number[]): unknown {
    return elementAt(this.dtype, this.data as ChunkData, this.#offset(index));
  }

  /**
   * Write one element: `index` holds one index per dimension (negative count from the end);
   * `value` is stored as {@link setElement} stores it (a number, bigint or boolean for numeric
   * types, `[re, im]` for complex, the value itself for strings, objects and records).
   *
   * @throws {@link IndexError} when the number of indices is not `ndim` or one is out of bounds.
   */
  set(index: readonly number[], value: unknown): void {
    setElement(this.dtype, this.data as ChunkData, this.#offset(index), value);
  }

  #offset(index: readonly number[]): number {
    if (index.length !== this.shape.length)
      throw new IndexError(`expected ${this.shape.length} indices, got ${index.length}`);
    const strides = cStrides(this.shape);
    let off = 0;
    index.forEach((i, d) => {
      const n = this.shape[d]!;
      const j = i < 0 ? i + n : i;
      if (!Number.isInteger(j) || j < 0 || j >= n)
        throw new IndexError(`index ${i} is out of bounds for dimension ${d} with length ${n}`);
      off += j * strides[d]!;
    });
    return off;
  }

  /** Nested JS arrays of elements (booleans for bool, bigints for 64-bit, [re, im] for complex). */
  toArray(): unknown {
    const data = this.data as ChunkData;
    const build = (dim: number, offset: number, stride: number[]): unknown => {
      if (dim === this.shape.length) return elementAt(this.dtype, data, offset);
      const out = new Array(this.shape[dim]);
      for (let i = 0; i < this.shape[dim]!; i++)
        out[i] = build(dim + 1, offset + i * stride[dim]!, stride);
      return out;
    };
    return build(0, 0, cStrides(this.shape));
  }

  /** A short description, e.g. `NdArray(int32, [2, 3])`; the values are not printed. */
  toString(): string {
    return `NdArray(${this.dtype.display}, [${this.shape.join(", ")}])`;
  }
}

/** Flatten nested JS arrays to C-ordered elements, inferring the shape. */
export function flattenNested(value: unknown): { elements: unknown[]; shape: number[] } {
  const shape: number[] = [];
  let probe: unknown = value;
  while (Array.isArray(probe)) {
    shape.push(probe.length);
    probe = probe[0];
  }
  const elements: unknown[] = [];
  const walk = (v: unknown, dim: number) => {
    if (dim === shape.length) {
      if (Array.isArray(v))
        throw new IndexError("nested arrays are ragged: deeper nesting than the first element");
      elements.push(v);
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[dim]) {
      throw new IndexError(
        `nested arrays are ragged at depth ${dim}: expected length ${shape[dim]}`,
      );
    }
    for (const x of v) walk(x, dim + 1);
  };
  walk(value, 0);
  return { elements, shape };
}
