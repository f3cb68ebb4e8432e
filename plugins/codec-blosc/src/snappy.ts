/**
 * Raw Snappy decoding (the format c-blosc stores for cname snappy): a varint of the decoded
 * length, then elements tagged by their low two bits: 0 literal (length - 1 in the upper six
 * bits, or 60..63 for 1..4 little-endian length bytes), 1 copy of 4..11 bytes with an 11-bit
 * offset, 2 copy of 1..64 bytes with a 16-bit offset, 3 the same with a 32-bit offset.
 * Written from the format description; every read and write is checked.
 */
import { copyMatch, StreamError } from "./lz4.js";

export function snappyDecode(
  src: Uint8Array,
  sp: number,
  send: number,
  dst: Uint8Array,
  dp: number,
  dend: number,
): void {
  const dstart = dp;
  let size = 0;
  for (let shift = 0; ; shift += 7) {
    if (sp >= send || shift > 28) throw new StreamError("bad Snappy length header");
    const b = src[sp++]!;
    size += (b & 127) * 2 ** shift;
    if (b < 128) break;
  }
  if (size !== dend - dp) {
    throw new StreamError(`the Snappy data declare ${size} bytes, not ${dend - dp}`);
  }
  while (sp < send) {
    const tag = src[sp++]!;
    const kind = tag & 3;
    if (kind === 0) {
      let len = tag >>> 2;
      if (len >= 60) {
        const extra = len - 59;
        if (sp + extra > send) throw new StreamError("the Snappy data end inside a literal length");
        len = 0;
        for (let i = 0; i < extra; i++) len += src[sp + i]! * 2 ** (8 * i);
        sp += extra;
      }
      len += 1;
      if (len > send - sp) throw new StreamError("Snappy literals run past the end of the data");
      if (len > dend - dp) throw new StreamError("Snappy literals run past the end of the block");
      if (len < 24) for (let i = 0; i < len; i++) dst[dp + i] = src[sp + i]!;
      else dst.set(src.subarray(sp, sp + len), dp);
      sp += len;
      dp += len;
      continue;
    }
    let len: number;
    let off: number;
    if (kind === 1) {
      if (sp >= send) throw new StreamError("the Snappy data end inside a copy");
      len = ((tag >>> 2) & 7) + 4;
      off = ((tag >>> 5) << 8) | src[sp++]!;
    } else if (kind === 2) {
      if (sp + 2 > send) throw new StreamError("the Snappy data end inside a copy");
      len = (tag >>> 2) + 1;
      off = src[sp]! | (src[sp + 1]! << 8);
      sp += 2;
    } else {
      if (sp + 4 > send) throw new StreamError("the Snappy data end inside a copy");
      len = (tag >>> 2) + 1;
      off = (src[sp]! | (src[sp + 1]! << 8) | (src[sp + 2]! << 16) | (src[sp + 3]! << 24)) >>> 0;
      sp += 4;
    }
    if (off === 0 || off > dp - dstart) {
      throw new StreamError(`Snappy copy offset ${off} reaches before the start of the block`);
    }
    if (len > dend - dp) throw new StreamError("a Snappy copy runs past the end of the block");
    dp = copyMatch(dst, dp, off, len);
  }
  if (dp !== dend) {
    throw new StreamError(`the Snappy data decode to ${dp - dstart} bytes, not ${dend - dstart}`);
  }
}
