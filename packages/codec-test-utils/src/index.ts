import { allocate, chunkToBytes, parseDataType, type TypedArray } from "@zarrkit/core";
import { rng } from "./rng.js";

export * from "./bomb-rss.js";
export * from "./compressor-reference.js";
export * from "./decode-bound.js";
export * from "./dtype-payloads.js";
export * from "./fixture-chunks.js";
export * from "./fixture-store.js";
export * from "./fuzz.js";
export * from "./object-arrays.js";
export * from "./numcodecs-reference.js";
export * from "./object-codec-reference.js";
export * from "./reference-checks.js";
export { rng } from "./rng.js";
export * from "./same-bytes.js";
export * from "./zarr-v3-fixtures.js";

export const bytesOf = (a: ArrayBufferView) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

/**
 * `n` elements of a numeric dtype as stored bytes: a random walk whose values stay within
 * ±`limit` (non-negative for unsigned types), or the type's whole range when `limit` is
 * omitted (integers only). Floats get two decimals.
 */
export function payload(dtypeStr: string, n: number, seed: number, limit?: number): Uint8Array {
  const dtype = parseDataType(dtypeStr);
  const rand = rng(seed);
  const data = allocate(dtype, n) as TypedArray;
  const bits = dtype.itemsize * 8;
  let x = 0;
  for (let i = 0; i < n; i++) {
    if (limit === undefined) {
      // whole range: 64 random bits, wrapped by the store
      const hi = BigInt(Math.floor(rand() * 2 ** 32));
      const lo = BigInt(Math.floor(rand() * 2 ** 32));
      const v = BigInt.asIntN(bits, (hi << 32n) | lo);
      (data as unknown as { [i: number]: unknown })[i] =
        dtype.itemsize === 8 ? v : Number(BigInt.asIntN(32, v));
      continue;
    }
    const step = (rand() - 0.5) * limit * 0.2;
    x += step;
    if (x > limit) x = limit - Math.abs(step);
    if (x < (dtype.kind === "u" ? 0 : -limit))
      x = (dtype.kind === "u" ? 0 : -limit) + Math.abs(step);
    const v = dtype.kind === "f" ? Math.round(x * 100) / 100 : Math.trunc(x);
    (data as unknown as { [i: number]: unknown })[i] =
      dtype.itemsize === 8 && dtype.kind !== "f" ? BigInt(v) : v;
  }
  return chunkToBytes(dtype, data, n).slice();
}

/**
 * The payloads the compressors' fuzz tests encode into samples: smooth int32 and float64
 * walks, random bytes and 64 KiB of zeros (a few KiB to 64 KiB each, as `fuzzDecode` wants).
 */
export function fuzzPayloads(): Uint8Array[] {
  return [
    payload("<i4", 4096, 1, 1000),
    payload("<f8", 2048, 2, 100),
    payload("|u1", 300, 3),
    new Uint8Array(65536),
  ];
}
export * from "./numcodecs-v3.js";
