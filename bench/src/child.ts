// Runs one library on one workload in its own process (so peak memory is its own) and prints
// {"ms": [...], "peakRssMB": n} or {"unsupported": reason}. Usage: child.ts <lib> <workload> <reps>
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ADAPTERS, Unsupported } from "./adapters.js";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { Worker } from "node:worker_threads";
import { makeData, w3Selections, WORKLOADS } from "./workloads.js";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

/**
 * The process's RSS sampled every 2 ms from a thread of its own (the main thread is busy
 * during a read), so a read's peak can be told from what preparing the data cost.
 */
async function rssSampler(): Promise<{ peakMB(): number; stop(): Promise<number> }> {
  const peak = new Float64Array(new SharedArrayBuffer(8));
  const worker = new Worker(
    `const { workerData } = require("node:worker_threads");
     const peak = new Float64Array(workerData);
     setInterval(() => { const r = process.memoryUsage.rss(); if (r > peak[0]) peak[0] = r; }, 2);`,
    { eval: true, workerData: peak.buffer },
  );
  worker.unref();
  // Reads start once it samples (a worker takes a while to start on a busy machine).
  while (peak[0] === 0) await new Promise((r) => setTimeout(r, 5));
  return { peakMB: () => peak[0]! / 2 ** 20, stop: () => worker.terminate() };
}

const [lib, id, repsText] = process.argv.slice(2);
const w = WORKLOADS.find((x) => x.id === id);
if (!w || !ADAPTERS[lib!]) throw new Error(`unknown library or workload: ${lib} ${id}`);
const reps = Number(repsText ?? 5);
const dir = mkdtempSync(join(tmpdir(), "zarrkit-bench-"));

async function main() {
  const adapter = await ADAPTERS[lib!]!();
  let data: Int32Array | Float64Array | undefined = makeData(w!);
  const n = data.length;
  const probe = data[12345]!;
  const ms: number[][] = [];
  const extra: Record<string, number> = {};
  /**
   * Reads only: drop the source data (the store holds its own copy), collect garbage, and
   * note the RSS the read starts from; sample the peak from here on.
   */
  const startReads = async () => {
    data = undefined;
    gc();
    // Memory freed by the collection leaves the RSS a little later.
    await new Promise((r) => setTimeout(r, 200));
    const sampler = await rssSampler();
    extra.baselineMB = process.memoryUsage.rss() / 2 ** 20;
    return sampler;
  };
  const check = (out: ArrayLike<number>, expected: number) => {
    if (out.length !== expected)
      throw new Error(`${lib} ${id}: got ${out.length} elements, expected ${expected}`);
  };
  try {
    if (w!.op === "write") {
      await adapter.prepare(w!, dir, data, false);
      for (let r = 0; r <= reps; r++) {
        const t = performance.now();
        await adapter.write(data);
        if (r > 0) ms.push([performance.now() - t]);
      }
      check(await adapter.read(), data.length);
    } else if (w!.op === "read" || w!.op === "read-out") {
      await adapter.prepare(w!, dir, data, true);
      const sampler = await startReads();
      // The kept buffer is shared, so codec workers decode straight into it (as zarrkit's own
      // output of a whole read is).
      const kept =
        w!.op !== "read-out"
          ? undefined
          : w!.dtype === "int32"
            ? new Int32Array(new SharedArrayBuffer(n * 4))
            : new Float64Array(new SharedArrayBuffer(n * 8));
      for (let r = 0; r <= reps; r++) {
        const row: number[] = [];
        for (const out of kept ? [undefined, kept] : [undefined]) {
          const t = performance.now();
          const got = await adapter.read(out);
          row.push(performance.now() - t);
          check(got, n);
          if (got[12345] !== probe) throw new Error(`${lib} ${id}: wrong value read`);
        }
        if (r > 0) ms.push(row);
      }
      extra.readPeakMB = sampler.peakMB();
      await sampler.stop();
    } else {
      await adapter.prepare(w!, dir, data, true);
      const sampler = await startReads();
      const sels = w3Selections(w!.shape);
      const Ctor = w!.dtype === "int32" ? Int32Array : Float64Array;
      const kept = sels.map(([, [r0, r1, c0, c1]]) =>
        w!.intoOut ? new Ctor((r1 - r0) * (c1 - c0)) : undefined,
      );
      for (let r = 0; r <= reps; r++) {
        const row: number[] = [];
        for (const [k, [, [r0, r1, c0, c1]]] of sels.entries()) {
          const t = performance.now();
          const out = await adapter.partial(r0, r1, c0, c1, kept[k]);
          row.push(performance.now() - t);
          check(out, (r1 - r0) * (c1 - c0));
        }
        if (r > 0) ms.push(row);
      }
      extra.readPeakMB = sampler.peakMB();
      await sampler.stop();
    }
    console.log(JSON.stringify({ ms, peakRssMB: process.resourceUsage().maxRSS / 1024, ...extra }));
  } catch (e) {
    if (e instanceof Unsupported) console.log(JSON.stringify({ unsupported: e.message }));
    else throw e;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
