/**
 * The pieces of the zip file format (PKWARE APPNOTE 6.3) that a store needs: CRC-32, the end
 * of central directory records (plain and zip64), central directory entries and local file
 * headers, with the zip64 extra field. Everything is little-endian.
 */
// No Node module here: the archive reader over any store (zip-archive-store.ts) runs in
// browsers too. The Node-only pieces live in crc32-native.ts and inflate-bounded.ts.
import { crc32Table } from "./crc32.js";
import { maxInflatedSize } from "./inflate-limits.js";

export const SIG_LOCAL = 0x04034b50;
export const SIG_CENTRAL = 0x02014b50;
export const SIG_EOCD = 0x06054b50;
export const SIG_EOCD64 = 0x06064b50;
export const SIG_EOCD64_LOCATOR = 0x07064b50;
export const LOCAL_HEADER_SIZE = 30;
export const CENTRAL_HEADER_SIZE = 46;
export const EOCD_SIZE = 22;
export const EOCD64_SIZE = 56;
export const EOCD64_LOCATOR_SIZE = 20;
export const MAX_COMMENT = 0xffff;
const U32_MAX = 0xffffffff;
const U16_MAX = 0xffff;
/** General purpose flag: names and comments are UTF-8. */
export const FLAG_UTF8 = 0x800;
const UNIX = 3;

// ---------------------------------------------------------------------------------------------
// Names

// The upper half of code page 437, which zip uses for names without the UTF-8 flag.
const CP437_HIGH =
  "ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0";

const utf8 = new TextDecoder("utf-8", { fatal: false });

export function decodeName(bytes: Uint8Array, flags: number): string {
  if (flags & FLAG_UTF8) return utf8.decode(bytes);
  let out = "";
  for (const b of bytes) out += b < 0x80 ? String.fromCharCode(b) : CP437_HIGH[b - 0x80];
  return out;
}

export function encodeName(name: string): { bytes: Uint8Array; flags: number } {
  const bytes = new TextEncoder().encode(name);
  // ASCII names are stored without the flag, as Python's zipfile does
  return { bytes, flags: bytes.length === name.length ? 0 : FLAG_UTF8 };
}

// ---------------------------------------------------------------------------------------------
// Records

/** One member of an archive, as the central directory describes it. */
export interface ZipEntry {
  name: string;
  nameBytes: Uint8Array;
  versionMadeBy: number;
  versionNeeded: number;
  flags: number;
  method: number;
  dosTime: number;
  dosDate: number;
  crc: number;
  compressedSize: number;
  size: number;
  /** Absolute file offset of the local header. */
  offset: number;
  externalAttr: number;
  /** Extra fields other than zip64, kept as found so rewriting the directory preserves them. */
  extra: Uint8Array;
  comment: Uint8Array;
  /** Absolute offset of the data, once the local header has been read. */
  dataOffset?: number;
}

export interface EndRecord {
  entries: number;
  cdSize: number;
  cdOffset: number;
  /** Absolute offset where the central directory really starts (prefix bytes accounted for). */
  cdStart: number;
  zip64: boolean;
}

export class ZipFormatError extends Error {
  override name = "ZipFormatError";
}

function view(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

function u64(dv: DataView, at: number, what = "value", nameBytes?: Uint8Array, flags = 0): number {
  const v = dv.getBigUint64(at, true);
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) {
    const where = nameBytes ? ` of member ${JSON.stringify(decodeName(nameBytes, flags))}` : "";
    throw new ZipFormatError(`zip64 ${what}${where} is ${v}, too large for any file`);
  }
  return Number(v);
}

/** What the end records in an archive's last bytes say. */
export interface EndRecords {
  entries: number;
  cdSize: number;
  cdOffset: number;
  zip64: boolean;
  /** Index in the tail where the end records start (the zip64 record, or the classic one). */
  recordsAt: number;
}

/**
 * Find the end of central directory record in an archive's last bytes `tail`, and the zip64
 * record its locator points to. `whole` says `tail` is the entire file; otherwise the records
 * must lie inside it, which they do when it holds the last EOCD + comment + zip64 bytes.
 */
export function findEndRecords(tail: Uint8Array, whole: boolean): EndRecords {
  const dv = view(tail);
  let pos = -1;
  for (let i = tail.length - EOCD_SIZE; i >= 0; i--) {
    if (dv.getUint32(i, true) !== SIG_EOCD) continue;
    if (i + EOCD_SIZE + dv.getUint16(i + 20, true) <= tail.length) {
      pos = i;
      break;
    }
  }
  if (pos < 0) throw new ZipFormatError("no end of central directory record");
  const disk = dv.getUint16(pos + 4, true);
  const cdDisk = dv.getUint16(pos + 6, true);
  let entries = dv.getUint16(pos + 10, true);
  let cdSize = dv.getUint32(pos + 12, true);
  let cdOffset = dv.getUint32(pos + 16, true);
  let recordsAt = pos;
  const locAt = pos - EOCD64_LOCATOR_SIZE;
  if (locAt < 0 && !whole)
    throw new ZipFormatError(
      `the end of central directory record is followed by ${tail.length - pos - EOCD_SIZE} bytes that are not its comment`,
    );
  const zip64 = locAt >= 0 && dv.getUint32(locAt, true) === SIG_EOCD64_LOCATOR;
  if (zip64) {
    if (dv.getUint32(locAt + 16, true) > 1)
      throw new ZipFormatError("multi-disk archives are not supported");
    const recAt = locAt - EOCD64_SIZE;
    if (recAt < 0) throw new ZipFormatError("truncated zip64 end of central directory");
    if (dv.getUint32(recAt, true) !== SIG_EOCD64)
      throw new ZipFormatError("zip64 end of central directory record not found");
    if (dv.getUint32(recAt + 16, true) !== 0 || dv.getUint32(recAt + 20, true) !== 0)
      throw new ZipFormatError("multi-disk archives are not supported");
    entries = u64(dv, recAt + 32, "entry count");
    cdSize = u64(dv, recAt + 40, "central directory size");
    cdOffset = u64(dv, recAt + 48, "central directory offset");
    recordsAt = recAt;
  }
  if (!zip64 && (disk !== 0 || cdDisk !== 0))
    throw new ZipFormatError("multi-disk archives are not supported");
  return { entries, cdSize, cdOffset, zip64, recordsAt };
}

/**
 * The end records of a file of `fileSize` bytes whose last bytes are `tail` (the whole file,
 * or at least its last EOCD + comment + zip64 bytes), with where the directory really starts.
 */
export function readEndRecord(tail: Uint8Array, fileSize: number): EndRecord {
  const end = findEndRecords(tail, tail.length === fileSize);
  // Bytes before the archive (a self-extractor, or an archive appended to another file) shift
  // every offset; the directory ends where the end records begin.
  const recordsStart = fileSize - tail.length + end.recordsAt;
  const prefix = recordsStart - end.cdSize - end.cdOffset;
  if (prefix < 0) throw new ZipFormatError("central directory lies outside the file");
  return {
    entries: end.entries,
    cdSize: end.cdSize,
    cdOffset: end.cdOffset,
    cdStart: end.cdOffset + prefix,
    zip64: end.zip64,
  };
}

/** Parse the central directory; `shift` is added to every local header offset. */
export function parseCentralDirectory(cd: Uint8Array, count: number, shift: number): ZipEntry[] {
  const dv = view(cd);
  const out: ZipEntry[] = [];
  let p = 0;
  for (let k = 0; k < count; k++) {
    if (p + CENTRAL_HEADER_SIZE > cd.length || dv.getUint32(p, true) !== SIG_CENTRAL)
      throw new ZipFormatError(`bad central directory entry ${k}`);
    const flags = dv.getUint16(p + 8, true);
    const nameLen = dv.getUint16(p + 28, true);
    const extraLen = dv.getUint16(p + 30, true);
    const commentLen = dv.getUint16(p + 32, true);
    const end = p + CENTRAL_HEADER_SIZE + nameLen + extraLen + commentLen;
    if (end > cd.length) throw new ZipFormatError(`truncated central directory entry ${k}`);
    const nameBytes = cd.slice(p + CENTRAL_HEADER_SIZE, p + CENTRAL_HEADER_SIZE + nameLen);
    const extraAll = cd.subarray(
      p + CENTRAL_HEADER_SIZE + nameLen,
      p + CENTRAL_HEADER_SIZE + nameLen + extraLen,
    );
    let size = dv.getUint32(p + 24, true);
    let compressedSize = dv.getUint32(p + 20, true);
    let offset = dv.getUint32(p + 42, true);
    const kept: Uint8Array[] = [];
    const ev = view(extraAll);
    let q = 0;
    while (q + 4 <= extraAll.length) {
      const id = ev.getUint16(q, true);
      const len = ev.getUint16(q + 2, true);
      if (q + 4 + len > extraAll.length) break;
      if (id === 0x0001) {
        let f = q + 4;
        const need = (ok: boolean) => {
          if (!ok)
            throw new ZipFormatError(
              `corrupt zip64 extra field in member ${JSON.stringify(decodeName(nameBytes, flags))}`,
            );
        };
        const big = (at: number, what: string) => u64(ev, at, what, nameBytes, flags);
        if (size === U32_MAX) {
          need(f + 8 <= q + 4 + len);
          size = big(f, "size");
          f += 8;
        }
        if (compressedSize === U32_MAX) {
          need(f + 8 <= q + 4 + len);
          compressedSize = big(f, "compressed size");
          f += 8;
        }
        if (offset === U32_MAX) {
          need(f + 8 <= q + 4 + len);
          offset = big(f, "offset");
        }
      } else {
        kept.push(extraAll.slice(q, q + 4 + len));
      }
      q += 4 + len;
    }
    out.push({
      name: decodeName(nameBytes, flags),
      nameBytes,
      versionMadeBy: dv.getUint16(p + 4, true),
      versionNeeded: dv.getUint16(p + 6, true),
      flags,
      method: dv.getUint16(p + 10, true),
      dosTime: dv.getUint16(p + 12, true),
      dosDate: dv.getUint16(p + 14, true),
      crc: dv.getUint32(p + 16, true),
      compressedSize,
      size,
      offset: offset + shift,
      externalAttr: dv.getUint32(p + 38, true),
      extra: concat(kept),
      comment: cd.slice(end - commentLen, end),
    });
    p = end;
  }
  return out;
}

function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(parts.reduce((n, b) => n + b.length, 0));
  let at = 0;
  for (const b of parts) {
    out.set(b, at);
    at += b.length;
  }
  return out;
}

/** Where an entry's data starts, from its local header; throws if the header is not one. */
/**
 * The immediate children of `prefix` among an archive's member names. A folder member
 * (`dir/`, written by zip tools) shows as a prefix, never as a key "".
 */
export function memberChildren(
  names: Iterable<string>,
  prefix: string,
): { keys: string[]; prefixes: string[] } {
  const keys: string[] = [];
  const prefixes = new Set<string>();
  for (const k of names) {
    if (!k.startsWith(prefix) || k === prefix) continue;
    const rest = k.slice(prefix.length);
    const slash = rest.indexOf("/");
    if (slash < 0) keys.push(rest);
    else if (slash > 0) prefixes.add(rest.slice(0, slash));
  }
  return { keys: keys.sort(), prefixes: [...prefixes].sort() };
}

/**
 * What is wrong with the sizes a member declares, read from its header alone: a stored member
 * whose two sizes differ, or a deflated one claiming more than its bytes can inflate to.
 */
export function declaredSizeProblem(e: ZipEntry): string | undefined {
  if (e.method === 0 && e.size !== e.compressedSize)
    return `stored member declares ${e.size} bytes but holds ${e.compressedSize} compressed bytes`;
  if (e.method === 8 && e.size > maxInflatedSize(e.compressedSize))
    return `declares ${e.size} bytes, more than ${e.compressedSize} deflated bytes can hold`;
  return undefined;
}

export function localDataOffset(header: Uint8Array, entryOffset: number): number {
  if (header.length < LOCAL_HEADER_SIZE || view(header).getUint32(0, true) !== SIG_LOCAL)
    throw new ZipFormatError("bad local file header");
  const dv = view(header);
  return entryOffset + LOCAL_HEADER_SIZE + dv.getUint16(26, true) + dv.getUint16(28, true);
}

/** DOS date and time fields (local time, two-second resolution) for `d`. */
export function dosDateTime(d: Date): { dosTime: number; dosDate: number } {
  const year = Math.min(Math.max(d.getFullYear(), 1980), 2107);
  return {
    dosTime: (d.getHours() << 11) | (d.getMinutes() << 5) | (d.getSeconds() >> 1),
    dosDate: ((year - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
  };
}

function needsZip64(e: ZipEntry, force: boolean): boolean {
  return force || e.size >= U32_MAX || e.compressedSize >= U32_MAX || e.offset >= U32_MAX;
}

/**
 * Local file header for a stored entry whose CRC and sizes are known up front (so no data
 * descriptor). Sizes that do not fit 32 bits (or all of them, with `force`) go into a zip64
 * extra field, as zip64 readers expect.
 */
export function localHeader(e: ZipEntry, force: boolean): Uint8Array {
  const zip64 = force || e.size >= U32_MAX || e.compressedSize >= U32_MAX;
  const extraLen = zip64 ? 20 : 0;
  const out = new Uint8Array(LOCAL_HEADER_SIZE + e.nameBytes.length + extraLen);
  const dv = view(out);
  dv.setUint32(0, SIG_LOCAL, true);
  dv.setUint16(4, zip64 ? 45 : 20, true);
  dv.setUint16(6, e.flags, true);
  dv.setUint16(8, e.method, true);
  dv.setUint16(10, e.dosTime, true);
  dv.setUint16(12, e.dosDate, true);
  dv.setUint32(14, e.crc, true);
  dv.setUint32(18, zip64 ? U32_MAX : e.compressedSize, true);
  dv.setUint32(22, zip64 ? U32_MAX : e.size, true);
  dv.setUint16(26, e.nameBytes.length, true);
  dv.setUint16(28, extraLen, true);
  out.set(e.nameBytes, LOCAL_HEADER_SIZE);
  if (zip64) {
    const at = LOCAL_HEADER_SIZE + e.nameBytes.length;
    dv.setUint16(at, 0x0001, true);
    dv.setUint16(at + 2, 16, true);
    dv.setBigUint64(at + 4, BigInt(e.size), true);
    dv.setBigUint64(at + 12, BigInt(e.compressedSize), true);
  }
  return out;
}

/** Central directory: one record per entry, zip64 extra fields where values overflow. */
export function centralDirectory(entries: ZipEntry[], force: boolean): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const e of entries) {
    const zip64 = needsZip64(e, force);
    const bigSize = force || e.size >= U32_MAX;
    const bigCsize = force || e.compressedSize >= U32_MAX;
    const bigOffset = force || e.offset >= U32_MAX;
    const z64Len = zip64 ? 4 + 8 * (Number(bigSize) + Number(bigCsize) + Number(bigOffset)) : 0;
    const extraLen = z64Len + e.extra.length;
    if (extraLen > U16_MAX) throw new ZipFormatError(`extra fields of ${e.name} too long`);
    const rec = new Uint8Array(
      CENTRAL_HEADER_SIZE + e.nameBytes.length + extraLen + e.comment.length,
    );
    const dv = view(rec);
    const needed = zip64 ? Math.max(45, e.versionNeeded) : e.versionNeeded;
    dv.setUint32(0, SIG_CENTRAL, true);
    dv.setUint16(
      4,
      zip64 ? (e.versionMadeBy & 0xff00) | Math.max(45, e.versionMadeBy & 0xff) : e.versionMadeBy,
      true,
    );
    dv.setUint16(6, needed, true);
    dv.setUint16(8, e.flags, true);
    dv.setUint16(10, e.method, true);
    dv.setUint16(12, e.dosTime, true);
    dv.setUint16(14, e.dosDate, true);
    dv.setUint32(16, e.crc, true);
    dv.setUint32(20, bigCsize ? U32_MAX : e.compressedSize, true);
    dv.setUint32(24, bigSize ? U32_MAX : e.size, true);
    dv.setUint16(28, e.nameBytes.length, true);
    dv.setUint16(30, extraLen, true);
    dv.setUint16(32, e.comment.length, true);
    dv.setUint16(34, 0, true);
    dv.setUint16(36, 0, true);
    dv.setUint32(38, e.externalAttr, true);
    dv.setUint32(42, bigOffset ? U32_MAX : e.offset, true);
    let at = CENTRAL_HEADER_SIZE;
    rec.set(e.nameBytes, at);
    at += e.nameBytes.length;
    if (zip64) {
      dv.setUint16(at, 0x0001, true);
      dv.setUint16(at + 2, z64Len - 4, true);
      at += 4;
      for (const [big, v] of [
        [bigSize, e.size],
        [bigCsize, e.compressedSize],
        [bigOffset, e.offset],
      ] as const) {
        if (!big) continue;
        dv.setBigUint64(at, BigInt(v), true);
        at += 8;
      }
    }
    rec.set(e.extra, at);
    at += e.extra.length;
    rec.set(e.comment, at);
    parts.push(rec);
  }
  return concat(parts.length === 0 ? [new Uint8Array(0)] : parts);
}

/**
 * The records that close an archive: zip64 end record and locator when the entry count, the
 * directory's size or its offset overflow (or with `force`), then the classic end record.
 */
export function endRecords(
  count: number,
  cdSize: number,
  cdOffset: number,
  force: boolean,
): Uint8Array {
  const zip64 = force || count >= U16_MAX || cdSize >= U32_MAX || cdOffset >= U32_MAX;
  const out = new Uint8Array((zip64 ? EOCD64_SIZE + EOCD64_LOCATOR_SIZE : 0) + EOCD_SIZE);
  const dv = view(out);
  let at = 0;
  if (zip64) {
    dv.setUint32(0, SIG_EOCD64, true);
    dv.setBigUint64(4, BigInt(EOCD64_SIZE - 12), true);
    dv.setUint16(12, (UNIX << 8) | 45, true);
    dv.setUint16(14, 45, true);
    dv.setUint32(16, 0, true);
    dv.setUint32(20, 0, true);
    dv.setBigUint64(24, BigInt(count), true);
    dv.setBigUint64(32, BigInt(count), true);
    dv.setBigUint64(40, BigInt(cdSize), true);
    dv.setBigUint64(48, BigInt(cdOffset), true);
    dv.setUint32(56, SIG_EOCD64_LOCATOR, true);
    dv.setUint32(60, 0, true);
    dv.setBigUint64(64, BigInt(cdOffset + cdSize), true);
    dv.setUint32(72, 1, true);
    at = EOCD64_SIZE + EOCD64_LOCATOR_SIZE;
  }
  dv.setUint32(at, SIG_EOCD, true);
  const n = zip64 && (force || count >= U16_MAX) ? U16_MAX : count;
  dv.setUint16(at + 8, n, true);
  dv.setUint16(at + 10, n, true);
  dv.setUint32(at + 12, zip64 && (force || cdSize >= U32_MAX) ? U32_MAX : cdSize, true);
  dv.setUint32(at + 16, zip64 && (force || cdOffset >= U32_MAX) ? U32_MAX : cdOffset, true);
  return out;
}

/**
 * A new stored (uncompressed) entry for `value`, as zarr-python's ZipStore writes them; `crc`
 * lets a Node caller pass zlib's faster CRC-32.
 */
export function storedEntry(
  name: string,
  value: Uint8Array,
  offset: number,
  when: Date,
  crc: (data: Uint8Array) => number = crc32Table,
): ZipEntry {
  const { bytes, flags } = encodeName(name);
  return {
    name,
    nameBytes: bytes,
    versionMadeBy: (UNIX << 8) | 20,
    versionNeeded: 20,
    flags,
    method: 0,
    ...dosDateTime(when),
    crc: crc(value),
    compressedSize: value.length,
    size: value.length,
    offset,
    externalAttr: (0o100644 << 16) >>> 0,
    extra: new Uint8Array(0),
    comment: new Uint8Array(0),
  };
}
