/**
 * A new SharedArrayBuffer of `bytes`, for an output that codec workers write into.
 *
 * V8 does not count a SharedArrayBuffer's memory when it decides to collect garbage, so
 * dropped shared outputs would pile up: a loop of whole reads of a 400 MB array grew by
 * 400 MB per read (W2's 2.3 GB peak). An ArrayBuffer of the same size, never touched, is
 * counted: allocating it (a mapping of untouched pages, no RSS) lets the collector see the
 * memory a shared output takes, and the dropped ones are freed as plain buffers are.
 */
export function newSharedBuffer(bytes: number): SharedArrayBuffer {
  // Only for sizes worth a collection; the ballast is dropped at once.
  if (bytes >= BALLAST_FROM) void new ArrayBuffer(bytes);
  return new SharedArrayBuffer(bytes);
}

/** Below this, shared buffers are too small to matter to the collector. */
const BALLAST_FROM = 1 << 20;
