import type { ByteRange, Store, StoreGetOptions } from "@zarrkit/core";
import { MemoryStore } from "@zarrkit/store-memory";

/** A call the wrapped store received: the method and its key (and range, for getRange). */
export type Call = [method: string, key: string, range?: ByteRange];

/**
 * A MemoryStore that records every call it receives, so a test can tell what the cache
 * answered itself from what it passed on. `only` leaves out methods (a store without
 * ranges, listings or has); `readOnly` makes it refuse nothing itself (the cache must).
 */
export class CountingStore implements Store {
  readonly inner = new MemoryStore();
  readonly calls: Call[] = [];
  readonly readOnly: boolean;
  /** Held calls resolve only when the test says so (see `hold`). */
  #gate: Promise<void> | undefined;
  #open: (() => void) | undefined;
  #held = new Set<string>();
  /** The signals of the gets received, to see whether the cache aborted them. */
  readonly signals: (AbortSignal | undefined)[] = [];

  declare getRange?: (
    k: string,
    r: ByteRange,
    o?: StoreGetOptions,
  ) => Promise<Uint8Array | undefined>;
  declare has?: (k: string) => Promise<boolean>;
  declare list?: (prefix?: string) => Promise<string[]>;
  declare listDir?: (prefix: string) => Promise<{ keys: string[]; prefixes: string[] }>;
  declare set?: (k: string, v: Uint8Array) => Promise<void>;
  declare delete?: (k: string) => Promise<boolean>;
  declare deletePrefix?: (p: string) => Promise<void>;

  constructor(opts: { without?: string[]; readOnly?: boolean; failWrites?: boolean } = {}) {
    const without = new Set(opts.without ?? []);
    this.readOnly = opts.readOnly ?? false;
    const inner = this.inner;
    const fail = () => {
      if (opts.failWrites) throw new Error("disk full");
    };
    const methods = {
      getRange: async (k: string, r: ByteRange, o?: StoreGetOptions) => {
        this.calls.push(["getRange", k, r]);
        this.signals.push(o?.signal);
        const value = await inner.getRange(k, r);
        await this.#wait("getRange");
        return value;
      },
      has: async (k: string) => {
        this.calls.push(["has", k]);
        return inner.has(k);
      },
      list: async (p = "") => {
        this.calls.push(["list", p]);
        return inner.list(p);
      },
      listDir: async (p: string) => {
        this.calls.push(["listDir", p]);
        const keys = new Set<string>();
        const prefixes = new Set<string>();
        for (const k of await inner.list(p)) {
          const rest = k.slice(p.length);
          if (rest.includes("/")) prefixes.add(rest.slice(0, rest.indexOf("/")));
          else keys.add(rest);
        }
        return { keys: [...keys], prefixes: [...prefixes] };
      },
      set: async (k: string, v: Uint8Array) => {
        this.calls.push(["set", k]);
        await this.#wait("set");
        fail();
        return inner.set(k, v);
      },
      delete: async (k: string) => {
        this.calls.push(["delete", k]);
        fail();
        return inner.delete(k);
      },
      deletePrefix: async (p: string) => {
        this.calls.push(["deletePrefix", p]);
        fail();
        return inner.deletePrefix(p);
      },
    };
    for (const [name, fn] of Object.entries(methods))
      if (!without.has(name)) (this as Record<string, unknown>)[name] = fn;
  }

  async get(key: string, o?: StoreGetOptions): Promise<Uint8Array | undefined> {
    this.calls.push(["get", key]);
    this.signals.push(o?.signal);
    // read first, answer later: a response on its way while other calls go on
    const value = await this.inner.get(key);
    await this.#wait("get");
    o?.signal?.throwIfAborted();
    return value;
  }

  /** Hold the calls of `methods` (get, getRange, set) until `release()`. */
  hold(methods: string[] = ["get", "getRange", "set"]): void {
    this.#held = new Set(methods);
    this.#gate = new Promise((r) => {
      this.#open = r;
    });
  }

  async #wait(method: string): Promise<void> {
    if (this.#held.has(method)) await this.#gate;
  }

  release(): void {
    this.#open?.();
    this.#gate = undefined;
  }

  /** The calls of one method. */
  callsOf(method: string): Call[] {
    return this.calls.filter((c) => c[0] === method);
  }

  clearCalls(): void {
    this.calls.length = 0;
  }

  toString(): string {
    return "CountingStore";
  }
}
