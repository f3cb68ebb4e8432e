/**
 * The Zstandard frame content checksum (RFC 8878 §3.1.1): the low 32 bits of XXH64 of the
 * decoded content, seed 0, stored little endian after the last block. zstd-wasm exposes only
 * `ZSTD_compress`, which never writes one, so the codec adds it to the frame itself.
 */
import type { XXHashAPI } from "xxhash-wasm";

let api: Promise<XXHashAPI> | undefined;

/** xxhash-wasm copies its input into WebAssembly memory, which never shrinks: feed it slices. */
const SLICE = 1 << 20;

function xxhash(): Promise<XXHashAPI> {
  api ??= import("xxhash-wasm").then((m) => m.default());
  api.catch(() => {
    api = undefined;
  });
  return api;
}

export async function contentChecksum(content: Uint8Array): Promise<number> {
  const hash = (await xxhash()).create64(0n);
  for (let p = 0; p < content.length; p += SLICE) hash.update(content.subarray(p, p + SLICE));
  return Number(hash.digest() & 0xffffffffn);
}

/** Bit 2 of the frame header descriptor (byte 4, after the magic number). */
const CHECKSUM_FLAG = 0x04;

/**
 * `frame` (one frame as `ZSTD_compress` writes it, no checksum) with the checksum of
 * `content` added: the flag set in the header descriptor, which changes no header field's
 * size, and the 4 bytes appended.
 */
export async function withContentChecksum(
  frame: Uint8Array,
  content: Uint8Array,
): Promise<Uint8Array> {
  const out = new Uint8Array(frame.length + 4);
  out.set(frame);
  out[4] = out[4]! | CHECKSUM_FLAG;
  new DataView(out.buffer).setUint32(frame.length, await contentChecksum(content), true);
  return out;
}

/** Whether the frame starting at byte 0 of `frame` declares a content checksum. */
export function hasContentChecksum(frame: Uint8Array): boolean {
  return frame.length > 4 && (frame[4]! & CHECKSUM_FLAG) !== 0;
}
