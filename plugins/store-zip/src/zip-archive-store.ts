import {
  type ByteRange,
  checkStoreKey,
  checkStorePrefix,
  NodeNotFoundError,
  type ReadableStore,
  ReadOnlyError,
  rangeBounds,
  readRange,
  type Store,
  type StoreGetOptions,
  ZarrError,
} from "@zarrkit/core";
import { crc32Table } from "./crc32.js";
import { type InflateEngine, inflateRawBounded } from "./inflate-bounded-web.js";
import { InflateOverflow } from "./inflate-limits.js";
import {
  CENTRAL_HEADER_SIZE,
  declaredSizeProblem,
  type EndRecords,
  EOCD64_LOCATOR_SIZE,
  EOCD64_SIZE,
  EOCD_SIZE,
  findEndRecords,
  LOCAL_HEADER_SIZE,
  localDataOffset,
  MAX_COMMENT,
  memberChildren,
  parseCentralDirectory,
  type ZipEntry,
  ZipFormatError,
} from "./zip-format.js";

/** The first read: the last bytes of the archive, enough for every end record and comment. */
export const TAIL_READ = EOCD_SIZE + MAX_COMMENT + EOCD64_LOCATOR_SIZE + EOCD64_SIZE;

/**
 * Room for a local header's extra field beyond the central one's length, so one read fetches
 * header and data together: a zip64 field is 20 bytes, and Info-ZIP's local timestamps are a
 * few bytes longer than the central ones. A longer field costs a second read, never a failure.
 */
export const LOCAL_EXTRA_MARGIN = 64;

/**
 * A range read of a stored member whose local header is not yet known fetches header and the
 * bytes before the range in one read when they are at most this many; otherwise it reads the
 * header alone first (a shard index at the end of a large shard).
 */
export const READ_TOGETHER_GAP = 64 * 1024;

/** Options of {@link openZipInStore}; every field is optional. */
export interface ZipArchiveOptions {
  /** Check each whole value read against its CRC-32 (default true, as Python's zipfile). */
  verifyChecksums?: boolean;
  /**
   * The largest central directory to fetch, in bytes (default 256 MiB, about 4 million
   * members). The directory's size comes from the archive, which is untrusted.
   */
  maxDirectorySize?: number;
  /** Close `source` when this store is closed (default false: the caller owns it). */
  closeSource?: boolean;
  /** Cancels the reads that open the archive (later reads take their own `signal`). */
  signal?: AbortSignal;
  /** @internal Force an inflate engine (tests of the pako fallback). */
  inflateEngine?: InflateEngine;
}

const DEFAULT_MAX_DIRECTORY = 256 * 1024 * 1024;

/**
 * A read-only store over a zip archive that is itself one value of another store: a `.zip`
 * served over HTTP, an object in S3, a value in a memory store. Nothing but range reads
 * reach the source: opening reads the archive's last bytes (the end records, and the
 * central directory too when it fits; a second read fetches the rest of the directory when
 * not), and each value is one range read of its member's local header and data. Stored and
 * deflated members, zip64, and the same CRC-32 checks as `ZipStore`; runs in browsers.
 *
 * Open it with {@link openZipInStore}; writes throw `ReadOnlyError`.
 */
export class ZipArchiveStore implements Store {
  /** Always true: the archive is read, never written. */
  readonly readOnly = true;
  /** The store holding the archive, and the archive's key in it. */
  readonly source: ReadableStore;
  /** The archive's key in {@link ZipArchiveStore.source}, e.g. `"data.zip"`. */
  readonly key: string;
  readonly #entries: Map<string, ZipEntry>;
  readonly #keys: string[];
  /** Members lie before the central directory: no member read may reach past it. */
  readonly #dataEnd: number;
  readonly #verify: boolean;
  readonly #closeSource: boolean;
  readonly #engine: InflateEngine | undefined;
  #closed = false;

  /** @internal Use `openZipInStore`. */
  constructor(
    source: ReadableStore,
    key: string,
    entries: ZipEntry[],
    dataEnd: number,
    options: ZipArchiveOptions,
  ) {
    this.source = source;
    this.key = key;
    this.#entries = new Map();
    // Later members with the same name win, as in Python's zipfile.
    for (const e of entries) this.#entries.set(e.name, e);
    // Folder members (names ending in "/", written by zip tools) are not values.
    this.#keys = [...this.#entries.keys()].filter((k) => !k.endsWith("/")).sort();
    this.#dataEnd = dataEnd;
    this.#verify = options.verifyChecksums ?? true;
    this.#closeSource = options.closeSource ?? false;
    this.#engine = options.inflateEngine;
  }

  /** How many members the archive's directory lists (each name once). */
  get size(): number {
    return this.#entries.size;
  }

  #where(): string {
    return describeArchive(this.source, this.key);
  }

  #open(): void {
    if (this.#closed) throw new ZarrError(`${this.#where()} is closed`);
  }

  #corrupt(e: ZipEntry, why: string): never {
    throw new ZarrError(`member ${JSON.stringify(e.name)} of ${this.#where()}: ${why}`);
  }

  #checkReadable(e: ZipEntry): void {
    if (e.flags & 1) this.#corrupt(e, "it is encrypted");
    if (e.method !== 0 && e.method !== 8)
      this.#corrupt(
        e,
        `it uses compression method ${e.method}; only stored (0) and deflated (8) members can be read`,
      );
  }

  /**
   * Check a member's offset and sizes against the archive before anything is fetched or
   * allocated for it: the directory is untrusted, and its sizes must never become buffer
   * lengths or range lengths unchecked.
   */
  #checkSizes(e: ZipEntry): void {
    const limit = this.#dataEnd;
    if (e.offset > limit - LOCAL_HEADER_SIZE)
      this.#corrupt(
        e,
        `its local header offset ${e.offset} lies past the start of the central directory (offset ${limit})`,
      );
    if (e.compressedSize > limit - e.offset - LOCAL_HEADER_SIZE)
      this.#corrupt(
        e,
        `its compressed size ${e.compressedSize} runs past the start of the central directory (offset ${limit})`,
      );
    const declared = declaredSizeProblem(e);
    if (declared) this.#corrupt(e, declared);
  }

  async #read(offset: number, length: number, signal?: AbortSignal): Promise<Uint8Array> {
    const got = await readRange(this.source, this.key, { offset, length }, { signal });
    if (got === undefined) throw new NodeNotFoundError(`${this.#where()} is gone from its store`);
    return got;
  }

  /** Exactly `length` bytes at `offset`, or an error naming the member it was read for. */
  async #exact(
    e: ZipEntry,
    offset: number,
    length: number,
    signal?: AbortSignal,
  ): Promise<Uint8Array> {
    if (length === 0) return new Uint8Array(0);
    const got = await this.#read(offset, length, signal);
    if (got.length !== length)
      this.#corrupt(
        e,
        `the archive ends inside it (${got.length} of ${length} bytes at ${offset})`,
      );
    return got;
  }

  /** Where the member's data starts, from the local header at the start of `buf`. */
  #locate(e: ZipEntry, buf: Uint8Array): number {
    let at: number;
    try {
      at = localDataOffset(buf, e.offset);
    } catch {
      this.#corrupt(e, `no local file header at offset ${e.offset}`);
    }
    if (e.compressedSize > this.#dataEnd - at)
      this.#corrupt(
        e,
        `its ${e.compressedSize} bytes of data at offset ${at} run past the start of the central directory (offset ${this.#dataEnd})`,
      );
    e.dataOffset = at;
    return at;
  }

  /** Bytes `[from, to)` of a member's raw (possibly compressed) data. */
  async #data(e: ZipEntry, from: number, to: number, signal?: AbortSignal): Promise<Uint8Array> {
    if (e.dataOffset === undefined) {
      this.#checkSizes(e);
      const guess = LOCAL_HEADER_SIZE + e.nameBytes.length + e.extra.length + LOCAL_EXTRA_MARGIN;
      const room = this.#dataEnd - e.offset;
      if (from > READ_TOGETHER_GAP) {
        this.#locate(e, await this.#read(e.offset, Math.min(guess, room), signal));
      } else {
        const buf = await this.#read(e.offset, Math.min(guess + to, room), signal);
        const start = this.#locate(e, buf) - e.offset;
        if (start + to <= buf.length) return buf.subarray(start + from, start + to);
        // the local extra field is longer than the margin: fetch what is missing
        const have = buf.subarray(Math.min(buf.length, start + from));
        const rest = await this.#exact(
          e,
          e.dataOffset! + from + have.length,
          to - from - have.length,
          signal,
        );
        return concat(have, rest);
      }
    }
    return this.#exact(e, e.dataOffset! + from, to - from, signal);
  }

  async #readMember(e: ZipEntry, signal?: AbortSignal): Promise<Uint8Array> {
    this.#checkReadable(e);
    const raw = await this.#data(e, 0, e.compressedSize, signal);
    let out = raw;
    if (e.method === 8) {
      try {
        out = await inflateRawBounded(raw, e.size, this.#engine);
      } catch (err) {
        if (err instanceof InflateOverflow)
          this.#corrupt(e, `inflates to more than its declared ${e.size} bytes`);
        this.#corrupt(e, `cannot inflate it: ${(err as Error).message}`);
      }
    }
    if (out.length !== e.size)
      this.#corrupt(e, `it has ${out.length} bytes, its directory entry says ${e.size}`);
    if (this.#verify && crc32Table(out) !== e.crc) this.#corrupt(e, "CRC-32 mismatch");
    return out;
  }

  /**
   * The value of the member `key` (inflated when deflated), with one range read of the
   * source in the usual case; `undefined` when the archive has no such member.
   *
   * @throws {StoreKeyError} When the key breaks core's key rules.
   * @throws {NodeNotFoundError} When the archive has gone from its source store.
   * @throws {ZarrError} When the store is closed, or the member is encrypted, compressed with
   *   a method other than stored or deflate, corrupt, or fails its CRC-32 check.
   */
  async get(key: string, options?: StoreGetOptions): Promise<Uint8Array | undefined> {
    this.#open();
    const e = this.#entries.get(checkStoreKey(key));
    if (e === undefined) return undefined;
    return this.#readMember(e, options?.signal);
  }

  /** Part of a value (`ByteRange`); a stored member is fetched only over that range. */
  async getRange(
    key: string,
    range: ByteRange,
    options?: StoreGetOptions,
  ): Promise<Uint8Array | undefined> {
    this.#open();
    checkStoreKey(key);
    rangeBounds(range, Number.MAX_SAFE_INTEGER, key);
    const e = this.#entries.get(key);
    if (e === undefined) return undefined;
    this.#checkReadable(e);
    const [from, to] = rangeBounds(range, e.size, key);
    if (e.method === 8) {
      const all = await this.#readMember(e, options?.signal);
      return all.slice(Math.min(from, to), to);
    }
    if (from >= to) return new Uint8Array(0);
    return this.#data(e, from, to, options?.signal);
  }

  /** True when the archive's directory lists a member `key` (no read of the source). */
  async has(key: string): Promise<boolean> {
    this.#open();
    return this.#entries.has(checkStoreKey(key));
  }

  /** Every key that starts with `prefix`, sorted, each once. */
  async list(prefix = ""): Promise<string[]> {
    this.#open();
    checkStorePrefix(prefix);
    return this.#keys.filter((k) => k.startsWith(prefix));
  }

  /** Immediate children of `prefix` (`""` or ending in `/`), from the archive's directory. */
  async listDir(prefix = ""): Promise<{
    /** Names (relative to `prefix`, sorted) of the members directly under it. */
    keys: string[];
    /** Names (relative to `prefix`, sorted, without a trailing `/`) of the folders under it. */
    prefixes: string[];
  }> {
    this.#open();
    checkStorePrefix(prefix);
    return memberChildren(this.#entries.keys(), prefix);
  }

  #refuse(what: string): never {
    throw new ReadOnlyError(
      `cannot ${what}: ${this} over ${this.#where()} is read-only (it reads by range reads only)`,
    );
  }

  /**
   * Always fails: the store is read-only.
   *
   * @throws {ReadOnlyError} Always.
   */
  async set(key: string, _value: Uint8Array): Promise<void> {
    this.#refuse(`write ${JSON.stringify(key)}`);
  }

  /**
   * Always fails: the store is read-only.
   *
   * @throws {ReadOnlyError} Always.
   */
  async delete(key: string): Promise<boolean> {
    this.#refuse(`delete ${JSON.stringify(key)}`);
  }

  /**
   * Always fails: the store is read-only.
   *
   * @throws {ReadOnlyError} Always.
   */
  async deletePrefix(prefix: string): Promise<void> {
    this.#refuse(`delete the keys under ${JSON.stringify(prefix)}`);
  }

  /** Forget the directory (and close the source with `closeSource`); calling it again does nothing. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#closeSource) await this.source.close?.();
  }

  /** `"ZipArchiveStore"`: the name `info()` prints for the store. */
  toString(): string {
    return "ZipArchiveStore";
  }
}

function describeArchive(source: ReadableStore, key: string): string {
  return `zip archive ${JSON.stringify(key)} in ${String(source)}`;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/**
 * Open the zip archive stored as `key` in `source` (any store; one that has `getRange` is read
 * by ranges, others whole) as a read-only store. One suffix range read fetches the end records
 * and, when it fits, the central directory; a second read fetches the rest of a larger
 * directory. A missing archive is a `NodeNotFoundError`; a damaged one a `ZarrError` saying
 * what is wrong.
 *
 * Offsets are taken as written unless the first read holds the whole file: an archive with
 * bytes in front of it (a self-extractor) larger than 64 KiB cannot be read this way.
 *
 * Runs in Node and browsers (the package's `browser` entry exports this and
 * {@link ZipArchiveStore} alone). In zarr-python, the nearest is an `FSStore` on one of
 * fsspec's chained `zip::` URLs.
 *
 * @param source - The store holding the archive.
 * @param key - The archive's key in `source`.
 * @param options - See {@link ZipArchiveOptions}.
 * @returns A read-only {@link ZipArchiveStore} over the archive's members.
 * @throws {NodeNotFoundError} When `source` has no value at `key`.
 * @throws {ZarrError} When the archive is damaged or not a zip (the message says what is
 *   wrong), its central directory is larger than `maxDirectorySize`, or that option is invalid.
 *
 * @example
 * ```ts
 * import { openArray } from "@zarrkit/core";
 * import { HttpStore } from "@zarrkit/store-http";
 * import { openZipInStore } from "@zarrkit/store-zip";
 *
 * const http = new HttpStore("https://example.com/data/");
 * const zs = await openZipInStore(http, "example.zip"); // range reads only
 * const z = await openArray(zs, { path: "foo", mode: "r" });
 * await zs.close();
 * ```
 */
export async function openZipInStore(
  source: ReadableStore,
  key: string,
  options: ZipArchiveOptions = {},
): Promise<ZipArchiveStore> {
  const where = describeArchive(source, key);
  const maxDirectory = options.maxDirectorySize ?? DEFAULT_MAX_DIRECTORY;
  if (!Number.isSafeInteger(maxDirectory) || maxDirectory <= 0)
    throw new ZarrError(
      `openZipInStore: maxDirectorySize must be a positive integer of bytes, got ${maxDirectory}`,
    );
  const signal = options.signal;
  const tail = await readRange(source, key, { suffixLength: TAIL_READ }, { signal });
  if (tail === undefined) throw new NodeNotFoundError(`no ${where}: the key is not in the store`);
  const bad = (why: string): never => {
    throw new ZarrError(`${where} is not a readable zip archive: ${why}`);
  };
  if (tail.length < EOCD_SIZE) bad(`it is ${tail.length} bytes long`);
  const whole = tail.length < TAIL_READ;
  let end: EndRecords;
  try {
    end = findEndRecords(tail, whole);
  } catch (e) {
    if (!(e instanceof ZipFormatError)) throw e;
    return bad(e.message);
  }
  // The directory ends where the end records begin. When the whole file was read, bytes in
  // front of the archive show as a difference; otherwise offsets are taken as written.
  const shift = whole ? end.recordsAt - end.cdSize - end.cdOffset : 0;
  if (shift < 0)
    bad(
      `its central directory (${end.cdSize} bytes at offset ${end.cdOffset}) lies outside the file (${tail.length} bytes)`,
    );
  if (end.entries * CENTRAL_HEADER_SIZE > end.cdSize)
    bad(`its central directory of ${end.cdSize} bytes is too small for ${end.entries} entries`);
  if (end.cdSize > maxDirectory)
    bad(
      `its central directory claims ${end.cdSize} bytes, more than maxDirectorySize (${maxDirectory}); pass a larger maxDirectorySize if the archive really has one this large`,
    );
  const cdStart = end.cdOffset + shift;
  let cd: Uint8Array;
  if (end.cdSize <= end.recordsAt) {
    cd = tail.subarray(end.recordsAt - end.cdSize, end.recordsAt);
  } else {
    // The first read holds the directory's last `recordsAt` bytes; fetch the ones before.
    const missing = end.cdSize - end.recordsAt;
    const head = await readRange(source, key, { offset: cdStart, length: missing }, { signal });
    if (head === undefined) throw new NodeNotFoundError(`no ${where}: the key is not in the store`);
    if (head.length !== missing)
      bad(
        `its central directory (${end.cdSize} bytes at offset ${cdStart}) runs past the end of the file`,
      );
    cd = concat(head, tail.subarray(0, end.recordsAt));
  }
  let entries: ZipEntry[];
  try {
    entries = parseCentralDirectory(cd, end.entries, shift);
  } catch (e) {
    if (!(e instanceof ZipFormatError)) throw e;
    return bad(e.message);
  }
  return new ZipArchiveStore(source, key, entries, cdStart, options);
}
