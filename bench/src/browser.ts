// W2 (whole read) and W3 (row, column, 100 x 100 block) in headless Chromium: zarrkit (the
// umbrella's browser entry, codec Web Workers on) against zarrita.js 0.7.5 (defaults) in the
// same page, alternating rep by rep. The array (10000 x 10000 int32, chunks 1000 x 1000, Blosc
// lz4 clevel 5 shuffle, Zarr v2) is written once here with zarrkit to a temp dir; nginx serves
// it and the page from one origin, with the COOP/COEP headers that make the page cross-origin
// isolated (SharedArrayBuffer, which zarrkit's workers scatter into). Two sources: HTTP (each
// library's own fetch store) and an in-page Map filled once from the same files, so decode
// speed shows without HTTP.
//
// Usage: pnpm --filter zarrkit-bench browser [--reps N]
// ZARRKIT_BENCH_BROWSER_SIZE=2000 shrinks the array (chunks stay 1000 x 1000).
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type Chromium, callPageApi, launchChromium } from "@zarrkit/browser-test/browser";
import { startNginx } from "@zarrkit/test-servers";
import { wasmAssets } from "@zarrkit/test-utils";
import { build } from "esbuild";
import type { Page } from "playwright-core";
import * as zarr from "zarrkit";
import type { BrowserBenchApi, Lib, ReadResult, Selection, Source } from "./browser-page/entry.js";
import { median } from "./median.js";
import { runStamp } from "./run-stamp.js";
import { makeData, w3Selections } from "./workloads.js";
import { option } from "./cli-options.js";

const here = dirname(fileURLToPath(import.meta.url));
const WORKSPACE = resolve(here, "..", "..");
// Taken at the start: the code measured is the code checked out when the run began.
const STAMP = runStamp();
const reps = Number(option("reps") ?? 7);
const N = Number(process.env.ZARRKIT_BENCH_BROWSER_SIZE ?? 10000);
if (!Number.isInteger(N) || N < 200)
  throw new Error(`ZARRKIT_BENCH_BROWSER_SIZE must be an integer >= 200, got ${N}`);
const CHUNK = Math.min(1000, N);

/** Cross-origin isolation: without it a page has no SharedArrayBuffer. */
const ISOLATION = {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
  "Cross-Origin-Resource-Policy": "same-origin",
};

/** The page as an app bundler emits it (as packages/browser-test's remote test does). */
async function writePage(root: string): Promise<string[]> {
  const result = await build({
    entryPoints: {
      app: join(here, "browser-page", "entry.ts"),
      "codec-worker": join(WORKSPACE, "packages/core/src/runtime/codec-worker.ts"),
      "zarrkit-worker": join(WORKSPACE, "packages/zarrkit/src/worker.ts"),
    },
    absWorkingDir: WORKSPACE,
    outdir: root,
    bundle: true,
    splitting: true,
    minify: true,
    platform: "browser",
    format: "esm",
    target: "es2022",
    conditions: ["zarrkit-source", "browser"],
    metafile: true,
    logLevel: "silent",
  });
  // WebAssembly the codecs fetch from beside the code (none for Blosc lz4 today).
  const inputs = Object.keys(result.metafile.inputs)
    .map((p) => resolve(WORKSPACE, p))
    .filter((p) => /\.[cm]?[jt]s$/.test(p));
  const wasm = wasmAssets(inputs);
  for (const [name, file] of wasm) copyFileSync(file, join(root, name));
  writeFileSync(
    join(root, "index.html"),
    `<!doctype html><meta charset="utf-8"><title>zarrkit bench</title><link rel="icon" href="data:,">
<script type="module" src="/app.js"></script>`,
  );
  return [...wasm.keys()];
}

function call<K extends keyof BrowserBenchApi & string>(
  page: Page,
  name: K,
  ...a: Parameters<BrowserBenchApi[K]>
): Promise<Awaited<ReturnType<BrowserBenchApi[K]>>> {
  return callPageApi<BrowserBenchApi, K>(page, "zarrkitBench", name, a);
}

/** The values a read must give: (i * 7 + j) % 1000, checked at the page's samples. */
function check(what: string, got: ReadResult, sel: Selection) {
  const [r0, r1, c0, c1] = sel ?? [0, N, 0, N];
  const cols = c1 - c0;
  if (got.length !== (r1 - r0) * cols)
    throw new Error(`${what}: ${got.length} values, expected ${(r1 - r0) * cols}`);
  got.samples.forEach((v, k) => {
    const flat = k * got.sampleStep;
    const i = r0 + Math.floor(flat / cols);
    const j = c0 + (flat % cols);
    if (v !== (i * 7 + j) % 1000) throw new Error(`${what}: wrong value ${v} at (${i}, ${j})`);
  });
}

interface Op {
  name: string;
  sel: Selection;
  /** Uncompressed MB of the selection. */
  mb: number;
}

async function main() {
  const root = mkdtempSync(join(tmpdir(), "zarrkit-bench-browser-"));
  const load = [loadavg()[0]!];
  let nginx: Awaited<ReturnType<typeof startNginx>> | undefined;
  let browser: Chromium | undefined;
  try {
    const data = makeData({ shape: [N, N], dtype: "int32" });
    const z = await zarr.create([N, N], {
      dtype: "<i4",
      chunks: [CHUNK, CHUNK],
      compressor: new zarr.Blosc({ cname: "lz4", clevel: 5, shuffle: zarr.Blosc.SHUFFLE }),
      store: join(root, "a.zarr"),
    });
    await z.set(null, { data, shape: [N, N] });
    await zarr.terminateWorkers();
    const keys = readdirSync(join(root, "a.zarr"));
    const wasm = await writePage(root);
    nginx = await startNginx({ root, headers: ISOLATION });
    browser = await launchChromium();
    const page = await browser.context.newPage();
    const problems: string[] = [];
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    page.on("console", (m) => {
      if (m.type() === "error" && !/status of 404/.test(m.text())) problems.push(m.text());
    });
    await page.goto(`${nginx.url}index.html`);
    await page.waitForFunction(() => "zarrkitBench" in globalThis, undefined, { timeout: 30_000 });
    const info = await call(page, "useWorkers", "/zarrkit-worker.js");
    if (!info.crossOriginIsolated || !info.sharedArrayBuffer)
      throw new Error(`the page is not cross-origin isolated: ${JSON.stringify(info)}`);
    await call(page, "openHttp", "/a.zarr");
    const memoryBytes = await call(page, "openMemory", "/a.zarr", keys);

    const ops: Op[] = [
      { name: `W2 whole ${N}x${N}`, sel: null, mb: (N * N * 4) / 1e6 },
      ...w3Selections([N, N]).map(([name, s]) => ({
        name: `W3 ${name}`,
        sel: s as Selection,
        mb: ((s[1] - s[0]) * (s[3] - s[2]) * 4) / 1e6,
      })),
    ];
    const libs: Lib[] = ["zarrkit", "zarrita"];
    const sources: Source[] = ["http", "memory"];
    const ms = new Map<string, number[]>();
    const workerTasks = new Map<string, number>();
    // Per op, the four (source, library) pairs take turns in an order that rotates every rep,
    // so a change in the machine's load falls on all four alike.
    const pairs = sources.flatMap((source) => libs.map((lib) => [source, lib] as const));
    for (const op of ops) {
      // One warm-up each (JIT, workers, connections), checked like every rep.
      for (const [source, lib] of pairs)
        check(`${lib} ${source} ${op.name}`, await call(page, "read", lib, source, op.sel), op.sel);
      for (let rep = 0; rep < reps; rep++) {
        const order = pairs.map((_, i) => pairs[(i + rep) % pairs.length]!);
        for (const [source, lib] of order) {
          const before = await call(page, "workerStats");
          const got = await call(page, "read", lib, source, op.sel);
          const after = await call(page, "workerStats");
          check(`${lib} ${source} ${op.name}`, got, op.sel);
          const key = `${source}|${op.name}|${lib}`;
          ms.set(key, [...(ms.get(key) ?? []), got.ms]);
          workerTasks.set(key, after.tasks - before.tasks);
        }
      }
      for (const source of sources) {
        const k = median(ms.get(`${source}|${op.name}|zarrkit`)!);
        const t = median(ms.get(`${source}|${op.name}|zarrita`)!);
        console.error(
          `${source} ${op.name}: zarrkit ${k.toFixed(1)} ms, zarrita ${t.toFixed(1)} ms, x${(t / k).toFixed(2)}`,
        );
      }
    }
    const stats = await call(page, "workerStats");
    if (stats.broken) throw new Error(`zarrkit's workers did not start: ${stats.broken}`);
    if (problems.length > 0) throw new Error(`the page reported:\n${problems.join("\n")}`);
    load.push(loadavg()[0]!);
    report({
      ops,
      sources,
      ms,
      workerTasks,
      info,
      memoryBytes,
      load,
      wasm,
      started: stats.started,
    });
  } finally {
    await browser?.close();
    await nginx?.stop();
    rmSync(root, { recursive: true, force: true });
  }
}

function report(r: {
  ops: Op[];
  sources: Source[];
  ms: Map<string, number[]>;
  workerTasks: Map<string, number>;
  info: Awaited<ReturnType<BrowserBenchApi["useWorkers"]>>;
  memoryBytes: number;
  load: number[];
  wasm: string[];
  started: number;
}) {
  const { stamp, commit, dirty, date } = STAMP;
  const rows: string[] = [];
  const json: Record<string, unknown> = {};
  for (const source of r.sources) {
    for (const op of r.ops) {
      const k = r.ms.get(`${source}|${op.name}|zarrkit`)!;
      const t = r.ms.get(`${source}|${op.name}|zarrita`)!;
      const km = median(k);
      const tm = median(t);
      const cell = (m: number) =>
        op.sel === null ? `${(op.mb / (m / 1000)).toFixed(0)} MB/s` : `${m.toFixed(2)} ms`;
      rows.push(
        `| ${source === "http" ? "HTTP (nginx)" : "in-page Map"} | ${op.name} | ${cell(km)} | ${cell(tm)} | ${(tm / km).toFixed(2)} | ${r.workerTasks.get(`${source}|${op.name}|zarrkit`)} |`,
      );
      json[`${source}|${op.name}`] = { zarrkit: k, zarrita: t, mb: op.mb };
    }
  }
  const md = `# Browser W2/W3: zarrkit vs zarrita.js in headless Chromium, ${date}, commit ${commit}${dirty ? " plus uncommitted changes" : ""}

\`\`\`sh
${N === 10000 ? "" : `ZARRKIT_BENCH_BROWSER_SIZE=${N} `}pnpm --filter zarrkit-bench browser --reps ${reps}
\`\`\`

${N} x ${N} int32 (${((N * N * 4) / 1e6).toFixed(0)} MB), chunks ${CHUNK} x ${CHUNK}, Blosc lz4 clevel 5 shuffle, Zarr v2,
written once by zarrkit in Node to a temp dir. Debian's nginx (packages/test-servers startNginx)
serves the page and the store from one origin on 127.0.0.1 with COOP/COEP headers, so the page
is cross-origin isolated (SharedArrayBuffer: ${r.info.sharedArrayBuffer}). Chromium: ${r.info.userAgent.replace(/^.*(Chrome\/[\d.]+).*$/, "$1")}
(/usr/bin/chromium, headless, through playwright-core), navigator.hardwareConcurrency ${r.info.hardwareConcurrency}.
zarrkit: the umbrella's browser entry, bundled by esbuild with core's codec worker and
\`zarrkit/worker\` as the app would be, codec Web Workers on at their defaults (${r.info.workers} workers,
${r.started} started; the last column is the chunks the workers decoded in the last rep).
zarrita.js 0.7.5 with @zarrita/storage 0.2.0 FetchStore, defaults. HTTP: both libraries'
fetches bypass the browser cache (\`cache: "no-store"\`). In-page Map: the store's files (${(r.memoryBytes / 1e6).toFixed(1)} MB) were fetched once into
one Map, which both libraries read through a thin store wrapper. Each read runs once as a warm-up,
then ${reps} timed reps in which the four (source, library) pairs take turns, in an order
that rotates every rep; every read's values are checked
(about 1000 sampled against the formula). Times measured in the page (performance.now());
medians. Ratio = zarrita time / zarrkit time (above 1: zarrkit faster).
Machine: ${cpus().length} cores, shared; load average ${r.load.map((x) => x.toFixed(1)).join(" at the start, ")} at the end.
WebAssembly files served beside the page: ${r.wasm.length ? r.wasm.join(", ") : "none"}.

| source | read | zarrkit | zarrita.js | x zarrita.js | zarrkit worker tasks |
|---|---|---|---|---|---|
${rows.join("\n")}
`;
  const out = join(here, "..", "results");
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, `browser-${stamp}.md`), md);
  writeFileSync(
    join(out, `browser-${stamp}.json`),
    `${JSON.stringify({ kind: "browser", date, commit, dirty, reps, size: N, loadavg: r.load, info: r.info, results: json }, null, 1)}\n`,
  );
  console.log(md);
  console.log(`saved bench/results/browser-${stamp}.md`);
}

await main();
