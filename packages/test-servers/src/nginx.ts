import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, readFile, rm, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { freePort, killOnExit, stopChild, waitForPort } from "./server-process.js";

export const NGINX_BIN = "/usr/sbin/nginx";

export interface NginxOptions {
  /** The directory served at `/`. */
  root: string;
  /**
   * The second configuration: `max_ranges 0`, so every GET answers 200 with the whole body
   * whatever its `Range` header says (servers and proxies that do not do ranges).
   */
  ignoreRanges?: boolean;
  /**
   * Headers added to every response, e.g. COOP/COEP for a cross-origin isolated page (which a
   * page needs for SharedArrayBuffer).
   */
  headers?: Record<string, string>;
}

/** One line of the access log. */
export interface AccessLogEntry {
  method: string;
  /** The decoded request path, e.g. `/data/.zarray`. */
  path: string;
  status: number;
  /** Bytes of body sent. */
  bytes: number;
  /** The request's `Range` header, "" without one. */
  range: string;
}

export interface NginxServer {
  /** `http://127.0.0.1:PORT/` (with the trailing slash). */
  url: string;
  port: number;
  root: string;
  /** Every request answered so far (since the last `clearAccessLog`), in order. */
  accessLog(): Promise<AccessLogEntry[]>;
  clearAccessLog(): Promise<void>;
  stop(): Promise<void>;
}

function config(
  dir: string,
  root: string,
  port: number,
  ignoreRanges: boolean,
  headers: Record<string, string>,
): string {
  // As root the workers would switch to "nobody", who cannot read a 0700 temp dir.
  const user = process.getuid?.() === 0 ? "user root;" : "";
  const tmp = (name: string) => `${name}_temp_path ${join(dir, name)};`;
  return `${user}
daemon off;
master_process on;
worker_processes 1;
pid ${join(dir, "nginx.pid")};
error_log ${join(dir, "error.log")} warn;
events { worker_connections 512; }
http {
  # html and js too, so a test page can be served from the same root as its stores (a
  # module script with another MIME type does not run).
  types { application/octet-stream bin; application/json json; text/html html; text/javascript js; application/wasm wasm; }
  default_type application/octet-stream;
  log_format zarrkit escape=json '{"method":"$request_method","path":"$uri","status":$status,"bytes":$body_bytes_sent,"range":"$http_range"}';
  access_log ${join(dir, "access.log")} zarrkit;
  ${tmp("client_body")} ${tmp("proxy")} ${tmp("fastcgi")} ${tmp("uwsgi")} ${tmp("scgi")}
  sendfile on;
  keepalive_requests 100000;
  server {
    listen 127.0.0.1:${port};
    root ${root};
    autoindex off;
    etag on;
    ${ignoreRanges ? "max_ranges 0;" : ""}
    ${Object.entries(headers)
      .map(([name, value]) => `add_header ${name} ${JSON.stringify(value)} always;`)
      .join(" ")}
    location / { }
  }
}
`;
}

/**
 * Debian's nginx in the foreground on 127.0.0.1 and a free port, serving `root`, with its
 * config, pid and logs in a temp dir. Stops with `stop()`, or when this process exits.
 */
export async function startNginx(options: NginxOptions): Promise<NginxServer> {
  const root = resolve(options.root);
  const dir = await mkdtemp(join(tmpdir(), "zarrkit-nginx-"));
  const conf = join(dir, "nginx.conf");
  const logPath = join(dir, "access.log");
  let child: ChildProcess | undefined;
  let port = 0;
  // Another process may take the free port between our probe and nginx's bind: try again.
  for (let attempt = 0; attempt < 5 && child === undefined; attempt++) {
    port = await freePort();
    await writeFile(
      conf,
      config(dir, root, port, options.ignoreRanges === true, options.headers ?? {}),
    );
    const c = spawn(NGINX_BIN, ["-c", conf, "-p", `${dir}/`, "-e", join(dir, "error.log")], {
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    c.stderr?.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    try {
      await waitForPort(port, c, () => stderr);
      child = c;
    } catch (e) {
      await stopChild(c);
      const log = await readFile(join(dir, "error.log"), "utf8").catch(() => "");
      if (!/Address already in use/.test(stderr + log) || attempt === 4) {
        await rm(dir, { recursive: true, force: true });
        throw e;
      }
    }
  }
  const running = child as ChildProcess;
  const unregister = killOnExit(running);
  let stopped: Promise<void> | undefined;
  const server: NginxServer = {
    url: `http://127.0.0.1:${port}/`,
    port,
    root,
    async accessLog() {
      // nginx writes a line after the response is sent, so the client may be a moment ahead.
      let text = await readFile(logPath, "utf8");
      for (let i = 0; i < 20; i++) {
        await new Promise((r) => setTimeout(r, 25));
        const again = await readFile(logPath, "utf8");
        if (again === text) break;
        text = again;
      }
      return text
        .split("\n")
        .filter((line) => line.length > 0)
        .map((line) => JSON.parse(line) as AccessLogEntry);
    },
    async clearAccessLog() {
      await server.accessLog();
      await truncate(logPath, 0);
    },
    stop() {
      stopped ??= (async () => {
        unregister();
        await stopChild(running, "SIGTERM");
        await rm(dir, { recursive: true, force: true });
      })();
      return stopped;
    },
  };
  return server;
}
