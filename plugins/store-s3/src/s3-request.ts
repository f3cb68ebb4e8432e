import { ZarrError } from "@zarrkit/core";
import { AwsClient } from "aws4fetch";

/**
 * An S3 request that failed: the message names the operation, the `s3://bucket/prefix/key`,
 * the HTTP status, S3's error code and message, and a hint for the common ones (wrong region,
 * wrong key, missing bucket). Secrets are removed from any text that came from the server.
 * Thrown by every {@link S3Store} method for an answer that is neither success nor "not
 * found", after the retries.
 */
export class S3Error extends ZarrError {
  /** `"S3Error"`. */
  override name = "S3Error";
  /**
   * @param message - The error message.
   * @param status - The HTTP status of the answer; `undefined` for a network error.
   * @param code - S3's error code (e.g. `NoSuchBucket`, `AccessDenied`), when the answer had one.
   * @param options - Standard error options, e.g. `cause`.
   */
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly code: string | undefined,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * The keys requests are signed with (AWS Signature V4). They are kept in private fields:
 * no error, `toString()`, `JSON.stringify` or `util.inspect` of a store shows them.
 */
export interface S3Credentials {
  /** The access key id (`AWS_ACCESS_KEY_ID`; s3fs's `key`). */
  readonly accessKeyId: string;
  /** The secret access key (`AWS_SECRET_ACCESS_KEY`; s3fs's `secret`). */
  readonly secretAccessKey: string;
  /** The session token of temporary credentials (`AWS_SESSION_TOKEN`; s3fs's `token`). */
  readonly sessionToken?: string;
}

export interface RequestPolicy {
  /** Requests in flight at once. */
  concurrency: number;
  /** Further attempts after the first for idempotent requests (5xx, 429, network errors). */
  retries: number;
  /** First backoff in ms; doubles per attempt, with full jitter, capped at 5 s. */
  retryDelayMs: number;
  /** The longest wait between attempts, a server's `Retry-After` included. */
  maxRetryDelayMs: number;
  fetch: typeof fetch;
}

export interface S3Request {
  method: "GET" | "HEAD" | "PUT" | "POST" | "DELETE";
  url: string;
  /** For error texts: what was asked, e.g. `GET s3://bucket/prefix/key`. */
  what: string;
  headers?: Record<string, string>;
  body?: Uint8Array | string;
  /** Whether the request may be sent again (true for one key's GET/HEAD/PUT/DELETE). */
  idempotent: boolean;
  signal?: AbortSignal;
}

export interface S3Response {
  status: number;
  headers: Headers;
  body: Uint8Array;
}

/** A counting semaphore: at most `limit` holders at a time, first come first served. */
class Limiter {
  #active = 0;
  readonly #waiting: (() => void)[] = [];
  constructor(readonly limit: number) {}
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#active >= this.limit) await new Promise<void>((r) => this.#waiting.push(r));
    this.#active++;
    try {
      return await task();
    } finally {
      this.#active--;
      this.#waiting.shift()?.();
    }
  }
}

/**
 * Signs (SigV4 through aws4fetch, which works in browsers with WebCrypto), sends, caps the
 * requests in flight and retries. The credentials live in a private field of this object and
 * of nothing printable, so neither `util.inspect` nor JSON of a store shows them.
 */
export class S3Requester {
  readonly #client: AwsClient;
  readonly #secrets: string[];
  readonly #limiter: Limiter;
  readonly #policy: RequestPolicy;

  constructor(credentials: S3Credentials, region: string, policy: RequestPolicy) {
    // retries: 0 because aws4fetch would retry non-idempotent POSTs too; we retry ourselves.
    this.#client = new AwsClient({ ...credentials, region, service: "s3", retries: 0 });
    this.#secrets = [credentials.secretAccessKey, credentials.sessionToken ?? ""].filter(
      (s) => s.length >= 4,
    );
    this.#limiter = new Limiter(policy.concurrency);
    this.#policy = policy;
  }

  /** Remove any secret from a text that came back from a server or the network stack. */
  redact(text: string): string {
    let out = text;
    for (const s of this.#secrets) out = out.split(s).join("***");
    return out;
  }

  /**
   * Send a request and read its whole answer. Statuses below 500 (other than 429) come back
   * to the caller, which knows which of them mean "not found"; 5xx/429 and network errors are
   * retried when the request is idempotent, then raised as an S3Error.
   */
  async send(req: S3Request): Promise<S3Response> {
    const { retries, retryDelayMs, maxRetryDelayMs } = this.#policy;
    const attempts = req.idempotent ? retries + 1 : 1;
    let last: unknown;
    for (let attempt = 0; attempt < attempts; attempt++) {
      if (attempt > 0) {
        // A throttled or busy server may say when to come back; waiting less only earns
        // another 429/503, so its Retry-After wins over a shorter backoff (within the cap).
        const asked = last instanceof Error ? undefined : retryAfterMs(last as S3Response);
        await backoff(retryDelayMs, attempt, maxRetryDelayMs, asked, req.signal);
      }
      req.signal?.throwIfAborted();
      try {
        const res = await this.#limiter.run(() => this.#attempt(req));
        if (res.status < 500 && res.status !== 429) return res;
        last = res;
      } catch (e) {
        if (req.signal?.aborted) throw req.signal.reason;
        last = e;
      }
    }
    if (last instanceof Error || !last) {
      const why = last instanceof Error ? this.redact(describeNetworkError(last)) : "no answer";
      const tries = attempts > 1 ? ` after ${attempts} attempts` : "";
      throw new S3Error(`S3 ${req.what} failed${tries}: ${why}`, undefined, undefined);
    }
    throw this.error(req, last as S3Response, attempts);
  }

  async #attempt(req: S3Request): Promise<S3Response> {
    const init: RequestInit & { signal?: AbortSignal } = { method: req.method };
    if (req.headers) init.headers = req.headers;
    if (req.body !== undefined) init.body = req.body as BodyInit;
    if (req.signal) init.signal = req.signal;
    const signed = await this.#client.sign(req.url, init);
    const res = await this.#policy.fetch(signed);
    const body = new Uint8Array(await res.arrayBuffer());
    return { status: res.status, headers: res.headers, body };
  }

  /** The S3Error for an answer: the request, the status, S3's error code and message. */
  error(req: S3Request, res: S3Response, attempts = 1): S3Error {
    const text = new TextDecoder().decode(res.body);
    const code = xmlText(text, "Code");
    const message = xmlText(text, "Message");
    const detail = [code, message].filter(Boolean).join(": ");
    const tries = attempts > 1 ? ` after ${attempts} attempts` : "";
    return new S3Error(
      this.redact(
        `S3 ${req.what} failed${tries}: HTTP ${res.status}${detail ? ` ${detail}` : ""}${advice(code)}`,
      ),
      res.status,
      code,
    );
  }
}

function advice(code: string | undefined): string {
  switch (code) {
    case "NoSuchBucket":
      return " (create the bucket first, or check the bucket name and endpoint)";
    case "SignatureDoesNotMatch":
      return " (check the secret access key, and that the endpoint is the one the key belongs to)";
    case "InvalidAccessKeyId":
      return " (check the access key id)";
    case "AuthorizationHeaderMalformed":
      return " (check the region: the server expects another one)";
    default:
      return "";
  }
}

function describeNetworkError(e: Error): string {
  const cause = (e as { cause?: unknown }).cause;
  const inner = cause instanceof Error ? ` (${cause.message})` : "";
  return `${e.message}${inner}`;
}

/** An answer's `Retry-After` in ms (seconds or an HTTP date); undefined when absent or unreadable. */
function retryAfterMs(res: S3Response | undefined): number | undefined {
  const header = res?.headers.get("retry-after");
  if (header === null || header === undefined) return undefined;
  const text = header.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

async function backoff(
  baseMs: number,
  attempt: number,
  maxMs: number,
  retryAfter: number | undefined,
  signal?: AbortSignal,
): Promise<void> {
  // Full jitter: many clients retrying after one outage must not come back in step.
  const jittered = Math.random() * Math.min(5000, baseMs * 2 ** (attempt - 1));
  const ms = Math.min(maxMs, Math.max(jittered, retryAfter ?? 0));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(done, ms);
    function done() {
      signal?.removeEventListener("abort", aborted);
      resolve();
    }
    function aborted() {
      clearTimeout(timer);
      reject(signal?.reason);
    }
    signal?.addEventListener("abort", aborted, { once: true });
  });
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/** Undo XML's escapes (the five named entities and numeric character references). */
export function xmlUnescape(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (whole, name: string) => {
    if (name.startsWith("#x")) return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
    if (name.startsWith("#")) return String.fromCodePoint(Number.parseInt(name.slice(1), 10));
    return ENTITIES[name] ?? whole;
  });
}

/**
 * The text of every `<tag>` element in `xml`. S3's answers are flat, machine-written XML
 * (no CDATA, no attributes on the elements read here), so this is all the parsing they need,
 * and it works where there is no DOMParser (Node).
 */
export function xmlAll(xml: string, tag: string): string[] {
  const out: string[] = [];
  const re = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, "g");
  for (let m = re.exec(xml); m; m = re.exec(xml)) out.push(m[1] ?? "");
  return out;
}

/** The unescaped text of the first `<tag>` element, or undefined. */
export function xmlText(xml: string, tag: string): string | undefined {
  const first = xmlAll(xml, tag)[0];
  return first === undefined ? undefined : xmlUnescape(first);
}

export function xmlEscape(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => `&${Object.keys(ENTITIES).find((k) => ENTITIES[k] === c)};`,
  );
}
