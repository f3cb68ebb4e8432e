import {
  type ByteRange,
  checkStoreKey,
  checkStorePrefix,
  listKeys,
  ReadOnlyError,
  rangeBounds,
  type Store,
  type StoreGetOptions,
  ZarrError,
} from "@zarrkit/core";
import { ByteLru } from "./byte-lru.js";
import { cutFromCached, isWholeValue } from "./range-cover.js";
import { SharedRequests } from "./shared-requests.js";

/** Options of `LRUStoreCache`, as zarr-python's `LRUStoreCache(store, max_size=...)`. */
export interface LRUStoreCacheOptions {
  /**
   * The most bytes of values the cache holds (`null`: no bound); required, as in zarr-python.
   * A value larger than this is never cached. Listings and key checks are not counted: they
   * are small and few.
   */
  maxSize: number | null;
}

type DirListing = { keys: string[]; prefixes: string[] };

/** A write in progress: the key it writes, or the prefix it deletes. */
interface WriteOp {
  readonly key?: string;
  readonly prefix?: string;
  /** Another write touched the same keys meanwhile: which one the store kept is unknown. */
  overlapped: boolean;
}

function touches(a: WriteOp, b: WriteOp): boolean {
  if (a.key !== undefined && b.key !== undefined) return a.key === b.key;
  if (a.key !== undefined) return a.key.startsWith(b.prefix!);
  if (b.key !== undefined) return b.key.startsWith(a.prefix!);
  return a.prefix!.startsWith(b.prefix!) || b.prefix!.startsWith(a.prefix!);
}

/**
 * The cache id of a range read. NUL cannot occur in a store key, so these never collide
 * with a key (the id of a whole value) or with each other.
 */
function rangeId(key: string, range: ByteRange): string {
  return "suffixLength" in range
    ? `${key}\0s${range.suffixLength}`
    : `${key}\0o${range.offset}:${range.length ?? ""}`;
}

function checkMaxSize(maxSize: unknown): number | null {
  if (maxSize === null) return null;
  if (typeof maxSize !== "number" || !Number.isSafeInteger(maxSize) || maxSize < 0)
    throw new ZarrError(
      `LRUStoreCache: maxSize must be a whole number of bytes >= 0, or null for no bound; got ${
        typeof maxSize === "number" ? maxSize : (JSON.stringify(maxSize) ?? String(maxSize))
      }`,
    );
  return maxSize;
}

/**
 * zarr-python's `LRUStoreCache`: a least-recently-used cache in front of a store that is slow
 * to reach (HTTP, S3, a zip over the network). It caches values (bounded by `maxSize` bytes,
 * evicting the least recently used first), listings and key checks, and counts `hits` and
 * `misses`. It assumes it is the only writer: writes and deletes through it go to the
 * wrapped store and update the cache; after the store changed behind it, call `invalidate()`.
 *
 * It has exactly the capabilities of the store it wraps (ranged reads, writes, listings),
 * and is read-only when that store is.
 */
export class LRUStoreCache implements Store {
  /** The wrapped store. */
  readonly store: Store;
  /** Reads (`get`, `getRange`) answered from the cache, without the wrapped store. */
  hits = 0;
  /** Reads that went to the wrapped store (concurrent ones sharing a request count each). */
  misses = 0;

  /**
   * Part of a value (present when the wrapped store has `getRange`). A cached value answers
   * any range of it, and a cached range any range inside it; another range is read from the
   * wrapped store as a range and cached as such.
   */
  declare readonly getRange?: (
    key: string,
    range: ByteRange,
    options?: StoreGetOptions,
  ) => Promise<Uint8Array | undefined>;
  /**
   * Write through to the wrapped store (present when it has `set`), then cache a copy of the
   * value. Throws `ReadOnlyError` when the wrapped store is read-only.
   */
  declare readonly set?: (key: string, value: Uint8Array) => Promise<void>;
  /** Delete through to the wrapped store (present when it has `delete`); false when missing. */
  declare readonly delete?: (key: string) => Promise<boolean>;
  /** Delete every key under `prefix` in the wrapped store (present when it has `deletePrefix`). */
  declare readonly deletePrefix?: (prefix: string) => Promise<void>;
  /** Every key under `prefix`, listed once and then cached (present when the store has `list`). */
  declare readonly list?: (prefix?: string) => Promise<string[]>;
  /** Immediate children of `prefix`, cached (present when the wrapped store has `listDir`). */
  declare readonly listDir?: (prefix: string) => Promise<DirListing>;

  readonly #maxSize: number | null;
  readonly #values: ByteLru;
  /** What is known of each key's presence: true, or false for a key known to be missing. */
  readonly #contains = new Map<string, boolean>();
  readonly #lists = new Map<string, string[]>();
  readonly #dirs = new Map<string, DirListing>();
  readonly #reads = new SharedRequests<Uint8Array | undefined>();
  readonly #probes = new SharedRequests<boolean>();
  readonly #listings = new SharedRequests<string[] | DirListing>();
  readonly #writes = new Set<WriteOp>();

  /**
   * @param store - The store to cache.
   * @param options - See {@link LRUStoreCacheOptions}.
   * @throws {ZarrError} When `store` has no `get`, or `maxSize` is missing or invalid.
   */
  constructor(store: Store, options: LRUStoreCacheOptions) {
    if (store === null || typeof store !== "object" || typeof store.get !== "function")
      throw new ZarrError(`LRUStoreCache: expected a store to wrap (with get), got ${store}`);
    if (options === null || typeof options !== "object" || !("maxSize" in options))
      throw new ZarrError(
        "LRUStoreCache: options.maxSize is required: the bound in bytes, or null for none",
      );
    this.store = store;
    this.#maxSize = checkMaxSize(options.maxSize);
    this.#values = new ByteLru(this.#maxSize);
    // Only what the wrapped store has: core picks its path by the methods a store has (a
    // ranged read rather than read-and-slice, a listing rather than an error).
    const own = this as {
      -readonly [K in
        | "getRange"
        | "set"
        | "delete"
        | "deletePrefix"
        | "list"
        | "listDir"]?: unknown;
    };
    if (store.getRange) own.getRange = this.#getRange;
    if (store.set) own.set = this.#set;
    if (store.delete) own.delete = this.#delete;
    if (store.deletePrefix) own.deletePrefix = this.#deletePrefix;
    if (store.list) own.list = this.#list;
    if (store.listDir) own.listDir = this.#listDir;
  }

  /** The bound in bytes given at construction (`null`: none). */
  get maxSize(): number | null {
    return this.#maxSize;
  }

  /** Bytes of values (and ranges of values) the cache holds now. */
  get currentSize(): number {
    return this.#values.size;
  }

  /** True when the wrapped store is read-only (writes through the cache then fail). */
  get readOnly(): boolean {
    return this.store.readOnly === true;
  }

  /** The wrapped store's location, so errors about nodes in it can name it. */
  get path(): string | undefined {
    const location = (this.store as { path?: unknown }).path;
    return typeof location === "string" ? location : undefined;
  }

  /**
   * The value at `key` from the cache (a hit), or else from the wrapped store (a miss), then
   * cached; `undefined` when the key is missing (which is cached too). Concurrent misses of one
   * key share one request.
   */
  async get(key: string, options?: StoreGetOptions): Promise<Uint8Array | undefined> {
    checkStoreKey(key);
    options?.signal?.throwIfAborted();
    const cached = this.#values.get(key);
    if (cached !== undefined || this.#contains.get(key) === false) {
      this.hits++;
      return cached;
    }
    this.misses++;
    return this.#reads.join(key, options?.signal, async (signal, flight) => {
      const value = await this.store.get(key, { signal });
      if (flight.current) this.#learn(key, key, value);
      return value;
    });
  }

  /**
   * A cached value answers any range of it, and a cached range any range inside it. Another
   * range is passed to the wrapped store as a range, and what comes back is cached as that
   * range (or as the value, when the read covered all of it): fetching the whole value
   * instead would turn the read of one inner chunk of a shard (kilobytes) into a download of
   * the whole shard (often hundreds of megabytes), and a zip member's read into the whole
   * archive. Reading the same ranges again (the same array read twice) then hits.
   */
  readonly #getRange = async (
    key: string,
    range: ByteRange,
    options?: StoreGetOptions,
  ): Promise<Uint8Array | undefined> => {
    checkStoreKey(key);
    rangeBounds(range, 0, key); // a malformed range fails here, even for a key known missing
    options?.signal?.throwIfAborted();
    const whole = this.#values.get(key);
    if (whole !== undefined) {
      this.hits++;
      return whole.subarray(...rangeBounds(range, whole.byteLength, key));
    }
    if (this.#contains.get(key) === false) {
      this.hits++;
      return undefined;
    }
    const id = rangeId(key, range);
    const cached = this.#values.get(id);
    if (cached !== undefined) {
      this.hits++;
      return cached;
    }
    // a range read before that holds this one (a chunk of a shard read whole before)
    for (const [heldId, held] of this.#values.entriesOf(key)) {
      const cut = held.range && cutFromCached(held.range, held.bytes, range);
      if (cut !== undefined) {
        this.#values.get(heldId);
        this.hits++;
        return cut;
      }
    }
    this.misses++;
    const getRange = this.store.getRange!.bind(this.store);
    return this.#reads.join(id, options?.signal, async (signal, flight) => {
      const bytes = await getRange(key, range, { signal });
      if (flight.current)
        if (bytes !== undefined && isWholeValue(range, bytes)) this.#learn(key, key, bytes);
        else this.#learn(key, id, bytes, range);
      return bytes;
    });
  };

  /** Answered from what the cache knows (values, earlier checks, listings) when it can. */
  async has(key: string, options?: StoreGetOptions): Promise<boolean> {
    checkStoreKey(key);
    if (this.#values.peek(key) !== undefined) return true;
    const known = this.#contains.get(key);
    if (known !== undefined) return known;
    for (const [prefix, keys] of this.#lists)
      if (key.startsWith(prefix)) {
        const found = keys.includes(key);
        this.#contains.set(key, found);
        return found;
      }
    const inner = this.store;
    // Without `has` the store answers by reading the value: read it through the cache, since
    // a key checked is usually read next.
    if (!inner.has) return (await this.get(key, options)) !== undefined;
    const has = inner.has.bind(inner) as (k: string, o?: StoreGetOptions) => Promise<boolean>;
    return this.#probes.join(key, options?.signal, async (signal, flight) => {
      const found = await has(key, { signal });
      if (flight.current) this.#contains.set(key, found);
      return found;
    });
  }

  readonly #set = async (key: string, value: Uint8Array): Promise<void> => {
    checkStoreKey(key);
    this.#refuseReadOnly(`write "${key}"`);
    // A copy, so a caller reusing its buffer after the write cannot change what is cached;
    // not made for a value too large to be cached.
    const copy = this.#maxSize === null || value.byteLength <= this.#maxSize ? value.slice() : null;
    await this.#write(
      { key, overlapped: false },
      () => this.store.set!(key, value),
      () => {
        this.#contains.set(key, true);
        if (copy !== null) this.#values.put(key, key, copy);
      },
    );
  };

  readonly #delete = async (key: string): Promise<boolean> => {
    checkStoreKey(key);
    this.#refuseReadOnly(`delete "${key}"`);
    let deleted = false;
    await this.#write(
      { key, overlapped: false },
      async () => {
        deleted = await this.store.delete!(key);
      },
      () => this.#contains.set(key, false),
    );
    return deleted;
  };

  readonly #deletePrefix = async (prefix: string): Promise<void> => {
    checkStorePrefix(prefix);
    this.#refuseReadOnly(`delete the keys under "${prefix}"`);
    await this.#write(
      { prefix, overlapped: false },
      () => this.store.deletePrefix!(prefix),
      () => {},
    );
  };

  readonly #list = async (prefix = ""): Promise<string[]> => {
    checkStorePrefix(prefix);
    const cached = this.#lists.get(prefix);
    if (cached !== undefined) return [...cached];
    // A listing of a shorter prefix holds every key under this one.
    for (const [p, keys] of this.#lists)
      if (prefix.startsWith(p)) return keys.filter((k) => k.startsWith(prefix));
    const keys = (await this.#listings.join(`l${prefix}`, undefined, async (_signal, flight) => {
      const listed = await listKeys(this.store, prefix);
      if (flight.current) this.#lists.set(prefix, listed);
      return listed;
    })) as string[];
    return [...keys];
  };

  readonly #listDir = async (prefix: string): Promise<DirListing> => {
    checkStorePrefix(prefix);
    const copy = (d: DirListing) => ({ keys: [...d.keys], prefixes: [...d.prefixes] });
    const cached = this.#dirs.get(prefix);
    if (cached !== undefined) return copy(cached);
    const listing = (await this.#listings.join(`d${prefix}`, undefined, async (_s, flight) => {
      const listed = await this.store.listDir!(prefix);
      if (flight.current) this.#dirs.set(prefix, listed);
      return listed;
    })) as DirListing;
    return copy(listing);
  };

  /** Empty the cache: values, listings and key checks. */
  invalidate(): void {
    this.invalidateValues();
    this.invalidateKeys();
  }

  /** Drop every cached value (and range of one). */
  invalidateValues(): void {
    this.#values.clear();
    this.#reads.forget(() => true);
  }

  /** Drop the cached listings and what is known of which keys exist. */
  invalidateKeys(): void {
    this.#contains.clear();
    this.#lists.clear();
    this.#dirs.clear();
    this.#probes.forget(() => true);
    this.#listings.forget(() => true);
    // A value known missing is an answer of the key cache too.
    this.#reads.forget(() => true);
  }

  /** Empty the cache and close the wrapped store. */
  async close(): Promise<void> {
    this.invalidate();
    await this.store.close?.();
  }

  /** `"LRUStoreCache"`: the name `info()` prints for the store. */
  toString(): string {
    return "LRUStoreCache";
  }

  /** Cache what a read from the wrapped store found (`undefined`: the key is missing). */
  #learn(key: string, id: string, bytes: Uint8Array | undefined, range?: ByteRange): void {
    if (bytes === undefined) {
      this.#contains.set(key, false);
      return;
    }
    this.#contains.set(key, true);
    // A whole value answers every range of it; its ranges would be held twice.
    if (id === key) this.#values.deleteKey(key);
    this.#values.put(key, id, bytes, range);
  }

  #refuseReadOnly(what: string): void {
    if (this.store.readOnly)
      throw new ReadOnlyError(
        `cannot ${what}: store ${this} cannot be written: the store it wraps (${this.store}) is read-only`,
      );
  }

  /**
   * Run a write on the wrapped store with the cache forgetting what it touches, before (so no
   * read starts from the old value) and after (reads that ran meanwhile may have seen either).
   * Then `learn` records the outcome, unless the write failed or another write of the same
   * keys overlapped it (the store kept one of them, the cache cannot tell which).
   */
  async #write(op: WriteOp, run: () => Promise<void>, learn: () => void): Promise<void> {
    for (const other of this.#writes)
      if (touches(op, other)) {
        other.overlapped = true;
        op.overlapped = true;
      }
    this.#writes.add(op);
    this.#forget(op);
    try {
      await run();
    } finally {
      this.#writes.delete(op);
      this.#forget(op);
    }
    if (!op.overlapped) learn();
  }

  #forget(op: WriteOp): void {
    const under =
      op.key !== undefined ? (k: string) => k === op.key : (k: string) => k.startsWith(op.prefix!);
    // ids are a key, or a key and a range after a NUL
    const idUnder = (id: string) => under(id.split("\0", 1)[0]!);
    if (op.key !== undefined) {
      this.#values.deleteKey(op.key);
      this.#contains.delete(op.key);
    } else {
      this.#values.deleteKeys(under);
      for (const k of [...this.#contains.keys()]) if (under(k)) this.#contains.delete(k);
    }
    this.#reads.forget(idUnder);
    this.#probes.forget(under);
    // A listing of prefix p can change when a key under p changes (or, for a deleted prefix,
    // any key under both).
    const affects = (p: string) =>
      op.key !== undefined
        ? op.key.startsWith(p)
        : p.startsWith(op.prefix!) || op.prefix!.startsWith(p);
    for (const p of [...this.#lists.keys()]) if (affects(p)) this.#lists.delete(p);
    for (const p of [...this.#dirs.keys()]) if (affects(p)) this.#dirs.delete(p);
    this.#listings.forget((id) => affects(id.slice(1)));
  }
}
