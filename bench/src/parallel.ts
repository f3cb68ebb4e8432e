// Parallel decode benchmark: a whole-array read of a 10000 x 10000 int32 array (400 MB) in a
// MemoryStore, decoded on the main thread only (workers off) and by the codec worker pool,
// with the longest event-loop stall seen during each read (a 1 ms timer measures the gaps).
//
//   pnpm --filter zarrkit-bench parallel [--reps 3] [--n 10000] [--chunks 1000]
//     [--codecs none,zlib-pako,zlib-node,blosc] [--writes]
//
// Stalls are the longest gap seen in any repetition; times are medians. `--writes` also times
// a whole-array write on the main thread only (the write with workers is always timed).
//
// none: no compressor, nothing to decode: the floor of a read (store lookups and copying the
// chunks into the result, on the main thread either way);
// zlib-pako: pako inflate (pure JS: on the main thread it blocks the event loop for each chunk);
// zlib-node: node:zlib inflate (already runs on libuv's thread pool, but the calls still go
// through the main thread); blosc: @zarrkit/codec-blosc, lz4 + shuffle.
import { availableParallelism, loadavg } from "node:os";
import { setDeflateEngines } from "@zarrkit/codec-zlib";
import * as zarr from "zarrkit";
import { flag, option } from "./cli-options.js";

const reps = Number(option("reps") ?? "3");
const n = Number(option("n") ?? "10000");
const chunk = Number(option("chunks") ?? "1000");
const codecs = (option("codecs") ?? "none,zlib-pako,zlib-node,blosc").split(",");
const timeWrites = flag("writes");
const workerUrl = new URL("./parallel-worker.ts", import.meta.url);

interface Codecish {
  id: string;
}
type BloscCtor = new (o: { cname: string; clevel: number; shuffle: number }) => Codecish;

function compressorFor(name: string): { codec: Codecish | null; decode: "pako" | "node:zlib" } {
  if (name === "none") return { codec: null, decode: "node:zlib" };
  if (name === "zlib-pako") return { codec: new zarr.Zlib({ level: 1 }), decode: "pako" };
  if (name === "zlib-node") return { codec: new zarr.Zlib({ level: 1 }), decode: "node:zlib" };
  if (name === "blosc") {
    const Blosc = (zarr as unknown as { Blosc?: BloscCtor }).Blosc;
    if (!Blosc) throw new Error("this zarrkit has no Blosc yet");
    return { codec: new Blosc({ cname: "lz4", clevel: 5, shuffle: 1 }), decode: "node:zlib" };
  }
  throw new Error(`unknown codec ${name}`);
}

/** Run `fn`, timing it and the longest gap between ticks of a 1 ms timer meanwhile. */
async function measure(fn: () => Promise<unknown>): Promise<{ ms: number; stallMs: number }> {
  let last = performance.now();
  let stall = 0;
  const tick = setInterval(() => {
    const now = performance.now();
    stall = Math.max(stall, now - last);
    last = now;
  }, 1);
  const t0 = performance.now();
  await fn();
  const ms = performance.now() - t0;
  stall = Math.max(stall, performance.now() - last);
  clearInterval(tick);
  return { ms, stallMs: stall };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

function data(): Int32Array {
  // Smooth fields plus a little noise: compresses about as well as real measurements.
  const out = new Int32Array(n * n);
  let s = 12345;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      s = (Math.imul(s, 1103515245) + 12345) | 0;
      out[i * n + j] = ((i * 3 + j) >> 4) + ((s >>> 28) & 3);
    }
  return out;
}

const size = zarr.workerSettings().size;
console.log(
  `${n} x ${n} int32 (${((n * n * 4) / 1e6).toFixed(0)} MB), chunks ${chunk} x ${chunk}, ${reps} reps (median), ` +
    `${availableParallelism()} cores, ${size} workers, node ${process.version}, ` +
    `load average ${loadavg()[0]!.toFixed(1)} (other processes take cores too: compare on an idle machine)`,
);
const values = data();
const rows: string[][] = [];
for (const name of codecs) {
  const { codec, decode } = compressorFor(name);
  setDeflateEngines({ decode });
  const modules = [`${workerUrl.href}?decode=${encodeURIComponent(decode)}`];
  zarr.configureWorkers({ modules, enabled: null });
  const z = await zarr.zeros([n, n], {
    dtype: "i4",
    chunks: [chunk, chunk],
    compressor: codec as never,
    store: new zarr.MemoryStore(),
  });
  // Start the workers (two chunks, one each) before timing anything.
  await z.set([zarr.slice(0, chunk), zarr.slice(0, 2 * chunk)], 1);
  const write = await measure(() => z.set(null, values));
  const stored = await z.nbytesStored();
  // Warm-up (starts the workers), and a check that the read is right.
  const back = (await z.get(null)).data as Int32Array;
  for (let i = 0; i < values.length; i += 9973)
    if (back[i] !== values[i]) throw new Error(`${name}: wrong value at ${i}`);
  const result = async (enabled: boolean | null) => {
    zarr.configureWorkers({ enabled });
    await z.get(null); // warm
    const runs = [];
    const stats = zarr.getWorkerPool().stats;
    const before = { ...stats };
    for (let r = 0; r < reps; r++) runs.push(await measure(() => z.get(null)));
    if (stats.tasks > before.tasks && process.env.ZK_BENCH_VERBOSE)
      console.log(
        `  ${name}: ${stats.tasks - before.tasks} chunks in workers, ` +
          `${((stats.workerMs - before.workerMs) / (stats.tasks - before.tasks)).toFixed(1)} ms each, ` +
          `workers busy ${(((stats.workerMs - before.workerMs) / runs.reduce((a, x) => a + x.ms, 0) / size) * 100).toFixed(0)}%`,
      );
    return { ms: median(runs.map((x) => x.ms)), stall: Math.max(...runs.map((x) => x.stallMs)) };
  };
  const single = await result(false);
  const pooled = await result(null);
  let writeSingle: { ms: number } | undefined;
  if (timeWrites) {
    zarr.configureWorkers({ enabled: false });
    writeSingle = await measure(() => z.set(null, values));
    zarr.configureWorkers({ enabled: null });
  }
  const mbs = (ms: number) => ((n * n * 4) / 1e6 / (ms / 1000)).toFixed(0);
  rows.push([
    name,
    `${(stored / 1e6).toFixed(0)} MB`,
    `${single.ms.toFixed(0)} ms (${mbs(single.ms)} MB/s)`,
    `${pooled.ms.toFixed(0)} ms (${mbs(pooled.ms)} MB/s)`,
    `${(single.ms / pooled.ms).toFixed(2)}x`,
    `${single.stall.toFixed(1)} ms`,
    `${pooled.stall.toFixed(1)} ms`,
    `${writeSingle ? writeSingle.ms.toFixed(0) : "-"} / ${write.ms.toFixed(0)} ms`,
  ]);
}
await zarr.terminateWorkers();
const head = [
  "codec",
  "stored",
  "read, main thread",
  `read, ${size} workers`,
  "speed-up",
  "stall, main",
  "stall, workers",
  "write main / workers",
];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
console.log(line(head));
console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
for (const r of rows) console.log(line(r));
