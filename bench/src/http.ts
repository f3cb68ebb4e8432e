// Reading over HTTP: a 10000 x 10000 int32 array (Blosc lz4, shuffle, chunks 1000 x 1000)
// written to a temp dir, served by nginx on 127.0.0.1 (packages/test-servers), and read whole,
// as a row, a column and a 100 x 100 block by zarrkit's HttpStore and by zarrita's FetchStore,
// in one process, the two libraries alternating (the one that goes first swaps every rep).
// Each library's fetch is wrapped to count requests and the most in flight at once (from the
// call until the body has been read).
//
// Usage: pnpm --filter zarrkit-bench http [--reps N] [--out results/x.md]
// ZARRKIT_BENCH_HTTP_SIZE=2000 shrinks the array to 2000 x 2000 (chunks stay 1000 x 1000).
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { startNginx, startSwift } from "@zarrkit/test-servers";
import FetchStore from "@zarrita/storage/fetch";
import * as zarrita from "zarrita";
import * as zarr from "zarrkit";
import { makeData, w3Selections } from "./workloads.js";
import { option } from "./cli-options.js";

const here = dirname(fileURLToPath(import.meta.url));
const reps = Number(option("reps") ?? 5);
const N = Number(process.env.ZARRKIT_BENCH_HTTP_SIZE ?? 10000);
const CHUNK = Math.min(1000, N);
if (!Number.isInteger(N) || N < 100)
  throw new Error(`ZARRKIT_BENCH_HTTP_SIZE must be >= 100, got ${N}`);

/** Requests made and the most in flight at once, through one library's fetch. */
class FetchCounter {
  requests = 0;
  inFlight = 0;
  maxInFlight = 0;
  bytes = 0;

  reset() {
    this.requests = 0;
    this.maxInFlight = 0;
    this.bytes = 0;
  }

  readonly fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    this.requests++;
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    let res: Response;
    try {
      res = await fetch(input, init);
    } catch (e) {
      this.inFlight--;
      throw e;
    }
    // A request ends once its body is read; bodies not read as a whole (HEAD, 404) end here.
    const method = init?.method ?? (input instanceof Request ? input.method : "GET");
    if (!res.ok || method === "HEAD") {
      this.inFlight--;
      return res;
    }
    const read = res.arrayBuffer.bind(res);
    res.arrayBuffer = async () => {
      try {
        const b = await read();
        this.bytes += b.byteLength;
        return b;
      } finally {
        this.inFlight--;
      }
    };
    return res;
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

interface Lib {
  name: string;
  counter: FetchCounter;
  /** Read [r0, r1) x [c0, c1); returns the values, C order. */
  read(r0: number, r1: number, c0: number, c1: number): Promise<Int32Array>;
}

async function zarrkitLib(url: string): Promise<Lib> {
  const counter = new FetchCounter();
  const z = await zarr.openArray(url, { mode: "r", storageOptions: { fetch: counter.fetch } });
  return {
    name: "zarrkit",
    counter,
    async read(r0, r1, c0, c1) {
      const whole = r0 === 0 && c0 === 0 && r1 === N && c1 === N;
      const got = await z.get(whole ? null : [zarr.slice(r0, r1), zarr.slice(c0, c1)]);
      return (got as zarr.NdArray).data as Int32Array;
    },
  };
}

async function zarritaLib(url: string): Promise<Lib> {
  const counter = new FetchCounter();
  const store = new FetchStore(url, { fetch: (r: Request) => counter.fetch(r) });
  const arr = await zarrita.open.v2(zarrita.root(store), { kind: "array" });
  return {
    name: "zarrita",
    counter,
    async read(r0, r1, c0, c1) {
      const whole = r0 === 0 && c0 === 0 && r1 === N && c1 === N;
      const got = whole
        ? await zarrita.get(arr)
        : await zarrita.get(arr, [zarrita.slice(r0, r1), zarrita.slice(c0, c1)]);
      return got.data as Int32Array;
    },
  };
}

/** The expected values of a selection, from the data written. */
function check(lib: string, got: Int32Array, data: Int32Array, sel: number[]) {
  const [r0, r1, c0, c1] = sel as [number, number, number, number];
  let k = 0;
  for (let i = r0; i < r1; i++)
    for (let j = c0; j < c1; j++)
      if (got[k++] !== data[i * N + j])
        throw new Error(`${lib} read a wrong value at (${i}, ${j}): ${got[k - 1]}`);
  if (k !== got.length) throw new Error(`${lib} read ${got.length} values, expected ${k}`);
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), "zarrkit-bench-http-"));
  const nginx = await startNginx({ root: dir });
  try {
    const data = makeData({ shape: [N, N], dtype: "int32" }) as Int32Array;
    const z = await zarr.create([N, N], {
      dtype: "<i4",
      chunks: [CHUNK, CHUNK],
      compressor: new zarr.Blosc({ cname: "lz4", clevel: 5, shuffle: zarr.Blosc.SHUFFLE }),
      store: join(dir, "a.zarr"),
    });
    await z.set(null, { data, shape: [N, N] });
    const url = `${nginx.url}a.zarr`;
    const libs = [await zarrkitLib(url), await zarritaLib(url)];

    const ops: [string, number[]][] = [
      [`whole ${N}x${N}`, [0, N, 0, N]],
      ...w3Selections([N, N]).map(([name, s]) => [name, s] as [string, number[]]),
    ];
    // Per op and library: ms of each timed rep, max in flight and requests of the last.
    const results = new Map<
      string,
      { ms: number[]; maxInFlight: number; requests: number; bytes: number }
    >();
    for (const [op, sel] of ops) {
      const [r0, r1, c0, c1] = sel as [number, number, number, number];
      // One warm-up each (connections, JIT, workers), checked against the data.
      for (const lib of libs) check(lib.name, await lib.read(r0, r1, c0, c1), data, sel);
      for (let rep = 0; rep < reps; rep++) {
        const order = rep % 2 === 0 ? libs : [...libs].reverse();
        for (const lib of order) {
          lib.counter.reset();
          const t0 = performance.now();
          await lib.read(r0, r1, c0, c1);
          const ms = performance.now() - t0;
          const key = `${op}|${lib.name}`;
          const r = results.get(key) ?? { ms: [], maxInFlight: 0, requests: 0, bytes: 0 };
          r.ms.push(ms);
          r.maxInFlight = Math.max(r.maxInFlight, lib.counter.maxInFlight);
          r.requests = lib.counter.requests;
          r.bytes = lib.counter.bytes;
          results.set(key, r);
        }
      }
      const k = results.get(`${op}|zarrkit`)!;
      const t = results.get(`${op}|zarrita`)!;
      console.error(
        `${op}: zarrkit ${median(k.ms).toFixed(1)} ms, zarrita ${median(t.ms).toFixed(1)} ms, ` +
          `x${(median(t.ms) / median(k.ms)).toFixed(2)}`,
      );
    }
    report(ops, results, await s3Throughput(data));
  } finally {
    await nginx.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** S3 row: medians of whole writes and whole reads (zarrkit S3Store) against Swift on loopback. */
interface S3Result {
  writeMs: number[];
  readMs: number[];
  maxInFlight: number;
  requests: number;
}

/**
 * The same array written whole to Swift's S3 endpoint and read back whole, with zarrkit's
 * S3Store (zarrita has no S3 store that signs requests). Each rep writes to a fresh prefix.
 */
async function s3Throughput(data: Int32Array): Promise<S3Result> {
  const swift = await startSwift();
  try {
    const bucket = await swift.createBucket();
    const counter = new FetchCounter();
    const store = (prefix: string) =>
      new zarr.S3Store({
        bucket,
        prefix,
        endpoint: swift.endpoint,
        region: swift.region,
        credentials: { ...swift.credentials },
        forcePathStyle: true,
        fetch: counter.fetch,
      });
    const r: S3Result = { writeMs: [], readMs: [], maxInFlight: 0, requests: 0 };
    for (let rep = 0; rep <= reps; rep++) {
      const prefix = `bench-${rep}.zarr`;
      let t0 = performance.now();
      const z = await zarr.create([N, N], {
        dtype: "<i4",
        chunks: [CHUNK, CHUNK],
        compressor: new zarr.Blosc({ cname: "lz4", clevel: 5, shuffle: zarr.Blosc.SHUFFLE }),
        store: store(prefix),
      });
      await z.set(null, { data, shape: [N, N] });
      const writeMs = performance.now() - t0;
      const back = await zarr.openArray(store(prefix), { mode: "r" });
      counter.reset();
      t0 = performance.now();
      const got = (await back.get(null)) as zarr.NdArray;
      const readMs = performance.now() - t0;
      check("zarrkit S3", got.data as Int32Array, data, [0, N, 0, N]);
      // Rep 0 is the warm-up.
      if (rep === 0) continue;
      r.writeMs.push(writeMs);
      r.readMs.push(readMs);
      r.maxInFlight = Math.max(r.maxInFlight, counter.maxInFlight);
      r.requests = counter.requests;
    }
    console.error(
      `S3: write ${median(r.writeMs).toFixed(0)} ms, read ${median(r.readMs).toFixed(0)} ms`,
    );
    return r;
  } finally {
    await swift.stop();
  }
}

function report(
  ops: [string, number[]][],
  results: Map<string, { ms: number[]; maxInFlight: number; requests: number; bytes: number }>,
  s3: S3Result,
) {
  const commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim();
  const dirty = execFileSync("git", ["status", "--porcelain", "--untracked-files=no"], {
    encoding: "utf8",
  }).trim();
  const date = new Date().toISOString().slice(0, 10);
  const rows = ops.map(([op, sel]) => {
    const [r0, r1, c0, c1] = sel as [number, number, number, number];
    const mb = ((r1 - r0) * (c1 - c0) * 4) / 1e6;
    const k = results.get(`${op}|zarrkit`)!;
    const t = results.get(`${op}|zarrita`)!;
    const km = median(k.ms);
    const tm = median(t.ms);
    const speed = (ms: number) =>
      mb >= 10 ? `${(mb / (ms / 1000)).toFixed(0)} MB/s` : `${ms.toFixed(1)} ms`;
    return `| ${op} | ${speed(km)} | ${speed(tm)} | ${(tm / km).toFixed(2)} | ${k.maxInFlight} / ${t.maxInFlight} | ${k.requests} / ${t.requests} | ${(k.bytes / 1e6).toFixed(1)} / ${(t.bytes / 1e6).toFixed(1)} |`;
  });
  const md = `# HTTP reads from nginx on loopback: zarrkit HttpStore vs zarrita FetchStore, ${date}, commit ${commit}${dirty ? " plus uncommitted changes" : ""}

\`\`\`sh
${N === 10000 ? "" : `ZARRKIT_BENCH_HTTP_SIZE=${N} `}pnpm --filter zarrkit-bench http --reps ${reps}
\`\`\`

${N} x ${N} int32 (${((N * N * 4) / 1e6).toFixed(0)} MB), chunks ${CHUNK} x ${CHUNK}, Blosc lz4 clevel 5 shuffle, written by
zarrkit to a temp dir and served by Debian's nginx on 127.0.0.1 (packages/test-servers
startNginx; HTTP/1.1, keep-alive). Both libraries in one Node ${process.version} process
(zarrkit: the \`zarrkit\` umbrella, HttpStore defaults, codec workers on; zarrita 0.7.5 with
@zarrita/storage 0.2.0 FetchStore, defaults), each read once as a warm-up and checked against
the data written, then ${reps} timed reps alternating which library goes first. Medians;
MB/s of uncompressed data for the whole read, ms for the partial reads; ratio = zarrita time /
zarrkit time (above 1: zarrkit faster). In flight: the most requests at once, counted by a
wrapper around each library's fetch, from the call until the body was read. Machine: ${cpus().length} cores,
shared (load average ${loadavg()
    .map((x) => x.toFixed(1))
    .join(", ")} when the run ended).

| read | zarrkit | zarrita | x zarrita | max in flight (zarrkit / zarrita) | requests | MB fetched |
|---|---|---|---|---|---|---|
${rows.join("\n")}

S3: the same array written whole (create + one \`set\` of everything) and read whole by zarrkit's
S3Store against OpenStack Swift 2.30 with s3api on 127.0.0.1 (packages/test-servers
startSwift), a fresh prefix each rep, one warm-up rep, medians of ${reps}:

| S3 (zarrkit) | MB/s | ms | max in flight (read) | requests (read) |
|---|---|---|---|---|
| whole write | ${((N * N * 4) / 1e6 / (median(s3.writeMs) / 1000)).toFixed(0)} | ${median(s3.writeMs).toFixed(0)} | | |
| whole read | ${((N * N * 4) / 1e6 / (median(s3.readMs) / 1000)).toFixed(0)} | ${median(s3.readMs).toFixed(0)} | ${s3.maxInFlight} | ${s3.requests} |
`;
  const out = option("out") ?? join(here, "..", "results", `${date}-http.md`);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, md);
  console.log(md);
}

await main();
