import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { join, resolve, sep } from "node:path";

/**
 * One fault, injected into the next `times` requests for a path (default 1):
 * - `status`: answer with that status (500, 503, 429, ...) and a short text body;
 *   `retryAfter` adds a `Retry-After` header (seconds, or an HTTP date as a string).
 * - `reset`: destroy the connection without an answer (the client sees a network error).
 * - `resetAfterHeaders`: send the headers and part of the body, then destroy the connection.
 * - `delayMs`: wait before answering normally (combine with nothing else).
 * - `ignoreRange`: answer 200 with the whole body whatever `Range` says.
 */
export type Fault = { times?: number } & (
  | { status: number; retryAfter?: number | string }
  | { reset: true }
  | { resetAfterHeaders: true }
  | { delayMs: number }
  | { ignoreRange: true }
);

export interface FaultRequest {
  method: string;
  path: string;
  range: string;
  status: number;
  /** `Date.now()` when the request arrived. */
  at: number;
  /** The fault applied, if any. */
  fault?: string;
  headers: Record<string, string | string[] | undefined>;
}

export interface FaultServerOptions {
  /** A directory to serve, or the values to serve by path (no leading slash). */
  root?: string;
  files?: Map<string, Uint8Array>;
  /** Every GET answers 200 with the whole body (a server without range support). */
  ignoreRanges?: boolean;
  /** Wait this long before every answer, so concurrent requests overlap measurably. */
  delayMs?: number;
}

export interface FaultServer {
  /** `http://127.0.0.1:PORT/` (with the trailing slash). */
  url: string;
  port: number;
  /** Queue faults for `path` (no leading slash; "*" for any path), applied in order. */
  inject(path: string, ...faults: Fault[]): void;
  /** Requests so far, in arrival order. */
  readonly requests: FaultRequest[];
  /** How many requests `path` (no leading slash) received. */
  count(path: string, method?: string): number;
  /** The most requests that were being answered at one time. */
  readonly maxInFlight: number;
  /** Requests being answered now. */
  readonly inFlight: number;
  /**
   * Keep every request waiting (without an answer) until `release()`, so a test can see how
   * many a client sends at once without depending on timing.
   */
  hold(): void;
  /** Answer the held requests and stop holding. */
  release(): void;
  /** Forget requests, counters and pending faults. */
  reset(): void;
  /** Change the delay applied to every answer. */
  setDelay(ms: number): void;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function parseRange(header: string, size: number): [number, number] | "unsatisfiable" | null {
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === "" && m[2] === "")) return null;
  if (m[1] === "") {
    const n = Number(m[2]);
    if (n === 0) return "unsatisfiable";
    return [Math.max(0, size - n), size];
  }
  const start = Number(m[1]);
  if (start >= size) return "unsatisfiable";
  const end = m[2] === "" ? size : Math.min(size, Number(m[2]) + 1);
  return end <= start ? null : [start, end];
}

/**
 * A node:http server on 127.0.0.1 and a free port that serves files and injects faults on
 * demand (errors, 429 with Retry-After, resets, slow answers, ignored ranges), counting the
 * requests per path and the most in flight at once: the retry and concurrency tests' server.
 */
export async function startFaultServer(options: FaultServerOptions = {}): Promise<FaultServer> {
  const root = options.root === undefined ? undefined : resolve(options.root);
  const files = options.files ?? new Map<string, Uint8Array>();
  const faults = new Map<string, Fault[]>();
  const requests: FaultRequest[] = [];
  const sockets = new Set<Socket>();
  let inFlight = 0;
  let maxInFlight = 0;
  let delayMs = options.delayMs ?? 0;
  let held: Array<() => void> | undefined;

  async function lookup(path: string): Promise<Uint8Array | undefined> {
    if (files.has(path)) return files.get(path);
    if (root === undefined) return undefined;
    const full = resolve(join(root, path));
    if (full !== root && !full.startsWith(root + sep)) return undefined;
    try {
      return new Uint8Array(await readFile(full));
    } catch {
      return undefined;
    }
  }

  function takeFault(path: string): Fault | undefined {
    for (const p of [path, "*"]) {
      const queue = faults.get(p);
      if (!queue || queue.length === 0) continue;
      const f = queue[0];
      const left = (f.times ?? 1) - 1;
      if (left <= 0) queue.shift();
      else queue[0] = { ...f, times: left };
      return f;
    }
    return undefined;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const path = decodeURIComponent(url.pathname.slice(1));
    const range = typeof req.headers.range === "string" ? req.headers.range : "";
    const entry: FaultRequest = {
      method: req.method ?? "GET",
      path,
      range,
      status: 0,
      at: Date.now(),
      headers: req.headers,
    };
    requests.push(entry);
    const fault = takeFault(path);
    if (fault) entry.fault = JSON.stringify(fault);
    if (held) await new Promise<void>((r) => held?.push(r));
    if (delayMs > 0) await sleep(delayMs);
    if (fault && "delayMs" in fault) await sleep(fault.delayMs);
    if (fault && "reset" in fault) {
      req.socket.destroy();
      return;
    }
    if (fault && "status" in fault) {
      entry.status = fault.status;
      const headers: Record<string, string> = { "content-type": "text/plain" };
      if (fault.retryAfter !== undefined) headers["retry-after"] = String(fault.retryAfter);
      res.writeHead(fault.status, headers);
      res.end(`injected ${fault.status}`);
      return;
    }
    const body = await lookup(path);
    if (body === undefined) {
      entry.status = 404;
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("not found");
      return;
    }
    const ignore = options.ignoreRanges === true || (fault !== undefined && "ignoreRange" in fault);
    const r = range && !ignore ? parseRange(range, body.byteLength) : null;
    if (r === "unsatisfiable") {
      entry.status = 416;
      res.writeHead(416, { "content-range": `bytes */${body.byteLength}` });
      res.end();
      return;
    }
    const [start, end] = r ?? [0, body.byteLength];
    const headers: Record<string, string | number> = {
      "content-type": "application/octet-stream",
      "content-length": end - start,
      "accept-ranges": ignore ? "none" : "bytes",
    };
    if (r) headers["content-range"] = `bytes ${start}-${end - 1}/${body.byteLength}`;
    entry.status = r ? 206 : 200;
    res.writeHead(entry.status, headers);
    if (req.method === "HEAD") {
      res.end();
      return;
    }
    if (fault && "resetAfterHeaders" in fault) {
      res.write(body.subarray(start, start + Math.floor((end - start) / 2)));
      // Let the partial body reach the client before the connection dies.
      await sleep(20);
      req.socket.destroy();
      return;
    }
    res.end(body.subarray(start, end));
  }

  const server = createServer((req, res) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    let done = false;
    const finish = () => {
      if (!done) {
        done = true;
        inFlight--;
      }
    };
    res.once("close", finish);
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) res.writeHead(500);
      res.end(String(e));
    });
  });
  server.on("connection", (s: Socket) => {
    sockets.add(s);
    s.once("close", () => sockets.delete(s));
  });
  await new Promise<void>((ok, fail) => {
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => ok());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  let stopped: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    inject(path, ...fs) {
      const queue = faults.get(path) ?? [];
      queue.push(...fs);
      faults.set(path, queue);
    },
    requests,
    count(path, method) {
      return requests.filter(
        (r) => r.path === path && (method === undefined || r.method === method),
      ).length;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    get inFlight() {
      return inFlight;
    },
    hold() {
      held ??= [];
    },
    release() {
      const waiting = held ?? [];
      held = undefined;
      for (const r of waiting) r();
    },
    reset() {
      requests.length = 0;
      faults.clear();
      maxInFlight = inFlight;
    },
    setDelay(ms) {
      delayMs = ms;
    },
    stop() {
      stopped ??= new Promise<void>((ok) => {
        server.close(() => ok());
        held = undefined;
        for (const s of sockets) s.destroy();
      });
      return stopped;
    },
  };
}
