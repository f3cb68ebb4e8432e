import {
  close as closeCb,
  closeSync,
  existsSync,
  fstatSync,
  fsync as fsyncCb,
  ftruncate as ftruncateCb,
  openSync,
  read as readCb,
  readSync,
  writev as writevCb,
} from "node:fs";
import { resolve } from "node:path";
import { promisify } from "node:util";
import {
  localPathOf,
  type ByteRange,
  ContainsNodeError,
  checkStoreKey,
  checkStorePrefix,
  NodeNotFoundError,
  rangeBounds,
  ReadOnlyError,
  type Store,
  type StoreGetOptions,
  StoreKeyError,
  ZarrError,
} from "@zarrkit/core";
import { InflateOverflow, inflateBounded } from "./inflate-bounded.js";
import { crc32 } from "./crc32-native.js";
import { recoverEntries } from "./recover.js";
import {
  CENTRAL_HEADER_SIZE,
  centralDirectory,
  declaredSizeProblem,
  endRecords,
  EOCD64_LOCATOR_SIZE,
  EOCD64_SIZE,
  EOCD_SIZE,
  LOCAL_HEADER_SIZE,
  localDataOffset,
  localHeader,
  MAX_COMMENT,
  memberChildren,
  parseCentralDirectory,
  readEndRecord,
  storedEntry,
  type ZipEntry,
  ZipFormatError,
} from "./zip-format.js";

const readP = promisify(readCb);
const writevP = promisify(writevCb);
const ftruncateP = promisify(ftruncateCb);
const fsyncP = promisify(fsyncCb);
const closeP = promisify(closeCb);

/**
 * How a {@link ZipStore} opens its file, as Python's `zipfile`: `r` read an existing archive;
 * `w` create or truncate; `a` append (creating it if missing); `x` create, failing if it exists.
 */
export type ZipStoreMode = "r" | "w" | "a" | "x";

/** Options of {@link ZipStore}; every field is optional. */
export interface ZipStoreOptions {
  /** How the file is opened (see {@link ZipStoreMode}). Default `"a"`, as zarr-python's. */
  mode?: ZipStoreMode;
  /**
   * Chunk-key separator for Zarr v2 arrays created in the store when they name none
   * (zarr-python's `dimension_separator`). Default: unset, so they use `"."`.
   */
  dimensionSeparator?: "." | "/";
  /** Check each whole value read against its CRC-32 (default true, as Python's zipfile). */
  verifyChecksums?: boolean;
  /**
   * Mode `"a"` only: when the archive has no readable central directory (its writer was killed
   * before `close()`), rebuild the member list from the local headers instead of failing. Every
   * member whose header and bytes are whole and whose CRC-32 matches is kept, up to the first
   * one that is not; the rest of the file is dropped. `close()` or `flush()` then writes a
   * directory, after which any zip tool reads the file. Members deleted since the last
   * `flush()` or `close()` come back (the local headers do not record deletions).
   */
  recover?: boolean;
  /** @internal Write zip64 records and fields even when nothing needs them (tests). */
  forceZip64?: boolean;
}

/**
 * @internal Fault injection for tests: called halfway through writing an entry's data with
 * the entry's name. Throwing from it makes the write fail at that point.
 */
export const zipWriteFaults: { hook?: (key: string) => void | Promise<void> } = {};

const MODES = new Set(["r", "w", "a", "x"]);
const MAX_BATCH = 512;
const MAX_BATCH_BYTES = 64 * 1024 * 1024;

interface PutOp {
  kind: "put";
  key: string;
  value: Uint8Array;
  resolve: () => void;
  reject: (e: unknown) => void;
}
interface RunOp {
  kind: "run";
  fn: (fd: number) => Promise<void>;
  resolve: () => void;
  reject: (e: unknown) => void;
}
type WriteOp = PutOp | RunOp;

function errCode(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException | undefined)?.code;
}

/**
 * Core's key rules (`checkStoreKey`), and no drive letter: nothing a zip tool could extract
 * outside its target. Checked on reads too, so a hostile key fails the same way everywhere.
 */
function checkKey(key: string): string {
  checkStoreKey(key);
  if (/^[A-Za-z]:/.test(key))
    throw new StoreKeyError(`invalid store key ${JSON.stringify(key)}: starts with a drive letter`);
  return key;
}

function isValidKey(name: string): boolean {
  try {
    checkKey(name);
    return true;
  } catch {
    return false;
  }
}

/**
 * A store inside one zip file, compatible with zarr-python's `ZipStore`: each key is an
 * archive member, written uncompressed (`ZIP_STORED`). Reading parses the central directory
 * once, then fetches each member with positioned reads of just its bytes (stored and deflated
 * members; `getRange` on a stored member reads only the range). Writing appends members and
 * writes the central directory on `close()` (or `flush()`), with zip64 records once sizes,
 * offsets or the member count need them.
 *
 * Writing a key again appends a new member; the archive's directory lists only the newest, so
 * every reader sees the latest value, and the old bytes stay in the file as dead space (a
 * warning is emitted once per store). `delete` drops a member from the directory the same way.
 *
 * Node only; {@link openZipInStore} reads a zip held in any other store, in browsers too.
 *
 * @example
 * ```ts
 * import { zeros } from "@zarrkit/core";
 * import { ZipStore } from "@zarrkit/store-zip";
 *
 * const store = new ZipStore("data/example.zip", { mode: "w" });
 * const z = await zeros([100, 100], { chunks: [10, 10], dtype: "i4", store });
 * await z.set(null, 42);
 * await store.close(); // don't forget: the zip's directory is written here
 * ```
 */
export class ZipStore implements Store {
  /** Absolute path of the zip file. */
  readonly path: string;
  /** The mode the file was opened in (see {@link ZipStoreMode}). */
  readonly mode: ZipStoreMode;
  /** True for mode `"r"`: every write throws a `ReadOnlyError`. */
  readonly readOnly: boolean;
  /**
   * The chunk-key separator Zarr v2 arrays created in this store use when they name none, as
   * given in the options (`undefined` when not given).
   */
  readonly dimensionSeparator: "." | "/" | undefined;
  readonly #verify: boolean;
  readonly #force: boolean;
  #fd: number | undefined;
  readonly #entries = new Map<string, ZipEntry>();
  #sortedKeys: string[] | undefined;
  /** Where the next member goes: the end of the last member. */
  #end = 0;
  /** Size of the file when opened: no member read may reach past it (or past `#end`). */
  #fileSize = 0;
  /** How many members were rebuilt from local headers (`recover`), or undefined. */
  readonly recovered: number | undefined;
  #modified = false;
  #closing: Promise<void> | undefined;
  /** Queued writes, taken from `#opsHead` on (an index, so taking one is O(1)). */
  #ops: WriteOp[] = [];
  #opsHead = 0;
  #pumping = false;
  readonly #reads = new Set<Promise<unknown>>();
  #warnedDuplicate = false;

  /**
   * Open the zip file at `path`; reading modes parse its central directory now.
   *
   * @param path - The zip file.
   * @param options - See {@link ZipStoreOptions}.
   * @throws {NodeNotFoundError} When the file is missing in mode `"r"`.
   * @throws {ContainsNodeError} When the file exists in mode `"x"`.
   * @throws {ZarrError} When an option is invalid, `path` is a directory, or the file is not a
   *   readable zip archive (and `recover` is off or finds nothing to recover).
   */
  constructor(path: string, options: ZipStoreOptions = {}) {
    const {
      mode = "a",
      dimensionSeparator,
      verifyChecksums = true,
      forceZip64 = false,
      recover = false,
    } = options;
    if (!MODES.has(mode))
      throw new ZarrError(
        `ZipStore: mode must be "r", "w", "a" or "x", got ${JSON.stringify(mode)}`,
      );
    if (
      dimensionSeparator !== undefined &&
      dimensionSeparator !== "." &&
      dimensionSeparator !== "/"
    )
      throw new ZarrError(
        `ZipStore: dimensionSeparator must be "." or "/", got ${JSON.stringify(dimensionSeparator)}`,
      );
    if (typeof path !== "string" || path === "") throw new ZarrError("ZipStore needs a file path");
    if (recover && mode !== "a")
      throw new ZarrError(
        `ZipStore: recover needs mode "a" (it rewrites the directory), got mode ${JSON.stringify(mode)}`,
      );
    this.path = resolve(path);
    this.mode = mode;
    this.readOnly = mode === "r";
    this.dimensionSeparator = dimensionSeparator;
    this.#verify = verifyChecksums;
    this.#force = forceZip64;
    this.#fd = this.#openFile();
    try {
      const size = fstatSync(this.#fd).size;
      this.#fileSize = size;
      if (mode === "r" || (mode === "a" && size > 0)) {
        try {
          this.#readDirectory(size);
        } catch (e) {
          if (!(recover && e instanceof ZipFormatError)) throw e;
          this.recovered = this.#recover(size, e);
        }
      }
    } catch (e) {
      closeSync(this.#fd);
      this.#fd = undefined;
      if (e instanceof ZipFormatError)
        throw new ZarrError(`ZipStore: ${this.path} is not a readable zip archive: ${e.message}`);
      throw e;
    }
  }

  #openFile(): number {
    try {
      if (this.mode === "r") return openSync(this.path, "r");
      if (this.mode === "w") return openSync(this.path, "w+");
      if (this.mode === "x") return openSync(this.path, "wx+");
      try {
        return openSync(this.path, "r+");
      } catch (e) {
        if (errCode(e) !== "ENOENT") throw e;
        return openSync(this.path, "wx+");
      }
    } catch (e) {
      const code = errCode(e);
      if (code === "ENOENT") throw new NodeNotFoundError(`ZipStore: no zip file at ${this.path}`);
      if (code === "EEXIST") throw new ContainsNodeError(`ZipStore: ${this.path} already exists`);
      if (code === "EISDIR") throw new ZarrError(`ZipStore: ${this.path} is a directory`);
      throw e;
    }
  }

  #readSync(offset: number, length: number): Uint8Array {
    const out = new Uint8Array(length);
    let done = 0;
    while (done < length) {
      const n = readSync(this.#fd!, out, done, length - done, offset + done);
      if (n === 0) break;
      done += n;
    }
    return out.subarray(0, done);
  }

  #readDirectory(size: number): void {
    if (size < EOCD_SIZE) throw new ZipFormatError("file too short");
    const tailLen = Math.min(size, EOCD_SIZE + MAX_COMMENT + EOCD64_LOCATOR_SIZE + EOCD64_SIZE);
    const tail = this.#readSync(size - tailLen, tailLen);
    const end = readEndRecord(tail, size);
    const cd = this.#readSync(end.cdStart, end.cdSize);
    if (cd.length !== end.cdSize) throw new ZipFormatError("truncated central directory");
    if (end.entries * CENTRAL_HEADER_SIZE > end.cdSize)
      throw new ZipFormatError("central directory too small for its entries");
    // Later members with the same name win, as in Python's zipfile.
    for (const e of parseCentralDirectory(cd, end.entries, end.cdStart - end.cdOffset))
      this.#entries.set(e.name, e);
    this.#end = end.cdStart;
  }

  /** Rebuild the members from the local headers; see the `recover` option. */
  #recover(size: number, why: ZipFormatError): number {
    this.#entries.clear();
    const found = recoverEntries(size, (o, n) => this.#readSync(o, n));
    if (found.entries.length === 0 && size > 0)
      throw new ZarrError(
        `ZipStore: cannot recover ${this.path}: no central directory (${why.message}) and no whole member at offset 0`,
      );
    for (const e of found.entries) this.#entries.set(e.name, e);
    this.#end = found.end;
    // the file needs a directory even if nothing more is written
    this.#modified = true;
    return found.entries.length;
  }

  #fdOrThrow(): number {
    if (this.#fd === undefined || this.#closing)
      throw new ZarrError(`ZipStore: ${this.path} is closed`);
    return this.#fd;
  }

  #writable(key: string): void {
    if (this.readOnly)
      throw new ReadOnlyError(
        `cannot write ${JSON.stringify(key)}: ${this} at ${this.path} is open read-only (mode "r")`,
      );
  }

  #trackRead<T>(p: Promise<T>): Promise<T> {
    this.#reads.add(p);
    const done = () => this.#reads.delete(p);
    p.then(done, done);
    return p;
  }

  async #readAt(offset: number, length: number, signal?: AbortSignal): Promise<Uint8Array> {
    // reads already under way may finish while close() waits for them
    const fd = this.#fd;
    if (fd === undefined) throw new ZarrError(`ZipStore: ${this.path} is closed`);
    const out = new Uint8Array(length);
    let done = 0;
    while (done < length) {
      signal?.throwIfAborted();
      const { bytesRead } = await readP(fd, out, done, length - done, offset + done);
      if (bytesRead === 0) break;
      done += bytesRead;
    }
    return done === length ? out : out.subarray(0, done);
  }

  #checkReadable(e: ZipEntry): void {
    if (e.flags & 1) throw new ZarrError(`ZipStore: member ${JSON.stringify(e.name)} is encrypted`);
    if (e.method !== 0 && e.method !== 8)
      throw new ZarrError(
        `ZipStore: member ${JSON.stringify(e.name)} uses compression method ${e.method}; only stored (0) and deflated (8) members can be read`,
      );
  }

  async #dataOffset(e: ZipEntry, signal?: AbortSignal): Promise<number> {
    if (e.dataOffset !== undefined) return e.dataOffset;
    this.#checkSizes(e);
    const header = await this.#readAt(e.offset, LOCAL_HEADER_SIZE, signal);
    e.dataOffset = this.#localOffset(e, header);
    return e.dataOffset;
  }

  #localOffset(e: ZipEntry, header: Uint8Array): number {
    let at: number;
    try {
      at = localDataOffset(header, e.offset);
    } catch {
      throw new ZarrError(
        `ZipStore: ${this.path} is corrupt: no local header for ${JSON.stringify(e.name)} at offset ${e.offset}`,
      );
    }
    if (e.compressedSize > this.#limit() - at)
      this.#corrupt(
        e,
        `its ${e.compressedSize} bytes of data at offset ${at} run past the end of the file (${this.#limit()} bytes)`,
      );
    return at;
  }

  /** The end of the bytes a member may occupy: the file as opened, or as written since. */
  #limit(): number {
    return Math.max(this.#fileSize, this.#end);
  }

  #corrupt(e: ZipEntry, why: string): never {
    throw new ZarrError(`ZipStore: member ${JSON.stringify(e.name)} of ${this.path}: ${why}`);
  }

  /**
   * Check a member's offset and sizes against the file before anything is allocated for it:
   * the directory is untrusted, and a size read from it must never become a buffer length.
   */
  #checkSizes(e: ZipEntry): void {
    const limit = this.#limit();
    if (e.offset > limit - LOCAL_HEADER_SIZE)
      this.#corrupt(
        e,
        `its local header offset ${e.offset} lies past the end of the file (${limit} bytes)`,
      );
    if (e.compressedSize > limit - e.offset - LOCAL_HEADER_SIZE)
      this.#corrupt(
        e,
        `its compressed size ${e.compressedSize} is larger than the file (${limit} bytes)`,
      );
    const declared = declaredSizeProblem(e);
    if (declared) this.#corrupt(e, declared);
  }

  /** The raw (possibly compressed) bytes of a member, in one read when the header is cached or small. */
  async #rawData(e: ZipEntry, signal?: AbortSignal): Promise<Uint8Array> {
    if (e.dataOffset !== undefined)
      return this.#fullRead(e, e.dataOffset, e.compressedSize, signal);
    this.#checkSizes(e);
    // Read the local header and the data together, guessing the header's extra length from
    // the central directory's (plus room for a zip64 field); read again if the guess was short.
    const guess = LOCAL_HEADER_SIZE + e.nameBytes.length + e.extra.length + 64;
    const want = Math.min(guess + e.compressedSize, this.#limit() - e.offset);
    const buf = await this.#readAt(e.offset, want, signal);
    e.dataOffset = this.#localOffset(e, buf);
    const start = e.dataOffset - e.offset;
    if (start + e.compressedSize <= buf.length)
      return buf.subarray(start, start + e.compressedSize);
    return this.#fullRead(e, e.dataOffset, e.compressedSize, signal);
  }

  async #fullRead(
    e: ZipEntry,
    offset: number,
    length: number,
    signal?: AbortSignal,
  ): Promise<Uint8Array> {
    const out = await this.#readAt(offset, length, signal);
    if (out.length !== length)
      throw new ZarrError(
        `ZipStore: ${this.path} is truncated inside member ${JSON.stringify(e.name)}`,
      );
    return out;
  }

  async #readEntry(e: ZipEntry, signal?: AbortSignal): Promise<Uint8Array> {
    this.#checkReadable(e);
    const raw = await this.#rawData(e, signal);
    let out = raw;
    if (e.method === 8) {
      try {
        out = await inflateBounded(raw, e.size);
      } catch (err) {
        if (err instanceof InflateOverflow)
          this.#corrupt(e, `inflates to more than its declared ${e.size} bytes`);
        throw new ZarrError(
          `ZipStore: cannot inflate member ${JSON.stringify(e.name)} of ${this.path}: ${(err as Error).message}`,
        );
      }
    }
    if (out.length !== e.size)
      throw new ZarrError(
        `ZipStore: member ${JSON.stringify(e.name)} of ${this.path} has ${out.length} bytes, its directory entry says ${e.size}`,
      );
    if (this.#verify && crc32(out) !== e.crc)
      throw new ZarrError(
        `ZipStore: CRC-32 mismatch in member ${JSON.stringify(e.name)} of ${this.path}`,
      );
    return out;
  }

  /**
   * The value of the member `key` (inflated when it is deflated), or `undefined` when the
   * archive has no such member.
   *
   * @throws {StoreKeyError} When the key breaks the key rules.
   * @throws {ZarrError} When the store is closed, or the member is encrypted, compressed with
   *   a method other than stored or deflate, corrupt, or fails its CRC-32 check.
   */
  async get(key: string, options?: StoreGetOptions): Promise<Uint8Array | undefined> {
    this.#fdOrThrow();
    const e = this.#entries.get(checkKey(key));
    if (e === undefined) return undefined;
    return this.#trackRead(this.#readEntry(e, options?.signal));
  }

  /** Part of a value (`ByteRange`); a stored member is read only over that range. */
  async getRange(
    key: string,
    range: ByteRange,
    options?: StoreGetOptions,
  ): Promise<Uint8Array | undefined> {
    this.#fdOrThrow();
    rangeBounds(range, Number.MAX_SAFE_INTEGER, key);
    const e = this.#entries.get(checkKey(key));
    if (e === undefined) return undefined;
    return this.#trackRead(
      (async () => {
        this.#checkReadable(e);
        const [offset, end] = rangeBounds(range, e.size, key);
        if (e.method === 8) {
          const all = await this.#readEntry(e, options?.signal);
          return all.slice(Math.min(offset, end), end);
        }
        if (offset >= end) return new Uint8Array(0);
        const start = await this.#dataOffset(e, options?.signal);
        return this.#fullRead(e, start + offset, end - offset, options?.signal);
      })(),
    );
  }

  /** True when the archive's directory lists a member `key` (no file read). */
  async has(key: string): Promise<boolean> {
    this.#fdOrThrow();
    return this.#entries.has(checkKey(key));
  }

  /**
   * Append `value` as a new stored member (see the class notes on writing a key again).
   * Writes queued together go to the file in one system call; if that call fails, each of
   * them rejects with the error and none of them becomes visible. The value is visible to
   * this store's reads at once, and to other readers of the file after `flush()` or `close()`.
   *
   * @throws {ReadOnlyError} In mode `"r"`.
   * @throws {StoreKeyError} When the key breaks the key rules.
   * @throws {TypeError} When `value` is not a `Uint8Array`.
   */
  async set(key: string, value: Uint8Array): Promise<void> {
    this.#fdOrThrow();
    this.#writable(key);
    checkKey(key);
    if (!(value instanceof Uint8Array))
      throw new TypeError(`ZipStore.set(${JSON.stringify(key)}): value must be a Uint8Array`);
    return new Promise<void>((resolve, reject) =>
      this.#enqueue({ kind: "put", key, value, resolve, reject }),
    );
  }

  /** Run `fn` after every write queued before it. */
  #serialWrite(fn: (fd: number) => Promise<void>): Promise<void> {
    this.#fdOrThrow();
    return new Promise<void>((resolve, reject) =>
      this.#enqueue({ kind: "run", fn, resolve, reject }),
    );
  }

  #enqueue(op: WriteOp): void {
    this.#ops.push(op);
    if (this.#pumping) return;
    this.#pumping = true;
    // start on a microtask so the writes queued in this turn share one system call
    queueMicrotask(() => void this.#pump());
  }

  async #pump(): Promise<void> {
    const fd = this.#fd!;
    while (this.#opsHead < this.#ops.length) {
      const op = this.#ops[this.#opsHead]!;
      if (op.kind === "run") {
        this.#take();
        await op.fn(fd).then(op.resolve, op.reject);
        continue;
      }
      const batch: PutOp[] = [];
      let bytes = 0;
      const limit = zipWriteFaults.hook !== undefined ? 1 : MAX_BATCH;
      while (
        this.#ops[this.#opsHead]?.kind === "put" &&
        batch.length < limit &&
        (batch.length === 0 || bytes < MAX_BATCH_BYTES)
      ) {
        const put = this.#take() as PutOp;
        batch.push(put);
        bytes += put.value.length;
      }
      await this.#writeBatch(fd, batch);
    }
    this.#ops = [];
    this.#opsHead = 0;
    this.#pumping = false;
  }

  #take(): WriteOp {
    const op = this.#ops[this.#opsHead]!;
    this.#ops[this.#opsHead++] = undefined as unknown as WriteOp;
    return op;
  }

  async #writeBatch(fd: number, batch: PutOp[]): Promise<void> {
    const start = this.#end;
    const when = new Date();
    const parts: Uint8Array[] = [];
    const entries: ZipEntry[] = [];
    let pos = start;
    for (const { key, value } of batch) {
      const entry = storedEntry(key, value, pos, when, crc32);
      const header = localHeader(entry, this.#force);
      entry.dataOffset = pos + header.length;
      parts.push(header, value);
      entries.push(entry);
      pos += header.length + value.length;
    }
    this.#modified = true;
    try {
      // On failure nothing points at the partial members and the next ones go over them.
      await writeFully(fd, parts, start, batch.length === 1 ? batch[0]!.key : undefined);
    } catch (e) {
      for (const put of batch) put.reject(e);
      return;
    }
    this.#end = pos;
    for (const entry of entries) {
      if (this.#entries.has(entry.name) && !this.#warnedDuplicate) {
        this.#warnedDuplicate = true;
        process.emitWarning(
          `ZipStore ${this.path}: ${JSON.stringify(entry.name)} was written again; zip members cannot be replaced, so the new value is appended and the old bytes stay in the file unused (further rewrites in this store are not reported)`,
          { code: "ZARRKIT_ZIP_DUPLICATE" },
        );
      }
      this.#entries.set(entry.name, entry);
    }
    this.#sortedKeys = undefined;
    for (const put of batch) put.resolve();
  }

  /**
   * Drop a member from the archive's directory (its bytes stay in the file until it is
   * rewritten by another tool). zarr-python's ZipStore cannot delete at all.
   */
  async delete(key: string): Promise<boolean> {
    this.#fdOrThrow();
    this.#writable(key);
    checkKey(key);
    let existed = false;
    await this.#serialWrite(async () => {
      existed = this.#entries.delete(key);
      if (existed) {
        this.#modified = true;
        this.#sortedKeys = undefined;
      }
    });
    return existed;
  }

  /** Drop every member whose name starts with `prefix` from the directory (as `delete`). */
  async deletePrefix(prefix: string): Promise<void> {
    this.#fdOrThrow();
    this.#writable(prefix);
    checkStorePrefix(prefix);
    await this.#serialWrite(async () => {
      for (const k of [...this.#entries.keys()]) {
        if (!k.startsWith(prefix)) continue;
        this.#entries.delete(k);
        this.#modified = true;
        this.#sortedKeys = undefined;
      }
    });
  }

  #keys(): string[] {
    // Folder members (names ending in "/", written by zip tools) are not values, and a
    // member whose name breaks the key rules (`../x`, `/x`) could not be read by its key.
    this.#sortedKeys ??= [...this.#entries.keys()].filter(isValidKey).sort();
    return this.#sortedKeys;
  }

  /** Every key that starts with `prefix`, sorted, each once. */
  async list(prefix = ""): Promise<string[]> {
    this.#fdOrThrow();
    checkStorePrefix(prefix);
    return this.#keys().filter((k) => k.startsWith(prefix));
  }

  /** Immediate children of `prefix` (`""` or ending in `/`), from the archive's directory. */
  async listDir(prefix = ""): Promise<{
    /** Names (relative to `prefix`, sorted) of the members directly under it. */
    keys: string[];
    /** Names (relative to `prefix`, sorted, without a trailing `/`) of the folders under it. */
    prefixes: string[];
  }> {
    this.#fdOrThrow();
    checkStorePrefix(prefix);
    return memberChildren(this.#entries.keys(), prefix);
  }

  /**
   * Write the central directory now, so the file on disk is a complete archive, and keep the
   * store open; later writes go over that directory and the next flush or close writes it
   * again. (zarr-python's `flush()`.)
   */
  async flush(): Promise<void> {
    if (this.readOnly) {
      this.#fdOrThrow();
      return;
    }
    await this.#serialWrite((fd) => this.#writeDirectory(fd));
  }

  async #writeDirectory(fd: number): Promise<void> {
    if (!this.#modified && this.mode === "a") return;
    const entries = [...this.#entries.values()].sort((a, b) => a.offset - b.offset);
    const cd = centralDirectory(entries, this.#force);
    const tail = endRecords(entries.length, cd.length, this.#end, this.#force);
    await writeFully(fd, [cd, tail], this.#end);
    await ftruncateP(fd, this.#end + cd.length + tail.length);
    await fsyncP(fd);
  }

  /**
   * Finish the archive (central directory and end records) and close the file; waits for
   * reads and writes under way. Must be called after writing, or the file is not a valid zip.
   * Calling it again does nothing.
   */
  close(): Promise<void> {
    if (this.#closing) return this.#closing;
    const fd = this.#fd;
    if (fd === undefined) return Promise.resolve();
    const queued = this.readOnly
      ? Promise.resolve()
      : new Promise<void>((resolve, reject) =>
          this.#enqueue({ kind: "run", fn: (f) => this.#writeDirectory(f), resolve, reject }),
        );
    this.#closing = (async () => {
      try {
        await queued;
        await Promise.allSettled([...this.#reads]);
      } finally {
        this.#fd = undefined;
        await closeP(fd);
      }
    })();
    return this.#closing;
  }

  /** Whether `close()` has been called. */
  get closed(): boolean {
    return this.#closing !== undefined || this.#fd === undefined;
  }

  /** `"ZipStore"`: the name `info()` prints for the store. */
  toString(): string {
    return "ZipStore";
  }
}

async function writeFully(
  fd: number,
  parts: Uint8Array[],
  position: number,
  key?: string,
): Promise<void> {
  const hook = key === undefined ? undefined : zipWriteFaults.hook;
  if (hook && parts.length === 2 && parts[1]!.length > 1) {
    const value = parts[1]!;
    const half = value.length >> 1;
    await writeFully(fd, [parts[0]!, value.subarray(0, half)], position);
    await hook(key!);
    await writeFully(fd, [value.subarray(half)], position + parts[0]!.length + half);
    return;
  }
  let bufs = parts.filter((b) => b.length > 0);
  let pos = position;
  while (bufs.length > 0) {
    let n = (await writevP(fd, bufs, pos)).bytesWritten;
    if (n <= 0) throw new ZarrError("ZipStore: write made no progress");
    pos += n;
    while (n > 0 && bufs.length > 0) {
      const first = bufs[0]!;
      if (n >= first.length) {
        n -= first.length;
        bufs = bufs.slice(1);
      } else {
        bufs = [first.subarray(n), ...bufs.slice(1)];
        n = 0;
      }
    }
  }
}

const STORE_MODES: Record<string, ZipStoreMode> = { r: "r", "r+": "a", a: "a", w: "w", "w-": "a" };

/**
 * Open a zip store for a location string, for `registerStore`. zarr's open modes map to zip
 * modes: `r` read-only; `r+` append to an existing file (a missing file is a
 * `NodeNotFoundError`); `a` and `w-` append, creating the file if needed (whether a node may
 * already exist is checked by the caller); `w` truncate.
 *
 * @param location - A path or a `file://` URL.
 * @param options - The zarr open `mode` (default `"a"`) and `dimensionSeparator`.
 * @throws {ZarrError} When `mode` is not one of zarr's open modes, or as the {@link ZipStore}
 *   constructor.
 * @throws {NodeNotFoundError} When the file is missing in mode `r+` or `r`.
 */
export function openZipStore(
  location: string,
  options: { mode?: string; dimensionSeparator?: "." | "/" } = {},
): ZipStore {
  const { mode = "a", dimensionSeparator } = options;
  const zipMode = STORE_MODES[mode];
  if (zipMode === undefined)
    throw new ZarrError(`unknown open mode ${JSON.stringify(mode)} (expected r, r+, a, w or w-)`);
  const path = localPathOf(location) ?? location;
  if (mode === "r+" && !existsSync(path))
    throw new NodeNotFoundError(`ZipStore: no zip file at ${resolve(path)}`);
  return new ZipStore(path, { mode: zipMode, dimensionSeparator });
}
