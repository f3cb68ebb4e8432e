import { allocate, type ChunkData, type DataType, typedArrayFor } from "../metadata/dtype.js";
import { fillElement, type FillValue } from "../metadata/fill-value.js";

/**
 * A test for "this chunk holds only the fill value", the chunks Zarr v3 leaves unwritten
 * (sharding leaves them out of a shard's index; zarr-python 3 does not store them at all).
 * Numbers compare as NumPy's `array_equal(..., equal_nan=True)` does: -0 equals 0 and NaN
 * equals NaN.
 */
export function fillTester(dtype: DataType, fillValue: FillValue): (data: ChunkData) => boolean {
  const fill = fillElement(dtype, fillValue);
  if (typedArrayFor(dtype)) {
    // The fill value as the typed array stores it (0/1 for bool, bigint, re/im lanes).
    const probe = allocate(dtype, 1, fill) as ArrayLike<number | bigint>;
    const lanes = probe.length;
    const values = Array.from({ length: lanes }, (_, i) => probe[i]!);
    return (data) => {
      const d = data as ArrayLike<number | bigint>;
      for (let i = 0; i < d.length; i++) {
        const v = d[i]!;
        const f = values[i % lanes]!;
        // biome-ignore lint/suspicious/noSelfCompare: NaN is the one value unequal to itself
        if (v !== f && !(v !== v && f !== f)) return false;
      }
      return true;
    };
  }
  if (fill instanceof Uint8Array) {
    return (data) =>
      (data as unknown[]).every((v) => v instanceof Uint8Array && sameBytes(v, fill));
  }
  return (data) => (data as unknown[]).every((v) => v === fill);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
