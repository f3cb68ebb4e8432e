// W2 (whole read of 10000 x 10000 int32, chunks 1000 x 1000, Blosc lz4 clevel 5 shuffle, Zarr
// v2, memory store) with zarrkit's codec workers off (0: everything on the main thread) and with
// 1, 2 and 4 workers, in one process and one run: each round reads once per setting, the
// settings in a rotating order, each timed read preceded by an untimed one (a change of pool
// size retires the workers, and the next read starts new ones). Per read it records the main
// thread's busy time (Node's event-loop utilization: store gets, allocation, promise handling,
// whatever the workers do not do) and the workers' summed busy time (the pool's stats), so the
// 16-core estimate rests on measured serial and parallel parts.
//
// Usage: pnpm --filter zarrkit-bench scaling [--reps N] [--workers 0,1,2,4]
// ZARRKIT_BENCH_SCALING_SIZE=2000 shrinks the array (chunks stay 1000 x 1000).
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import * as zarr from "zarrkit";
import { median } from "./median.js";
import { runStamp } from "./run-stamp.js";
import { makeData } from "./workloads.js";
import { option } from "./cli-options.js";

const here = dirname(fileURLToPath(import.meta.url));
// Taken at the start: the code measured is the code checked out when the run began.
const STAMP = runStamp();
const reps = Number(option("reps") ?? 7);
const SETTINGS = (option("workers") ?? "0,1,2,4").split(",").map(Number);
for (const n of SETTINGS)
  if (!(Number.isInteger(n) && n >= 0)) throw new Error(`--workers: ${n} is not a count >= 0`);
const N = Number(process.env.ZARRKIT_BENCH_SCALING_SIZE ?? 10000);
if (!Number.isInteger(N) || N < 1000)
  throw new Error(`ZARRKIT_BENCH_SCALING_SIZE must be an integer >= 1000, got ${N}`);
const MB = (N * N * 4) / 1e6;

interface Sample {
  ms: number;
  /** Main-thread busy time during the read. */
  mainMs: number;
  /** Worker busy time during the read, summed over workers. */
  workerMs: number;
  /** CPU time of the whole process (every thread) during the read. */
  cpuMs: number;
  tasks: number;
}

function use(workers: number) {
  if (workers === 0) zarr.configureWorkers({ enabled: false });
  else zarr.configureWorkers({ enabled: null, size: workers });
}

async function timedRead(z: zarr.ZarrArray, expected: Int32Array): Promise<Sample> {
  const pool = zarr.getWorkerPool();
  const tasks0 = pool.stats.tasks;
  const busy0 = pool.stats.workerMs;
  const cpu0 = process.cpuUsage();
  const elu0 = performance.eventLoopUtilization();
  const t0 = performance.now();
  const got = (await z.get(null)) as zarr.NdArray;
  const ms = performance.now() - t0;
  const elu = performance.eventLoopUtilization(elu0);
  const cpu = process.cpuUsage(cpu0);
  const data = got.data as Int32Array;
  if (data.length !== expected.length) throw new Error(`read ${data.length} values`);
  for (let k = 0; k < data.length; k += 9973)
    if (data[k] !== expected[k]) throw new Error(`wrong value ${data[k]} at ${k}`);
  return {
    ms,
    mainMs: elu.active,
    workerMs: pool.stats.workerMs - busy0,
    cpuMs: (cpu.user + cpu.system) / 1000,
    tasks: pool.stats.tasks - tasks0,
  };
}

async function main() {
  const load = [loadavg()[0]!];
  const data = makeData({ shape: [N, N], dtype: "int32" }) as Int32Array;
  const z = await zarr.create([N, N], {
    dtype: "<i4",
    chunks: [1000, 1000],
    compressor: new zarr.Blosc({ cname: "lz4", clevel: 5, shuffle: zarr.Blosc.SHUFFLE }),
    store: new zarr.MemoryStore(),
  });
  await z.set(null, { data, shape: [N, N] });
  const samples = new Map<number, Sample[]>(SETTINGS.map((n) => [n, []]));
  for (let rep = 0; rep < reps; rep++) {
    const order = SETTINGS.map((_, i) => SETTINGS[(i + rep) % SETTINGS.length]!);
    for (const n of order) {
      use(n);
      await timedRead(z, data); // warm-up: starts the pool's workers
      const s = await timedRead(z, data);
      if (n > 0 && s.tasks === 0) throw new Error(`${n} workers: no chunk went to a worker`);
      samples.get(n)!.push(s);
    }
    console.error(
      `rep ${rep + 1}/${reps}: ${order.map((n) => `${n}w ${samples.get(n)!.at(-1)!.ms.toFixed(0)} ms`).join(", ")}`,
    );
  }
  await zarr.terminateWorkers();
  load.push(loadavg()[0]!);
  report(samples, load);
}

function report(samples: Map<number, Sample[]>, load: number[]) {
  const { stamp, commit, dirty, date } = STAMP;
  const med = (n: number, k: keyof Sample) => median(samples.get(n)!.map((s) => s[k]));
  const base = SETTINGS.includes(0) ? med(0, "ms") : undefined;
  const rows = SETTINGS.map((n) => {
    const ms = med(n, "ms");
    return `| ${n === 0 ? "0 (main thread only)" : n} | ${ms.toFixed(0)} | ${(MB / (ms / 1000)).toFixed(0)} | ${base === undefined ? "-" : (base / ms).toFixed(2)} | ${med(n, "mainMs").toFixed(0)} | ${med(n, "workerMs").toFixed(0)} | ${med(n, "cpuMs").toFixed(0)} | ${med(n, "tasks")} |`;
  });
  // Amdahl from the one-worker run, where the worker has a core to itself: S stays on the main
  // thread, P is the work the pool took; n workers would give S + P / n at worst (no overlap of
  // the two) and max(S, P / n) at best (the main thread's work fully overlapped).
  const one = SETTINGS.includes(1) ? 1 : SETTINGS.find((n) => n > 0);
  let amdahl = "";
  let estimate: Record<string, number> = {};
  if (one !== undefined) {
    // Busy times are wall times: on a shared machine a thread is busy longer than it computes.
    // Scaled by the process's CPU time over them, they become the work a free core would do.
    const busyS = med(one, "mainMs");
    const busyP = med(one, "workerMs");
    const f = Math.min(1, med(one, "cpuMs") / (busyS + busyP));
    const S = busyS * f;
    const P = busyP * f;
    // Chunks are whole tasks: n workers get ceil(chunks / n) each, not chunks / n.
    const chunks = med(one, "tasks");
    const share = (n: number) => Math.ceil(chunks / n) / chunks;
    const worst = (n: number) => S + P * share(n);
    const best = (n: number) => Math.max(S, P * share(n));
    const serial = S / (S + P);
    estimate = { S, P, cpuShare: f, serial, worst16: worst(16), best16: best(16) };
    const speed = (ms: number) => `${(MB / (ms / 1000)).toFixed(0)} MB/s`;
    amdahl = `With ${one} worker the main thread was busy ${busyS.toFixed(0)} ms per read (store gets, the
output's allocation, chunk bookkeeping, promises) and the worker ${busyP.toFixed(0)} ms (Blosc decode and
the scatter into the shared output, with its page faults). The process got ${(f * 100).toFixed(0)}% of a core for
each busy millisecond (its CPU time over the busy times), so on free cores those are
S = ${S.toFixed(0)} ms and P = ${P.toFixed(0)} ms. Taking them as the serial and the parallel part, the serial fraction is S / (S + P) = ${(serial * 100).toFixed(1)}%. The ${chunks} chunks are whole
tasks, so 16 workers get at most ${Math.ceil(chunks / 16)} each: P x ${Math.ceil(chunks / 16)} / ${chunks} = ${(P * share(16)).toFixed(0)} ms. Sixteen workers on
sixteen free cores would then read W2 in between max(S, that) = ${best(16).toFixed(0)} ms (${speed(best(16))}, the main
thread's work overlapping the workers') and their sum, ${worst(16).toFixed(0)} ms (${speed(worst(16))}, no overlap), against
${med(one, "ms").toFixed(0)} ms with one worker here (S + P = ${(S + P).toFixed(0)} ms on a free core); Amdahl's ceiling for any number of cores is ${speed(S)}. ${
      serial > 0.25
        ? "The main thread's share is what would stop the scaling: more workers wait on it."
        : "The workers' share dominates, so cores help until the main thread's part is reached."
    } On this machine 2 and 4 workers share 2 cores with each other, the main thread and the other
engineers' jobs, so their rows show contention, not scaling. The estimate ignores memory
bandwidth: 16 cores decoding at once would share the memory bus (memcpy here: about 7-11 GB/s).`;
  }
  const md = `# W2 scaling with codec workers, ${date}, commit ${commit}${dirty ? " plus uncommitted changes" : ""}

\`\`\`sh
${N === 10000 ? "" : `ZARRKIT_BENCH_SCALING_SIZE=${N} `}pnpm --filter zarrkit-bench scaling --reps ${reps}${option("workers") ? ` --workers ${option("workers")}` : ""}
\`\`\`

W2: ${N} x ${N} int32 (${MB.toFixed(0)} MB), chunks 1000 x 1000, Blosc lz4 clevel 5 shuffle, Zarr v2, zarrkit
MemoryStore, read whole in one Node ${process.version} process with \`configureWorkers({ size: n })\` (0:
\`enabled: false\`, everything on the main thread). Each of ${reps} rounds reads once per setting, in a rotating
order, each timed read after an untimed one with the same setting. Medians. Main thread busy:
Node's event-loop utilization (active time) over the read; workers busy: the pool's
\`stats.workerMs\` (time inside tasks, summed over workers). Machine: ${cpus().length} cores, shared; load
average ${load.map((x) => x.toFixed(1)).join(" at the start, ")} at the end.

| workers | ms | MB/s | speed-up over 0 | main thread busy ms | workers busy ms (sum) | process CPU ms | chunks to workers |
|---|---|---|---|---|---|---|---|
${rows.join("\n")}

${amdahl}
`;
  const out = join(here, "..", "results");
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, `scaling-${stamp}.md`), md);
  writeFileSync(
    join(out, `scaling-${stamp}.json`),
    `${JSON.stringify({ kind: "scaling", date, commit, dirty, reps, size: N, loadavg: load, samples: Object.fromEntries(samples), estimate }, null, 1)}\n`,
  );
  console.log(md);
  console.log(`saved bench/results/scaling-${stamp}.md`);
}

await main();
