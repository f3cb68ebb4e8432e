// A read-only store over a folder the user picked (File System Access API) or an origin
// private file system folder. Handles can be posted to workers, so the tile workers open
// the same folder as the page.
import {
  type ByteRange,
  type ReadableStore,
  type ListableStore,
  rangeBounds,
} from "zarrkit/browser";
import { checkPrefix, keySegments } from "./store-keys.js";

function isMissing(e: unknown): boolean {
  const name = (e as { name?: string })?.name;
  // TypeMismatchError: a file where a folder was expected along the key, or the reverse.
  return name === "NotFoundError" || name === "TypeMismatchError";
}

/** Keys are paths relative to `root`; reading never writes. */
export class DirectoryHandleStore implements ReadableStore, ListableStore {
  readonly readOnly = true;

  constructor(readonly root: FileSystemDirectoryHandle) {}

  async #file(key: string): Promise<File | undefined> {
    const parts = keySegments(key, String(this));
    let dir = this.root;
    try {
      for (const p of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(p);
      const handle = await dir.getFileHandle(parts[parts.length - 1]!);
      return await handle.getFile();
    } catch (e) {
      if (isMissing(e)) return undefined;
      throw e;
    }
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    const file = await this.#file(key);
    return file ? new Uint8Array(await file.arrayBuffer()) : undefined;
  }

  /** Reads only the bytes asked for (a shard's index, one inner chunk). */
  async getRange(key: string, range: ByteRange): Promise<Uint8Array | undefined> {
    const file = await this.#file(key);
    if (!file) return undefined;
    const [start, end] = rangeBounds(range, file.size, key);
    return new Uint8Array(await file.slice(start, end).arrayBuffer());
  }

  async has(key: string): Promise<boolean> {
    return (await this.#file(key)) !== undefined;
  }

  async #dir(prefix: string): Promise<FileSystemDirectoryHandle | undefined> {
    let dir = this.root;
    try {
      for (const p of prefix.split("/").filter((s) => s !== ""))
        dir = await dir.getDirectoryHandle(p);
      return dir;
    } catch (e) {
      if (isMissing(e)) return undefined;
      throw e;
    }
  }

  async listDir(prefix: string): Promise<{ keys: string[]; prefixes: string[] }> {
    const dir = await this.#dir(checkPrefix(prefix, String(this)));
    const keys: string[] = [];
    const prefixes: string[] = [];
    if (dir) {
      for await (const entry of dir.values())
        (entry.kind === "file" ? keys : prefixes).push(entry.name);
    }
    return { keys: keys.sort(), prefixes: prefixes.sort() };
  }

  /** Every key starting with `prefix`, found by walking only the folders that can hold one. */
  async *list(prefix = ""): AsyncIterable<string> {
    const slash = prefix.lastIndexOf("/");
    const base = prefix.slice(0, slash + 1);
    const start = await this.#dir(checkPrefix(base, String(this)));
    if (!start) return;
    const walk = async function* (
      dir: FileSystemDirectoryHandle,
      at: string,
    ): AsyncGenerator<string> {
      const entries: FileSystemHandle[] = [];
      for await (const entry of dir.values()) entries.push(entry);
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const entry of entries) {
        const key = at + entry.name;
        if (entry.kind === "file") {
          if (key.startsWith(prefix)) yield key;
        } else if (`${key}/`.startsWith(prefix) || prefix.startsWith(`${key}/`)) {
          yield* walk(entry as FileSystemDirectoryHandle, `${key}/`);
        }
      }
    };
    yield* walk(start, base);
  }

  toString(): string {
    return `DirectoryHandleStore(${this.root.name})`;
  }
}
