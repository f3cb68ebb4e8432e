import {
  type ByteRange,
  checkStoreKey as checkKey,
  checkStorePrefix,
  rangeBounds,
  ReadOnlyError,
  type StoreGetOptions,
  ZarrError,
} from "@zarrkit/core";
import { md5 } from "@noble/hashes/legacy.js";
import {
  type S3Credentials,
  S3Error,
  S3Requester,
  type S3Request,
  type S3Response,
  xmlAll,
  xmlEscape,
  xmlText,
  xmlUnescape,
} from "./s3-request.js";

/**
 * Options of {@link S3Store}: only `bucket` is required. The environment variables named are
 * read from `process.env` where there is one (Node, Deno, Bun); in a browser, pass the options.
 */
export interface S3StoreOptions {
  /**
   * The bucket's name: 3-63 characters of `a-z`, `0-9`, `.` and `-`, starting and ending
   * with a letter or digit.
   */
  bucket: string;
  /**
   * Folder inside the bucket that is the store's root (no leading or trailing `/` needed).
   * Default `""`: the bucket's root.
   */
  prefix?: string;
  /**
   * The server's URL, e.g. `http://127.0.0.1:9000` (s3fs's `endpoint_url`). Default
   * `AWS_ENDPOINT_URL_S3`, `AWS_ENDPOINT_URL`, then `https://s3.<region>.amazonaws.com`.
   */
  endpoint?: string;
  /**
   * The region requests are signed for; it must match the server's exactly. Default
   * `AWS_REGION`, `AWS_DEFAULT_REGION`, then `us-east-1`.
   */
  region?: string;
  /**
   * The keys to sign requests with. Default: `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and
   * `AWS_SESSION_TOKEN` from the environment; the store cannot be made without credentials.
   */
  credentials?: S3Credentials;
  /**
   * `https://endpoint/bucket/key` instead of `https://bucket.endpoint/key`. Default: path style
   * for endpoints that are IP addresses or `localhost` and for bucket names with dots (which
   * break TLS host names), virtual-hosted otherwise, as AWS's SDKs choose.
   */
  forcePathStyle?: boolean;
  /** Requests in flight at once (default 16). */
  concurrency?: number;
  /** Retries of an idempotent request on 5xx, 429 and network errors (default 4; 0 for none). */
  retries?: number;
  /** First retry delay in ms, doubled per retry, with full jitter (default 100). */
  retryDelayMs?: number;
  /** The longest wait between retries in ms, a server's `Retry-After` included (default 10000). */
  maxRetryDelayMs?: number;
  /** Values larger than this many bytes go up as a multipart upload (default 64 MiB). */
  multipartThreshold?: number;
  /**
   * Part size of a multipart upload in bytes (default 16 MiB; at least 5 MiB, as S3
   * requires). Parts grow beyond it so that no upload needs more than 1000 parts.
   */
  partSize?: number;
  /** Keys per multi-object delete request (default and maximum 1000). */
  deleteBatchSize?: number;
  /** Keys per listing page (default and maximum 1000). */
  listPageSize?: number;
  /**
   * Refuse writes (`ReadOnlyError`) before any request. Default false (true for `s3://`
   * locations opened with mode `"r"`).
   */
  readOnly?: boolean;
  /** A custom fetch (a proxy, a test double, a mocked clock). Default: the global `fetch`. */
  fetch?: typeof fetch;
}

const MiB = 1024 * 1024;
// S3's minimum part size (all but the last part), and the part count Swift's s3api allows by
// default (AWS allows 10000): larger objects get larger parts so any S3 accepts them.
const MIN_PART = 5 * MiB;
const MAX_PARTS = 1000;

/** `process.env` where there is one (Node, Deno, Bun); browsers have none. */
function env(name: string): string | undefined {
  const p = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process;
  const value = p?.env?.[name];
  return value === "" ? undefined : value;
}

function positiveInt(name: string, value: number | undefined, fallback: number, max = Infinity) {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1 || value > max)
    throw new ZarrError(
      `S3Store option ${name} must be an integer from 1 to ${max}, got ${String(value)}`,
    );
  return value;
}

// Bucket names as S3 allows them today: 3-63 of a-z 0-9 . -, starting and ending alphanumeric.
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/**
 * A store in an S3 bucket (AWS, MinIO, Ceph, Swift's s3api, ...), in Node and browsers. Each
 * value is one object, written by one PUT, which S3 makes atomic: a reader sees the old value
 * or the new one, never part of one. See the README for what is safe with many writers.
 *
 * zarr-python reaches S3 through s3fs (`FSStore("s3://bucket/prefix")`); the `s3://`
 * locations this package registers take s3fs's `storageOptions` names too (see
 * {@link openS3Store}). Requests are signed with AWS Signature V4, at most `concurrency` in
 * flight, and idempotent ones are retried with backoff. Errors are {@link S3Error}s.
 *
 * @example
 * ```ts
 * import { zeros } from "@zarrkit/core";
 * import { S3Store } from "@zarrkit/store-s3";
 *
 * const store = new S3Store({
 *   bucket: "my-bucket",
 *   prefix: "data/example.zarr",
 *   region: "eu-west-1",
 *   // credentials default to AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY
 * });
 * const z = await zeros([1000, 1000], { chunks: [100, 100], dtype: "i4", store });
 * ```
 */
export class S3Store {
  /** The bucket's name. */
  readonly bucket: string;
  /** The root inside the bucket: "" or a prefix ending in "/". */
  readonly prefix: string;
  /** The server's URL, without a trailing `/` (option `endpoint` or its default). */
  readonly endpoint: string;
  /** The region requests are signed for. */
  readonly region: string;
  /** True when requests go to `endpoint/bucket/key`, false for `bucket.endpoint/key`. */
  readonly pathStyle: boolean;
  /** True when writes are refused (option `readOnly`, or a location opened with mode `"r"`). */
  readonly readOnly: boolean;
  readonly #requester: S3Requester;
  readonly #multipartThreshold: number;
  readonly #partSize: number;
  readonly #deleteBatchSize: number;
  readonly #listPageSize: number;

  /**
   * Make a store over `s3://bucket/prefix`; no request is sent until the first operation.
   *
   * @param options - See {@link S3StoreOptions}.
   * @throws {ZarrError} When the bucket name, the prefix, the endpoint or a numeric option is
   *   invalid, or no credentials are given or found in the environment.
   */
  constructor(options: S3StoreOptions) {
    const { bucket } = options;
    if (typeof bucket !== "string" || !BUCKET.test(bucket) || bucket.includes(".."))
      throw new ZarrError(
        `S3Store: invalid bucket name ${JSON.stringify(bucket)}: 3-63 characters of a-z, 0-9, '.' and '-', starting and ending with a letter or digit`,
      );
    this.bucket = bucket;
    const prefix = (options.prefix ?? "").replace(/^\/+|\/+$/g, "");
    if (prefix) checkKey(prefix);
    this.prefix = prefix ? `${prefix}/` : "";
    this.region = options.region ?? env("AWS_REGION") ?? env("AWS_DEFAULT_REGION") ?? "us-east-1";
    const endpoint =
      options.endpoint ??
      env("AWS_ENDPOINT_URL_S3") ??
      env("AWS_ENDPOINT_URL") ??
      `https://s3.${this.region}.amazonaws.com`;
    let url: URL;
    try {
      url = new URL(endpoint);
    } catch {
      throw new ZarrError(`S3Store: endpoint ${JSON.stringify(endpoint)} is not a URL`);
    }
    if (url.protocol !== "http:" && url.protocol !== "https:")
      throw new ZarrError(`S3Store: endpoint ${endpoint} must be http:// or https://`);
    this.endpoint = endpoint.replace(/\/+$/, "");
    const host = url.hostname;
    const ipOrLocal = /^[\d.]+$/.test(host) || host.startsWith("[") || host === "localhost";
    this.pathStyle = options.forcePathStyle ?? (ipOrLocal || bucket.includes("."));
    const credentials = options.credentials ?? envCredentials();
    if (!credentials?.accessKeyId || !credentials.secretAccessKey)
      throw new ZarrError(
        `S3Store for bucket ${bucket}: no credentials: pass credentials { accessKeyId, secretAccessKey } or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY`,
      );
    const fetchFn = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.#requester = new S3Requester(credentials, this.region, {
      concurrency: positiveInt("concurrency", options.concurrency, 16),
      retries: options.retries === 0 ? 0 : positiveInt("retries", options.retries, 4),
      retryDelayMs: options.retryDelayMs ?? 100,
      maxRetryDelayMs: options.maxRetryDelayMs ?? 10_000,
      fetch: fetchFn,
    });
    this.readOnly = options.readOnly ?? false;
    this.#partSize = positiveInt("partSize", options.partSize, 16 * MiB);
    if (this.#partSize < MIN_PART)
      throw new ZarrError(
        `S3Store option partSize must be at least 5 MiB (S3's minimum part), got ${this.#partSize}`,
      );
    this.#multipartThreshold = positiveInt(
      "multipartThreshold",
      options.multipartThreshold,
      64 * MiB,
    );
    this.#deleteBatchSize = positiveInt("deleteBatchSize", options.deleteBatchSize, 1000, 1000);
    this.#listPageSize = positiveInt("listPageSize", options.listPageSize, 1000, 1000);
  }

  /** `S3Store(s3://bucket/prefix/)`, the name `info()` prints; never the credentials. */
  toString(): string {
    return `S3Store(s3://${this.bucket}/${this.prefix})`;
  }

  /** What `util.inspect` and `console.log` show: no credentials, ever. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  /** What `JSON.stringify` shows: bucket, prefix, endpoint and region, never credentials. */
  toJSON(): Record<string, unknown> {
    return {
      bucket: this.bucket,
      prefix: this.prefix,
      endpoint: this.endpoint,
      region: this.region,
    };
  }

  /** The URL of an object (or of the bucket for key ""), with query parameters. */
  url(objectKey: string, query?: Record<string, string>): string {
    const path = objectKey.split("/").map(encodeSegment).join("/");
    const base = new URL(this.endpoint);
    const root = base.pathname.replace(/\/+$/, "");
    let href: string;
    if (this.pathStyle) {
      href = `${base.protocol}//${base.host}${root}/${this.bucket}/${path}`;
    } else {
      href = `${base.protocol}//${this.bucket}.${base.host}${root}/${path}`;
    }
    if (query) {
      const q = Object.entries(query)
        .map(([k, v]) => (v === "" ? encodeSegment(k) : `${encodeSegment(k)}=${encodeSegment(v)}`))
        .join("&");
      if (q) href += `?${q}`;
    }
    return href;
  }

  #where(key?: string): string {
    return `s3://${this.bucket}/${this.prefix}${key ?? ""}`;
  }

  #request(
    method: S3Request["method"],
    key: string,
    what: string,
    extra: Partial<S3Request> = {},
  ): Promise<S3Response> {
    return this.#requester.send({
      method,
      url: this.url(this.prefix + key),
      what: `${what} ${this.#where(key)}`,
      idempotent: true,
      ...extra,
    });
  }

  #fail(req: Pick<S3Request, "what">, res: S3Response): never {
    throw this.#requester.error({ ...req } as S3Request, res);
  }

  /**
   * The value at `key` (one GET), or `undefined` on a 404. A 403 is an error, not "missing":
   * AWS answers 403 for a missing key when the credentials lack `s3:ListBucket`, so grant it.
   *
   * @throws {S3Error} When the bucket does not exist (`NoSuchBucket`) or the request fails.
   * @throws {StoreKeyError} When the key breaks core's key rules (before any request).
   */
  async get(key: string, options?: StoreGetOptions): Promise<Uint8Array | undefined> {
    checkKey(key);
    const what = `GET ${this.#where(key)}`;
    const res = await this.#request("GET", key, "GET", sig(options));
    if (res.status === 404) return this.#missing(res, what);
    if (res.status !== 200) this.#fail({ what }, res);
    return res.body;
  }

  /**
   * Part of the value at `key`, with a `Range` GET; `undefined` when the key is missing. A
   * range starting past the end is an empty value; an empty range only asks whether the key
   * exists (HEAD). From a server that ignores `Range`, the range is cut out of the whole value.
   *
   * @throws {S3Error} When the bucket does not exist or the request fails.
   * @throws {StoreKeyError} When the key or the range is invalid (before any request).
   */
  async getRange(
    key: string,
    range: ByteRange,
    options?: StoreGetOptions,
  ): Promise<Uint8Array | undefined> {
    checkKey(key);
    // Validates the range (and names the key) before any request.
    rangeBounds(range, Number.MAX_SAFE_INTEGER, key);
    let header: string | undefined;
    if ("suffixLength" in range) {
      if (range.suffixLength > 0) header = `bytes=-${range.suffixLength}`;
    } else if (range.length === undefined) {
      header = `bytes=${range.offset}-`;
    } else if (range.length > 0) {
      header = `bytes=${range.offset}-${range.offset + range.length - 1}`;
    }
    // An empty range has no HTTP form: the answer is "" when the object exists.
    if (header === undefined) return (await this.has(key)) ? new Uint8Array(0) : undefined;
    const what = `GET ${this.#where(key)} (Range: ${header})`;
    const res = await this.#request("GET", key, "GET", {
      headers: { Range: header },
      what,
      ...sig(options),
    });
    if (res.status === 404) return this.#missing(res, what);
    // Not satisfiable: the range starts at or past the end of an object that exists.
    if (res.status === 416) return new Uint8Array(0);
    if (res.status === 206) return res.body;
    if (res.status === 200) {
      // A server that ignores Range sends the whole value.
      const [start, end] = rangeBounds(range, res.body.byteLength, key);
      return res.body.subarray(start, end);
    }
    this.#fail({ what }, res);
  }

  /**
   * True when an object exists at `key` (HEAD). On a 404, the bucket is checked once more, so
   * a missing bucket is an error rather than false.
   *
   * @throws {S3Error} When the bucket does not exist or the request fails.
   */
  async has(key: string): Promise<boolean> {
    checkKey(key);
    const what = `HEAD ${this.#where(key)}`;
    const res = await this.#request("HEAD", key, "HEAD");
    if (res.status === 404) {
      // HEAD answers carry no body, so a missing bucket looks like a missing key; ask once.
      await this.#checkBucket();
      return false;
    }
    if (res.status !== 200) this.#fail({ what }, res);
    return true;
  }

  /** A 404 is "not found" for a key, but an error for a missing bucket. */
  #missing(res: S3Response, what: string): undefined {
    const code = xmlText(new TextDecoder().decode(res.body), "Code");
    if (code === "NoSuchBucket") this.#fail({ what }, res);
    return undefined;
  }

  async #checkBucket(): Promise<void> {
    const what = `HEAD s3://${this.bucket}`;
    const res = await this.#requester.send({
      method: "HEAD",
      url: this.url(""),
      what,
      idempotent: true,
    });
    if (res.status === 404)
      throw new S3Error(
        `S3 ${what} failed: HTTP 404 NoSuchBucket: bucket ${this.bucket} does not exist at ${this.endpoint} (create the bucket first, or check the bucket name and endpoint)`,
        404,
        "NoSuchBucket",
      );
    if (res.status >= 300) this.#fail({ what }, res);
  }

  #writable(what: string): void {
    if (this.readOnly) throw new ReadOnlyError(`cannot ${what}: ${this} was opened read-only`);
  }

  /**
   * Write `value` at `key`: one PUT, or above `multipartThreshold` bytes a multipart upload
   * whose parts go up in parallel. Either way the object appears whole (readers see the old
   * or the new value), and a failed multipart upload is aborted, leaving no parts behind.
   *
   * @throws {ReadOnlyError} When the store is read-only (before any request).
   * @throws {S3Error} When the upload fails.
   */
  async set(key: string, value: Uint8Array): Promise<void> {
    checkKey(key);
    this.#writable(`write "${key}"`);
    if (value.byteLength > this.#multipartThreshold) return this.#multipart(key, value);
    const what = `PUT ${this.#where(key)}`;
    const res = await this.#request("PUT", key, "PUT", { body: value });
    if (res.status !== 200) this.#fail({ what }, res);
  }

  /**
   * One object from parts; the object appears whole when the upload completes (until then
   * readers see the old value), and a failed upload is aborted so no parts are left behind.
   */
  async #multipart(key: string, value: Uint8Array): Promise<void> {
    const objectKey = this.prefix + key;
    const where = this.#where(key);
    const begin = await this.#requester.send({
      method: "POST",
      url: this.url(objectKey, { uploads: "" }),
      what: `CreateMultipartUpload ${where}`,
      idempotent: false,
    });
    if (begin.status !== 200) this.#fail({ what: `CreateMultipartUpload ${where}` }, begin);
    const uploadId = xmlText(new TextDecoder().decode(begin.body), "UploadId");
    if (!uploadId)
      throw new S3Error(
        `S3 CreateMultipartUpload ${where}: the answer has no UploadId`,
        200,
        undefined,
      );
    try {
      const partSize = Math.max(this.#partSize, Math.ceil(value.byteLength / MAX_PARTS));
      const count = Math.ceil(value.byteLength / partSize);
      const etags = await Promise.all(
        Array.from({ length: count }, async (_, i) => {
          const what = `UploadPart ${i + 1}/${count} ${where}`;
          const res = await this.#requester.send({
            method: "PUT",
            url: this.url(objectKey, { partNumber: String(i + 1), uploadId }),
            what,
            body: value.subarray(i * partSize, Math.min(value.byteLength, (i + 1) * partSize)),
            idempotent: true,
          });
          if (res.status !== 200) this.#fail({ what }, res);
          const etag = res.headers.get("etag");
          if (!etag) throw new S3Error(`S3 ${what}: the answer has no ETag`, 200, undefined);
          return etag;
        }),
      );
      const xml = `<CompleteMultipartUpload>${etags
        .map((e, i) => `<Part><PartNumber>${i + 1}</PartNumber><ETag>${xmlEscape(e)}</ETag></Part>`)
        .join("")}</CompleteMultipartUpload>`;
      const what = `CompleteMultipartUpload ${where}`;
      const done = await this.#requester.send({
        method: "POST",
        url: this.url(objectKey, { uploadId }),
        what,
        body: xml,
        headers: { "Content-Type": "application/xml" },
        idempotent: false,
      });
      // S3 may answer 200 and put the error in the body.
      const text = new TextDecoder().decode(done.body);
      if (done.status !== 200 || text.includes("<Error>")) this.#fail({ what }, done);
    } catch (e) {
      await this.#requester
        .send({
          method: "DELETE",
          url: this.url(objectKey, { uploadId }),
          what: `AbortMultipartUpload ${where}`,
          idempotent: true,
        })
        .catch(() => {});
      throw e;
    }
  }

  /** Delete a key; false when it was not there (S3's DELETE does not say, so HEAD first). */
  async delete(key: string): Promise<boolean> {
    checkKey(key);
    this.#writable(`delete "${key}"`);
    if (!(await this.has(key))) return false;
    const what = `DELETE ${this.#where(key)}`;
    const res = await this.#request("DELETE", key, "DELETE");
    if (res.status !== 204 && res.status !== 200 && res.status !== 404) this.#fail({ what }, res);
    return true;
  }

  /** Every key under `prefix`, by multi-object deletes of up to `deleteBatchSize` keys. */
  async deletePrefix(prefix: string): Promise<void> {
    checkStorePrefix(prefix);
    this.#writable(`delete the keys under "${prefix}"`);
    let batch: string[] = [];
    const pending: Promise<void>[] = [];
    for await (const key of this.list(prefix)) {
      batch.push(this.prefix + key);
      if (batch.length === this.#deleteBatchSize) {
        pending.push(this.#deleteObjects(batch));
        batch = [];
      }
    }
    if (batch.length) pending.push(this.#deleteObjects(batch));
    await Promise.all(pending);
  }

  async #deleteObjects(objectKeys: string[]): Promise<void> {
    const xml = `<?xml version="1.0" encoding="UTF-8"?><Delete><Quiet>true</Quiet>${objectKeys
      .map((k) => `<Object><Key>${xmlEscape(k)}</Key></Object>`)
      .join("")}</Delete>`;
    const body = new TextEncoder().encode(xml);
    const what = `DeleteObjects (${objectKeys.length} keys) s3://${this.bucket}/${objectKeys[0]}...`;
    // Content-MD5 is required by S3 (and Swift) for this request; WebCrypto has no MD5.
    const res = await this.#requester.send({
      method: "POST",
      url: this.url("", { delete: "" }),
      what,
      body,
      headers: { "Content-MD5": base64(md5(body)), "Content-Type": "application/xml" },
      // Deleting the same keys again does no harm.
      idempotent: true,
    });
    if (res.status !== 200) this.#fail({ what }, res);
    const text = new TextDecoder().decode(res.body);
    const errors = xmlAll(text, "Error");
    if (errors.length) {
      const first = errors[0] ?? "";
      throw new S3Error(
        this.#requester.redact(
          `S3 ${what}: ${errors.length} keys were not deleted, first s3://${this.bucket}/${xmlText(first, "Key")}: ${xmlText(first, "Code")} ${xmlText(first, "Message") ?? ""}`,
        ),
        200,
        xmlText(first, "Code"),
      );
    }
  }

  /** Every key under `prefix` (relative to the store root), page by page. */
  async *list(prefix = ""): AsyncGenerator<string> {
    for await (const page of this.#pages(prefix, undefined)) yield* page.keys;
  }

  /** Keys and folders directly under `prefix` ("" or ending in "/"). */
  async listDir(prefix: string): Promise<{
    /** Names (relative to `prefix`) of the values directly under it. */
    keys: string[];
    /** Names (relative to `prefix`, without a trailing `/`) of the folders under it. */
    prefixes: string[];
  }> {
    const keys: string[] = [];
    const prefixes: string[] = [];
    for await (const page of this.#pages(prefix, "/")) {
      for (const k of page.keys) keys.push(k.slice(prefix.length));
      for (const p of page.prefixes) prefixes.push(p.slice(prefix.length).replace(/\/$/, ""));
    }
    return { keys, prefixes };
  }

  async *#pages(
    prefix: string,
    delimiter: string | undefined,
  ): AsyncGenerator<{ keys: string[]; prefixes: string[] }> {
    checkStorePrefix(prefix);
    const full = this.prefix + prefix;
    let token: string | undefined;
    do {
      const query: Record<string, string> = {
        "list-type": "2",
        "encoding-type": "url",
        "max-keys": String(this.#listPageSize),
        prefix: full,
      };
      if (delimiter) query.delimiter = delimiter;
      if (token) query["continuation-token"] = token;
      const what = `ListObjectsV2 ${this.#where(prefix)}`;
      const res = await this.#requester.send({
        method: "GET",
        url: this.url("", query),
        what,
        idempotent: true,
      });
      if (res.status !== 200) this.#fail({ what }, res);
      const xml = new TextDecoder().decode(res.body);
      const strip = this.prefix.length;
      const keys = xmlAll(xml, "Contents").map((c) =>
        urlDecode(xmlAll(c, "Key")[0] ?? "").slice(strip),
      );
      const prefixes = xmlAll(xml, "CommonPrefixes").map((c) =>
        urlDecode(xmlAll(c, "Prefix")[0] ?? "").slice(strip),
      );
      yield { keys, prefixes };
      token =
        xmlText(xml, "IsTruncated") === "true" ? xmlText(xml, "NextContinuationToken") : undefined;
    } while (token);
  }
}

function sig(options?: StoreGetOptions): Partial<S3Request> {
  return options?.signal ? { signal: options.signal } : {};
}

function envCredentials(): S3Credentials | undefined {
  const accessKeyId = env("AWS_ACCESS_KEY_ID");
  const secretAccessKey = env("AWS_SECRET_ACCESS_KEY");
  if (!accessKeyId || !secretAccessKey) return undefined;
  const sessionToken = env("AWS_SESSION_TOKEN");
  return sessionToken
    ? { accessKeyId, secretAccessKey, sessionToken }
    : { accessKeyId, secretAccessKey };
}

/** RFC 3986 encoding of one path segment or query value, as SigV4 signs it. */
function encodeSegment(s: string): string {
  return encodeURIComponent(s).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** Keys from a listing with `encoding-type=url` (AWS writes a space as `+`). */
function urlDecode(s: string): string {
  return decodeURIComponent(xmlUnescape(s).replace(/\+/g, " "));
}

function base64(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}
