/** Byte counts as zarr prints them: `313`, `1.2K`, `381.5M`. */
export function humanReadableSize(size: number): string {
  if (size < 2 ** 10) return String(size);
  if (size < 2 ** 20) return `${pyFixed1(size / 2 ** 10)}K`;
  if (size < 2 ** 30) return `${pyFixed1(size / 2 ** 20)}M`;
  if (size < 2 ** 40) return `${pyFixed1(size / 2 ** 30)}G`;
  if (size < 2 ** 50) return `${pyFixed1(size / 2 ** 40)}T`;
  return `${pyFixed1(size / 2 ** 50)}P`;
}

/**
 * Python's `'%.1f' % x`. Both round the exact binary value; they differ only on exact ties
 * (0.25), where Python rounds half to even and `toFixed` rounds up.
 */
export function pyFixed1(x: number): string {
  const t = x * 10;
  if (Number.isInteger(x * 4) && Math.abs(t % 1) === 0.5) {
    const down = Math.trunc(t);
    const even = down % 2 === 0 ? down : down + Math.sign(t);
    return (even / 10).toFixed(1);
  }
  return x.toFixed(1);
}

/** Python's `str(tuple)`: `(10000, 10000)`, `(100,)`, `()`. */
export function pyTuple(xs: readonly number[]): string {
  if (xs.length === 1) return `(${xs[0]},)`;
  return `(${xs.join(", ")})`;
}
