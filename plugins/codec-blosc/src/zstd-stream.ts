/**
 * The header of the zstd frame in a Blosc stream (RFC 8878, 3.1.1), read before zstd-wasm
 * sees the frame: zstd-wasm allocates whatever size the header declares, and a header it
 * cannot parse makes it allocate a garbage size, so both are settled here.
 */
import { StreamError } from "./lz4.js";

const MAGIC = 0xfd2fb528;

/** The decoded size the frame declares, or undefined when it declares none. */
export function zstdStreamSize(frame: Uint8Array): number | undefined {
  if (frame.length < 6) throw new StreamError("the zstd frame is cut short");
  const magic = (frame[0]! | (frame[1]! << 8) | (frame[2]! << 16) | (frame[3]! << 24)) >>> 0;
  if (magic !== MAGIC) throw new StreamError("the stream is not a zstd frame (wrong magic number)");
  const fhd = frame[4]!;
  if (fhd & 0x08) throw new StreamError("the zstd frame header's reserved bit is set");
  const singleSegment = (fhd >> 5) & 1;
  const fcsBytes = [singleSegment, 2, 4, 8][fhd >> 6]!;
  const dictIdBytes = [0, 1, 2, 4][fhd & 3]!;
  const at = 5 + (singleSegment ? 0 : 1) + dictIdBytes;
  // The header and at least one block header.
  if (frame.length < at + fcsBytes + 3) throw new StreamError("the zstd frame is cut short");
  if (fcsBytes === 0) return undefined;
  let size = 0;
  for (let i = fcsBytes - 1; i >= 0; i--) size = size * 256 + frame[at + i]!;
  return fcsBytes === 2 ? size + 256 : size;
}
