/**
 * A key-value store of bytes. Keys are `/`-separated paths relative to the store root with no
 * leading slash (`foo/bar/.zarray`, `foo/bar/0.0`). Every method may be async.
 */
export interface Store {
  get(key: string, options?: StoreGetOptions): Promise<Uint8Array | undefined>;
  set(key: string, value: Uint8Array): Promise<void>;
  delete(key: string): Promise<boolean>;
  /** Every key that starts with `prefix` (all keys for ""). */
  list(prefix?: string): AsyncIterable<string> | Promise<Iterable<string>>;
  /** Bytes `[offset, offset + length)` of a value (`length` omitted: to the end). */
  getRange?(
    key: string,
    offset: number,
    length?: number,
    options?: StoreGetOptions,
  ): Promise<Uint8Array | undefined>;
  has?(key: string): Promise<boolean>;
  /** Immediate children (keys and folders) of `prefix`, for stores that can list cheaply. */
  listDir?(prefix: string): Promise<{ keys: string[]; prefixes: string[] }>;
  /** Remove every key under `prefix`. */
  deletePrefix?(prefix: string): Promise<void>;
  close?(): Promise<void>;
  /** A store that cannot be written reports true; writes through it fail before any I/O. */
  readonly readOnly?: boolean;
  /** What `info()` prints for the store, e.g. `MemoryStore`, `DirectoryStore`. */
  toString(): string;
}

export interface StoreGetOptions {
  signal?: AbortSignal;
}

/** Collect a store's keys under `prefix` whichever form its `list` returns. */
export async function listKeys(store: Store, prefix = ""): Promise<string[]> {
  const listed = await store.list(prefix);
  const out: string[] = [];
  if (Symbol.asyncIterator in (listed as object)) {
    for await (const k of listed as AsyncIterable<string>) out.push(k);
  } else {
    for (const k of listed as Iterable<string>) out.push(k);
  }
  return out;
}

export async function storeHas(store: Store, key: string): Promise<boolean> {
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
  if (store.deletePrefix) return store.deletePrefix(prefix);
  for (const k of await listKeys(store, prefix)) await store.delete(k);
}
