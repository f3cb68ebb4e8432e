// Runs one library on one workload in its own process (so peak memory is its own) and prints
// {"ms": [...], "peakRssMB": n} or {"unsupported": reason}. Usage: child.ts <lib> <workload> <reps>
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ADAPTERS, Unsupported } from "./adapters.js";
import { makeData, w3Selections, WORKLOADS } from "./workloads.js";

const [lib, id, repsText] = process.argv.slice(2);
const w = WORKLOADS.find((x) => x.id === id);
if (!w || !ADAPTERS[lib!]) throw new Error(`unknown library or workload: ${lib} ${id}`);
const reps = Number(repsText ?? 5);
const dir = mkdtempSync(join(tmpdir(), "zarrkit-bench-"));

async function main() {
  const adapter = await ADAPTERS[lib!]!();
  const data = makeData(w!);
  const ms: number[][] = [];
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
    } else if (w!.op === "read") {
      await adapter.prepare(w!, dir, data, true);
      for (let r = 0; r <= reps; r++) {
        const t = performance.now();
        const out = await adapter.read();
        if (r > 0) ms.push([performance.now() - t]);
        check(out, data.length);
        if (out[12345] !== data[12345]) throw new Error(`${lib} ${id}: wrong value read`);
      }
    } else {
      await adapter.prepare(w!, dir, data, true);
      for (let r = 0; r <= reps; r++) {
        const row: number[] = [];
        for (const [, [r0, r1, c0, c1]] of w3Selections(w!.shape)) {
          const t = performance.now();
          const out = await adapter.partial(r0, r1, c0, c1);
          row.push(performance.now() - t);
          check(out, (r1 - r0) * (c1 - c0));
        }
        if (r > 0) ms.push(row);
      }
    }
    console.log(JSON.stringify({ ms, peakRssMB: process.resourceUsage().maxRSS / 1024 }));
  } catch (e) {
    if (e instanceof Unsupported) console.log(JSON.stringify({ unsupported: e.message }));
    else throw e;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
