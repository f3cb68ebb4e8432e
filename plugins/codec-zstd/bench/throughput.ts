/**
 * Encode/decode throughput of one 4 MiB int32 chunk of smooth data with Zstd at level 1 (the
 * numcodecs default): zarrkit's codec (zstd-wasm) against numcodecs 0.11 (C zstd 1.5.4 via
 * /usr/bin/python3). Medians of several runs, MB/s of uncompressed data.
 *
 *   cd plugins/codec-zstd && npx tsx --conditions=zarrkit-source bench/throughput.ts [runs] [level]
 */
import { spawnSync } from "node:child_process";
import { Zstd } from "../src/index.js";

const RUNS = Number(process.argv[2] ?? 15);
const LEVEL = Number(process.argv[3] ?? 1);
const values = Int32Array.from(
  { length: 1 << 20 },
  (_, i) => Math.round(10_000 * Math.sin(i / 5000)) + (i >> 10),
);
const data = new Uint8Array(values.buffer);
const mbps = (ms: number) => data.length / 1e6 / (ms / 1000);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function time(fn: () => Promise<unknown>): Promise<number> {
  await fn(); // warm-up (loads the WASM on first use)
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await fn();
    ms.push(performance.now() - t);
  }
  return median(ms);
}

const codec = new Zstd({ level: LEVEL });
const encoded = await codec.encode(data);
const out = new Uint8Array(data.length);
const enc = await time(() => codec.encode(data));
const dec = await time(() => codec.decode(encoded));
const decOut = await time(() => codec.decode(encoded, out));

const py = spawnSync(
  "/usr/bin/python3",
  [
    "-c",
    `
import sys, time, json, numpy as np, numcodecs
data = np.frombuffer(sys.stdin.buffer.read(), "u1")
codec = numcodecs.Zstd(level=${LEVEL})
enc = codec.encode(data)
def med(f):
    f(); ts = []
    for _ in range(${RUNS}):
        t = time.perf_counter(); f(); ts.append(time.perf_counter() - t)
    return sorted(ts)[len(ts) // 2] * 1000
print(json.dumps({"enc": med(lambda: codec.encode(data)), "dec": med(lambda: codec.decode(enc)), "size": len(enc)}))
`,
  ],
  { input: data },
);
if (py.status !== 0) throw new Error(py.stderr.toString());
const ref = JSON.parse(py.stdout.toString()) as { enc: number; dec: number; size: number };

const row = (name: string, size: number, e: number, d: number) =>
  `${name.padEnd(34)} ${String(size).padStart(9)} ${mbps(e).toFixed(0).padStart(8)} ${mbps(d).toFixed(0).padStart(8)}`;
console.log(`4 MiB int32 smooth chunk, Zstd level ${LEVEL}, median of ${RUNS} runs (MB/s)`);
console.log(
  `${"".padEnd(34)} ${"bytes".padStart(9)} ${"encode".padStart(8)} ${"decode".padStart(8)}`,
);
console.log(row("zarrkit Zstd (zstd-wasm)", encoded.length, enc, dec));
console.log(row("zarrkit Zstd, decode into out", encoded.length, enc, decOut));
console.log(row("numcodecs 0.11 Zstd (C zstd 1.5.4)", ref.size, ref.enc, ref.dec));
