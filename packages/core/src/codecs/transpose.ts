import type { ChunkInfo, Codec, CodecConfig, CodecInput } from "./codec.js";
import type { V3CodecNaming } from "./codec-registry.js";
import type { ChunkData } from "../metadata/dtype.js";
import { CodecError } from "../errors.js";

/** Anything the transpose can permute: a typed array, bytes, or a JS array of elements. */
type Permutable = ArrayLike<unknown> & { length: number };

/**
 * The v3 `transpose` codec: permutes the axes of a chunk, as NumPy's `transpose(order)` does,
 * so the encoded chunk has shape `shape[order[0]], shape[order[1]], ...` in C order. Works on
 * any chunk data: each element is `length / elements` consecutive entries (complex lanes, the
 * bytes of an element, or one JS value).
 *
 * Config: `{ order: number[] }`, a permutation of `0..ndim-1` (zarr-python 3's
 * `TransposeCodec(order=...)`). A v2 array with `order: "F"` is modelled as a leading
 * `transpose` with the reversed axes `[n-1, ..., 0]`.
 *
 * @throws {@link CodecError} from the constructor when `order` is not a permutation of the axes.
 */
export class TransposeCodec implements Codec {
  readonly id = "transpose";
  /**
   * The permutation of the axes, as the config's `order` gives it: `order[i]` is the input axis
   * that becomes axis `i` of the encoded chunk (`[1, 0]` transposes a 2-D chunk).
   */
  readonly order: readonly number[];

  constructor(config: { readonly [key: string]: unknown } = {}) {
    this.order = checkOrder(config.order);
  }

  /**
   * Object and string chunks come back as JS arrays, which the pipeline hands on as they are;
   * the contract's return type names only bytes, hence the cast.
   */
  encode(data: CodecInput, info?: ChunkInfo): ArrayBufferView {
    const shape = this.#shape(info, "encode");
    return permute(data as Permutable, shape, this.order) as unknown as ArrayBufferView;
  }

  decode(data: Uint8Array, _out?: Uint8Array, info?: ChunkInfo): ChunkData | Uint8Array {
    const shape = this.#shape(info, "decode");
    const encoded = this.order.map((a) => shape[a]!);
    return permute(data as Permutable, encoded, inverse(this.order)) as ChunkData;
  }

  encodedInfo(info: ChunkInfo): ChunkInfo {
    const shape = this.#shape(info, "describe its output");
    return { ...info, shape: this.order.map((a) => shape[a]!) };
  }

  #shape(info: ChunkInfo | undefined, op: string): readonly number[] {
    if (!info)
      throw new CodecError(`codec "transpose" needs the chunk's info (its shape) to ${op}`);
    if (info.shape.length !== this.order.length)
      throw new CodecError(
        `codec "transpose": field "order" [${this.order.join(", ")}] has ${this.order.length} axes, but the chunk shape [${info.shape.join(", ")}] has ${info.shape.length}`,
      );
    return info.shape;
  }

  toConfig(): CodecConfig {
    return { id: "transpose", order: [...this.order] };
  }

  toString(): string {
    return `TransposeCodec(order=(${this.order.join(", ")}${this.order.length === 1 ? "," : ""}))`;
  }
}

function checkOrder(order: unknown): number[] {
  const bad = (why: string) =>
    new CodecError(`codec "transpose": field "order" ${why}, got ${JSON.stringify(order)}`);
  if (!Array.isArray(order)) throw bad("must be a list of axes");
  const seen = new Set<number>();
  for (const a of order) {
    if (!Number.isInteger(a) || a < 0 || a >= order.length)
      throw bad(`must hold integers from 0 to ${order.length - 1}`);
    if (seen.has(a)) throw bad("must name each axis once");
    seen.add(a);
  }
  return [...order] as number[];
}

/** The permutation that undoes `order`. */
export function inverse(order: readonly number[]): number[] {
  const inv = new Array<number>(order.length);
  order.forEach((a, i) => {
    inv[a] = i;
  });
  return inv;
}

/** True when `order` is `[n-1, ..., 0]`, the transpose that turns C order into F order. */
export function isReversal(order: readonly number[]): boolean {
  return order.every((a, i) => a === order.length - 1 - i);
}

/**
 * `data` (C order of `shape`) transposed by `order`: the result, in C order of
 * `shape[order[i]]`, is a new container of the same kind.
 */
function permute(data: Permutable, shape: readonly number[], order: readonly number[]): Permutable {
  let n = 1;
  for (const s of shape) n *= s;
  const unit = n === 0 ? 1 : data.length / n;
  if (!Number.isInteger(unit) || unit < 1)
    throw new CodecError(
      `codec "transpose": chunk data of length ${data.length} does not split into the ${n} elements of shape [${shape.join(", ")}]`,
    );
  const nd = shape.length;
  const out = (
    Array.isArray(data)
      ? new Array(data.length)
      : new (data.constructor as new (n: number) => Permutable)(data.length)
  ) as unknown[];
  if (n === 0) return out;
  const strides = new Array<number>(nd);
  let s = unit;
  for (let d = nd - 1; d >= 0; d--) {
    strides[d] = s;
    s *= shape[d]!;
  }
  if (nd === 0) {
    for (let u = 0; u < unit; u++) out[u] = (data as unknown as unknown[])[u];
    return out;
  }
  // Walk the output in C order, a row of its last axis at a time; the source steps by the
  // strides of the permuted axes.
  const outShape = order.map((a) => shape[a]!);
  const srcStrides = order.map((a) => strides[a]!);
  const inner = outShape[nd - 1]!;
  const step = srcStrides[nd - 1]!;
  const rows = n / inner;
  const src = data as unknown as unknown[];
  const typed = !Array.isArray(data);
  const idx = new Array<number>(nd - 1).fill(0);
  let from = 0;
  let to = 0;
  for (let r = 0; r < rows; r++) {
    if (step === unit && typed) {
      // The row is contiguous in the source too (the last axis stays last).
      const t = data as unknown as Uint8Array;
      (out as unknown as Uint8Array).set(t.subarray(from, from + inner * unit), to);
      to += inner * unit;
    } else if (unit === 1) {
      for (let j = 0, f = from; j < inner; j++, f += step) out[to++] = src[f];
    } else {
      for (let j = 0, f = from; j < inner; j++, f += step)
        for (let u = 0; u < unit; u++) out[to++] = src[f + u];
    }
    for (let d = nd - 2; d >= 0; d--) {
      idx[d]!++;
      from += srcStrides[d]!;
      if (idx[d]! < outShape[d]!) break;
      from -= srcStrides[d]! * outShape[d]!;
      idx[d] = 0;
    }
  }
  return out;
}

/** `transpose` in `zarr.json`: `{ order }`, the same as its numcodecs-shaped config. */
export const TRANSPOSE_V3: V3CodecNaming = { name: "transpose" };
