/**
 * Decode buffers that reads (on this thread, or in a codec worker) reuse for chunks they copy
 * out of at once: a fresh buffer per chunk costs a page fault per 4 KiB on first touch, more
 * than decoding into a warm one. A few are kept between reads (enough for the chunks one read
 * decodes at a time).
 */
const scratchPool: Uint8Array[] = [];
const SCRATCH_KEPT = 8;

export function takeScratch(bytes: number): Uint8Array {
  const i = scratchPool.findIndex((b) => b.length === bytes);
  return i >= 0 ? scratchPool.splice(i, 1)[0]! : new Uint8Array(bytes);
}

export function releaseScratch(buffer: Uint8Array): void {
  if (buffer.byteLength === 0) return;
  scratchPool.push(buffer);
  if (scratchPool.length > SCRATCH_KEPT) scratchPool.shift();
}
