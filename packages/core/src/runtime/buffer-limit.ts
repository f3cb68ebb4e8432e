/**
 * The largest buffer zarrkit asks JavaScript for: Node 20's typed arrays stop at 2^32 bytes
 * (`buffer.constants.MAX_LENGTH`), and plain arrays at 2^32 - 1 elements. A decoded chunk, or
 * the output of one read, must fit in one such buffer, so metadata and selections that would
 * need more are refused up front with the sizes involved, not with V8's bare
 * `RangeError: Invalid typed array length`.
 */
export const MAX_BUFFER_BYTES = 2 ** 32;

/** Why `elements` items of `itemsize` bytes cannot be one buffer, or undefined when they can. */
export function bufferTooLarge(elements: number, itemsize: number): string | undefined {
  const bytes = elements * itemsize;
  if (bytes <= MAX_BUFFER_BYTES) return undefined;
  return `${elements} elements of ${itemsize} bytes make ${bytes} bytes, more than the ${MAX_BUFFER_BYTES} bytes one JavaScript typed array can hold`;
}
