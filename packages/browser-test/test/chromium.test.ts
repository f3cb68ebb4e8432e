// zarrkit in a real browser. The umbrella package is bundled for browsers (esbuild, "browser"
// condition: any Node built-in in the bundle fails the build), served from 127.0.0.1 with the
// WebAssembly files it fetches, and run in Debian's headless Chromium. In the page it creates,
// writes and reads arrays with each compressor, and reads stores written by zarr-python.
// Every value the page returns is compared with values computed here, with zarr-python's
// reading of the stores the page wrote, or with the fixtures' manifest.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import {
  FIXTURES_V2,
  type FixtureEntry,
  fixtureManifest,
  pythonReadArray,
  runPythonBytes,
  writeTree,
} from "@zarrkit/test-utils";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Chromium, launchChromium, type Route, type StaticServer, serve } from "./browser.js";
import { type BrowserBundle, bundleForBrowser, describeBuiltins, WORKSPACE } from "./bundle.js";
import type {
  ArrayResult,
  ArraySpec,
  BrowserTestApi,
  CompressorName,
  FixtureResult,
  PlainArray,
  WriteSpec,
} from "./page/entry.js";

const ENTRY = fileURLToPath(new URL("./page/entry.ts", import.meta.url));

// ---- the expected values, computed here with plain loops -------------------------------------

type Dim = { index: number } | { start: number; stop: number; step: number };
interface Sel {
  rows: Dim;
  cols: Dim;
}

const SHAPE = [37, 23] as const;
const CHUNKS = [10, 7];

const dimText = (d: Dim) => ("index" in d ? String(d.index) : `${d.start}:${d.stop}:${d.step}`);
const selText = (s: Sel) => `${dimText(s.rows)}, ${dimText(s.cols)}`;

function positions(d: Dim, n: number): number[] {
  if ("index" in d) return [d.index < 0 ? n + d.index : d.index];
  const out: number[] = [];
  for (let i = d.start; i < Math.min(d.stop, n); i += d.step) out.push(i);
  return out;
}

const rows = (start: number, stop: number, step = 1): Dim => ({ start, stop, step });
const all: Dim = rows(0, Number.MAX_SAFE_INTEGER);

interface Case {
  name: string;
  dtype: ArraySpec["dtype"];
  compressor: CompressorName;
  /** The stored element type, for what a write of a number leaves in the array. */
  cast: (x: number) => number;
  /** Values written: element (i, j) of a block, element k of a 1-d region, and a scalar. */
  block: (i: number, j: number) => number;
  line: (k: number) => number;
  scalar: number;
}

const i32 = (x: number) => x | 0;
const u8 = (x: number) => x & 0xff;
const f64 = (x: number) => x;

const CASES: Case[] = [
  {
    name: "int32, Blosc lz4 shuffle",
    dtype: "<i4",
    compressor: "blosc-lz4-shuffle",
    cast: i32,
    block: (i, j) => (i * 23 + j) * 7919 - 3_000_000,
    line: (k) => -1_000_003 * (k + 1),
    scalar: -5,
  },
  {
    name: "float64, Blosc zstd bitshuffle (WebAssembly)",
    dtype: "<f8",
    compressor: "blosc-zstd-bitshuffle",
    cast: f64,
    block: (i, j) => Math.cos(i * 0.1) * 2 ** (j - 11),
    line: (k) => k * 1e15 + 0.5,
    scalar: -0.125,
  },
  {
    name: "float64, Zlib level 1",
    dtype: "<f8",
    compressor: "zlib-1",
    cast: f64,
    block: (i, j) => Math.sin(i * 23 + j) * 1000 + 0.1,
    line: (k) => [1e-310, Number.MAX_VALUE, Number.EPSILON, -1 / 3, 2 ** -1074][k % 5]! * (-1) ** k,
    scalar: Math.PI,
  },
  {
    name: "uint8, LZ4",
    dtype: "|u1",
    compressor: "lz4",
    cast: u8,
    block: (i, j) => ((i * 23 + j) * 37) & 0xff,
    line: (k) => (k * 40) & 0xff,
    scalar: 255,
  },
  {
    name: "float64, Zstd level 1 (WebAssembly)",
    dtype: "<f8",
    compressor: "zstd-1",
    cast: f64,
    block: (i, j) => (i - 18) * 0.25 + j * 1e6,
    line: (k) => -k - 0.5,
    scalar: -1e-300,
  },
  {
    name: "int32, BZ2 level 9 (WebAssembly)",
    dtype: "<i4",
    compressor: "bz2-9",
    cast: i32,
    block: (i, j) => ((i * 31 + j * 17) % 101) - 50,
    line: (k) => 2 ** 31 - 1 - k,
    scalar: -(2 ** 31),
  },
];

interface Plan {
  spec: ArraySpec;
  /** The whole array after the writes, C order. */
  expected: number[];
  /** What each read returns. */
  reads: (PlainArray | number)[];
}

function plan(c: Case): Plan {
  const [n, m] = SHAPE;
  const grid = new Array<number>(n * m).fill(0);
  const writes: WriteSpec[] = [];
  const write = (sel: Sel, value: (k: number, i: number, j: number) => number, scalar?: number) => {
    const rs = positions(sel.rows, n);
    const cs = positions(sel.cols, m);
    const data: number[] = [];
    let k = 0;
    for (const i of rs) {
      for (const j of cs) {
        const v = c.cast(value(k++, i, j));
        grid[i * m + j] = v;
        data.push(v);
      }
    }
    const shape = [
      ...("index" in sel.rows ? [] : [rs.length]),
      ...("index" in sel.cols ? [] : [cs.length]),
    ];
    writes.push({ selection: selText(sel), value: scalar ?? { data, shape } });
  };
  write({ rows: rows(0, 20), cols: all }, (_, i, j) => c.block(i, j));
  write({ rows: rows(20, 37), cols: all }, (_, i, j) => c.block(i, j));
  write({ rows: rows(5, 15), cols: rows(3, 9) }, () => c.scalar, c.scalar);
  write({ rows: { index: 36 }, cols: rows(0, 23, 2) }, (k) => c.line(k));
  write({ rows: rows(0, 37, 7), cols: { index: 22 } }, (k) => c.line(k + 12));

  const readSels: Sel[] = [
    { rows: all, cols: all },
    { rows: rows(3, 30, 4), cols: { index: -1 } },
    { rows: rows(9, 12), cols: rows(6, 8) },
    { rows: { index: -1 }, cols: { index: -2 } },
  ];
  const reads = readSels.map((sel): PlainArray | number => {
    const rs = positions(sel.rows, n);
    const cs = positions(sel.cols, m);
    const data = rs.flatMap((i) => cs.map((j) => grid[i * m + j]!));
    const shape = [
      ...("index" in sel.rows ? [] : [rs.length]),
      ...("index" in sel.cols ? [] : [cs.length]),
    ];
    return shape.length === 0 ? data[0]! : { data, shape };
  });
  return {
    spec: {
      dtype: c.dtype,
      shape: [...SHAPE],
      chunks: CHUNKS,
      compressor: c.compressor,
      writes,
      reads: readSels.map(selText),
    },
    expected: grid,
    reads,
  };
}

// ---- the fixtures written by zarr-python --------------------------------------------------

const FIXTURES = [
  "blosc_lz4_shuffle1.zarr",
  "blosc_zstd_shuffle2.zarr",
  "blosc_snappy_shuffle0.zarr",
  "zlib_1.zarr",
  "codec_lz4.zarr",
  "codec_zstd.zarr",
  "bz2_1.zarr",
  "lzma_default.zarr",
];

function fixture(store: string): FixtureEntry {
  const entry = fixtureManifest().find((f) => f.store === store && f.array === "");
  if (!entry) throw new Error(`no fixture ${store} in MANIFEST.json`);
  return entry;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((p) => statSync(join(dir, p)).isFile())
    .map((p) => relative(dir, join(dir, p)).split("\\").join("/"))
    .sort();
}

// ---- the browser ---------------------------------------------------------------------------

let bundle: BrowserBundle;
let server: StaticServer;
let browser: Chromium;
let page: Page;
const problems: string[] = [];

// The empty icon keeps Chromium from asking for /favicon.ico.
const HTML = `<!doctype html><meta charset="utf-8"><title>zarrkit</title><link rel="icon" href="data:,">
<script type="module" src="/app.js"></script>`;

// A set-up failure (no /usr/bin/chromium, say) fails every test with its message, rather
// than leaving them skipped.
let setupError: unknown;
function ready() {
  if (setupError !== undefined) throw setupError;
}

beforeAll(async () => {
  try {
    await setUp();
  } catch (e) {
    setupError = e;
  }
});

async function setUp() {
  bundle = await bundleForBrowser({ entry: ENTRY });
  const routes = new Map<string, Route>([
    ["/", { type: "text/html; charset=utf-8", body: HTML }],
    ["/app.js", { type: "text/javascript; charset=utf-8", body: bundle.code }],
  ]);
  for (const [name, file] of bundle.wasm) {
    routes.set(`/${name}`, { type: "application/wasm", body: readFileSync(file) });
  }
  // A zarr-python ZipStore archive with deflated members, for the zip range reader.
  routes.set("/deflated.zip", {
    type: "application/zip",
    body: async () =>
      runPythonBytes(`import io, sys, tempfile, os, zipfile, zarr, numpy as np
path = os.path.join(tempfile.mkdtemp(), "d.zip")
s = zarr.ZipStore(path, mode="w", compression=zipfile.ZIP_DEFLATED)
z = zarr.zeros((20, 20), chunks=(5, 5), dtype="<i4", store=s, path="arr", compressor=None)
z[:] = np.arange(400, dtype="<i4").reshape(20, 20) % 7
s.close()
sys.stdout.buffer.write(open(path, "rb").read())`),
  });
  server = await serve(routes, { "/fixtures/": FIXTURES_V2 });
  browser = await launchChromium();
  page = await browser.context.newPage();
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning")
      problems.push(`console.${m.type()}: ${m.text()}`);
  });
  page.on("requestfailed", (r) =>
    problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`),
  );
  page.on("response", (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  await page.goto(`${server.origin}/`);
  await page.waitForFunction(() => "zarrkitBrowserTest" in globalThis, undefined, {
    timeout: 10_000,
  });
}

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

function call<K extends keyof BrowserTestApi>(
  name: K,
  ...args: Parameters<BrowserTestApi[K]>
): Promise<Awaited<ReturnType<BrowserTestApi[K]>>> {
  ready();
  return page.evaluate(
    ([n, a]) => {
      const api = (globalThis as unknown as { zarrkitBrowserTest: Record<string, Function> })
        .zarrkitBrowserTest;
      return api[n as string]!(...(a as unknown[]));
    },
    [name, args] as const,
  ) as Promise<Awaited<ReturnType<BrowserTestApi[K]>>>;
}

describe("zarrkit in headless Chromium", () => {
  it("bundles the umbrella's browser entry without any Node built-in", () => {
    ready();
    // The "browser" condition picks the umbrella's browser entry: no fs, zip file or process
    // sync; of the zip plugin only its browser entry (zip archives read by range reads).
    const files = bundle.inputs.map((i) => relative(WORKSPACE, i.path));
    expect(files).toContain("packages/zarrkit/src/browser.ts");
    const pkgs = new Set(bundle.inputs.map((i) => i.pkg));
    for (const nodeOnly of ["@zarrkit/store-fs", "@zarrkit/sync-process"]) {
      expect(pkgs.has(nodeOnly), nodeOnly).toBe(false);
    }
    expect(files.filter((f) => f.startsWith("plugins/store-zip/")).sort()).toEqual([
      "plugins/store-zip/src/browser.ts",
      "plugins/store-zip/src/crc32.ts",
      "plugins/store-zip/src/inflate-bounded-web.ts",
      "plugins/store-zip/src/inflate-limits.ts",
      "plugins/store-zip/src/zip-archive-store.ts",
      "plugins/store-zip/src/zip-format.ts",
    ]);
    expect(
      bundle.nodeBuiltins,
      `the browser bundle imports Node built-ins: ${describeBuiltins(bundle.nodeBuiltins)}`,
    ).toEqual([]);
  });

  it("runs in a page with no Node globals (pako for deflate; memory store and Blosc lz4 by default)", async () => {
    const env = await call("environment");
    expect(env).toMatchObject({
      process: "undefined",
      require: "undefined",
      Buffer: "undefined",
      window: "object",
      deflateEngines: { encode: "pako", decode: "pako" },
      bloscCompressors: ["blosclz", "lz4", "lz4hc", "snappy", "zlib", "zstd"],
      defaults: "Array((4,), float64, chunks=(4,), order=C)",
      defaultCompressor: "Blosc(cname='lz4', clevel=5, shuffle=SHUFFLE, blocksize=0)",
    });
  });

  for (const c of CASES) {
    it(`creates, writes with slices and reads back ${c.name}; zarr-python reads the store`, async () => {
      const p = plan(c);
      const got = (await call("roundTrip", p.spec)) as ArrayResult;
      expect(got.reads).toEqual(p.reads);
      expect(got.compressor).toBe(
        {
          "blosc-lz4-shuffle": "Blosc(cname='lz4', clevel=5, shuffle=SHUFFLE, blocksize=0)",
          "blosc-zstd-bitshuffle": "Blosc(cname='zstd', clevel=3, shuffle=BITSHUFFLE, blocksize=0)",
          "zlib-1": "Zlib(level=1)",
          lz4: "LZ4(acceleration=1)",
          "zstd-1": "Zstd(level=1)",
          "bz2-9": "BZ2(level=9)",
        }[c.compressor],
      );
      // Every chunk was written (the writes cover the array) and then read back by zarr-python.
      const keys = Object.keys(got.store).filter((k) => !k.startsWith("."));
      expect(keys.length).toBe(4 * 4);
      const dir = mkdtempSync(join(tmpdir(), "zarrkit-browser-"));
      try {
        writeTree(
          dir,
          Object.entries(got.store).map(([k, v]) => [k, new Uint8Array(Buffer.from(v, "base64"))]),
        );
        const theirs = pythonReadArray(dir);
        expect(theirs.dtype).toBe(c.dtype);
        expect(theirs.shape).toEqual([...SHAPE]);
        expect(theirs.values).toEqual(p.expected);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }

  for (const store of FIXTURES) {
    it(`reads ${store}, written by zarr-python, from static files`, async () => {
      const entry = fixture(store);
      const keys = filesUnder(join(FIXTURES_V2, store));
      const got = (await call("readFixture", `/fixtures/${store}`, keys)) as FixtureResult;
      expect(got.dtype).toBe(entry.dtype);
      expect(got.shape).toEqual(entry.shape);
      expect(got.compressor).toEqual(entry.compressor);
      expect(got.values).toEqual(entry.values);
    });
  }

  it("reads a zarr-python zip with deflated members through the range reader, inflating with DecompressionStream", async () => {
    const got = (await call("readZipArchive", "/deflated.zip", "arr")) as {
      keys: string[];
      shape: number[];
      values: number[];
      nativeInflate: boolean;
    };
    // zarr-python makes the root a group when it creates an array at a path
    expect(got.keys).toEqual([
      ".zgroup",
      "arr/.zarray",
      ...Array.from({ length: 16 }, (_, i) => `arr/${Math.floor(i / 4)}.${i % 4}`),
    ]);
    expect(got.shape).toEqual([20, 20]);
    expect(got.values).toEqual(Array.from({ length: 400 }, (_, i) => i % 7));
    expect(got.nativeInflate).toBe(true);
  });

  it("fetched its WebAssembly from the local server, with no failed request or console error", () => {
    ready();
    // zstd.wasm (Zstd) and bzip2.wasm (BZ2, from bzip2-wasm), each fetched once from beside
    // the bundle.
    const wasm = server.requests.filter((r) => r.path.endsWith(".wasm"));
    expect(wasm.map((r) => `${r.status} ${r.path}`).sort()).toEqual([
      "200 /bzip2.wasm",
      "200 /zstd.wasm",
    ]);
    const missing = server.requests
      .filter((r) => r.status !== 200)
      .map((r) => `${r.status} ${r.path}`);
    expect([...problems, ...missing]).toEqual([]);
  });
});
