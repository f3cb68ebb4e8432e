/**
 * DEFLATE's best case: a 258-byte match coded in 2 bits is 1032 output bytes per input byte
 * (plus block headers). A member that declares more than this for its compressed bytes is
 * lying, and is refused before anything is inflated.
 */
export const DEFLATE_MAX_RATIO = 1032;

/** Thrown when the stream would produce more than `limit` bytes. */
export class InflateOverflow extends Error {
  override name = "InflateOverflow";
  constructor(readonly limit: number) {
    super(`inflates to more than ${limit} bytes`);
  }
}

/**
 * The largest declared size a deflated member may have for `compressedSize` input bytes, and
 * no more than `cap` (the largest buffer the platform can allocate).
 */
export function maxInflatedSize(compressedSize: number, cap = 2 ** 32): number {
  return Math.min(compressedSize * DEFLATE_MAX_RATIO + 1024, cap);
}
