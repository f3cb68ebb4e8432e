/**
 * Byte equality with a short message: "equal", or where they part, or the error the other side
 * raised instead of producing bytes (vitest's diff of multi-MiB arrays is unusable).
 */
export function sameBytes(a: Uint8Array | { error: string }, b: Uint8Array): string {
  if (!(a instanceof Uint8Array)) return `error: ${a.error}`;
  if (a.length !== b.length) return `length ${a.length} != ${b.length}`;
  const i = Buffer.compare(
    Buffer.from(a.buffer, a.byteOffset, a.length),
    Buffer.from(b.buffer, b.byteOffset, b.length),
  );
  if (i === 0) return "equal";
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return `differ at byte ${k}`;
  return "differ";
}
