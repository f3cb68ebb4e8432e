import {
  allocate,
  bytesToChunk,
  type ChunkData,
  type ChunkInfo,
  type Codec,
  type CodecConfig,
  CodecError,
  type CodecInput,
  chunkToBytes,
  type DataType,
  parseDataType,
  setElement,
  type TypedArray,
  typedArrayFor,
} from "@zarrkit/core";
import { checkObjectInfo, describe, frame, itemsOf, unframe } from "./vlen.js";

/** Options of {@link VLenArray}, as numcodecs' `VLenArray(dtype)` takes them. */
export interface VLenArrayOptions {
  /** NumPy dtype of the elements of every item (`"<i4"`, `"f8"`, `"int16"`, ...). */
  dtype: string;
}

const ID = "vlen-array";

/**
 * numcodecs' `VLenArray`: an object array whose items are 1-d numeric arrays of varying
 * length, framed as `VLenBytes` frames its items (uint32 count, then each item as uint32
 * byte length + its elements' bytes in `dtype`). Encoding takes a JS array whose items are
 * typed arrays, arrays of numbers (cast to `dtype`, as NumPy casts), scalars (one element) or
 * null/undefined (empty, as numcodecs writes `None`); decoding returns typed arrays
 * (`Int32Array` for `<i4`, `BigInt64Array` for `<i8`, ...) in native byte order.
 *
 * Importing the package registers the id `vlen-array` (no Zarr v3 name: v3 metadata call it
 * `numcodecs.vlen-array`).
 *
 * @example
 * ```ts
 * import { VLenArray } from "@zarrkit/codec-vlen";
 *
 * const ragged = new VLenArray({ dtype: "i4" });
 * String(ragged); // "VLenArray(dtype='<i4')"
 * ragged.decode(ragged.encode([[1, 2, 3], null, Int32Array.of(4)]));
 * // [Int32Array [1, 2, 3], Int32Array [], Int32Array [4]]
 * ```
 */
export class VLenArray implements Codec {
  /** The id this codec is registered under and written as in `.zarray` (`"vlen-array"`). */
  static readonly codecId = ID;
  readonly id = ID;
  /** The normalised NumPy type string, as numcodecs stores it (`"<i4"`). */
  readonly dtype: string;
  readonly #dtype: DataType;

  /**
   * Creates the codec for items of the given element type.
   *
   * @param options - `{ dtype }`, or the dtype string alone (`"i4"`, `"<f8"`, `"int16"`, ...).
   * @throws {CodecError} when a key other than `dtype` is given, or `dtype` is not a numeric,
   *   boolean, complex or datetime NumPy type.
   */
  constructor(options: VLenArrayOptions | string) {
    const opts: VLenArrayOptions & { id?: unknown } =
      typeof options === "string" ? { dtype: options } : options;
    if (opts === null || typeof opts !== "object" || Array.isArray(opts)) {
      throw new CodecError(`${ID}: options must be { dtype }, got ${JSON.stringify(options)}`);
    }
    for (const key of Object.keys(opts)) {
      if (key === "dtype") continue;
      if (key === "id" && opts.id === ID) continue;
      if (key === "id") {
        throw new CodecError(
          `${ID}: cannot build from a config whose id is ${JSON.stringify(opts.id)}`,
        );
      }
      throw new CodecError(`${ID}: unknown configuration key "${key}" (VLenArray takes dtype)`);
    }
    if (typeof opts.dtype !== "string") {
      throw new CodecError(
        `${ID}: dtype must be a NumPy type string, got ${JSON.stringify(opts.dtype)}`,
      );
    }
    let dt: DataType;
    try {
      dt = parseDataType(opts.dtype);
    } catch (e) {
      throw new CodecError(`${ID}: dtype ${JSON.stringify(opts.dtype)}: ${(e as Error).message}`, {
        cause: e,
      });
    }
    if (!typedArrayFor(dt)) {
      throw new CodecError(
        `${ID}: dtype ${JSON.stringify(opts.dtype)} is not numeric; items must be numbers, booleans, complex or datetimes`,
      );
    }
    this.#dtype = dt;
    this.dtype = dt.str;
  }

  /**
   * Builds the codec from its metadata config, `{ id: "vlen-array", dtype }` as numcodecs
   * writes it.
   *
   * @throws {CodecError} when the id is another codec's, a key is unknown or `dtype` is invalid.
   */
  static fromConfig(config: CodecConfig | VLenArrayOptions): VLenArray {
    return new VLenArray(config as VLenArrayOptions);
  }

  /**
   * Frames a chunk of 1-d arrays as numcodecs does, each item's elements in
   * {@link VLenArray.dtype}.
   *
   * @param data - The chunk as a JS array of items: typed arrays, arrays of numbers (cast as
   *   NumPy casts, `3.7` to `3` for integers), scalars (one element) or `null`/`undefined`
   *   (empty).
   * @param info - The chunk's info; its dtype, when given, must be `"|O"`.
   * @throws {CodecError} when `data` is not a JS array, an item is not 1-d or an element has
   *   no value in the dtype (naming the item and element), or the dtype is not `"|O"`.
   */
  encode(data: CodecInput, info?: ChunkInfo): Uint8Array {
    checkObjectInfo(ID, info);
    const items = itemsOf(ID, data);
    const parts: Uint8Array[] = new Array(items.length);
    for (let i = 0; i < items.length; i++) parts[i] = this.#itemBytes(items[i], i);
    return frame(parts);
  }

  #itemBytes(v: unknown, i: number): Uint8Array {
    const dt = this.#dtype;
    if (v === null || v === undefined) return new Uint8Array(0);
    const Ctor = typedArrayFor(dt)!;
    if (v instanceof Ctor) {
      const t = v as TypedArray;
      // chunkToBytes may alias: copy, so later changes to the item cannot reach the frame
      return chunkToBytes(dt, t, t.length / dt.lanes).slice();
    }
    let values: ArrayLike<unknown>;
    if (typeof v === "number" || typeof v === "bigint" || typeof v === "boolean") {
      values = [v]; // NumPy makes a scalar a one-element item
    } else if (Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView))) {
      values = v as ArrayLike<unknown>;
    } else {
      throw new CodecError(
        `${ID}: expected a 1-d array of ${dt.str} at item ${i}, found ${describe(v)}`,
      );
    }
    const out = allocate(dt, values.length) as ChunkData;
    for (let k = 0; k < values.length; k++) {
      const x = values[k];
      const complex = dt.kind === "c" && Array.isArray(x) && x.length === 2;
      if (!complex && typeof x !== "number" && typeof x !== "bigint" && typeof x !== "boolean") {
        throw new CodecError(
          Array.isArray(x) || ArrayBuffer.isView(x)
            ? `${ID}: item ${i} is not 1-dimensional (only 1-d items are supported)`
            : `${ID}: item ${i}, element ${k} is ${describe(x)}, not a ${dt.str} value`,
        );
      }
      try {
        setElement(dt, out, k, x);
      } catch {
        throw new CodecError(
          `${ID}: item ${i}, element ${k} (${describe(x)}) has no ${dt.str} value`,
        );
      }
    }
    return chunkToBytes(dt, out, values.length).slice();
  }

  /**
   * Reads a numcodecs frame back into one typed array per item, in native byte order
   * (`Int32Array` for `<i4`, `BigInt64Array` for `<i8`, `Float32Array` for `<f2`, interleaved
   * `[re, im]` for complex); bytes after the last item are ignored, as numcodecs ignores them.
   *
   * @param info - The chunk's info: its dtype, when given, must be `"|O"`, and its shape's
   *   element count must match the frame's item count.
   * @throws {CodecError} when the frame is truncated, its item count differs from the chunk's,
   *   or an item is not a whole number of `dtype` elements.
   */
  decode(data: Uint8Array, _out?: Uint8Array, info?: ChunkInfo): ChunkData[] {
    checkObjectInfo(ID, info);
    const dt = this.#dtype;
    return unframe(ID, data, info).map((bytes, i) => {
      if (bytes.length % dt.itemsize !== 0) {
        throw new CodecError(
          `${ID}: corrupt buffer, item ${i} has ${bytes.length} bytes, not a whole number of ${dt.str} elements (${dt.itemsize} bytes each)`,
        );
      }
      return bytesToChunk(dt, bytes, bytes.length / dt.itemsize, true);
    });
  }

  encodedInfo(info: ChunkInfo): ChunkInfo {
    return { ...info, dtype: "|u1", itemsize: 1, nbytes: undefined };
  }

  toConfig(): CodecConfig {
    return { id: ID, dtype: this.dtype };
  }

  toString(): string {
    return `VLenArray(dtype='${this.dtype}')`;
  }
}
