import type { DataType } from "./dtype.js";

/**
 * NumPy's cast of a float array element to an integer dtype, as it runs on x86-64 (where
 * zarr-python users write arrays): the C conversion, whose out-of-range result is the
 * "integer indefinite" value -2^(n-1). So NaN, infinities and values beyond int32 become
 * -2147483648 in an `i4` array, and 0 in `i1`/`i2`/`u1`/`u2` (the low bits of -2^31).
 * `u4`/`u8` convert non-negative values as unsigned (0 when out of range) and the rest through
 * the signed type of the same width; `u1`/`u2` go through int32 like `i1`/`i2`. JavaScript's
 * own conversion (modulo 2^n, 0 for NaN) differs for all of these.
 */
export function castFloatToInt(dtype: DataType, x: number): number | bigint {
  const wide = dtype.itemsize === 8;
  if (dtype.kind === "u" && dtype.itemsize >= 4 && x >= 0) {
    const limit = wide ? 2 ** 64 : 2 ** 32;
    if (x >= limit) return wide ? 0n : 0;
    const t = Math.trunc(x);
    return wide ? BigInt(t) : t;
  }
  if (wide) {
    if (!(x >= -(2 ** 63) && x < 2 ** 63)) return -(2n ** 63n);
    return BigInt(Math.trunc(x));
  }
  // Every narrower type goes through int32; the typed array keeps the low bits.
  if (!(x >= -(2 ** 31) && x < 2 ** 31)) return -(2 ** 31);
  return Math.trunc(x);
}
