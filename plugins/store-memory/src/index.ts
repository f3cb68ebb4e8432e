import {
  type ByteRange,
  checkStoreKey,
  checkStorePrefix,
  rangeBounds,
  type Store,
} from "@zarrkit/core";

/**
 * A store that keeps every value in a Map. Values are stored as given (no copy), so a caller
 * must not mutate a buffer after handing it to `set`; the array code never does. Keys follow
 * core's rules (`checkStoreKey`), so a key refused on disk is refused here too.
 */
export class MemoryStore implements Store {
  readonly #map = new Map<string, Uint8Array>();

  async get(key: string): Promise<Uint8Array | undefined> {
    return this.#map.get(checkStoreKey(key));
  }

  async getRange(key: string, range: ByteRange): Promise<Uint8Array | undefined> {
    const value = this.#map.get(checkStoreKey(key));
    if (value === undefined) return undefined;
    return value.subarray(...rangeBounds(range, value.byteLength, key));
  }

  async has(key: string): Promise<boolean> {
    return this.#map.has(checkStoreKey(key));
  }

  async set(key: string, value: Uint8Array): Promise<void> {
    this.#map.set(checkStoreKey(key), value);
  }

  async delete(key: string): Promise<boolean> {
    return this.#map.delete(checkStoreKey(key));
  }

  async list(prefix = ""): Promise<string[]> {
    checkStorePrefix(prefix);
    const out: string[] = [];
    for (const k of this.#map.keys()) if (k.startsWith(prefix)) out.push(k);
    return out.sort();
  }

  async deletePrefix(prefix: string): Promise<void> {
    checkStorePrefix(prefix);
    for (const k of [...this.#map.keys()]) if (k.startsWith(prefix)) this.#map.delete(k);
  }

  /** Number of keys held; handy for tests and for apps that report memory use. */
  get size(): number {
    return this.#map.size;
  }

  toString(): string {
    return "MemoryStore";
  }
}
