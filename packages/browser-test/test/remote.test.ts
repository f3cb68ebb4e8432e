// zarrkit in Chromium against a real HTTP server: the test's nginx serves the page and, from
// the same root, a v2 array and a sharded v3 array (Blosc lz4, written here with zarrkit). The
// page opens them by URL (HttpStore), reads slices with the codec workers running as Web
// Workers, and the test compares the values with ones computed here and checks nginx's access
// log: only the chunks (v2) or shard ranges (v3) of the slice were asked for.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type AccessLogEntry,
  type NginxServer,
  type SwiftServer,
  startNginx,
  startSwift,
} from "@zarrkit/test-servers";
import { build } from "esbuild";
import type { Page } from "playwright-core";
import * as zarr from "zarrkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Chromium, callPageApi, launchChromium } from "./browser.js";
import { WORKSPACE } from "./bundle.js";
import type { RemoteRead, RemoteTestApi } from "./page/remote-entry.js";

const SHAPE = [200, 300] as const;
const CHUNKS = [50, 60] as const;
const SHARDS = [100, 120] as const;
const value = (i: number, j: number) => (i * SHAPE[1] + j) * 7919 - 1_000_000;

/** A slice as [start, stop) per dimension; its NumPy text is "r0:r1, c0:c1". */
interface Slice {
  rows: [number, number];
  cols: [number, number];
}
const text = (s: Slice) => `${s.rows[0]}:${s.rows[1]}, ${s.cols[0]}:${s.cols[1]}`;

function expected(s: Slice): { data: number[]; shape: number[] } {
  const data: number[] = [];
  for (let i = s.rows[0]; i < s.rows[1]; i++)
    for (let j = s.cols[0]; j < s.cols[1]; j++) data.push(value(i, j));
  return { data, shape: [s.rows[1] - s.rows[0], s.cols[1] - s.cols[0]] };
}

/** Grid cells of `size` that [start, stop) touches. */
function cells([start, stop]: [number, number], size: number): number[] {
  const out: number[] = [];
  for (let c = Math.floor(start / size); c * size < stop; c++) out.push(c);
  return out;
}

const SLICES: Slice[] = [
  { rows: [30, 140], cols: [100, 250] },
  { rows: [199, 200], cols: [0, 300] },
  { rows: [0, 200], cols: [61, 62] },
];

const METADATA = /\/(\.zarray|\.zgroup|\.zattrs|\.zmetadata|zarr\.json)$/;

let root: string;
let nginx: NginxServer;
let swift: SwiftServer;
let browser: Chromium;
let page: Page;
const problems: string[] = [];
let setupError: unknown;

function ready() {
  if (setupError !== undefined) throw setupError;
}

async function writeArrays() {
  const data = new Int32Array(SHAPE[0] * SHAPE[1]);
  for (let i = 0; i < SHAPE[0]; i++)
    for (let j = 0; j < SHAPE[1]; j++) data[i * SHAPE[1] + j] = value(i, j);
  const layouts = [
    ["v2.zarr", {}],
    ["v3.zarr", { zarrFormat: 3 }],
    ["v3-sharded.zarr", { zarrFormat: 3, shards: [...SHARDS] }],
  ] as const;
  for (const [name, layout] of layouts) {
    const z = await zarr.create([...SHAPE], {
      dtype: "<i4",
      chunks: [...CHUNKS],
      compressor: new zarr.Blosc({ cname: "lz4", clevel: 5, shuffle: zarr.Blosc.SHUFFLE }),
      store: join(root, name),
      ...layout,
    });
    await z.set(null, { data, shape: [...SHAPE] });
  }
}

/**
 * The page as an app bundler would emit it: the app, core's codec-worker entry and zarrkit's
 * worker module as three entries sharing chunks, so a worker's codec registry (in the shared
 * chunk) is the one the worker module registers into. The pool finds `codec-worker.js` beside
 * the chunk that holds it, in the root.
 */
async function writePage() {
  await build({
    entryPoints: {
      app: join(WORKSPACE, "packages/browser-test/test/page/remote-entry.ts"),
      "codec-worker": join(WORKSPACE, "packages/core/src/runtime/codec-worker.ts"),
      "zarrkit-worker": join(WORKSPACE, "packages/zarrkit/src/worker.ts"),
    },
    absWorkingDir: WORKSPACE,
    outdir: root,
    bundle: true,
    splitting: true,
    platform: "browser",
    format: "esm",
    target: "es2022",
    conditions: ["zarrkit-source", "browser"],
    logLevel: "silent",
  });
  writeFileSync(
    join(root, "index.html"),
    `<!doctype html><meta charset="utf-8"><title>zarrkit remote</title><link rel="icon" href="data:,">
<script type="module" src="/app.js"></script>`,
  );
}

beforeAll(async () => {
  try {
    root = mkdtempSync(join(tmpdir(), "zarrkit-remote-"));
    await writeArrays();
    await writePage();
    nginx = await startNginx({ root });
    swift = await startSwift();
    browser = await launchChromium();
    page = await browser.context.newPage();
    // Opening a node probes for metadata keys that may not exist: those 404s (Chromium logs
    // each one) are expected. The store cancels the bodies it does not need (404s, HEADs),
    // which Chromium reports as failed requests, though they were answered.
    const answered = new Set<string>();
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    page.on("console", (m) => {
      if (/status of 404/.test(m.text())) return;
      if (m.type() === "error" || m.type() === "warning")
        problems.push(`console.${m.type()}: ${m.text()}`);
    });
    page.on("response", (r) => {
      answered.add(`${r.request().method()} ${r.url()}`);
      if (r.status() >= 400 && !(r.status() === 404 && METADATA.test(new URL(r.url()).pathname)))
        problems.push(`HTTP ${r.status()}: ${r.url()}`);
    });
    page.on("requestfailed", (r) => {
      if (!answered.has(`${r.method()} ${r.url()}`))
        problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`);
    });
    await page.goto(`${nginx.url}index.html`);
    await page.waitForFunction(() => "zarrkitRemoteTest" in globalThis, undefined, {
      timeout: 10_000,
    });
    await call("useWorkers", "/zarrkit-worker.js");
  } catch (e) {
    setupError = e;
  }
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await nginx?.stop();
  await swift?.stop();
  if (root) rmSync(root, { recursive: true, force: true });
});

function call<K extends keyof RemoteTestApi>(
  name: K,
  ...args: Parameters<RemoteTestApi[K]>
): Promise<Awaited<ReturnType<RemoteTestApi[K]>>> {
  if (setupError !== undefined && page === undefined) throw setupError;
  return callPageApi<RemoteTestApi, K>(page, "zarrkitRemoteTest", name, args);
}

/** What one read asked nginx for, under the store's folder. */
async function storeRequests(store: string): Promise<AccessLogEntry[]> {
  return (await nginx.accessLog()).filter((e) => e.path.startsWith(`/${store}/`));
}

function checkRead(got: RemoteRead, s: Slice) {
  expect(got.workersBroken).toBeNull();
  expect({ data: got.data, shape: got.shape }).toEqual(expected(s));
}

describe("zarrkit in headless Chromium over HTTP (nginx), codecs in Web Workers", () => {
  for (const s of SLICES) {
    for (const [store, keyOf] of [
      ["v2.zarr", (r: number, c: number) => `${r}.${c}`],
      ["v3.zarr", (r: number, c: number) => `c/${r}/${c}`],
    ] as const) {
      it(`${store}, Blosc lz4: reads [${text(s)}] in Web Workers, asking only for the slice's chunks`, async () => {
        ready();
        await nginx.clearAccessLog();
        const got = await call("readSlice", `/${store}`, text(s));
        checkRead(got, s);
        // Every chunk of the slice was decoded by a Web Worker.
        const chunks = cells(s.rows, CHUNKS[0]).length * cells(s.cols, CHUNKS[1]).length;
        expect(got.workerTasks).toBe(chunks);
        expect(got.workersStarted).toBeGreaterThan(0);
        const log = await storeRequests(store);
        const wanted = cells(s.rows, CHUNKS[0]).flatMap((r) =>
          cells(s.cols, CHUNKS[1]).map((c) => `/${store}/${keyOf(r, c)}`),
        );
        const isMeta = (e: AccessLogEntry) => METADATA.test(e.path);
        const chunkGets = log.filter((e) => !isMeta(e));
        expect(chunkGets.map((e) => e.path).sort()).toEqual(wanted.sort());
        expect(chunkGets.every((e) => e.status === 200 && e.method === "GET")).toBe(true);
        // Besides the chunks, only metadata, and the array's own was found.
        expect(log.filter(isMeta).some((e) => e.status === 200)).toBe(true);
      });
    }

    it(`v3-sharded.zarr, Blosc lz4: reads [${text(s)}] with range requests for the slice's inner chunks only`, async () => {
      ready();
      await nginx.clearAccessLog();
      const got = await call("readSlice", "/v3-sharded.zarr", text(s));
      checkRead(got, s);
      const log = await storeRequests("v3-sharded.zarr");
      const shards = cells(s.rows, SHARDS[0]).flatMap((r) =>
        cells(s.cols, SHARDS[1]).map((c) => `/v3-sharded.zarr/c/${r}/${c}`),
      );
      const data = log.filter((e) => e.path.startsWith("/v3-sharded.zarr/c/"));
      expect([...new Set(data.map((e) => e.path))].sort()).toEqual(shards.sort());
      // Every shard read is a range read (206): never a whole shard.
      expect(data.every((e) => e.status === 206 && e.range.startsWith("bytes="))).toBe(true);
      // Per shard: its index (the suffix, 16 bytes per inner chunk + a 4-byte checksum) and
      // one range per inner chunk of the slice in that shard (or fewer, merged).
      const perShard = (SHARDS[0] / CHUNKS[0]) * (SHARDS[1] / CHUNKS[1]);
      const indexes = data.filter((e) => e.range === `bytes=-${perShard * 16 + 4}`);
      expect(indexes.map((e) => e.path).sort()).toEqual(shards.sort());
      // The other ranges hold each inner chunk of the slice, and no byte outside the span
      // from the first to the last of them in their shard (adjacent ranges may be merged).
      const ranges = data.filter((e) => !indexes.includes(e));
      for (const shard of shards) {
        const mine = ranges
          .filter((e) => e.path === shard)
          .map((e) => {
            const m = /^bytes=(\d+)-(\d+)$/.exec(e.range);
            expect(m, `${shard}: ${e.range}`).not.toBeNull();
            return [Number(m![1]), Number(m![2]) + 1] as const;
          });
        const wanted = innerChunks(s, shard);
        expect(wanted.length).toBeGreaterThan(0);
        for (const [start, end] of wanted)
          expect(
            mine.some(([a, b]) => a <= start && end <= b),
            `${shard} ${start}-${end}`,
          ).toBe(true);
        const lo = Math.min(...wanted.map(([a]) => a));
        const hi = Math.max(...wanted.map(([, b]) => b));
        for (const [a, b] of mine) expect(a >= lo && b <= hi, `${shard} ${a}-${b}`).toBe(true);
      }
      const other = log.filter((e) => !e.path.startsWith("/v3-sharded.zarr/c/"));
      expect(other.filter((e) => !METADATA.test(e.path))).toEqual([]);
      expect(other.some((e) => e.path === "/v3-sharded.zarr/zarr.json" && e.status === 200)).toBe(
        true,
      );
    });
  }

  it("writes a Blosc array to Swift's S3 endpoint (another origin, CORS) and reads a slice back", async () => {
    ready();
    const bucket = await swift.createBucket();
    const shape = [40, 30];
    const values = Array.from({ length: 40 * 30 }, (_, k) => k * 31 - 500);
    const got = await call(
      "s3RoundTrip",
      {
        endpoint: swift.endpoint,
        bucket,
        prefix: "page/a.zarr",
        region: swift.region,
        credentials: { ...swift.credentials },
      },
      shape,
      [16, 16],
      values,
      "5:25, 10:30",
    );
    const data: number[] = [];
    for (let i = 5; i < 25; i++) for (let j = 10; j < 30; j++) data.push(values[i * 30 + j]!);
    expect({ data: got.data, shape: got.shape }).toEqual({ data, shape: [20, 20] });
    // The page PUT the metadata and all 3 x 2 chunks; zarrkit in Node reads them back whole.
    const chunkKeys = [0, 1, 2].flatMap((r) => [0, 1].map((c) => `c/${r}/${c}`));
    expect(got.keys).toEqual([...chunkKeys, "zarr.json"].sort());
    const store = new zarr.S3Store({
      bucket,
      prefix: "page/a.zarr",
      endpoint: swift.endpoint,
      region: swift.region,
      credentials: { ...swift.credentials },
      forcePathStyle: true,
    });
    const back = await zarr.openArray(store, { mode: "r" });
    expect(String(back.compressor)).toBe(
      "Blosc(cname='lz4', clevel=5, shuffle=SHUFFLE, blocksize=0)",
    );
    const all = (await back.get(null)) as zarr.NdArray;
    expect(Array.from(all.data as Int32Array)).toEqual(values);
  });

  it("made no failed request (but metadata probes), page error or console error", () => {
    ready();
    expect(problems).toEqual([]);
  });
});

/**
 * The byte spans [start, end) of the inner chunks of `shard` (an access-log path) that the
 * slice touches, read from the shard's index on disk: a little-endian (offset, length) pair
 * per inner chunk, C order, then a CRC32C.
 */
function innerChunks(s: Slice, shard: string): [number, number][] {
  const per = [SHARDS[0] / CHUNKS[0], SHARDS[1] / CHUNKS[1]] as const;
  const bytes = readFileSync(join(root, shard.replace(/^\//, "")));
  const index = new DataView(
    bytes.buffer,
    bytes.byteOffset + bytes.byteLength - (per[0] * per[1] * 16 + 4),
  );
  const [sr, sc] = shard.split("/").slice(-2).map(Number) as [number, number];
  const out: [number, number][] = [];
  for (const r of cells(s.rows, CHUNKS[0]))
    for (const c of cells(s.cols, CHUNKS[1])) {
      if (Math.floor(r / per[0]) !== sr || Math.floor(c / per[1]) !== sc) continue;
      const k = (r % per[0]) * per[1] + (c % per[1]);
      const offset = Number(index.getBigUint64(k * 16, true));
      out.push([offset, offset + Number(index.getBigUint64(k * 16 + 8, true))]);
    }
  return out;
}
