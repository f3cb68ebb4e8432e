/**
 * Byte strings held under ids, bounded by their total size in bytes and evicted least
 * recently used first, as zarr-python's LRUStoreCache does with its values. Each entry
 * belongs to one store key (a whole value, or one range read of it), so a write to the key
 * can drop everything held for it at once.
 */
import type { ByteRange } from "@zarrkit/core";

/** What is held under an id: bytes of store key `key`, the whole value or `range` of it. */
export interface LruEntry {
  readonly key: string;
  readonly bytes: Uint8Array;
  readonly range: ByteRange | undefined;
}

export class ByteLru {
  /** Map order is recency order: the first entry is the least recently used. */
  readonly #entries = new Map<string, LruEntry>();
  readonly #idsOfKey = new Map<string, Set<string>>();
  readonly #maxSize: number | null;
  #size = 0;

  constructor(maxSize: number | null) {
    this.#maxSize = maxSize;
  }

  /** Total bytes held. */
  get size(): number {
    return this.#size;
  }

  /** Number of entries held. */
  get count(): number {
    return this.#entries.size;
  }

  /** The bytes under `id`, which become the most recently used. */
  get(id: string): Uint8Array | undefined {
    const entry = this.#entries.get(id);
    if (entry === undefined) return undefined;
    this.#entries.delete(id);
    this.#entries.set(id, entry);
    return entry.bytes;
  }

  /** The bytes under `id` without touching their recency (a `has` is not a use). */
  peek(id: string): Uint8Array | undefined {
    return this.#entries.get(id)?.bytes;
  }

  /**
   * Hold `bytes` under `id` (store key `key`'s value, or `range` of it) as the most recently used, evicting
   * the least recently used until they fit. Bytes larger than the bound are not held at all
   * (and evict nothing); returns whether they were.
   */
  put(key: string, id: string, bytes: Uint8Array, range?: ByteRange): boolean {
    this.delete(id);
    const n = bytes.byteLength;
    if (this.#maxSize !== null && n > this.#maxSize) return false;
    if (this.#maxSize !== null)
      for (const oldest of this.#entries.keys()) {
        if (this.#size + n <= this.#maxSize) break;
        this.delete(oldest);
      }
    this.#entries.set(id, { key, bytes, range });
    this.#size += n;
    const ids = this.#idsOfKey.get(key);
    if (ids === undefined) this.#idsOfKey.set(key, new Set([id]));
    else ids.add(id);
    return true;
  }

  /** The ids and entries held for store key `key`, without touching their recency. */
  entriesOf(key: string): [string, LruEntry][] {
    return [...(this.#idsOfKey.get(key) ?? [])].map((id) => [id, this.#entries.get(id)!]);
  }

  delete(id: string): void {
    const entry = this.#entries.get(id);
    if (entry === undefined) return;
    this.#entries.delete(id);
    this.#size -= entry.bytes.byteLength;
    const ids = this.#idsOfKey.get(entry.key);
    ids?.delete(id);
    if (ids?.size === 0) this.#idsOfKey.delete(entry.key);
  }

  /** Drop every entry of store key `key`. */
  deleteKey(key: string): void {
    for (const id of [...(this.#idsOfKey.get(key) ?? [])]) this.delete(id);
  }

  /** Drop every entry of the store keys `which` selects. */
  deleteKeys(which: (key: string) => boolean): void {
    for (const key of [...this.#idsOfKey.keys()]) if (which(key)) this.deleteKey(key);
  }

  clear(): void {
    this.#entries.clear();
    this.#idsOfKey.clear();
    this.#size = 0;
  }
}
