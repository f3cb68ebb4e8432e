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
 *
 * zarr-python's `MemoryStore`. The data lives as long as the object does; nothing is persisted.
 *
 * @example
 * ```ts
 * import { zeros } from "@zarrkit/core";
 * import { MemoryStore } from "@zarrkit/store-memory";
 *
 * const store = new MemoryStore();
 * const z = await zeros([1000], { dtype: "f8", store });
 * await z.set([null], 1.5);
 * console.log(store.size); // 2: ".zarray" and the one chunk "0"
 * ```
 */
export class MemoryStore implements Store {
  readonly #map = new Map<string, Uint8Array>();

  /**
   * The value stored at `key` (the very buffer that was set, not a copy), or `undefined`.
   *
   * @throws {StoreKeyError} When the key breaks core's key rules.
   */
  async get(key: string): Promise<Uint8Array | undefined> {
    return this.#map.get(checkStoreKey(key));
  }

  /**
   * A view (no copy) of part of the value at `key`, or `undefined` when there is none.
   *
   * @throws {StoreKeyError} When the key breaks core's key rules or the range is invalid.
   */
  async getRange(key: string, range: ByteRange): Promise<Uint8Array | undefined> {
    const value = this.#map.get(checkStoreKey(key));
    if (value === undefined) return undefined;
    return value.subarray(...rangeBounds(range, value.byteLength, key));
  }

  /**
   * True when a value is stored at `key`.
   *
   * @throws {StoreKeyError} When the key breaks core's key rules.
   */
  async has(key: string): Promise<boolean> {
    return this.#map.has(checkStoreKey(key));
  }

  /**
   * Store `value` at `key`, replacing any old value. The buffer is kept as given, not copied.
   *
   * @throws {StoreKeyError} When the key breaks core's key rules.
   */
  async set(key: string, value: Uint8Array): Promise<void> {
    this.#map.set(checkStoreKey(key), value);
  }

  /** Remove `key`; false when it was not there. */
  async delete(key: string): Promise<boolean> {
    return this.#map.delete(checkStoreKey(key));
  }

  /** Every key that starts with `prefix` (all keys for `""`), sorted. */
  async list(prefix = ""): Promise<string[]> {
    checkStorePrefix(prefix);
    const out: string[] = [];
    for (const k of this.#map.keys()) if (k.startsWith(prefix)) out.push(k);
    return out.sort();
  }

  /** Remove every key that starts with `prefix` (`""` empties the store). */
  async deletePrefix(prefix: string): Promise<void> {
    checkStorePrefix(prefix);
    for (const k of [...this.#map.keys()]) if (k.startsWith(prefix)) this.#map.delete(k);
  }

  /** Number of keys held; handy for tests and for apps that report memory use. */
  get size(): number {
    return this.#map.size;
  }

  /** `"MemoryStore"`: the name `info()` prints for the store. */
  toString(): string {
    return "MemoryStore";
  }
}
