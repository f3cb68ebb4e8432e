/** The bytes of a short text: distinct, recognisable values for each key. */
export function textBytes(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** `n` bytes of a seeded xorshift stream: no repeats a misplaced offset could hide behind. */
export function patternBytes(n: number, seed = 0x9e3779b9): Uint8Array {
  const out = new Uint8Array(n);
  const words = new Uint32Array(out.buffer, 0, n >>> 2);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < words.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    words[i] = x >>> 0;
  }
  for (let i = words.length * 4; i < n; i++) out[i] = (i * 31 + 7) & 0xff;
  return out;
}

/**
 * Where two byte arrays first differ, or -1 when they are equal (a length difference counts
 * at the shorter length). Cheap on 64 MiB, where a deep-equality matcher is not.
 */
export function firstDifference(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.byteLength, b.byteLength);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.byteLength === b.byteLength ? -1 : n;
}
