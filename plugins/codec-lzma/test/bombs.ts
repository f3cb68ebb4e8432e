import { LZMA } from "../src/index.js";

const piece = 8 * 1024 * 1024;

/**
 * XZ streams of zeros that decode to `size` bytes (a multiple of 8 MiB) in about size / 7000
 * bytes: one 8 MiB stream repeated, since a decoder reads concatenated streams as one.
 */
export async function xzZeros(size: number): Promise<Uint8Array> {
  const one = await new LZMA({ preset: 9 }).encode(new Uint8Array(piece));
  const n = Math.ceil(size / piece);
  const out = new Uint8Array(one.length * n);
  for (let i = 0; i < n; i++) out.set(one, i * one.length);
  return out;
}
