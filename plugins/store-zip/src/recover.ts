/**
 * Rebuilding an archive's member list from its local file headers, for a file whose writer
 * died before it wrote the central directory. Each local header written without a data
 * descriptor carries the member's name, method, CRC-32 and sizes, which is all a directory
 * entry needs.
 */
import { inflateRawSync } from "node:zlib";
import { maxInflatedSize } from "./inflate-bounded.js";
import { crc32 } from "./crc32-native.js";
import {
  decodeName,
  LOCAL_HEADER_SIZE,
  SIG_CENTRAL,
  SIG_EOCD,
  SIG_EOCD64,
  SIG_LOCAL,
  type ZipEntry,
} from "./zip-format.js";

const U32_MAX = 0xffffffff;
/** General purpose flag bit 3: sizes and CRC follow the data, so the header cannot place it. */
const FLAG_DATA_DESCRIPTOR = 0x8;
const UNIX = 3;
/** Signatures that may follow a whole member. */
const RECORDS = new Set([SIG_LOCAL, SIG_CENTRAL, SIG_EOCD, SIG_EOCD64]);

function u32At(offset: number, readAt: (offset: number, length: number) => Uint8Array): number {
  const b = readAt(offset, 4);
  return b.length < 4 ? -1 : new DataView(b.buffer, b.byteOffset, 4).getUint32(0, true);
}

export interface Recovered {
  /** The whole members, in file order (a later member of the same name replaces an earlier one). */
  entries: ZipEntry[];
  /** Offset of the first byte that is not part of a whole member: the next write goes there. */
  end: number;
}

/**
 * Walk the local headers from offset 0 and keep each member whose header and data lie inside
 * the file and whose data matches its CRC-32. Stops at the first that does not (a member cut
 * off by the kill, the remains of an old directory, or anything else): what follows cannot be
 * trusted to start on a header.
 */
export function recoverEntries(
  size: number,
  readAt: (offset: number, length: number) => Uint8Array,
): Recovered {
  const entries: ZipEntry[] = [];
  let pos = 0;
  for (;;) {
    const entry = wholeMemberAt(pos, size, readAt);
    if (entry === undefined) break;
    entries.push(entry);
    pos = entry.dataOffset! + entry.compressedSize;
  }
  return { entries, end: pos };
}

function wholeMemberAt(
  pos: number,
  size: number,
  readAt: (offset: number, length: number) => Uint8Array,
): ZipEntry | undefined {
  if (pos + LOCAL_HEADER_SIZE > size) return undefined;
  const h = readAt(pos, LOCAL_HEADER_SIZE);
  if (h.length < LOCAL_HEADER_SIZE) return undefined;
  const dv = new DataView(h.buffer, h.byteOffset, h.byteLength);
  if (dv.getUint32(0, true) !== SIG_LOCAL) return undefined;
  const flags = dv.getUint16(6, true);
  const method = dv.getUint16(8, true);
  if (flags & (FLAG_DATA_DESCRIPTOR | 1) || (method !== 0 && method !== 8)) return undefined;
  const nameLen = dv.getUint16(26, true);
  const extraLen = dv.getUint16(28, true);
  const dataOffset = pos + LOCAL_HEADER_SIZE + nameLen + extraLen;
  if (dataOffset > size) return undefined;
  const tail = readAt(pos + LOCAL_HEADER_SIZE, nameLen + extraLen);
  const nameBytes = tail.slice(0, nameLen);
  let compressedSize = dv.getUint32(18, true);
  let uncompressed = dv.getUint32(22, true);
  if (compressedSize === U32_MAX || uncompressed === U32_MAX) {
    // zip64 local extra field: both sizes, uncompressed first
    const z = zip64Sizes(tail.subarray(nameLen));
    if (z === undefined) return undefined;
    [uncompressed, compressedSize] = z;
  }
  if (compressedSize > size - dataOffset) return undefined;
  if (method === 0 && uncompressed !== compressedSize) return undefined;
  if (method === 8 && uncompressed > maxInflatedSize(compressedSize)) return undefined;
  const crc = dv.getUint32(14, true);
  const data = readAt(dataOffset, compressedSize);
  if (data.length !== compressedSize) return undefined;
  let plain = data;
  if (method === 8) {
    try {
      plain = inflateRawSync(data, { maxOutputLength: Math.max(1, uncompressed) });
    } catch {
      return undefined;
    }
    if (plain.length !== uncompressed) return undefined;
  }
  if (crc32(plain) !== crc) return undefined;
  // Python's zipfile writes a member's header with zero sizes and CRC and fixes them once the
  // data is written: an empty member followed by something other than a record is one of
  // those, cut off by the kill, and not an empty value.
  if (compressedSize === 0 && dataOffset < size && !RECORDS.has(u32At(dataOffset, readAt)))
    return undefined;
  return {
    name: decodeName(nameBytes, flags),
    nameBytes,
    versionMadeBy: (UNIX << 8) | 20,
    versionNeeded: dv.getUint16(4, true),
    flags,
    method,
    dosTime: dv.getUint16(10, true),
    dosDate: dv.getUint16(12, true),
    crc,
    compressedSize,
    size: uncompressed,
    offset: pos,
    externalAttr: (0o100644 << 16) >>> 0,
    // local extra fields are not central ones (zip64 is rewritten from the sizes)
    extra: new Uint8Array(0),
    comment: new Uint8Array(0),
    dataOffset,
  };
}

function zip64Sizes(extra: Uint8Array): [number, number] | undefined {
  const dv = new DataView(extra.buffer, extra.byteOffset, extra.byteLength);
  let q = 0;
  while (q + 4 <= extra.length) {
    const id = dv.getUint16(q, true);
    const len = dv.getUint16(q + 2, true);
    if (id === 0x0001 && len >= 16 && q + 4 + 16 <= extra.length) {
      const a = dv.getBigUint64(q + 4, true);
      const b = dv.getBigUint64(q + 12, true);
      const max = BigInt(Number.MAX_SAFE_INTEGER);
      return a > max || b > max ? undefined : [Number(a), Number(b)];
    }
    q += 4 + len;
  }
  return undefined;
}
