import { existsSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import {
  localStoreTarget,
  type ByteRange,
  checkStoreKey,
  checkStorePrefix,
  ReadOnlyError,
  rangeBounds,
  type Store,
  type StoreGetOptions,
  StoreKeyError,
  ZarrError,
} from "@zarrkit/core";
import type { RootDatabase } from "lmdb";
import { loadLmdb } from "./native-binding.js";

/**
 * Options of {@link LMDBStore}; every field is optional. The defaults are zarr-python's
 * `LMDBStore` defaults, except `sync`.
 */
export interface LMDBStoreOptions {
  /**
   * Open the environment read-only: every write (`set`, `delete`, `deletePrefix`) fails with a
   * `ReadOnlyError`, and the environment must exist. Default false.
   */
  readOnly?: boolean;
  /**
   * Separator between chunk indices that arrays created in this store use when they do not
   * name one, as zarr-python's `LMDBStore(path, dimension_separator=...)`. Keys are never
   * rewritten. Default: unset, so Zarr v2 arrays use `"."`; Zarr v3 arrays ignore it (their
   * `chunkKeyEncoding` option decides).
   */
  dimensionSeparator?: "." | "/";
  /**
   * Sync each commit to disk before its write resolves (default true), so a write that
   * resolved survives a power loss. `false` is zarr-python's choice (`sync=False,
   * metasync=False`): faster, each write still atomic and visible to other processes at once,
   * but the last writes may be lost in a crash until `flush()` or `close()`.
   */
  sync?: boolean;
  /**
   * Size of the memory map, the most the environment can grow to, in bytes. Default 2**40
   * (1 TiB), zarr-python's: only address space, the file grows as data is written (sparse).
   */
  mapSize?: number;
  /**
   * Write through a writable memory map (default on Linux, as zarr-python, whose file systems
   * keep the map-sized file sparse).
   */
  writemap?: boolean;
  /**
   * `path` is a folder holding `data.mdb` and `lock.mdb` (default true, py-lmdb's default and
   * so zarr-python's); false: `path` is the data file itself and the lock file `path-lock`.
   */
  subdir?: boolean;
}

/**
 * The longest key an {@link LMDBStore} takes, in bytes of UTF-8: LMDB 0.9's limit
 * (MDB_MAXKEYSIZE). Longer keys could not be read by py-lmdb, so they are refused with a
 * `StoreKeyError`.
 */
export const MAX_KEY_BYTES = 511;
const DEFAULT_MAP_SIZE = 2 ** 40;
const ZERO = Buffer.of(0x30); // "0", the byte after "/": the first key past a folder's keys

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * zarr-python's `LMDBStore`: every key is an entry of an LMDB environment's main (unnamed)
 * database, its UTF-8 bytes as the LMDB key (zarr-python encodes keys as ASCII, the same bytes)
 * and the value's bytes as they are. An environment written by either opens in the other,
 * while the other has it open too (LMDB's lock file coordinates processes). Each write is one
 * LMDB transaction, atomic; readers see the whole old or the whole new value. Node only.
 *
 * The environment stays open until {@link LMDBStore.close} (which also syncs what `sync:
 * false` deferred); call it when done. The store needs this package's own build of lmdb-js's
 * native addon (LMDB 0.9's data format, the one py-lmdb reads), made at install; without it,
 * opening fails with a `ZarrError` saying to run `npx zarrkit-lmdb-build`.
 *
 * @example
 * ```ts
 * import { openGroup } from "@zarrkit/core";
 * import { LMDBStore } from "@zarrkit/store-lmdb";
 *
 * const store = new LMDBStore("data/example.mdb");
 * const root = await openGroup(store, { mode: "w" });
 * await root.zeros("foo/bar", { shape: [100, 100], chunks: [10, 10], dtype: "<i4" });
 * await store.close(); // syncs and closes the environment
 * ```
 */
export class LMDBStore implements Store {
  /** Absolute path of the environment (its folder, or its data file with `subdir: false`). */
  readonly path: string;
  /** True when the store was opened read-only (option `readOnly`, or mode `"r"`). */
  readonly readOnly: boolean;
  /**
   * The chunk-key separator Zarr v2 arrays created in this store use when they name none, as
   * given in the options (`undefined` when not given).
   */
  readonly dimensionSeparator: "." | "/" | undefined;
  /** Whether each write resolves only once its commit is on disk (option `sync`). */
  readonly sync: boolean;
  readonly #db: RootDatabase<Buffer, Buffer>;
  #closed = false;

  /**
   * Open (or, when writable, create) the LMDB environment at `path`.
   *
   * @param path - The environment's folder (or its data file with `subdir: false`).
   * @param options - See {@link LMDBStoreOptions}.
   * @throws {ZarrError} When `path` is empty, an option is invalid, `path` is a file while
   *   `subdir` is true, the environment is missing and `readOnly` is set, or the native addon
   *   is not built or cannot be loaded.
   */
  constructor(path: string, options: LMDBStoreOptions = {}) {
    if (typeof path !== "string" || path === "")
      throw new ZarrError("LMDBStore needs the path of an LMDB environment");
    const {
      readOnly = false,
      dimensionSeparator,
      sync = true,
      mapSize = DEFAULT_MAP_SIZE,
      writemap = process.platform === "linux",
      subdir = true,
    } = options;
    if (
      dimensionSeparator !== undefined &&
      dimensionSeparator !== "." &&
      dimensionSeparator !== "/"
    )
      throw new ZarrError(
        `LMDBStore: dimensionSeparator must be "." or "/", got ${JSON.stringify(dimensionSeparator)}`,
      );
    if (!Number.isSafeInteger(mapSize) || mapSize <= 0)
      throw new ZarrError(
        `LMDBStore: mapSize must be a positive whole number of bytes, got ${mapSize}`,
      );
    this.path = resolve(path);
    const dataFile = subdir ? join(this.path, "data.mdb") : this.path;
    if (subdir && existsSync(this.path) && !statSync(this.path).isDirectory())
      throw new ZarrError(
        `LMDBStore: ${this.path} is a file; an environment opened with subdir (the default, as zarr-python) is a folder holding data.mdb (pass subdir: false to open a data file)`,
      );
    // lmdb-js would create the folder even for reading: say what is missing instead
    if (readOnly && !existsSync(dataFile))
      throw new ZarrError(
        `LMDBStore: no LMDB environment at ${this.path} (${dataFile} does not exist) to open read-only`,
      );
    this.readOnly = readOnly;
    this.dimensionSeparator = dimensionSeparator;
    this.sync = sync;
    const { open } = loadLmdb();
    this.#db = open<Buffer, Buffer>({
      path: this.path,
      noSubdir: !subdir,
      readOnly,
      // raw bytes both ways: no msgpack values, no ordered-binary keys
      encoding: "binary",
      keyEncoding: "binary",
      mapSize,
      useWritemap: writemap,
      noMemInit: true,
      noSync: !sync,
      noMetaSync: !sync,
      // zarr-python keeps everything in the main database; named ones are never opened
      maxDbs: 0,
    });
  }

  #live(): RootDatabase<Buffer, Buffer> {
    if (this.#closed) throw new ZarrError(`${this} at ${this.path} is closed`);
    return this.#db;
  }

  #writable(what: string): RootDatabase<Buffer, Buffer> {
    if (this.readOnly)
      throw new ReadOnlyError(
        `cannot write ${JSON.stringify(what)}: ${this} at ${this.path} is read-only`,
      );
    return this.#live();
  }

  /** The LMDB key of a store key: its UTF-8 bytes, after core's key rules and LMDB's limit. */
  #key(key: string): Buffer {
    const bytes = Buffer.from(checkStoreKey(key), "utf8");
    if (bytes.byteLength > MAX_KEY_BYTES)
      throw new StoreKeyError(
        `invalid store key ${JSON.stringify(key)}: ${bytes.byteLength} bytes of UTF-8, more than LMDB's ${MAX_KEY_BYTES}-byte limit`,
      );
    return bytes;
  }

  #text(key: Buffer): string {
    try {
      return utf8.decode(key);
    } catch {
      throw new ZarrError(
        `${this} at ${this.path} holds a key that is not UTF-8 text (bytes ${key.toString("hex")}); zarr keys are text`,
      );
    }
  }

  /** Keys of the main database that start with `prefix`, in LMDB's (byte) order. */
  *#keysFrom(prefix: Buffer, start: Buffer = prefix): Generator<Buffer> {
    const db = this.#live();
    for (const k of db.getKeys(start.byteLength > 0 ? { start } : {})) {
      if (k.byteLength < prefix.byteLength || prefix.compare(k, 0, prefix.byteLength) !== 0) return;
      yield k;
    }
  }

  /**
   * A copy of the value at `key`, or `undefined` when there is none.
   *
   * @throws {StoreKeyError} When the key breaks core's key rules or is longer than
   *   {@link MAX_KEY_BYTES}.
   * @throws {ZarrError} When the store is closed.
   */
  async get(key: string, options?: StoreGetOptions): Promise<Uint8Array | undefined> {
    const k = this.#key(key);
    options?.signal?.throwIfAborted();
    // lmdb-js's copying read (getBinary) runs at a fraction of memcpy speed; its shared
    // buffer (valid until the next read) copied at once is many times faster
    const value = this.#live().getBinaryFast(k);
    return value === undefined ? undefined : new Uint8Array(value.subarray(0, value.length));
  }

  /** Part of a value: only the selected bytes are copied out of the memory map. */
  async getRange(
    key: string,
    range: ByteRange,
    options?: StoreGetOptions,
  ): Promise<Uint8Array | undefined> {
    const k = this.#key(key);
    rangeBounds(range, Number.MAX_SAFE_INTEGER, key);
    options?.signal?.throwIfAborted();
    // valid until the next read: copy the selected bytes at once
    const value = this.#live().getBinaryFast(k);
    if (value === undefined) return undefined;
    const [start, end] = rangeBounds(range, value.length, key);
    return new Uint8Array(value.subarray(start, end));
  }

  /**
   * True when a value is stored at `key`.
   *
   * @throws {StoreKeyError} When the key is invalid (as for `get`).
   * @throws {ZarrError} When the store is closed.
   */
  async has(key: string): Promise<boolean> {
    const k = this.#key(key);
    return this.#live().doesExist(k);
  }

  /**
   * Write `value` at `key` in one LMDB transaction; resolves once it is committed (and, with
   * `sync`, on disk). Writes made in the same event turn share one commit.
   *
   * @throws {ReadOnlyError} When the store is read-only.
   * @throws {StoreKeyError} When the key is invalid (as for `get`).
   * @throws {TypeError} When `value` is not a `Uint8Array`.
   * @throws {ZarrError} When the commit fails (e.g. the map is full: open it with a larger
   *   `mapSize`); none of its writes is applied.
   */
  async set(key: string, value: Uint8Array): Promise<void> {
    const k = this.#key(key);
    const db = this.#writable(key);
    if (!(value instanceof Uint8Array))
      throw new TypeError(`LMDBStore.set(${JSON.stringify(key)}): value must be a Uint8Array`);
    await this.#commit(
      `write ${JSON.stringify(key)}`,
      db.put(k, Buffer.from(value.buffer, value.byteOffset, value.byteLength)),
    );
  }

  /**
   * Wait for a write's commit; when it fails, say what failed and why. lmdb-js rejects the
   * write with a generic error and the reason (e.g. MDB_MAP_FULL) on its `commitError`
   * promise, which must be handled here or it surfaces as an unhandled rejection. A failed
   * commit applies none of its writes (every write batched in the same event turn with it).
   */
  async #commit<T>(what: string, write: Promise<T>): Promise<T> {
    try {
      return await write;
    } catch (e) {
      let reason: unknown = e;
      const detail = (e as { commitError?: Promise<unknown> } | undefined)?.commitError;
      if (detail) {
        // the reason comes with the commit's end; never wait on it for long
        const stop = new AbortController();
        const timeout = delay(1000, undefined, { signal: stop.signal }).catch(() => undefined);
        reason =
          (await Promise.race([
            detail.then(
              () => undefined,
              (c: unknown) => c,
            ),
            timeout,
          ])) ?? e;
        stop.abort();
      }
      const message = reason instanceof Error ? reason.message : String(reason);
      const full = /MDB_MAP_FULL/.test(message)
        ? ` (the environment reached its mapSize; open it with a larger mapSize)`
        : "";
      throw new ZarrError(
        `cannot ${what}: ${this} at ${this.path}: the LMDB commit failed: ${message}${full}; nothing of it was written`,
        { cause: reason },
      );
    }
  }

  /** Remove one key; false when it was not there (a folder of keys is not a value). */
  async delete(key: string): Promise<boolean> {
    const k = this.#key(key);
    const db = this.#writable(key);
    return this.#commit(
      `delete ${JSON.stringify(key)}`,
      db.transaction(() => db.removeSync(k)),
    );
  }

  /** Every key starting with `prefix` (matched as text), sorted by their UTF-8 bytes. */
  async list(prefix = ""): Promise<string[]> {
    const p = Buffer.from(checkStorePrefix(prefix), "utf8");
    return Array.from(this.#keysFrom(p), (k) => this.#text(k));
  }

  /**
   * Immediate children of `prefix` (`""` or ending in `/`). A folder's keys are skipped with
   * one seek past them, so listing a group does not walk its chunks.
   *
   * @throws {StoreKeyError} When `prefix` is neither `""` nor ends in `/`.
   */
  async listDir(prefix = ""): Promise<{
    /** Names (relative to `prefix`) of the values directly under it, in byte order. */
    keys: string[];
    /** Names (relative to `prefix`, without a trailing `/`) of its sub-folders, in byte order. */
    prefixes: string[];
  }> {
    checkStorePrefix(prefix);
    if (prefix !== "" && !prefix.endsWith("/"))
      throw new StoreKeyError(
        `listDir: prefix ${JSON.stringify(prefix)} must be "" or end with "/"`,
      );
    const p = Buffer.from(prefix, "utf8");
    const keys: string[] = [];
    const prefixes: string[] = [];
    let start: Buffer = p;
    for (;;) {
      let next: Buffer | undefined;
      for (const k of this.#keysFrom(p, start)) {
        const slash = k.indexOf(0x2f, p.byteLength);
        if (slash < 0) {
          keys.push(this.#text(k.subarray(p.byteLength)));
          continue;
        }
        prefixes.push(this.#text(k.subarray(p.byteLength, slash)));
        next = Buffer.concat([k.subarray(0, slash), ZERO]);
        break;
      }
      if (next === undefined) return { keys, prefixes };
      start = next;
    }
  }

  /** Remove every key under `prefix` (matched as text) in one transaction. */
  async deletePrefix(prefix: string): Promise<void> {
    const p = Buffer.from(checkStorePrefix(prefix), "utf8");
    const db = this.#writable(prefix);
    await this.#commit(
      `delete the keys under ${JSON.stringify(prefix)}`,
      db.transaction(() => {
        for (const k of [...this.#keysFrom(p)]) db.removeSync(k);
      }),
    );
  }

  /** Sync everything written so far to disk (what `sync: false` defers). */
  async flush(): Promise<void> {
    const db = this.#live();
    await db.committed;
    if (this.readOnly) return;
    await new Promise<void>((done, fail) =>
      (db as unknown as { sync(cb: (e?: Error) => void): void }).sync((e) =>
        e ? fail(e) : done(),
      ),
    );
  }

  /** Wait for pending writes, sync them, and close the environment. Closing twice is a no-op. */
  async close(): Promise<void> {
    if (this.#closed) return;
    if (!this.readOnly) await this.flush();
    this.#closed = true;
    await this.#db.close();
  }

  /** `"LMDBStore"`: the name `info()` prints for the store. */
  toString(): string {
    return "LMDBStore";
  }
}

/**
 * Open an LMDB store for a location string, for `registerStore`: mode `"r"` gives a
 * read-only store, the other modes a writable one. A `file://` URL is accepted as well as a
 * plain path.
 *
 * @param location - A path or a `file://` URL.
 * @param options - `mode` (default `"a"`) and any {@link LMDBStoreOptions} but `readOnly`.
 * @throws {ZarrError} When `mode` is not one of zarr's open modes, `location` is a URL of
 *   another scheme, or as the {@link LMDBStore} constructor.
 */
export function openLMDBStore(
  location: string,
  options: { mode?: string } & Omit<LMDBStoreOptions, "readOnly"> = {},
): LMDBStore {
  const { mode = "a", ...rest } = options;
  const { path, readOnly } = localStoreTarget(location, mode);
  return new LMDBStore(path, { ...rest, readOnly });
}
