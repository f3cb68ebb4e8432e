// A read-only store over the files of an <input type="file" webkitdirectory>: the fallback
// for browsers without the File System Access API. Keys are the files' paths inside the
// chosen folder (`webkitRelativePath` without its first segment, the folder's own name).
import {
  type ByteRange,
  type ListableStore,
  listDirOfKeys,
  type ReadableStore,
  StoreKeyError,
  rangeBounds,
} from "zarrkit/browser";
import { checkPrefix, keySegments } from "./store-keys.js";

/** A file and its path inside the chosen folder. */
export interface FileEntry {
  path: string;
  file: File;
}

/** The entries of a folder's FileList, keyed by their path below the folder. */
export function fileEntries(files: Iterable<File>): FileEntry[] {
  const out: FileEntry[] = [];
  for (const file of files) {
    const rel = file.webkitRelativePath || file.name;
    const slash = rel.indexOf("/");
    out.push({ path: slash < 0 ? rel : rel.slice(slash + 1), file });
  }
  return out;
}

export class FileListStore implements ReadableStore, ListableStore {
  readonly readOnly = true;
  readonly #files = new Map<string, File>();

  constructor(
    entries: Iterable<FileEntry>,
    readonly name = "files",
  ) {
    for (const { path, file } of entries) {
      keySegments(path, String(this));
      if (this.#files.has(path))
        throw new StoreKeyError(`${this}: the key "${path}" is given twice`);
      this.#files.set(path, file);
    }
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    keySegments(key, String(this));
    const file = this.#files.get(key);
    return file ? new Uint8Array(await file.arrayBuffer()) : undefined;
  }

  async getRange(key: string, range: ByteRange): Promise<Uint8Array | undefined> {
    keySegments(key, String(this));
    const file = this.#files.get(key);
    if (!file) return undefined;
    const [start, end] = rangeBounds(range, file.size, key);
    return new Uint8Array(await file.slice(start, end).arrayBuffer());
  }

  async has(key: string): Promise<boolean> {
    keySegments(key, String(this));
    return this.#files.has(key);
  }

  async list(prefix = ""): Promise<string[]> {
    return [...this.#files.keys()].filter((k) => k.startsWith(prefix)).sort();
  }

  async listDir(prefix: string): Promise<{ keys: string[]; prefixes: string[] }> {
    checkPrefix(prefix, String(this));
    return listDirOfKeys(this.#files.keys(), prefix);
  }

  toString(): string {
    return `FileListStore(${this.name})`;
  }
}
