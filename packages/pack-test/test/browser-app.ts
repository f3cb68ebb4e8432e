// The app bundled for browsers with esbuild from the app's own node_modules (the published
// dist/, through the "browser" condition), served from 127.0.0.1 with the WebAssembly files the
// bundle fetches from beside itself, and run in headless Chromium.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { launchChromium, type Route, serve } from "@zarrkit/browser-test/browser";
import { wasmAssets } from "@zarrkit/test-utils";
import { build } from "esbuild";

export interface PageRun {
  /** What the page's globalThis.packTest resolved to. */
  outcome: { result?: unknown; error?: string };
  /** Paths the page requested, with their status. */
  requests: string[];
  /** Page errors, console errors and warnings, failed requests. */
  problems: string[];
}

const HTML = `<!doctype html><meta charset="utf-8"><title>app</title><link rel="icon" href="data:,">
<script type="module" src="/app.js"></script>`;

export async function runInChromium(dir: string, entry: string): Promise<PageRun> {
  const result = await build({
    entryPoints: [resolve(dir, entry)],
    absWorkingDir: dir,
    bundle: true,
    platform: "browser",
    format: "esm",
    target: "es2022",
    metafile: true,
    write: false,
    logLevel: "silent",
  });
  const inputs = Object.keys(result.metafile.inputs)
    .filter((f) => !f.includes(":"))
    .map((f) => resolve(dir, f));
  const routes = new Map<string, Route>([
    ["/", { type: "text/html; charset=utf-8", body: HTML }],
    ["/app.js", { type: "text/javascript; charset=utf-8", body: result.outputFiles[0]!.text }],
  ]);
  for (const [name, file] of wasmAssets(inputs)) {
    routes.set(`/${name}`, { type: "application/wasm", body: readFileSync(file) });
  }
  const server = await serve(routes);
  const browser = await launchChromium();
  const problems: string[] = [];
  try {
    const page = await browser.context.newPage();
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") {
        problems.push(`console.${m.type()}: ${m.text()}`);
      }
    });
    page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()}`));
    await page.goto(`${server.origin}/`);
    await page.waitForFunction(() => "packTest" in globalThis, undefined, { timeout: 20_000 });
    const outcome = (await page.evaluate(
      () => (globalThis as unknown as { packTest: Promise<unknown> }).packTest,
    )) as PageRun["outcome"];
    return {
      outcome,
      requests: server.requests.map((r) => `${r.status} ${r.path}`),
      problems,
    };
  } finally {
    await browser.close();
    await server.close();
  }
}
