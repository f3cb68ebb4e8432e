import { ReadOnlyError, StoreKeyError, ZarrError } from "../errors.js";

/**
 * Which bytes of a value to read: `[offset, offset + length)` (to the end when `length` is
 * omitted), or the last `suffixLength` bytes (a shard index at the end of its shard).
 * A range past the end is cut at the end; a suffix longer than the value is the whole value.
 */
export type ByteRange =
  | { readonly offset: number; readonly length?: number }
  | { readonly suffixLength: number };

export interface StoreGetOptions {
  signal?: AbortSignal;
}

/**
 * What every store can do: read values. Keys are `/`-separated paths relative to the store
 * root with no leading slash (`foo/bar/zarr.json`, `foo/bar/c/0/0`).
 */
export interface ReadableStore {
  get(key: string, options?: StoreGetOptions): Promise<Uint8Array | undefined>;
  /** Part of a value (see `ByteRange`); without it, core reads the value and slices it. */
  getRange?(
    key: string,
    range: ByteRange,
    options?: StoreGetOptions,
  ): Promise<Uint8Array | undefined>;
  has?(key: string): Promise<boolean>;
  close?(): Promise<void>;
  /** A store that cannot be written reports true; writes through it fail before any I/O. */
  readonly readOnly?: boolean;
  /** What `info()` prints for the store, e.g. `MemoryStore`, `DirectoryStore`. */
  toString(): string;
}

/** The write capability. */
export interface WritableStore {
  set(key: string, value: Uint8Array): Promise<void>;
  /** Remove a key; false when it was not there. */
  delete(key: string): Promise<boolean>;
  /** Remove every key under `prefix` at once (stores that can do better than key by key). */
  deletePrefix?(prefix: string): Promise<void>;
}

/** The listing capability. */
export interface ListableStore {
  /** Every key that starts with `prefix` (all keys for ""). */
  list(prefix?: string): AsyncIterable<string> | Promise<Iterable<string>>;
  /** Immediate children (keys and folders) of `prefix`, for stores that can list cheaply. */
  listDir?(prefix: string): Promise<{ keys: string[]; prefixes: string[] }>;
}

/**
 * A key-value store of bytes: it reads, and may also write and list. A read-only remote
 * store implements `ReadableStore` alone; writes and listings through core then fail with an
 * error naming the store and what it lacks.
 */
export interface Store extends ReadableStore, Partial<WritableStore>, Partial<ListableStore> {}

/** A store that writes (see `requireWritable`). */
export type WritableStoreOf<S extends Store = Store> = S & WritableStore;

/** The `[start, end)` byte positions a range selects in a value of `size` bytes. */
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

/** Read part of a value, through `getRange` when the store has it. */
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

/** The store as a writable one, or a ReadOnlyError saying what could not be done. */
export function requireWritable(store: Store, what: string): WritableStoreOf {
  if (isWritable(store)) return store;
  const why = store.readOnly ? "it is read-only" : "it has no set/delete (a read-only store)";
  throw new ReadOnlyError(`cannot ${what}: store ${store} cannot be written: ${why}`);
}

/** Write one value (a ReadOnlyError when the store cannot write). */
export async function storeSet(store: Store, key: string, value: Uint8Array): Promise<void> {
  await requireWritable(store, `write "${key}"`).set(key, value);
}

/** Delete one key (a ReadOnlyError when the store cannot write). */
export async function storeDelete(store: Store, key: string): Promise<boolean> {
  return requireWritable(store, `delete "${key}"`).delete(key);
}

/** Collect a store's keys under `prefix` whichever form its `list` returns. */
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

export async function storeHas(store: ReadableStore, key: string): Promise<boolean> {
  if (store.has) return store.has(key);
  return (await store.get(key)) !== undefined;
}

/** Immediate children of a prefix (which is "" or ends with "/"). */
export async function storeListDir(
  store: Store,
  prefix: string,
): Promise<{ keys: string[]; prefixes: string[] }> {
  if (store.listDir) return store.listDir(prefix);
  const keys = new Set<string>();
  const prefixes = new Set<string>();
  for (const k of await listKeys(store, prefix)) {
    const rest = k.slice(prefix.length);
    const slash = rest.indexOf("/");
    if (slash < 0) keys.add(rest);
    else prefixes.add(rest.slice(0, slash));
  }
  return { keys: [...keys].sort(), prefixes: [...prefixes].sort() };
}

export async function storeDeletePrefix(store: Store, prefix: string): Promise<void> {
  const w = requireWritable(store, `delete the keys under "${prefix}"`);
  if (w.deletePrefix) return w.deletePrefix(prefix);
  for (const k of await listKeys(store, prefix)) await w.delete(k);
}
