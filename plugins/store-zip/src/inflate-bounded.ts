import { constants as bufferConstants } from "node:buffer";
import { promisify } from "node:util";
import { inflateRaw as inflateRawCb } from "node:zlib";
import { InflateOverflow, maxInflatedSize as maxInflated } from "./inflate-limits.js";

export { DEFLATE_MAX_RATIO, InflateOverflow } from "./inflate-limits.js";

const inflateRawP = promisify(inflateRawCb);

/** The largest declared size a deflated member may have for `compressedSize` input bytes. */
export function maxInflatedSize(compressedSize: number): number {
  return maxInflated(compressedSize, bufferConstants.MAX_LENGTH - 1);
}

/**
 * Inflate a raw DEFLATE stream that is expected to produce `expected` bytes. zlib stops as soon
 * as the output passes `expected` (checked after each output step), so a bomb costs at most the
 * declared size plus one step, never what the stream would expand to.
 */
export async function inflateBounded(raw: Uint8Array, expected: number): Promise<Uint8Array> {
  try {
    const b = await inflateRawP(raw, {
      maxOutputLength: Math.max(1, expected),
      // output steps of at most declared + 1 bytes (zlib's minimum is 64), so a small member
      // that overflows stops after one step
      chunkSize: Math.min(Math.max(expected + 1, 64), 64 * 1024),
    });
    if (expected === 0 && b.byteLength > 0) throw new InflateOverflow(expected);
    return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE")
      throw new InflateOverflow(expected);
    throw e;
  }
}
