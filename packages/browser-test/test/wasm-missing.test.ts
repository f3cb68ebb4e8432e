// WebAssembly files that a browser app forgot to serve. The umbrella is bundled as an app
// would bundle it and served with no .wasm file at all: every codec that loads WebAssembly
// (Zstd, Blosc with zstd, BZ2) must reject with a CodecError that names the file's URL and
// how to serve it (and the setter that points the codec elsewhere), never leave the promise
// pending (Blosc-zstd used to hang). Then zstd.wasm is served where setZstdWasmUrl says.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Blosc } from "@zarrkit/codec-blosc";
import { Zstd } from "@zarrkit/codec-zstd";
import type { Page } from "playwright-core";

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Chromium, launchChromium, type Route, type StaticServer, serve } from "./browser.js";
import { bundleForBrowser } from "./bundle.js";
import type { Settled, WasmMissingApi } from "./page/wasm-missing-entry.js";

const ENTRY = fileURLToPath(new URL("./page/wasm-missing-entry.ts", import.meta.url));
const HTML = `<!doctype html><meta charset="utf-8"><title>no wasm</title><link rel="icon" href="data:,">
<script type="module" src="/app.js"></script>`;
/** Long enough for a load that settles; a hang shows as "pending". */
const WAIT_MS = 8000;

let server: StaticServer;
let browser: Chromium;
let page: Page;
let setupError: unknown;
const payload = Uint8Array.from({ length: 3000 }, (_, i) => (i * 7) & 0xff);
let bloscChunk: string;
let zstdFrame: string;

function ready() {
  if (setupError !== undefined) throw setupError;
}

beforeAll(async () => {
  try {
    const bundle = await bundleForBrowser({ entry: ENTRY });
    // The web build's zstd.wasm, for the second part (the package exports only ".").
    const webWasm = join(
      dirname(createRequire(import.meta.url).resolve("@bokuweb/zstd-wasm")),
      "..",
      "web",
      "zstd.wasm",
    );
    const routes = new Map<string, Route>([
      ["/", { type: "text/html; charset=utf-8", body: HTML }],
      ["/app.js", { type: "text/javascript; charset=utf-8", body: bundle.code }],
      ["/assets/zstd.wasm", { type: "application/wasm", body: readFileSync(webWasm) }],
      // What a single-page app's fallback route serves for any path: HTML, with status 200.
      ["/spa/zstd.wasm", { type: "text/html; charset=utf-8", body: HTML }],
    ]);
    server = await serve(routes);
    bloscChunk = Buffer.from(await new Blosc({ cname: "zstd" }).encode(payload)).toString("base64");
    zstdFrame = Buffer.from(await new Zstd().encode(payload)).toString("base64");
    browser = await launchChromium();
    page = await browser.context.newPage();
    await page.goto(`${server.origin}/`);
    await page.waitForFunction(() => "wasmMissing" in globalThis, undefined, { timeout: 10_000 });
  } catch (e) {
    setupError = e;
  }
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

function call<K extends keyof WasmMissingApi>(
  name: K,
  ...args: Parameters<WasmMissingApi[K]>
): Promise<Settled> {
  ready();
  return page.evaluate(
    ([n, a]) => {
      const api = (globalThis as unknown as { wasmMissing: Record<string, Function> }).wasmMissing;
      return api[n as string]!(...(a as unknown[]));
    },
    [name, args] as const,
  ) as Promise<Settled>;
}

describe("WebAssembly files missing in Chromium", () => {
  it("Blosc-zstd decode rejects with a CodecError naming zstd.wasm's URL and how to serve it", async () => {
    const got = await call("bloscZstdDecode", bloscChunk, WAIT_MS);
    expect(got.state).toBe("rejected");
    expect(got.codecError).toBe(true);
    expect(got.message).toBe(
      `blosc: cannot load zstd.wasm from ${server.origin}/zstd.wasm: HTTP 404 Not Found. To fix: ` +
        "serve node_modules/@bokuweb/zstd-wasm/dist/web/zstd.wasm beside your bundle (as " +
        "application/wasm), or call setZstdWasmUrl(url) with where it is served",
    );
  });

  it("Blosc-zstd encode rejects the same way (the failure is not cached as a hang)", async () => {
    const got = await call("bloscZstdEncode", WAIT_MS);
    expect(got.state).toBe("rejected");
    expect(got.codecError).toBe(true);
    expect(got.message).toContain(`${server.origin}/zstd.wasm: HTTP 404`);
  });

  it("Zstd decode rejects with a CodecError naming the URL and setZstdWasmUrl", async () => {
    const got = await call("zstdDecode", zstdFrame, WAIT_MS);
    expect(got.state).toBe("rejected");
    expect(got.codecError).toBe(true);
    expect(got.message).toMatch(
      /^zstd: cannot load zstd\.wasm from http:\/\/127\.0\.0\.1:\d+\/zstd\.wasm: HTTP 404/,
    );
    expect(got.message).toContain("setZstdWasmUrl(url)");
  });

  it("BZ2 decode rejects with a CodecError naming bzip2.wasm's URL and setBz2WasmSource", async () => {
    const got = await call("bz2Decode", "QlpoOTFBWSZTWQ==", WAIT_MS);
    expect(got.state).toBe("rejected");
    expect(got.codecError).toBe(true);
    expect(got.message).toContain(`bz2: cannot load bzip2.wasm from ${server.origin}/bzip2.wasm`);
    expect(got.message).toContain("HTTP 404");
    expect(got.message).toContain("setBz2WasmSource");
  });

  it("a URL that serves HTML (an app's fallback route) is refused as not WebAssembly", async () => {
    await call("setZstdWasmUrl", `${server.origin}/spa/zstd.wasm`);
    const got = await call("zstdDecode", zstdFrame, WAIT_MS);
    expect(got.state).toBe("rejected");
    expect(got.codecError).toBe(true);
    expect(got.message).toBe(
      `zstd: cannot load zstd.wasm from ${server.origin}/spa/zstd.wasm: its ${HTML.length} bytes are not WebAssembly. To fix: ` +
        "serve node_modules/@bokuweb/zstd-wasm/dist/web/zstd.wasm beside your bundle (as " +
        "application/wasm), or call setZstdWasmUrl(url) with where it is served",
    );
  });

  it("pointed with setZstdWasmUrl at where zstd.wasm is served, Zstd and Blosc-zstd decode", async () => {
    await call("setZstdWasmUrl", `${server.origin}/assets/zstd.wasm`);
    const zstd = await call("zstdDecode", zstdFrame, WAIT_MS);
    expect(zstd.state).toBe("resolved");
    expect(zstd.bytes).toEqual(Array.from(payload));
    const blosc = await call("bloscZstdDecode", bloscChunk, WAIT_MS);
    expect(blosc.state).toBe("resolved");
    expect(blosc.bytes).toEqual(Array.from(payload));
    const fetched = server.requests.filter((r) => r.path.endsWith(".wasm"));
    expect(fetched.map((r) => `${r.status} ${r.path}`)).toEqual([
      "404 /zstd.wasm",
      "404 /zstd.wasm",
      "404 /zstd.wasm",
      "404 /bzip2.wasm",
      "200 /spa/zstd.wasm",
      "200 /assets/zstd.wasm",
    ]);
  });
});
