import { existsSync, mkdirSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import {
  localStoreTarget,
  type ByteRange,
  checkStoreKey,
  checkStorePrefix,
  ReadOnlyError,
  rangeBounds,
  type Store,
  type StoreGetOptions,
  ZarrError,
} from "@zarrkit/core";
import Database from "better-sqlite3";
import { prefixUpperBound } from "./key-range.js";

/** Options of {@link SQLiteStore}; every field is optional. */
export interface SQLiteStoreOptions {
  /**
   * Separator between chunk indices (`"."` flat `0.0`, `"/"` nested `0/0`) that arrays created
   * in this store use when they do not name one, as zarr-python's
   * `SQLiteStore(path, dimension_separator=...)`. The store never rewrites keys. Default:
   * unset, so Zarr v2 arrays use `"."`; Zarr v3 arrays ignore it (their `chunkKeyEncoding`
   * option decides).
   */
  dimensionSeparator?: "." | "/";
  /**
   * Open the database read-only (the file must exist): every write fails with a
   * `ReadOnlyError` before touching it, and SQLite itself is asked for a read-only connection,
   * so a file without write permission opens. Default false.
   */
  readOnly?: boolean;
  /**
   * How long a statement waits for another connection's lock (another process writing the
   * same file) before it fails, in milliseconds: 5000, the default of Python's `sqlite3`.
   */
  timeout?: number;
}

/**
 * Open modes as zarr-python names them (`"r"` read only, `"r+"` read/write, existing, `"a"`
 * read/write, created if missing, `"w"` create and overwrite, `"w-"` create, fail if it exists);
 * the store only cares whether it may write.
 */
export type SQLiteStoreMode = "r" | "r+" | "a" | "w" | "w-";

/** zarr-python 2.13's table, in its exact words, so `sqlite_master` reads the same. */
const CREATE_TABLE = "CREATE TABLE IF NOT EXISTS zarr(k TEXT PRIMARY KEY, v BLOB)";

interface QueuedWrite {
  run: () => unknown;
  what: string;
  resolve: (value: never) => void;
  reject: (error: unknown) => void;
}

type Statement = Database.Statement<unknown[], unknown>;

/**
 * A store that keeps every key in one SQLite database file, in the table zarr-python 2.13's
 * `SQLiteStore` uses (`zarr(k TEXT PRIMARY KEY, v BLOB)`, one row per key, the key as written),
 * so a file written by either opens in the other. Node only (better-sqlite3).
 *
 * Writes issued in the same turn of the event loop are committed together in one
 * transaction (one journal sync for a whole chunk write instead of one per chunk); when that
 * transaction fails, each write is retried in its own, so only the write at fault fails, and
 * a failed write leaves the old value. Reads see every write issued before them.
 *
 * Call {@link SQLiteStore.close} when done: it commits what is still queued and closes the
 * file. The path `":memory:"` gives a database in memory.
 *
 * @example
 * ```ts
 * import { openGroup } from "@zarrkit/core";
 * import { SQLiteStore } from "@zarrkit/store-sqlite";
 *
 * const store = new SQLiteStore("data/group.sqlite");
 * const root = await openGroup(store, { mode: "w" });
 * const bar = await root.zeros("foo/bar", { shape: [10, 10], chunks: [5, 5], dtype: "<i4" });
 * await bar.set(null, 42);
 * await store.close(); // commits what is still queued and closes the file
 * ```
 */
export class SQLiteStore implements Store {
  /** Absolute path of the database file, or `":memory:"`. */
  readonly path: string;
  /**
   * The chunk-key separator Zarr v2 arrays created in this store use when they name none, as
   * given in the options (`undefined` when not given).
   */
  readonly dimensionSeparator: "." | "/" | undefined;
  /** True when the database was opened read-only (option `readOnly`, or mode `"r"`). */
  readonly readOnly: boolean;
  #db: Database.Database | undefined;
  /** Prefix bounds as UTF-8 byte ranges work only when the database stores text as UTF-8. */
  readonly #utf8: boolean;
  readonly #stmt: Record<
    | "get"
    | "has"
    | "range"
    | "rangeToEnd"
    | "suffix"
    | "all"
    | "between"
    | "startsWith"
    | "set"
    | "delete"
    | "deleteAll"
    | "deleteBetween"
    | "deleteStartsWith",
    Statement
  >;
  #queue: QueuedWrite[] = [];
  #flushScheduled = false;

  /**
   * Open (or, when writable, create, with its folder and table) the database at `path`.
   *
   * @param path - The database file, or `":memory:"`.
   * @param options - See {@link SQLiteStoreOptions}.
   * @throws {ZarrError} When `path` is empty or a directory, an option is invalid, a
   *   read-only store's file does not exist, the file is not an SQLite database, or it has no
   *   table `zarr(k, v)` (read-only) or one with other columns.
   */
  constructor(path: string, options: SQLiteStoreOptions = {}) {
    if (typeof path !== "string" || path === "")
      throw new ZarrError('SQLiteStore needs a database file path (or ":memory:")');
    const { dimensionSeparator, readOnly = false, timeout = 5000 } = options;
    if (
      dimensionSeparator !== undefined &&
      dimensionSeparator !== "." &&
      dimensionSeparator !== "/"
    )
      throw new ZarrError(
        `SQLiteStore: dimensionSeparator must be "." or "/", got ${JSON.stringify(dimensionSeparator)}`,
      );
    if (!Number.isSafeInteger(timeout) || timeout < 0)
      throw new ZarrError(
        `SQLiteStore: timeout must be a whole number of milliseconds >= 0, got ${JSON.stringify(timeout)}`,
      );
    this.path = path === ":memory:" ? path : resolve(path);
    this.dimensionSeparator = dimensionSeparator;
    this.readOnly = readOnly;
    if (this.path !== ":memory:") {
      if (readOnly && !existsSync(this.path))
        throw new ZarrError(
          `SQLiteStore: ${this.path} does not exist (a read-only store opens an existing database)`,
        );
      if (existsSync(this.path) && statSync(this.path).isDirectory())
        throw new ZarrError(`SQLiteStore: ${this.path} is a directory, not a database file`);
      // as a directory store creates its root, a new database gets its folder
      if (!readOnly) mkdirSync(dirname(this.path), { recursive: true });
    }
    let db: Database.Database;
    try {
      db = new Database(this.path, { readonly: readOnly, fileMustExist: readOnly, timeout });
    } catch (e) {
      throw this.#error("cannot open the database", e);
    }
    try {
      if (!readOnly) db.exec(CREATE_TABLE);
      const columns = db.prepare("SELECT name FROM pragma_table_info('zarr')").pluck().all();
      if (!columns.includes("k") || !columns.includes("v"))
        throw new ZarrError(
          columns.length === 0
            ? `SQLiteStore: ${this.path} has no table "zarr" (zarr-python's SQLiteStore creates zarr(k TEXT PRIMARY KEY, v BLOB))`
            : `SQLiteStore: ${this.path}: table "zarr" has columns ${columns.join(", ")}, not k and v as zarr-python's SQLiteStore writes`,
        );
      this.#utf8 = db.pragma("encoding", { simple: true }) === "UTF-8";
      const prepare = (sql: string, pluck = true) => {
        const s = db.prepare(sql);
        return (s.reader && pluck ? s.pluck() : s) as Statement;
      };
      // CAST(v AS BLOB) so that a TEXT value (written by hand with the sqlite3 shell) is cut
      // in bytes, not characters; for the BLOBs zarr writes it changes nothing.
      const part =
        "SELECT typeof(v) AS t, substr(CAST(v AS BLOB), ?, ?) AS b FROM zarr WHERE k = ?";
      this.#stmt = {
        get: prepare("SELECT v FROM zarr WHERE k = ?"),
        has: prepare("SELECT 1 FROM zarr WHERE k = ?"),
        range: prepare(part, false),
        rangeToEnd: prepare(
          "SELECT typeof(v) AS t, substr(CAST(v AS BLOB), ?) AS b FROM zarr WHERE k = ?",
          false,
        ),
        suffix: prepare(
          "SELECT typeof(v) AS t, substr(CAST(v AS BLOB), max(length(CAST(v AS BLOB)) - ?, 0) + 1) AS b FROM zarr WHERE k = ?",
          false,
        ),
        all: prepare("SELECT k FROM zarr ORDER BY k"),
        between: prepare(
          "SELECT k FROM zarr WHERE k >= CAST(? AS TEXT) AND k < CAST(? AS TEXT) ORDER BY k",
        ),
        startsWith: prepare("SELECT k FROM zarr WHERE substr(k, 1, length(?)) = ? ORDER BY k"),
        set: prepare("REPLACE INTO zarr VALUES (?, ?)"),
        delete: prepare("DELETE FROM zarr WHERE k = ?"),
        deleteAll: prepare("DELETE FROM zarr"),
        deleteBetween: prepare(
          "DELETE FROM zarr WHERE k >= CAST(? AS TEXT) AND k < CAST(? AS TEXT)",
        ),
        deleteStartsWith: prepare("DELETE FROM zarr WHERE substr(k, 1, length(?)) = ?"),
      };
    } catch (e) {
      db.close();
      throw e instanceof ZarrError ? e : this.#error("cannot read the database", e);
    }
    this.#db = db;
  }

  /**
   * The value at `key`, or `undefined` when there is no row for it. Writes still queued are
   * committed first, so a read sees every write issued before it.
   *
   * @throws {StoreKeyError} When the key breaks core's key rules.
   * @throws {ZarrError} When the store is closed, the query fails (SQLite's code in the
   *   message), or the row's value is neither a BLOB nor text.
   */
  async get(key: string, options?: StoreGetOptions): Promise<Uint8Array | undefined> {
    checkStoreKey(key);
    options?.signal?.throwIfAborted();
    this.#beforeRead(key);
    const v = this.#read(key, () => this.#stmt.get.get(key));
    if (v === undefined) return undefined;
    return this.#bytes(key, v);
  }

  /**
   * Part of the value at `key`, cut out by SQLite (`substr`), so only those bytes are copied
   * into JavaScript; `undefined` when there is no row for `key`.
   */
  async getRange(
    key: string,
    range: ByteRange,
    options?: StoreGetOptions,
  ): Promise<Uint8Array | undefined> {
    checkStoreKey(key);
    rangeBounds(range, 0, key); // refuses negative or fractional numbers, as every store
    options?.signal?.throwIfAborted();
    this.#beforeRead(key);
    const row = this.#read(key, () => {
      if ("suffixLength" in range) return this.#stmt.suffix.get(range.suffixLength, key);
      // SQL counts from 1
      return range.length === undefined
        ? this.#stmt.rangeToEnd.get(range.offset + 1, key)
        : this.#stmt.range.get(range.offset + 1, range.length, key);
    }) as { t: string; b: unknown } | undefined;
    if (row === undefined) return undefined;
    if (row.t !== "blob" && row.t !== "text") return this.#bytes(key, null);
    // substr of an empty value is NULL in SQLite
    return row.b === null ? new Uint8Array(0) : this.#bytes(key, row.b);
  }

  /**
   * True when there is a row for `key`.
   *
   * @throws {StoreKeyError} When the key breaks core's key rules.
   * @throws {ZarrError} When the store is closed or the query fails.
   */
  async has(key: string): Promise<boolean> {
    checkStoreKey(key);
    this.#beforeRead(key);
    return this.#read(key, () => this.#stmt.has.get(key)) !== undefined;
  }

  /** Every key that starts with `prefix` (all for `""`), sorted by their UTF-8 bytes. */
  async list(prefix = ""): Promise<string[]> {
    checkStorePrefix(prefix);
    this.#beforeRead(prefix);
    return this.#read(prefix, () => {
      const out: string[] = [];
      for (const k of this.#keysUnder(prefix)) out.push(k);
      return out;
    });
  }

  /**
   * Immediate children of `prefix` (`""` or ending in `/`). Each folder's keys are skipped
   * with one index seek, so listing a group does not read its chunk keys.
   */
  async listDir(prefix: string): Promise<{
    /** Names (relative to `prefix`) of the values directly under it, in byte order. */
    keys: string[];
    /** Names (relative to `prefix`, without a trailing `/`) of its sub-folders, in byte order. */
    prefixes: string[];
  }> {
    checkStorePrefix(prefix);
    this.#beforeRead(prefix);
    return this.#read(prefix, () => {
      const keys: string[] = [];
      const prefixes: string[] = [];
      if (!this.#utf8) {
        // walk every key; a folder is reported once because the keys come sorted
        for (const k of this.#keysUnder(prefix)) {
          const rest = k.slice(prefix.length);
          const slash = rest.indexOf("/");
          if (slash < 0) keys.push(rest);
          else if (prefixes.at(-1) !== rest.slice(0, slash)) prefixes.push(rest.slice(0, slash));
        }
        return { keys, prefixes };
      }
      // Skip over each folder's keys rather than reading them (a folder of chunks can hold
      // millions): after meeting `prefix/name/...`, continue past every key under it.
      const upper = prefixUpperBound(prefix);
      let lower: string | Buffer = prefix;
      for (;;) {
        let skipTo: Buffer | undefined;
        for (const k of this.#stmt.between.iterate(lower, upper) as Iterable<unknown>) {
          if (typeof k !== "string") continue;
          const rest = k.slice(prefix.length);
          const slash = rest.indexOf("/");
          if (slash < 0) {
            keys.push(rest);
            continue;
          }
          const name = rest.slice(0, slash);
          prefixes.push(name);
          skipTo = prefixUpperBound(`${prefix}${name}/`);
          break;
        }
        if (skipTo === undefined) return { keys, prefixes };
        lower = skipTo;
      }
    });
  }

  /**
   * Write `value` at `key` (one row). Writes issued in the same event-loop turn are committed
   * in one transaction; the promise resolves once this one is committed.
   *
   * @throws {ReadOnlyError} When the store is read-only.
   * @throws {StoreKeyError} When the key breaks core's key rules.
   * @throws {ZarrError} When `value` is not a `Uint8Array`, the store is closed, or the
   *   commit fails (e.g. the database is locked by another process past `timeout`); the old
   *   value is then kept.
   */
  async set(key: string, value: Uint8Array): Promise<void> {
    checkStoreKey(key);
    this.#writable(`write ${JSON.stringify(key)}`);
    if (!(value instanceof Uint8Array))
      throw new ZarrError(
        `SQLiteStore: value for ${JSON.stringify(key)} must be a Uint8Array, got ${typeName(value)}`,
      );
    await this.#enqueue(`write ${JSON.stringify(key)}`, () => {
      this.#stmt.set.run(key, value);
    });
  }

  /** Remove the row of `key`; false when there was none. Committed as `set` is. */
  async delete(key: string): Promise<boolean> {
    checkStoreKey(key);
    this.#writable(`delete ${JSON.stringify(key)}`);
    return this.#enqueue(
      `delete ${JSON.stringify(key)}`,
      () => this.#stmt.delete.run(key).changes > 0,
    );
  }

  /** Remove every key that starts with `prefix` (`""` empties the table) in one statement. */
  async deletePrefix(prefix: string): Promise<void> {
    checkStorePrefix(prefix);
    this.#writable(`delete the keys under ${JSON.stringify(prefix)}`);
    await this.#enqueue(`delete the keys under ${JSON.stringify(prefix)}`, () => {
      if (prefix === "") this.#stmt.deleteAll.run();
      else if (this.#utf8) this.#stmt.deleteBetween.run(prefix, prefixUpperBound(prefix));
      else this.#stmt.deleteStartsWith.run(prefix, prefix);
    });
  }

  /** Commits the writes still queued and closes the database; the store is unusable after. */
  async close(): Promise<void> {
    if (this.#db === undefined) return;
    this.#flush();
    this.#db.close();
    this.#db = undefined;
  }

  /** `"SQLiteStore"`: the name `info()` prints for the store. */
  toString(): string {
    return "SQLiteStore";
  }

  /** The keys starting with `prefix`, sorted by their UTF-8 bytes (the table's index order). */
  #keysUnder(prefix: string): Iterable<string> {
    const rows =
      prefix === ""
        ? this.#stmt.all.all()
        : this.#utf8
          ? this.#stmt.between.all(prefix, prefixUpperBound(prefix))
          : this.#stmt.startsWith.all(prefix, prefix);
    // keys stored as something other than text (not by zarr) name nothing a path can reach
    return rows.filter((k): k is string => typeof k === "string");
  }

  #open(what: string): Database.Database {
    if (this.#db === undefined)
      throw new ZarrError(`cannot ${what}: ${this} at ${this.path} is closed`);
    return this.#db;
  }

  #beforeRead(key: string): void {
    this.#open(`read ${JSON.stringify(key)}`);
    if (this.#queue.length > 0) this.#flush();
  }

  #read<T>(key: string, query: () => T): T {
    try {
      return query();
    } catch (e) {
      throw this.#error(`cannot read ${JSON.stringify(key)}`, e);
    }
  }

  /** A stored value as bytes: BLOBs as they are, TEXT as its UTF-8 bytes. */
  #bytes(key: string, v: unknown): Uint8Array {
    if (v instanceof Uint8Array) return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
    if (typeof v === "string") return new TextEncoder().encode(v);
    throw new ZarrError(
      `${this} at ${this.path}: the value of ${JSON.stringify(key)} is ${v === null ? "NULL" : typeof v}, not a BLOB`,
    );
  }

  #writable(what: string): void {
    this.#open(what);
    if (this.readOnly)
      throw new ReadOnlyError(`cannot ${what}: ${this} at ${this.path} is read-only`);
  }

  #enqueue<T>(what: string, run: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ run, what, resolve: resolve as (v: never) => void, reject });
      if (!this.#flushScheduled) {
        this.#flushScheduled = true;
        setImmediate(() => this.#flush());
      }
    });
  }

  /** Commit the queued writes: together, or each alone when together they fail. */
  #flush(): void {
    this.#flushScheduled = false;
    const writes = this.#queue;
    if (writes.length === 0) return;
    this.#queue = [];
    const db = this.#db;
    if (db === undefined) {
      for (const w of writes) w.reject(new ZarrError(`cannot ${w.what}: ${this} is closed`));
      return;
    }
    let results: unknown[] | undefined;
    if (writes.length > 1) {
      try {
        results = db.transaction(() => writes.map((w) => w.run())).immediate();
      } catch {
        // rolled back; the writes below find out which of them fails
      }
    }
    if (results !== undefined) {
      for (const [i, w] of writes.entries()) w.resolve(results[i] as never);
      return;
    }
    for (const w of writes) {
      try {
        w.resolve(db.transaction(w.run).immediate() as never);
      } catch (e) {
        w.reject(this.#error(`cannot ${w.what}`, e));
      }
    }
  }

  /** A ZarrError naming the store, the file and what failed, with SQLite's code and message. */
  #error(what: string, e: unknown): ZarrError {
    if (e instanceof ZarrError) return e;
    const code = (e as { code?: unknown })?.code;
    const detail = e instanceof Error ? e.message : String(e);
    return new ZarrError(
      `${what}: ${this} at ${this.path}: ${detail}${typeof code === "string" ? ` (${code})` : ""}`,
      { cause: e },
    );
  }
}

function typeName(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "object") return value.constructor?.name ?? "object";
  return typeof value;
}

/**
 * Open an SQLite store for a location string, for `registerStore`: mode `"r"` gives a
 * read-only store over an existing file; the other modes a writable one, creating the file
 * and its table when missing (what the modes mean for the nodes in it is the array and group
 * code's business). A `file://` URL is accepted as well as a plain path.
 *
 * @param location - A path or a `file://` URL.
 * @param options - `mode` (default `"a"`) and any {@link SQLiteStoreOptions} but `readOnly`.
 * @throws {ZarrError} When `mode` is not one of zarr's open modes, `location` is a URL of
 *   another scheme, or as the {@link SQLiteStore} constructor.
 */
export function openSQLiteStore(
  location: string,
  options: { mode?: string } & Omit<SQLiteStoreOptions, "readOnly"> = {},
): SQLiteStore {
  const { mode = "a", ...rest } = options;
  const { path, readOnly } = localStoreTarget(location, mode);
  return new SQLiteStore(path, { ...rest, readOnly });
}
