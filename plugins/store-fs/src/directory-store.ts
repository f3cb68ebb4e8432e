import { randomUUID } from "node:crypto";
import { mkdir, open, readdir, rename, rm, rmdir, stat, unlink, writeFile } from "node:fs/promises";
import { join, resolve, sep } from "node:path";
import { ReadOnlyError, type Store, type StoreGetOptions } from "@zarrkit/core";
import { checkKey } from "./key.js";

export interface DirectoryStoreOptions {
  /** Default chunk key separator for arrays created in this store (`.` flat, `/` nested). */
  dimensionSeparator?: "." | "/";
  /** Refuse every write. */
  readOnly?: boolean;
}

const TEMP_SUFFIX = ".partial";

function isMissing(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException).code;
  return code === "ENOENT" || code === "ENOTDIR" || code === "EISDIR";
}

/**
 * A store with one file per key under a root directory, laid out exactly as zarr-python's
 * DirectoryStore (and NestedDirectoryStore, for `dimensionSeparator: "/"`). Writes go to a
 * temporary file in the same directory that is renamed into place, so readers see the whole
 * old value or the whole new one, and a failed write leaves the old value as it was.
 */
export class DirectoryStore implements Store {
  readonly path: string;
  readonly dimensionSeparator: "." | "/" | undefined;
  readonly readOnly: boolean;

  constructor(path: string, opts: DirectoryStoreOptions = {}) {
    this.path = resolve(path);
    this.dimensionSeparator = opts.dimensionSeparator;
    this.readOnly = Boolean(opts.readOnly);
  }

  #file(key: string): string {
    return join(this.path, ...checkKey(key).replace(/\/$/, "").split("/"));
  }

  #writable(key: string): void {
    if (this.readOnly)
      throw new ReadOnlyError(`cannot write "${key}": ${this} at ${this.path} is read-only`);
  }

  async get(key: string, _opts?: StoreGetOptions): Promise<Uint8Array | undefined> {
    const file = this.#file(key);
    try {
      const fh = await open(file, "r");
      try {
        const { size } = await fh.stat();
        const out = new Uint8Array(size);
        let off = 0;
        while (off < size) {
          const { bytesRead } = await fh.read(out, off, size - off, off);
          if (bytesRead === 0) break;
          off += bytesRead;
        }
        return off === size ? out : out.subarray(0, off);
      } finally {
        await fh.close();
      }
    } catch (e) {
      if (isMissing(e)) return undefined;
      throw e;
    }
  }

  async getRange(key: string, offset: number, length?: number): Promise<Uint8Array | undefined> {
    const file = this.#file(key);
    try {
      const fh = await open(file, "r");
      try {
        const size = (await fh.stat()).size;
        const start = Math.min(offset, size);
        const n = Math.min(length ?? size - start, size - start);
        const out = new Uint8Array(n);
        let off = 0;
        while (off < n) {
          const { bytesRead } = await fh.read(out, off, n - off, start + off);
          if (bytesRead === 0) break;
          off += bytesRead;
        }
        return out.subarray(0, off);
      } finally {
        await fh.close();
      }
    } catch (e) {
      if (isMissing(e)) return undefined;
      throw e;
    }
  }

  async has(key: string): Promise<boolean> {
    try {
      return (await stat(this.#file(key))).isFile();
    } catch (e) {
      if (isMissing(e)) return false;
      throw e;
    }
  }

  async set(key: string, value: Uint8Array): Promise<void> {
    this.#writable(key);
    const file = this.#file(key);
    const dir = file.slice(0, file.lastIndexOf(sep));
    await mkdir(dir, { recursive: true });
    const temp = `${file}.${randomUUID().replace(/-/g, "")}${TEMP_SUFFIX}`;
    try {
      await writeFile(temp, value, { flush: true });
      await rename(temp, file);
    } catch (e) {
      await unlink(temp).catch(() => {});
      throw e;
    }
  }

  async delete(key: string): Promise<boolean> {
    this.#writable(key);
    try {
      await unlink(this.#file(key));
      return true;
    } catch (e) {
      if (isMissing(e)) return false;
      throw e;
    }
  }

  /** Every key under `prefix`, walking the directory tree (temporary files are skipped). */
  async list(prefix = ""): Promise<string[]> {
    const out: string[] = [];
    // Start from the deepest directory the prefix names, to avoid walking the whole store.
    const slash = prefix.lastIndexOf("/");
    const base = slash >= 0 ? prefix.slice(0, slash) : "";
    if (base !== "") checkKey(base);
    const walk = async (dir: string, rel: string) => {
      let entries;
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch (e) {
        if (isMissing(e)) return;
        throw e;
      }
      for (const ent of entries) {
        const key = rel === "" ? ent.name : `${rel}/${ent.name}`;
        if (ent.isDirectory()) {
          if (key.startsWith(prefix) || prefix.startsWith(`${key}/`))
            await walk(join(dir, ent.name), key);
        } else if (!ent.name.endsWith(TEMP_SUFFIX) && key.startsWith(prefix)) out.push(key);
      }
    };
    await walk(base === "" ? this.path : join(this.path, ...base.split("/")), base);
    return out.sort();
  }

  /** Immediate children of a prefix ("" or ending in "/"): one readdir. */
  async listDir(prefix: string): Promise<{ keys: string[]; prefixes: string[] }> {
    const rel = prefix.replace(/\/$/, "");
    const dir = rel === "" ? this.path : this.#file(rel);
    try {
      const entries = await readdir(dir, { withFileTypes: true });
      const keys = entries
        .filter((e) => e.isFile() && !e.name.endsWith(TEMP_SUFFIX))
        .map((e) => e.name);
      const prefixes = entries.filter((e) => e.isDirectory()).map((e) => e.name);
      return { keys: keys.sort(), prefixes: prefixes.sort() };
    } catch (e) {
      if (isMissing(e)) return { keys: [], prefixes: [] };
      throw e;
    }
  }

  /** Remove a prefix's whole subtree (the whole store's contents for ""). */
  async deletePrefix(prefix: string): Promise<void> {
    this.#writable(prefix);
    const rel = prefix.replace(/\/$/, "");
    if (rel === "") {
      let entries: string[] = [];
      try {
        entries = await readdir(this.path);
      } catch (e) {
        if (isMissing(e)) return;
        throw e;
      }
      await Promise.all(
        entries.map((name) => rm(join(this.path, name), { recursive: true, force: true })),
      );
      return;
    }
    await rm(this.#file(rel), { recursive: true, force: true });
    // Leave no empty parent folders behind inside the store.
    let parent = rel.includes("/") ? rel.slice(0, rel.lastIndexOf("/")) : "";
    while (parent !== "") {
      try {
        await rmdir(this.#file(parent));
      } catch {
        break;
      }
      parent = parent.includes("/") ? parent.slice(0, parent.lastIndexOf("/")) : "";
    }
  }

  toString(): string {
    return "DirectoryStore";
  }
}

/** For `registerStore`: open a path as a directory store (`r` opens it read-only). */
export function openDirectoryStore(location: string, { mode }: { mode: string }): DirectoryStore {
  const path = location.startsWith("file://") ? new URL(location).pathname : location;
  return new DirectoryStore(path, { readOnly: mode === "r" });
}
