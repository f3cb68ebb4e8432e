import { randomBytes } from "node:crypto";
import { type Dirent, statSync } from "node:fs";
import {
  type FileHandle,
  mkdir,
  open,
  readdir,
  readFile,
  rename,
  rm,
  stat,
  unlink,
} from "node:fs/promises";
import { dirname, join, resolve, sep } from "node:path";
import {
  localStoreTarget,
  type ByteRange,
  rangeBounds,
  ReadOnlyError,
  type Store,
  type StoreGetOptions,
  StoreKeyError,
  ZarrError,
} from "@zarrkit/core";
import { keySegments, prefixParts, TEMP_FILE } from "./key.js";
import { removeStaleTempFiles, STALE_TEMP_FILE_MS } from "./stale-temp-files.js";
import { dirId, isInside, realPathOf } from "./symlinks.js";

/**
 * Options of {@link DirectoryStore} (and, without `dimensionSeparator`, of
 * {@link NestedDirectoryStore}). Every field is optional.
 */
export interface DirectoryStoreOptions {
  /**
   * Separator between chunk indices (`"."` flat `0.0`, `"/"` nested `0/0`) that arrays created
   * in this store use when they do not name one, as zarr-python's
   * `DirectoryStore(path, dimension_separator=...)`. The store itself never rewrites keys:
   * arrays record their separator in `.zarray` and ask for `0.0` or `0/0` accordingly.
   * Default: unset, so Zarr v2 arrays use `"."`. Zarr v3 arrays ignore it (their
   * `chunkKeyEncoding` option decides).
   */
  dimensionSeparator?: "." | "/";
  /**
   * Refuse every write (`set`, `delete`, `deletePrefix`) with a `ReadOnlyError`, before any
   * I/O. Default false.
   */
  readOnly?: boolean;
  /**
   * Flush each written file to disk before it is renamed into place (default true), so even a
   * power loss leaves the whole old or the whole new value, never an empty or partial file.
   * `false` skips the flush (zarr-python's behaviour; about half the cost of a small write
   * here): writes stay atomic for readers and against process crashes, not against power loss.
   */
  fsync?: boolean;
  /**
   * For untrusted stores (a server opening user-supplied folders): refuse, with a
   * `StoreKeyError`, every key and listing prefix whose real path, after following symbolic
   * links, leaves the root, and leave such links out of listings. Default false: links are
   * followed wherever they lead for reads and writes, as zarr-python does. Either way `delete`
   * and `deletePrefix` never remove anything outside the root.
   */
  confine?: boolean;
  /**
   * A writable store removes, when opened, the temporary files of killed writers
   * (`<name>.<32 hex>.partial`, ours and zarr-python's) older than this many milliseconds
   * (default one hour), in the background (`close()` waits for it). `false` turns it off.
   */
  staleTempFileMs?: number | false;
}

/**
 * Open modes as zarr-python names them (`"r"` read only, `"r+"` read/write, existing, `"a"`
 * read/write, created if missing, `"w"` create and overwrite, `"w-"` create, fail if it exists);
 * the store only cares whether it may write.
 */
export type DirectoryStoreMode = "r" | "r+" | "a" | "w" | "w-";

/**
 * @internal Fault injection for tests: called while a value is being written, with the
 * temporary file's path. Throwing from it makes the write fail at that point.
 */
export const writeFaults: {
  hook?: (stage: "partial" | "written", tempPath: string) => void | Promise<void>;
} = {};

function errCode(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException | undefined)?.code;
}

const MISSING = new Set(["ENOENT", "ENOTDIR"]);
/** A concurrent write may refill a folder being removed: retry rather than fail. */
const RM_TREE = { recursive: true, force: true, maxRetries: 10, retryDelay: 1 } as const;

/**
 * A store that keeps each key in its own file under a root directory, the layout of
 * zarr-python's `DirectoryStore` (keys with `/` become sub-directories). Writes go to a
 * temporary file in the same directory which is then renamed over the old one, so a reader
 * sees either the whole old value or the whole new one, and a failed write changes nothing.
 * Node only. The root directory need not exist: the first write creates it.
 *
 * Keys that could name anything outside the root (`..`, absolute paths, backslashes, ...)
 * are refused with a `StoreKeyError` before any file is touched (see {@link checkKey}).
 *
 * @example
 * ```ts
 * import { openGroup } from "@zarrkit/core";
 * import { DirectoryStore } from "@zarrkit/store-fs";
 *
 * const store = new DirectoryStore("data/example.zarr", { dimensionSeparator: "/" });
 * const root = await openGroup(store, { mode: "w" });
 * await root.zeros("foo", { shape: [100, 100], chunks: [10, 10], dtype: "f8" });
 * await store.close();
 * ```
 */
export class DirectoryStore implements Store {
  /** Absolute path of the root directory. */
  readonly path: string;
  /**
   * The chunk-key separator Zarr v2 arrays created in this store use when they name none, as
   * given in the options (`undefined` when not given); zarr-python's `store._dimension_separator`.
   */
  readonly dimensionSeparator: "." | "/" | undefined;
  /** True when the store refuses writes (option `readOnly`, or opened with mode `"r"`). */
  readonly readOnly: boolean;
  /** Whether each write is flushed to disk before it is renamed into place (option `fsync`). */
  readonly fsync: boolean;
  /** Whether keys leading outside the root through symbolic links are refused (`confine`). */
  readonly confine: boolean;
  #realRoot: string | undefined;
  /** The clean-up of stale temporary files started on opening (writable stores). */
  #sweep: Promise<number> | undefined;

  /**
   * @param path - The root directory, relative to the working directory or absolute. It is
   *   created by the first write when missing.
   * @param options - See {@link DirectoryStoreOptions}.
   * @throws {ZarrError} When `path` is empty or names an existing file that is not a
   *   directory, or when an option has a value outside its range.
   */
  constructor(path: string, options: DirectoryStoreOptions = {}) {
    if (typeof path !== "string" || path === "")
      throw new ZarrError("DirectoryStore needs a directory path");
    const {
      dimensionSeparator,
      readOnly = false,
      fsync = true,
      confine = false,
      staleTempFileMs = STALE_TEMP_FILE_MS,
    } = options;
    if (
      staleTempFileMs !== false &&
      (typeof staleTempFileMs !== "number" || !(staleTempFileMs >= 0))
    )
      throw new ZarrError(
        `DirectoryStore: staleTempFileMs must be a number of milliseconds >= 0 or false, got ${JSON.stringify(staleTempFileMs)}`,
      );
    if (
      dimensionSeparator !== undefined &&
      dimensionSeparator !== "." &&
      dimensionSeparator !== "/"
    )
      throw new ZarrError(
        `DirectoryStore: dimensionSeparator must be "." or "/", got ${JSON.stringify(dimensionSeparator)}`,
      );
    this.path = resolve(path);
    let isFile = false;
    try {
      isFile = !statSync(this.path).isDirectory();
    } catch {
      // a missing root is created by the first write
    }
    if (isFile) throw new ZarrError(`DirectoryStore: ${this.path} exists and is not a directory`);
    this.dimensionSeparator = dimensionSeparator;
    this.readOnly = readOnly;
    this.fsync = fsync;
    this.confine = confine;
    if (!readOnly && staleTempFileMs !== false)
      // best effort: a failure here must not fail the store, its next write would say why
      this.#sweep = removeStaleTempFiles(this.path, staleTempFileMs).catch(() => 0);
  }

  /**
   * Remove the temporary files of killed writers older than `olderThanMs` (the store does this
   * by itself when opened for writing; see `staleTempFileMs`). Returns how many were removed.
   */
  async removeStaleTempFiles(olderThanMs = STALE_TEMP_FILE_MS): Promise<number> {
    this.#writable("(temporary files)");
    await this.#sweep;
    return removeStaleTempFiles(this.path, olderThanMs);
  }

  /** The root's real path (it may itself be reached through a link), once it exists. */
  async #root(): Promise<string> {
    if (this.#realRoot !== undefined) return this.#realRoot;
    const real = await realPathOf(this.path);
    // a root that does not exist yet may still be created through a link: look again later
    if (await dirId(real)) this.#realRoot = real;
    return real;
  }

  /** In a confined store, refuse `what` (a key or prefix) when `path` really lies outside. */
  async #confined(what: string, path: string): Promise<void> {
    if (!this.confine) return;
    let real: string;
    try {
      real = await realPathOf(path);
    } catch (e) {
      if (errCode(e) !== "ELOOP") throw e;
      throw new StoreKeyError(
        `refusing ${JSON.stringify(what)}: its path runs into a loop of symbolic links (the store is confined)`,
      );
    }
    const root = await this.#root();
    if (!isInside(real, root))
      throw new StoreKeyError(
        `refusing ${JSON.stringify(what)}: its real path ${real} leaves the store root ${root} through a symbolic link (the store is confined)`,
      );
  }

  /**
   * Refuse to remove `path` (for `key`) when the folder it sits in really lies outside the
   * root: the entry itself, even a link, is inside then, and removing it never reaches beyond.
   */
  async #removable(key: string, path: string): Promise<void> {
    const parent = await realPathOf(dirname(path));
    const root = await this.#root();
    if (!isInside(parent, root))
      throw new StoreKeyError(
        `cannot delete ${JSON.stringify(key)}: it lies in ${parent}, outside the store root ${root}, reached through a symbolic link; deletes never remove anything outside the root`,
      );
  }

  /** File system path of a key, after checking that it stays inside the root. */
  #file(key: string): string {
    const file = join(this.path, ...keySegments(key));
    const root = this.path.endsWith(sep) ? this.path : this.path + sep;
    if (!file.startsWith(root))
      throw new StoreKeyError(`invalid store key ${JSON.stringify(key)}: leaves the store root`);
    return file;
  }

  #dir(segments: string[]): string {
    return segments.length === 0 ? this.path : join(this.path, ...segments);
  }

  #writable(key: string): void {
    if (this.readOnly)
      throw new ReadOnlyError(
        `cannot write ${JSON.stringify(key)}: ${this} at ${this.path} is read-only`,
      );
  }

  /**
   * The whole content of the file for `key`, or `undefined` when there is no such file (a
   * folder is not a value). Aborts with `options.signal`.
   *
   * @throws {StoreKeyError} When the key is not a valid store key, or (confined store) its
   *   real path leaves the root.
   */
  async get(key: string, options?: StoreGetOptions): Promise<Uint8Array | undefined> {
    const file = this.#file(key);
    await this.#confined(key, file);
    try {
      const buf = await readFile(file, options?.signal ? { signal: options.signal } : undefined);
      return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
    } catch (e) {
      const code = errCode(e);
      if (code !== undefined && (MISSING.has(code) || code === "EISDIR")) return undefined;
      throw e;
    }
  }

  /** Positioned read of a range (`ByteRange`); never reads the rest of the file. */
  async getRange(
    key: string,
    range: ByteRange,
    options?: StoreGetOptions,
  ): Promise<Uint8Array | undefined> {
    const file = this.#file(key);
    rangeBounds(range, Number.MAX_SAFE_INTEGER, key);
    await this.#confined(key, file);
    options?.signal?.throwIfAborted();
    let fh: FileHandle;
    try {
      fh = await open(file, "r");
    } catch (e) {
      const code = errCode(e);
      if (code !== undefined && MISSING.has(code)) return undefined;
      throw e;
    }
    try {
      const st = await fh.stat();
      if (!st.isFile()) return undefined;
      const [offset, end] = rangeBounds(range, st.size, key);
      const n = end - offset;
      const out = new Uint8Array(n);
      let done = 0;
      while (done < n) {
        options?.signal?.throwIfAborted();
        const { bytesRead } = await fh.read(out, done, n - done, offset + done);
        if (bytesRead === 0) break;
        done += bytesRead;
      }
      return done === n ? out : out.subarray(0, done);
    } finally {
      await fh.close();
    }
  }

  /**
   * True when a file is stored at `key` (a folder of keys at that name gives false).
   *
   * @throws {StoreKeyError} When the key is not a valid store key, or (confined store) its
   *   real path leaves the root.
   */
  async has(key: string): Promise<boolean> {
    const file = this.#file(key);
    await this.#confined(key, file);
    try {
      return (await stat(file)).isFile();
    } catch (e) {
      const code = errCode(e);
      if (code !== undefined && MISSING.has(code)) return false;
      throw e;
    }
  }

  /**
   * Write `value` as the file for `key`, creating the folders above it. The bytes go to a
   * temporary file that is then renamed over the old one, so readers see the whole old or the
   * whole new value, and a write that fails leaves the old value intact.
   *
   * @throws {ReadOnlyError} When the store is read-only (before any I/O).
   * @throws {StoreKeyError} When the key is not a valid store key, when a folder of keys
   *   exists at that name or a parent of it is a value, or (confined store) when its real path
   *   leaves the root.
   * @throws {TypeError} When `value` is not a `Uint8Array`.
   */
  async set(key: string, value: Uint8Array): Promise<void> {
    const file = this.#file(key);
    this.#writable(key);
    if (!(value instanceof Uint8Array))
      throw new TypeError(`DirectoryStore.set(${JSON.stringify(key)}): value must be a Uint8Array`);
    await this.#confined(key, file);
    const slash = file.lastIndexOf(sep);
    const dir = file.slice(0, slash);
    try {
      await mkdir(dir, { recursive: true });
    } catch (e) {
      const code = errCode(e);
      if (code === "ENOTDIR" || code === "EEXIST")
        throw new StoreKeyError(
          `cannot write ${JSON.stringify(key)}: a parent of it is a value, not a folder`,
        );
      throw e;
    }
    const temp = `${file}.${randomBytes(16).toString("hex")}.partial`;
    try {
      let fh: FileHandle;
      try {
        fh = await open(temp, "wx");
      } catch (e) {
        // a concurrent deletePrefix may have removed the folder since mkdir: make it again
        if (errCode(e) !== "ENOENT") throw e;
        await mkdir(dir, { recursive: true });
        fh = await open(temp, "wx");
      }
      try {
        await writeAll(fh, value, temp);
        if (this.fsync) await fh.sync();
      } finally {
        await fh.close();
      }
      await writeFaults.hook?.("written", temp);
      try {
        await rename(temp, file);
      } catch (e) {
        const code = errCode(e);
        // A concurrent deletePrefix removed the folder (and our temporary file in it) after the
        // write: the value was written and then deleted, which is what the caller sees.
        if (code === "ENOENT") return;
        if (code === "EISDIR" || code === "ENOTEMPTY" || code === "EEXIST" || code === "EPERM")
          throw new StoreKeyError(
            `cannot write ${JSON.stringify(key)}: a folder of keys exists at that name`,
          );
        throw e;
      }
    } catch (e) {
      await unlink(temp).catch(() => {});
      throw e;
    }
  }

  /**
   * Remove one value. Like zarr-python's DirectoryStore, folders left empty are kept (a
   * concurrent writer may be about to create a file in them); `deletePrefix` removes folders.
   * Returns false when nothing was stored at `key` (a folder is not a value).
   */
  async delete(key: string): Promise<boolean> {
    const file = this.#file(key);
    this.#writable(key);
    await this.#confined(key, file);
    await this.#removable(key, file);
    try {
      await unlink(file);
      return true;
    } catch (e) {
      const code = errCode(e);
      if (code !== undefined && MISSING.has(code)) return false;
      // unlink of a folder fails with EISDIR (Linux) or EPERM (macOS): not a value
      if ((code === "EISDIR" || code === "EPERM") && (await stat(file)).isDirectory()) return false;
      throw e;
    }
  }

  /**
   * Identities of the folders from the root down to `dirSegs`: a link back to any of them
   * would make a listing go round forever, so listings leave such links out.
   */
  async #chain(dirSegs: string[]): Promise<Set<string>> {
    const chain = new Set<string>();
    for (let i = 0; i <= dirSegs.length; i++) {
      const id = await dirId(this.#dir(dirSegs.slice(0, i)));
      if (id !== undefined) chain.add(id);
    }
    return chain;
  }

  /**
   * What a listing makes of the entry `name` of `dir`: a value, a folder to descend into (with
   * its identity), or nothing (temporary files, other kinds, links back into the chain of
   * folders being listed, and in a confined store links that leave the root).
   */
  async #entry(
    dir: string,
    ent: Dirent,
    chain: Set<string>,
  ): Promise<{ kind: "file" } | { kind: "dir"; id: string } | undefined> {
    const kind = await entryKind(dir, ent);
    if (kind === "other" || (kind === "file" && TEMP_FILE.test(ent.name))) return undefined;
    const path = join(dir, ent.name);
    if (
      this.confine &&
      ent.isSymbolicLink() &&
      !isInside(await realPathOf(path), await this.#root())
    )
      return undefined;
    if (kind === "file") return { kind };
    const id = await dirId(path);
    if (id === undefined || chain.has(id)) return undefined;
    return { kind, id };
  }

  /**
   * Every key starting with `prefix`, sorted, each once; in-flight temporary files are skipped.
   * Symbolic links are followed, except one leading back to a folder the walk came through
   * (a loop), which is left out.
   */
  async list(prefix = ""): Promise<string[]> {
    const [dirSegs, partial] = prefixParts(prefix);
    const base = dirSegs.length === 0 ? "" : `${dirSegs.join("/")}/`;
    const top = this.#dir(dirSegs);
    await this.#confined(prefix, top);
    const out = new Set<string>();
    const walk = async (
      dir: string,
      keyPrefix: string,
      filter: string,
      chain: Set<string>,
    ): Promise<void> => {
      let entries: Dirent[];
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch (e) {
        const code = errCode(e);
        if (code !== undefined && MISSING.has(code)) return;
        throw e;
      }
      const subdirs: Promise<void>[] = [];
      for (const ent of entries) {
        if (filter !== "" && !ent.name.startsWith(filter)) continue;
        const found = await this.#entry(dir, ent, chain);
        if (found?.kind === "file") out.add(keyPrefix + ent.name);
        else if (found?.kind === "dir") {
          const below = new Set(chain).add(found.id);
          subdirs.push(walk(join(dir, ent.name), `${keyPrefix}${ent.name}/`, "", below));
        }
      }
      await Promise.all(subdirs);
    };
    await walk(top, base, partial, await this.#chain(dirSegs));
    return [...out].sort();
  }

  /**
   * Immediate children of `prefix` (`""` or ending in `/`): values and folders. A link to the
   * listed folder or one of its ancestors is left out, so a walk by `listDir` ends too.
   * A missing folder lists as empty.
   *
   * @throws {StoreKeyError} When `prefix` is neither `""` nor ends in `/`.
   */
  async listDir(prefix = ""): Promise<{
    /** Names (relative to `prefix`, sorted) of the values directly under it. */
    keys: string[];
    /** Names (relative to `prefix`, sorted, without a trailing `/`) of its sub-folders. */
    prefixes: string[];
  }> {
    const [dirSegs, partial] = prefixParts(prefix);
    if (partial !== "")
      throw new StoreKeyError(
        `listDir: prefix ${JSON.stringify(prefix)} must be "" or end with "/"`,
      );
    const dir = this.#dir(dirSegs);
    await this.#confined(prefix, dir);
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (e) {
      const code = errCode(e);
      if (code !== undefined && MISSING.has(code)) return { keys: [], prefixes: [] };
      throw e;
    }
    const chain = await this.#chain(dirSegs);
    const keys: string[] = [];
    const prefixes: string[] = [];
    for (const ent of entries) {
      const found = await this.#entry(dir, ent, chain);
      if (found?.kind === "file") keys.push(ent.name);
      else if (found?.kind === "dir") prefixes.push(ent.name);
    }
    return { keys: keys.sort(), prefixes: prefixes.sort() };
  }

  /**
   * Remove every key under `prefix`: a prefix ending in `/` (or `""`, the whole store) removes
   * that folder's contents and the folder itself (the root folder is kept); a partial name
   * (`"foo/ba"`) removes each entry of `foo/` whose name starts with `ba`. As `rm -r` does, a
   * symbolic link is removed itself, never what it points to; a prefix whose folder lies
   * outside the root through a link is refused, so nothing outside the root is ever removed.
   */
  async deletePrefix(prefix: string): Promise<void> {
    const [dirSegs, partial] = prefixParts(prefix);
    this.#writable(prefix);
    const dir = this.#dir(dirSegs);
    if (partial === "" && dirSegs.length > 0) {
      await this.#confined(prefix, dir);
      await this.#removable(prefix, dir);
      await rm(dir, RM_TREE);
      return;
    }
    await this.#confined(prefix, dir);
    await this.#removable(prefix, join(dir, "-"));
    let names: string[];
    try {
      names = await readdir(dir);
    } catch (e) {
      const code = errCode(e);
      if (code !== undefined && MISSING.has(code)) return;
      throw e;
    }
    await Promise.all(
      names.filter((n) => n.startsWith(partial)).map((n) => rm(join(dir, n), RM_TREE)),
    );
  }

  /** Waits for the clean-up of stale temporary files started on opening. */
  async close(): Promise<void> {
    await this.#sweep;
  }

  /** `"DirectoryStore"`: the name `info()` prints for the store. */
  toString(): string {
    return "DirectoryStore";
  }
}

/**
 * zarr-python's `NestedDirectoryStore`: a DirectoryStore whose arrays default to the nested
 * `/` chunk layout (`0/0` files in folders).
 */
export class NestedDirectoryStore extends DirectoryStore {
  /**
   * @param path - The root directory (created by the first write when missing).
   * @param options - As {@link DirectoryStoreOptions}; `dimensionSeparator`, when given,
   *   must be `"/"`.
   * @throws {ZarrError} When `dimensionSeparator` is given and is not `"/"`, or as
   *   {@link DirectoryStore}'s constructor.
   */
  constructor(
    path: string,
    options: Omit<DirectoryStoreOptions, "dimensionSeparator"> & {
      dimensionSeparator?: "/";
    } = {},
  ) {
    if (options.dimensionSeparator !== undefined && options.dimensionSeparator !== "/")
      throw new ZarrError('NestedDirectoryStore only supports "/" as dimensionSeparator');
    super(path, { ...options, dimensionSeparator: "/" });
  }

  /** `"NestedDirectoryStore"`: the name `info()` prints for the store. */
  override toString(): string {
    return "NestedDirectoryStore";
  }
}

/**
 * Open a directory store for a location string, for `registerStore`: mode `"r"` gives a
 * read-only store; the other modes a writable one (what they mean for the nodes in it is the
 * array and group code's business). A `file://` URL is accepted as well as a plain path.
 *
 * @param location - A path or a `file://` URL.
 * @param options - `mode` (default `"a"`), and the store options `dimensionSeparator` and
 *   `fsync` (see {@link DirectoryStoreOptions}).
 * @returns A {@link DirectoryStore} on the path, read-only for mode `"r"`.
 * @throws {ZarrError} When `mode` is not one of zarr's open modes or `location` is a URL of
 *   another scheme.
 */
export function openDirectoryStore(
  location: string,
  options: { mode?: string; dimensionSeparator?: "." | "/"; fsync?: boolean } = {},
): DirectoryStore {
  const { mode = "a", ...rest } = options;
  const { path, readOnly } = localStoreTarget(location, mode);
  return new DirectoryStore(path, { ...rest, readOnly });
}

async function entryKind(dir: string, ent: Dirent): Promise<"file" | "dir" | "other"> {
  if (ent.isFile()) return "file";
  if (ent.isDirectory()) return "dir";
  if (ent.isSymbolicLink()) {
    const st = await stat(join(dir, ent.name)).catch(() => undefined);
    if (st?.isFile()) return "file";
    if (st?.isDirectory()) return "dir";
  }
  return "other";
}

async function writeAll(fh: FileHandle, value: Uint8Array, temp: string): Promise<void> {
  const hook = writeFaults.hook;
  let done = 0;
  if (hook && value.byteLength > 1) {
    const half = value.byteLength >> 1;
    while (done < half) done += (await fh.write(value, done, half - done, done)).bytesWritten;
    await hook("partial", temp);
  }
  while (done < value.byteLength)
    done += (await fh.write(value, done, value.byteLength - done, done)).bytesWritten;
}
