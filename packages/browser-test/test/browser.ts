// A static server on 127.0.0.1 and Debian's Chromium driven by playwright-core. The browser is
// never downloaded: a missing /usr/bin/chromium is an error that says how to install it.
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, normalize, sep } from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";

export const CHROMIUM = process.env.ZARRKIT_CHROMIUM ?? "/usr/bin/chromium";

/** The flags this machine needs (see the machine notes): no network beyond loopback. */
export const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export interface Route {
  type: string;
  body: string | Uint8Array | (() => Promise<Uint8Array>);
}

export interface StaticServer {
  origin: string;
  /** Paths requested, in order, with the status served. */
  requests: { path: string; status: number }[];
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm",
};

/**
 * Serves `routes` (exact paths) and, under each `dirs` prefix, the files of a folder
 * (no listing, nothing outside the folder).
 */
export async function serve(
  routes: Map<string, Route>,
  dirs: Record<string, string> = {},
): Promise<StaticServer> {
  const requests: StaticServer["requests"] = [];
  const server: Server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    const send = (status: number, type: string, body: string | Uint8Array) => {
      requests.push({ path, status });
      res.writeHead(status, { "content-type": type, "cache-control": "no-store" });
      res.end(body);
    };
    try {
      const route = routes.get(path);
      if (route) {
        const body = typeof route.body === "function" ? await route.body() : route.body;
        return send(200, route.type, body);
      }
      for (const [prefix, dir] of Object.entries(dirs)) {
        if (!path.startsWith(prefix)) continue;
        const file = normalize(join(dir, path.slice(prefix.length)));
        if (!file.startsWith(dir + sep) || !existsSync(file)) break;
        const ext = file.slice(file.lastIndexOf("."));
        return send(200, TYPES[ext] ?? "application/octet-stream", await readFile(file));
      }
      send(404, "text/plain", "not found");
    } catch (e) {
      send(500, "text/plain", String(e));
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface Chromium {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Launch Debian's Chromium headless with a fresh, empty profile. */
export async function launchChromium(): Promise<Chromium> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: the browser test runs Debian's Chromium (never a downloaded one). ` +
        "Install it with `apt-get install -y chromium` or `bash scripts/setup.sh --with-reference`.",
    );
  }
  const profile = await mkdtemp(join(tmpdir(), "zarrkit-chromium-"));
  let context: BrowserContext;
  try {
    // Playwright passes the profile as --user-data-dir itself (it refuses the flag in args).
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_FLAGS,
      timeout: 30_000,
    });
  } catch (e) {
    await rm(profile, { recursive: true, force: true });
    throw e;
  }
  return {
    context,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Calls `name` on the object a test page puts at `globalThis[global]`, with `args` (which must
 * survive the structured clone into the page), and returns its result.
 */
export function callPageApi<
  Api extends Record<string, (...a: never[]) => unknown>,
  K extends keyof Api & string,
>(
  page: Page,
  global: string,
  name: K,
  args: Parameters<Api[K]>,
): Promise<Awaited<ReturnType<Api[K]>>> {
  return page.evaluate(
    ([g, n, a]) => {
      const api = (globalThis as unknown as Record<string, Record<string, Function>>)[g]!;
      return api[n]!(...(a as unknown[]));
    },
    [global, name, args] as const,
  ) as Promise<Awaited<ReturnType<Api[K]>>>;
}
