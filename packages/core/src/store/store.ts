import { ReadOnlyError, StoreKeyError, ZarrError } from "../errors.js";

/**
 * Which bytes of a value to read: `[offset, offset + length)` (to the end when `length` is
 * omitted), or the last `suffixLength` bytes (a shard index at the end of its shard).
 * A range past the end is cut at the end; a suffix longer than the value is the whole value.
 */
export type ByteRange =
  | {
      /** First byte to read, counted from the start of the value (an integer >= 0). */
      readonly offset: number;
      /** How many bytes to read from `offset`. Default: to the end of the value. */
      readonly length?: number;
    }
  | {
      /** How many bytes to read from the end of the value (an integer >= 0). */
      readonly suffixLength: number;
    };

/** Options of a store read ({@link ReadableStore.get}, {@link ReadableStore.getRange}). */
export interface StoreGetOptions {
  /**
   * Cancels the read: a store that honours it rejects once the signal aborts (remote stores
   * abort the request). Stores that read from memory may finish the read anyway.
   */
  signal?: AbortSignal;
}

/**
 * What every store can do: read values. Keys are `/`-separated paths relative to the store
 * root with no leading slash (`foo/bar/zarr.json`, `foo/bar/c/0/0`).
 */
export interface ReadableStore {
  /**
   * The value stored under `key`, or undefined when there is none (a missing chunk reads as the
   * fill value, so absence is not an error). The caller must not modify the returned bytes: a
   * store may hand out its own memory.
   */
  get(key: string, options?: StoreGetOptions): Promise<Uint8Array | undefined>;
  /**
   * Part of a value (see {@link ByteRange}), or undefined when the key holds none; a range past
   * the end is cut at the end. Without it, core reads the whole value and slices it
   * ({@link readRange}); sharded arrays read shard indexes and inner chunks through it.
   */
  getRange?(
    key: string,
    range: ByteRange,
    options?: StoreGetOptions,
  ): Promise<Uint8Array | undefined>;
  /**
   * Whether `key` holds a value, for stores that can tell without reading it (a HEAD request,
   * a `stat`). Without it, core reads the value ({@link storeHas}).
   */
  has?(key: string): Promise<boolean>;
  /**
   * Release what the store holds open (file handles, database connections) and write out what
   * it has not written yet (a `ZipStore` writes its central directory). zarr-python's
   * `store.close()`.
   */
  close?(): Promise<void>;
  /** A store that cannot be written reports true; writes through it fail before any I/O. */
  readonly readOnly?: boolean;
  /** What `info()` prints for the store, e.g. `MemoryStore`, `DirectoryStore`. */
  toString(): string;
}

/**
 * The write capability: what a store adds to {@link ReadableStore} so arrays and groups can be
 * created and written. Check for it with {@link isWritable}.
 */
export interface WritableStore {
  /**
   * Store `value` under `key`, replacing what was there. The store may keep `value` itself
   * (no copy), so the caller must not modify it afterwards.
   */
  set(key: string, value: Uint8Array): Promise<void>;
  /** Remove a key; false when it was not there. */
  delete(key: string): Promise<boolean>;
  /** Remove every key under `prefix` at once (stores that can do better than key by key). */
  deletePrefix?(prefix: string): Promise<void>;
}

/**
 * The listing capability, which groups (`members`, `tree`), `copyStore`, `consolidateMetadata`
 * and deleting a node need. HTTP stores have none.
 */
export interface ListableStore {
  /**
   * Every key that starts with `prefix` (all keys for ""), as full keys, in any order. Read it
   * with {@link listKeys}, which accepts both forms.
   */
  list(prefix?: string): AsyncIterable<string> | Promise<Iterable<string>>;
  /**
   * Immediate children (keys and folders) of `prefix`, for stores that can list cheaply.
   * `prefix` is "" (the root) or ends with "/". Without it, core filters {@link ListableStore.list}
   * ({@link storeListDir}).
   */
  listDir?(prefix: string): Promise<{
    /** Names (relative to `prefix`) of the values directly under it, sorted. */
    keys: string[];
    /** Names (relative to `prefix`, no trailing "/") of the folders directly under it, sorted. */
    prefixes: string[];
  }>;
}

/**
 * A key-value store of bytes: it reads, and may also write and list. A read-only remote
 * store implements `ReadableStore` alone; writes and listings through core then fail with an
 * error naming the store and what it lacks.
 *
 * zarr-python's stores are `MutableMapping`s of bytes; this interface is its async counterpart.
 * Any object of this shape works wherever zarrkit takes a store (`open`, `zeros`, `copyStore`,
 * ...); the `@zarrkit/store-*` packages provide the standard ones (`MemoryStore`,
 * `DirectoryStore`, `ZipStore`, `HttpStore`, ...).
 *
 * @property set - Store a value (see {@link WritableStore.set}); absent on read-only stores.
 * @property delete - Remove a key, resolving to false when it was not there (see
 *   {@link WritableStore.delete}); absent on read-only stores.
 * @property deletePrefix - Remove every key under a prefix at once (see
 *   {@link WritableStore.deletePrefix}); optional even on writable stores.
 * @property list - Every key under a prefix (see {@link ListableStore.list}); absent on stores
 *   that cannot list.
 * @property listDir - The immediate children of a prefix (see {@link ListableStore.listDir});
 *   optional.
 *
 * @example
 * ```ts
 * import type { Store } from "@zarrkit/core";
 *
 * // A minimal read-only store over a Map: enough for open(store, { mode: "r" }).
 * class MapStore implements Store {
 *   constructor(private readonly map: Map<string, Uint8Array>) {}
 *   async get(key: string) {
 *     return this.map.get(key);
 *   }
 *   toString() {
 *     return "MapStore";
 *   }
 * }
 * ```
 */
export interface Store extends ReadableStore, Partial<WritableStore>, Partial<ListableStore> {}

/** A store that writes (see `requireWritable`). */
export type WritableStoreOf<S extends Store = Store> = S & WritableStore;

/**
 * The `[start, end)` byte positions a range selects in a value of `size` bytes, cut at the end
 * of the value as {@link ByteRange} describes: a helper for stores that implement `getRange`.
 *
 * @param key - The key read, named in the error.
 * @throws {@link StoreKeyError} when an offset, length or suffix length is not an integer >= 0.
 */
export function rangeBounds(range: ByteRange, size: number, key: string): [number, number] {
  if ("suffixLength" in range) {
    const n = range.suffixLength;
    if (!Number.isSafeInteger(n) || n < 0)
      throw new StoreKeyError(`"${key}": suffixLength must be an integer >= 0, got ${n}`);
    return [Math.max(0, size - n), size];
  }
  const { offset, length } = range;
  if (!Number.isSafeInteger(offset) || offset < 0)
    throw new StoreKeyError(`"${key}": range offset must be an integer >= 0, got ${offset}`);
  if (length !== undefined && (!Number.isSafeInteger(length) || length < 0))
    throw new StoreKeyError(`"${key}": range length must be an integer >= 0, got ${length}`);
  const start = Math.min(offset, size);
  return [start, length === undefined ? size : Math.min(size, offset + length)];
}

/**
 * Part of a value, or undefined when the key holds none: through the store's `getRange` when it
 * has one, else by reading the whole value and slicing it.
 *
 * @throws {@link StoreKeyError} for a malformed range (see {@link rangeBounds}).
 */
export async function readRange(
  store: ReadableStore,
  key: string,
  range: ByteRange,
  options?: StoreGetOptions,
): Promise<Uint8Array | undefined> {
  if (store.getRange) return store.getRange(key, range, options);
  const value = await store.get(key, options);
  if (value === undefined) return undefined;
  const [start, end] = rangeBounds(range, value.byteLength, key);
  return value.subarray(start, end);
}

/** True when the store can be written (it has `set` and `delete` and is not read-only). */
export function isWritable(store: Store): store is WritableStoreOf {
  return typeof store.set === "function" && typeof store.delete === "function" && !store.readOnly;
}

/**
 * The store, typed as a writable one, when {@link isWritable} says it is.
 *
 * @param what - What the caller is about to do (`write "foo/.zarray"`), for the error message.
 * @throws {@link ReadOnlyError} when the store is read-only or has no `set`/`delete`; the message
 *   names the store, `what`, and why.
 */
export function requireWritable(store: Store, what: string): WritableStoreOf {
  if (isWritable(store)) return store;
  const why = store.readOnly ? "it is read-only" : "it has no set/delete (a read-only store)";
  throw new ReadOnlyError(`cannot ${what}: store ${store} cannot be written: ${why}`);
}

/**
 * Write one value through any store.
 *
 * @throws {@link ReadOnlyError} when the store cannot write (see {@link requireWritable}).
 */
export async function storeSet(store: Store, key: string, value: Uint8Array): Promise<void> {
  await requireWritable(store, `write "${key}"`).set(key, value);
}

/**
 * Delete one key through any store; resolves to false when the key was not there.
 *
 * @throws {@link ReadOnlyError} when the store cannot write (see {@link requireWritable}).
 */
export async function storeDelete(store: Store, key: string): Promise<boolean> {
  return requireWritable(store, `delete "${key}"`).delete(key);
}

/**
 * A store's keys that start with `prefix` (all keys by default), as an array, whichever form
 * (async iterable or promise of an iterable) its `list` returns. Order is the store's.
 *
 * @throws {@link ZarrError} when the store has no `list`.
 */
export async function listKeys(store: Store, prefix = ""): Promise<string[]> {
  if (typeof store.list !== "function")
    throw new ZarrError(
      `store ${store} cannot list its keys (it has no list), which this operation needs`,
    );
  const listed = await store.list(prefix);
  const out: string[] = [];
  if (Symbol.asyncIterator in (listed as object)) {
    for await (const k of listed as AsyncIterable<string>) out.push(k);
  } else {
    for (const k of listed as Iterable<string>) out.push(k);
  }
  return out;
}

/**
 * Whether `key` holds a value: the store's `has` when it has one, else a full read of the value
 * (so prefer stores with `has` for remote data).
 */
export async function storeHas(store: ReadableStore, key: string): Promise<boolean> {
  if (store.has) return store.has(key);
  return (await store.get(key)) !== undefined;
}

/**
 * Immediate children of a prefix (which is "" or ends with "/"): the store's `listDir` when it
 * has one, else derived from its `list` (zarr-python's `listdir`).
 *
 * @throws {@link ZarrError} when the store can neither `listDir` nor `list`.
 */
export async function storeListDir(
  store: Store,
  prefix: string,
): Promise<{
  /** Names (relative to `prefix`) of the values directly under it, sorted. */
  keys: string[];
  /** Names (relative to `prefix`, no trailing "/") of the folders directly under it, sorted. */
  prefixes: string[];
}> {
  if (store.listDir) return store.listDir(prefix);
  return listDirOfKeys(await listKeys(store, prefix), prefix);
}

/**
 * A `listDir` answer computed from a flat list of keys: of those starting with `prefix`, the
 * names of the values directly under it and of the folders below it, each sorted and once.
 * For stores that hold their key list in memory.
 */
export function listDirOfKeys(
  allKeys: Iterable<string>,
  prefix: string,
): {
  /** Names (relative to `prefix`) of the values directly under it, sorted. */
  keys: string[];
  /** Names (relative to `prefix`, no trailing "/") of the folders directly under it, sorted. */
  prefixes: string[];
} {
  const keys = new Set<string>();
  const prefixes = new Set<string>();
  for (const k of allKeys) {
    if (!k.startsWith(prefix)) continue;
    const rest = k.slice(prefix.length);
    const slash = rest.indexOf("/");
    if (slash < 0) keys.add(rest);
    else prefixes.add(rest.slice(0, slash));
  }
  return { keys: [...keys].sort(), prefixes: [...prefixes].sort() };
}

/**
 * Delete every key that starts with `prefix` (zarr-python's `rmdir`): in one call on stores with
 * `deletePrefix`, else key by key from a listing.
 *
 * @throws {@link ReadOnlyError} when the store cannot write; {@link ZarrError} when it has no
 *   `deletePrefix` and cannot list.
 */
export async function storeDeletePrefix(store: Store, prefix: string): Promise<void> {
  const w = requireWritable(store, `delete the keys under "${prefix}"`);
  if (w.deletePrefix) return w.deletePrefix(prefix);
  for (const k of await listKeys(store, prefix)) await w.delete(k);
}
