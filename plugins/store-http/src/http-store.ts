import {
  type ByteRange,
  checkStoreKey,
  ReadOnlyError,
  type ReadableStore,
  rangeBounds,
  type StoreGetOptions,
  ZarrError,
} from "@zarrkit/core";
import { abortableSleep, abortReason, RequestLimiter } from "./request-limiter.js";

/** What a `headers` function is told about the request it signs. */
export interface HttpRequestInfo {
  /** `"GET"` for `get` and `getRange`, `"HEAD"` for `has`. */
  readonly method: "GET" | "HEAD";
  /** The full URL, query included. */
  readonly url: string;
  /** The store key. */
  readonly key: string;
}

/**
 * Headers for every request, or a function called before every try (so a signed URL or a
 * short-lived token can be renewed between retries).
 */
export type HttpHeaders =
  | HeadersInit
  | ((request: HttpRequestInfo) => HeadersInit | Promise<HeadersInit>);

/** Options of {@link HttpStore}; every field is optional. */
export interface HttpStoreOptions {
  /** The fetch to use (default: the global one), e.g. one that adds auth or counts requests. */
  fetch?: typeof globalThis.fetch;
  /**
   * Headers sent with every request (e.g. `authorization`), or a function that returns them,
   * called before every try (see {@link HttpHeaders}). Default: none. Header values never
   * appear in errors.
   */
  headers?: HttpHeaders;
  /** Requests in flight at most (default 16); the rest wait in order. */
  concurrency?: number;
  /** Tries after the first on network errors, 408, 429 and 5xx (default 3). */
  retries?: number;
  /** The first retry's delay in ms, doubled each retry, with jitter (default 200). */
  retryDelay?: number;
  /** The longest wait between tries in ms, `Retry-After` included (default 10000). */
  maxRetryDelay?: number;
  /**
   * 403 means "not found" (default true): S3 and GCS answer 403 for a missing key in a
   * bucket that does not allow listing, which is how public Zarr buckets are served.
   */
  forbiddenIsMissing?: boolean;
}

/**
 * How many requests an {@link HttpStore} keeps in flight at most when {@link HttpStoreOptions}
 * `concurrency` is not given. Why 16: enough requests in flight to hide a cloud round trip
 * (tens of ms) behind chunk transfers, while staying well below where servers start
 * answering 503/429 for one client; browsers queue beyond 6 per host on HTTP/1.1 anyway and
 * multiplex on HTTP/2.
 */
export const DEFAULT_CONCURRENCY = 16;
/**
 * How many times a request is retried after its first try when {@link HttpStoreOptions}
 * `retries` is not given.
 */
export const DEFAULT_RETRIES = 3;

/**
 * A request failed: `status` is the last HTTP status (undefined for a network error). The
 * message names the method, the URL (query hidden) and the status. Thrown by every read of
 * {@link HttpStore} for an answer other than success or "missing" (404, and 403 unless
 * `forbiddenIsMissing` is false), once the retries are used up; a network error keeps the
 * fetch error as `cause`.
 */
export class HttpStoreError extends ZarrError {
  /** `"HttpStoreError"`. */
  override name = "HttpStoreError";
  /** The URL of the failed request, its query (often a signature or token) hidden. */
  readonly url: string;
  /** The HTTP status of the last try; `undefined` when it failed with a network error. */
  readonly status: number | undefined;
  /** How many tries were made, the first included. */
  readonly tries: number;

  /**
   * @param message - The error message.
   * @param details - The URL (already redacted), the last status and the number of tries.
   * @param options - Standard error options, e.g. `cause`.
   */
  constructor(
    message: string,
    details: { url: string; status?: number; tries: number },
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.url = details.url;
    this.status = details.status;
    this.tries = details.tries;
  }
}

/** Statuses a retry may cure: timeouts, throttling and server trouble (not 501/505, which stay). */
function retryable(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status !== 501 && status !== 505);
}

/** A `Retry-After` header in ms (seconds or an HTTP date), undefined when absent or unreadable. */
function retryAfterMs(header: string | null): number | undefined {
  if (header === null) return undefined;
  const text = header.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** The URL as errors print it: the query (often a signature or token) left out. */
function redact(url: string): string {
  const q = url.indexOf("?");
  return q < 0 ? url : `${url.slice(0, q)}?<query hidden>`;
}

function checkCount(name: string, value: number | undefined, min: number, fallback: number) {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < min)
    throw new ZarrError(`HttpStore: option "${name}" must be an integer >= ${min}, got ${value}`);
  return value;
}

function checkMs(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 0)
    throw new ZarrError(`HttpStore: option "${name}" must be a number of ms >= 0, got ${value}`);
  return value;
}

type Attempt<T> = { done: true; value: T } | { done: false; status?: number; wait?: number };

/**
 * A read-only store over HTTP(S): each key is a URL under `url`. Missing keys (404, and 403
 * unless told otherwise) read as undefined; range reads use `Range` and cope with servers that
 * ignore it. Requests are capped in number and retried with backoff on transient failures.
 * Runs wherever `fetch` does (Node 20+, browsers, workers).
 *
 * zarr-python reads HTTP through fsspec (`FSStore("https://...")`); this is its counterpart
 * for reading. Every method that reads takes an `AbortSignal` (`{ signal }`) that cancels the
 * request, a wait between retries or a wait for a free slot.
 *
 * @example
 * ```ts
 * import { openConsolidated } from "@zarrkit/core";
 * import { HttpStore } from "@zarrkit/store-http";
 *
 * const store = new HttpStore("https://example.com/data/example.zarr", {
 *   headers: { authorization: `Bearer ${token}` },
 *   concurrency: 8,
 * });
 * const root = await openConsolidated(store, { mode: "r" });
 * ```
 */
export class HttpStore implements ReadableStore {
  /** Always true: writes fail with `ReadOnlyError`. */
  readonly readOnly = true;
  /** The base URL (ending in `/`), as errors print it. */
  readonly path: string;
  readonly #base: URL;
  readonly #fetch: typeof globalThis.fetch;
  readonly #headers: HttpHeaders | undefined;
  readonly #limiter: RequestLimiter;
  readonly #retries: number;
  readonly #retryDelay: number;
  readonly #maxRetryDelay: number;
  readonly #forbiddenIsMissing: boolean;

  /**
   * @param url - The base URL of the store (`http:` or `https:`); a `/` is added to its path
   *   when missing, and its query (a SAS token, say) is sent with every request.
   * @param options - See {@link HttpStoreOptions}.
   * @throws {ZarrError} When `url` is not an http(s) URL, an option is out of range, or the
   *   runtime has no `fetch` and none was given.
   */
  constructor(url: string | URL, options: HttpStoreOptions = {}) {
    let base: URL;
    try {
      base = new URL(url);
    } catch {
      throw new ZarrError(`HttpStore: not a URL: ${JSON.stringify(redact(String(url)))}`);
    }
    if (base.protocol !== "http:" && base.protocol !== "https:")
      throw new ZarrError(
        `HttpStore: URL must start with http:// or https://, got ${JSON.stringify(redact(String(url)))}`,
      );
    if (!base.pathname.endsWith("/")) base.pathname += "/";
    base.hash = "";
    this.#base = base;
    this.path = redact(base.href);
    const f = options.fetch ?? globalThis.fetch;
    if (typeof f !== "function")
      throw new ZarrError('HttpStore: no fetch in this runtime; pass one as option "fetch"');
    // Called unbound, a browser's fetch throws "Illegal invocation".
    this.#fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.#headers = options.headers;
    this.#limiter = new RequestLimiter(
      checkCount("concurrency", options.concurrency, 1, DEFAULT_CONCURRENCY),
    );
    this.#retries = checkCount("retries", options.retries, 0, DEFAULT_RETRIES);
    this.#retryDelay = checkMs("retryDelay", options.retryDelay, 200);
    this.#maxRetryDelay = checkMs("maxRetryDelay", options.maxRetryDelay, 10_000);
    this.#forbiddenIsMissing = options.forbiddenIsMissing ?? true;
  }

  /** Requests in flight at most. */
  get concurrency(): number {
    return this.#limiter.limit;
  }

  /** The URL of a key: each path segment percent-encoded, the base URL's query kept. */
  url(key: string): string {
    // A ".." segment would reach outside the base URL: keys follow core's rules.
    checkStoreKey(key);
    const u = new URL(this.#base.href);
    u.pathname += key.split("/").map(encodeURIComponent).join("/");
    return u.href;
  }

  /**
   * The value at `key` (a GET of {@link HttpStore.url}), or `undefined` when the server
   * answers 404 (or 403, unless `forbiddenIsMissing` is false).
   *
   * @throws {HttpStoreError} On any other failure, after the retries.
   * @throws {StoreKeyError} When the key breaks core's key rules (before any request).
   */
  async get(key: string, options?: StoreGetOptions): Promise<Uint8Array | undefined> {
    return this.#request("GET", key, undefined, options?.signal, async (res, url, tries) => {
      if (res.ok && res.status !== 206) return new Uint8Array(await res.arrayBuffer());
      if (this.#missing(res.status)) return undefined;
      throw this.#statusError("GET", url, res, tries);
    });
  }

  /**
   * Part of the value at `key`, with a `Range` request; `undefined` when the key is missing.
   * A zero-length range answers empty bytes without a request, a range past the end answers
   * empty bytes, and from a server that ignores `Range` the range is cut out of the whole value.
   *
   * @throws {HttpStoreError} On a failure (after the retries), or when the server sent bytes
   *   other than those asked for.
   * @throws {StoreKeyError} When the key or the range is invalid (before any request).
   */
  async getRange(
    key: string,
    range: ByteRange,
    options?: StoreGetOptions,
  ): Promise<Uint8Array | undefined> {
    // Checks the numbers before any request.
    rangeBounds(range, Number.MAX_SAFE_INTEGER, key);
    let header: string | undefined;
    if ("suffixLength" in range) {
      if (range.suffixLength === 0) return new Uint8Array(0);
      header = `bytes=-${range.suffixLength}`;
    } else if (range.length === 0) {
      return new Uint8Array(0);
    } else if (range.length !== undefined) {
      header = `bytes=${range.offset}-${range.offset + range.length - 1}`;
    } else if (range.offset > 0) {
      header = `bytes=${range.offset}-`;
    }
    return this.#request("GET", key, header, options?.signal, async (res, url, tries) => {
      if (res.status === 206) {
        const body = new Uint8Array(await res.arrayBuffer());
        return sliceRangeAnswer(body, res.headers.get("content-range"), range, key, url);
      }
      // A server that does not do ranges sends the whole value: cut the range out of it.
      if (res.ok) {
        const body = new Uint8Array(await res.arrayBuffer());
        return body.subarray(...rangeBounds(range, body.byteLength, key));
      }
      // The value exists but the range starts past its end.
      if (res.status === 416) {
        await res.body?.cancel();
        return new Uint8Array(0);
      }
      if (this.#missing(res.status)) return undefined;
      throw this.#statusError("GET", url, res, tries);
    });
  }

  /**
   * True when a HEAD request for `key` succeeds; false on 404 (or 403, unless
   * `forbiddenIsMissing` is false).
   *
   * @throws {HttpStoreError} On any other failure, after the retries.
   */
  async has(key: string, options?: StoreGetOptions): Promise<boolean> {
    return this.#request("HEAD", key, undefined, options?.signal, async (res, url, tries) => {
      await res.body?.cancel();
      if (res.ok) return true;
      if (this.#missing(res.status)) return false;
      throw this.#statusError("HEAD", url, res, tries);
    });
  }

  /**
   * Always fails: the store is read-only.
   *
   * @throws {ReadOnlyError} Always.
   */
  async set(key: string, _value: Uint8Array): Promise<void> {
    throw new ReadOnlyError(`cannot write "${key}": ${this} at ${this.path} is read-only`);
  }

  /**
   * Always fails: the store is read-only.
   *
   * @throws {ReadOnlyError} Always.
   */
  async delete(key: string): Promise<boolean> {
    throw new ReadOnlyError(`cannot delete "${key}": ${this} at ${this.path} is read-only`);
  }

  /** `"HttpStore"`: the name `info()` prints for the store. */
  toString(): string {
    return "HttpStore";
  }

  #missing(status: number): boolean {
    return status === 404 || (status === 403 && this.#forbiddenIsMissing);
  }

  #statusError(method: string, url: string, res: Response, tries: number): HttpStoreError {
    const text = `${res.status}${res.statusText ? ` ${res.statusText}` : ""}`;
    const after = tries > 1 ? ` after ${tries} tries` : "";
    return new HttpStoreError(`${method} ${redact(url)}: HTTP ${text}${after}`, {
      url: redact(url),
      status: res.status,
      tries,
    });
  }

  /**
   * One request, retried on network errors and retryable statuses with exponential backoff
   * and jitter (or the server's `Retry-After`), each try holding a concurrency slot until its
   * body is read; `handle` turns a final answer into the result.
   */
  async #request<T>(
    method: "GET" | "HEAD",
    key: string,
    range: string | undefined,
    signal: AbortSignal | undefined,
    handle: (res: Response, url: string, tries: number) => Promise<T>,
  ): Promise<T> {
    const url = this.url(key);
    const tries = this.#retries + 1;
    for (let attempt = 1; ; attempt++) {
      let outcome: Attempt<T>;
      try {
        outcome = await this.#limiter.run(async (): Promise<Attempt<T>> => {
          const headers = new Headers(
            typeof this.#headers === "function"
              ? await this.#headers({ method, url, key })
              : this.#headers,
          );
          if (range !== undefined) headers.set("Range", range);
          const res = await this.#fetch(url, { method, headers, ...(signal ? { signal } : {}) });
          if (retryable(res.status) && attempt < tries) {
            await res.body?.cancel();
            return {
              done: false,
              status: res.status,
              wait: retryAfterMs(res.headers.get("retry-after")),
            };
          }
          if (retryable(res.status)) {
            await res.body?.cancel();
            throw this.#statusError(method, url, res, attempt);
          }
          return { done: true, value: await handle(res, url, attempt) };
        }, signal);
      } catch (e) {
        if (signal?.aborted) throw abortReason(signal);
        if (e instanceof ZarrError) throw e;
        // fetch rejects (and a body read fails) only on network trouble: worth another try.
        if (attempt >= tries) {
          const why = e instanceof Error ? describeNetworkError(e) : String(e);
          throw new HttpStoreError(
            `${method} ${redact(url)}: ${why}${tries > 1 ? ` after ${attempt} tries` : ""}`,
            { url: redact(url), tries: attempt },
            { cause: e },
          );
        }
        outcome = { done: false };
      }
      if (outcome.done) return outcome.value;
      const backoff = Math.min(this.#maxRetryDelay, this.#retryDelay * 2 ** (attempt - 1));
      // Equal jitter: half fixed, half random, so clients that failed together spread out.
      const jittered = backoff / 2 + Math.random() * (backoff / 2);
      const wait =
        outcome.wait === undefined ? jittered : Math.min(outcome.wait, this.#maxRetryDelay);
      await abortableSleep(wait, signal);
    }
  }
}

/** The fetch error and its cause (undici puts ECONNRESET and the like there), no headers. */
function describeNetworkError(e: Error): string {
  const cause = e.cause instanceof Error ? `: ${e.cause.message}` : "";
  return `network error: ${e.message}${cause}`;
}

/** The wanted bytes out of a 206 answer, whichever part of the value the server sent. */
function sliceRangeAnswer(
  body: Uint8Array,
  contentRange: string | null,
  range: ByteRange,
  key: string,
  url: string,
): Uint8Array {
  const m =
    contentRange === null ? null : /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(contentRange.trim());
  if (m === null) return body;
  const first = Number(m[1]);
  const total = m[3] === "*" ? first + body.byteLength : Number(m[3]);
  const [start, end] = rangeBounds(range, total, key);
  if (start < first || end > first + body.byteLength)
    throw new HttpStoreError(
      `GET ${redact(url)}: the server sent bytes ${first}-${Number(m[2])} of ${total}, not the ${start}-${end - 1} asked for`,
      { url: redact(url), status: 206, tries: 1 },
    );
  return body.subarray(start - first, end - first);
}
