import * as zlib from "node:zlib";
import { crc32Table } from "./crc32.js";

const nativeCrc32 = (zlib as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;

/** CRC-32 of `data`: Node's native zlib.crc32 where it exists (Node >= 20.15), else ours. */
export function crc32(data: Uint8Array, crc = 0): number {
  return nativeCrc32 ? nativeCrc32(data, crc) >>> 0 : crc32Table(data, crc);
}
