/**
 * A walk over the frames of Zstandard data (RFC 8878): where each frame starts and ends, and
 * the decoded size it declares, if any. It reads headers and block headers only, so it finds
 * truncated and malformed data before the decoder sees it, and it lets the codec decode frames
 * one at a time when their sizes are not all declared.
 */
import { CodecError } from "@zarrkit/core";

export interface Frame {
  start: number;
  end: number;
  /** Decoded size from the frame header, when the frame declares it. */
  contentSize: number | undefined;
  /**
   * What the block headers allow the frame to decode to: raw and RLE blocks state their
   * decoded size, a compressed block decodes to at most 128 KiB. So a bomb is seen before any
   * decoder allocates, whatever the frame header claims.
   */
  minSize: number;
  maxSize: number;
}

const ZSTD_MAGIC = 0xfd2fb528;
const SKIPPABLE_MASK = 0xfffffff0;
const SKIPPABLE_MAGIC = 0x184d2a50;
const MAX_BLOCK = 128 * 1024;

const corrupt = (why: string): never => {
  throw new CodecError(`zstd: corrupt or truncated data: ${why}`);
};

function u32(data: Uint8Array, p: number): number {
  return (data[p]! | (data[p + 1]! << 8) | (data[p + 2]! << 16) | (data[p + 3]! << 24)) >>> 0;
}

/** Little-endian unsigned integer of `n` bytes (n <= 8), as a number. */
function uint(data: Uint8Array, p: number, n: number): number {
  let v = 0;
  for (let i = n - 1; i >= 0; i--) v = v * 256 + data[p + i]!;
  return v;
}

/** Every data frame of `data` (skippable frames are checked and left out). */
export function zstdFrames(data: Uint8Array): Frame[] {
  if (data.length === 0) corrupt("the input is empty");
  const frames: Frame[] = [];
  let p = 0;
  while (p < data.length) {
    const start = p;
    if (data.length - p < 4) corrupt(`${data.length - p} stray bytes after the last frame`);
    const magic = u32(data, p);
    if ((magic & SKIPPABLE_MASK) >>> 0 === SKIPPABLE_MAGIC) {
      if (data.length - p < 8) corrupt("a skippable frame header is cut short");
      p += 8 + u32(data, p + 4);
      if (p > data.length) corrupt("a skippable frame is cut short");
      continue;
    }
    if (magic !== ZSTD_MAGIC) {
      corrupt(
        start === 0
          ? "not a Zstandard frame (wrong magic number)"
          : `bytes after frame ${frames.length} are not a Zstandard frame`,
      );
    }
    if (data.length - p < 6) corrupt("the frame header is cut short");
    const fhd = data[p + 4]!;
    const fcsFlag = fhd >> 6;
    const singleSegment = (fhd >> 5) & 1;
    if (fhd & 0x08) corrupt("the frame header's reserved bit is set");
    const hasChecksum = (fhd >> 2) & 1;
    const dictIdBytes = [0, 1, 2, 4][fhd & 3]!;
    const fcsBytes = [singleSegment ? 1 : 0, 2, 4, 8][fcsFlag]!;
    p += 5 + (singleSegment ? 0 : 1);
    if (data.length - p < dictIdBytes + fcsBytes) corrupt("the frame header is cut short");
    const dictId = uint(data, p, dictIdBytes);
    if (dictId !== 0) {
      throw new CodecError(
        `zstd: the frame needs dictionary ${dictId}, and numcodecs' Zstd takes no dictionary`,
      );
    }
    p += dictIdBytes;
    let contentSize: number | undefined;
    if (fcsBytes > 0) {
      contentSize = uint(data, p, fcsBytes) + (fcsBytes === 2 ? 256 : 0);
      if (!Number.isSafeInteger(contentSize)) corrupt("the declared size is too large");
    }
    p += fcsBytes;
    let minSize = 0;
    let maxSize = 0;
    for (;;) {
      if (data.length - p < 3) corrupt("a block header is cut short");
      const header = data[p]! | (data[p + 1]! << 8) | (data[p + 2]! << 16);
      const last = header & 1;
      const type = (header >> 1) & 3;
      const size = header >>> 3;
      if (type === 3) corrupt("a block has the reserved type");
      if (size > MAX_BLOCK) corrupt(`a block claims ${size} bytes (at most ${MAX_BLOCK})`);
      if (type === 2) maxSize += MAX_BLOCK;
      else {
        minSize += size;
        maxSize += size;
      }
      p += 3 + (type === 1 ? 1 : size);
      if (p > data.length) corrupt("a block is cut short");
      if (last) break;
    }
    if (hasChecksum) {
      p += 4;
      if (p > data.length) corrupt("the frame checksum is cut short");
    }
    if (contentSize !== undefined && (contentSize < minSize || contentSize > maxSize)) {
      corrupt(
        `the frame declares ${contentSize} bytes, but its blocks decode to ${minSize === maxSize ? minSize : `${minSize} to ${maxSize}`} bytes`,
      );
    }
    frames.push({ start, end: p, contentSize, minSize, maxSize });
  }
  if (frames.length === 0) corrupt("no Zstandard frame, only skippable frames");
  return frames;
}
