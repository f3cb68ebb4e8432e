/**
 * Encode/decode throughput of one 4 MiB int32 chunk of smooth data with LZMA (FORMAT_XZ) at a
 * preset (default 1; numcodecs' default is 6, which encodes at a few MB/s): zarrkit's codec
 * (liblzma 5.2.3 through lzma-native, and xz-decompress for decoding) against numcodecs 0.11
 * (Python's lzma, liblzma 5.4.1). Medians of several runs, MB/s of uncompressed data.
 *
 *   cd plugins/codec-lzma && npx tsx --conditions=zarrkit-source bench/throughput.ts [runs] [preset]
 */
import { spawnSync } from "node:child_process";
import { LZMA, setLzmaBackend } from "../src/index.js";

const RUNS = Number(process.argv[2] ?? 5);
const PRESET = Number(process.argv[3] ?? 1);
const values = Int32Array.from(
  { length: 1 << 20 },
  (_, i) => Math.round(10_000 * Math.sin(i / 5000)) + (i >> 10),
);
const data = new Uint8Array(values.buffer);
const mbps = (ms: number) => data.length / 1e6 / (ms / 1000);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function time(fn: () => Promise<unknown>): Promise<number> {
  await fn(); // warm-up (loads the engine on first use)
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await fn();
    ms.push(performance.now() - t);
  }
  return median(ms);
}

const codec = new LZMA({ preset: PRESET });
const encoded = await codec.encode(data);
const enc = await time(() => codec.encode(data));
const dec = await time(() => codec.decode(encoded));
setLzmaBackend("xz-decompress");
const decXz = await time(() => codec.decode(encoded));
setLzmaBackend("auto");

const py = spawnSync(
  "/usr/bin/python3",
  [
    "-c",
    `
import sys, time, json, numpy as np, numcodecs
data = np.frombuffer(sys.stdin.buffer.read(), "u1")
codec = numcodecs.LZMA(preset=${PRESET})
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

const cell = (ms: number | undefined) => (ms === undefined ? "-" : mbps(ms).toFixed(1)).padStart(8);
const row = (name: string, size: number, e: number | undefined, d: number) =>
  `${name.padEnd(36)} ${String(size).padStart(9)} ${cell(e)} ${cell(d)}`;
console.log(`4 MiB int32 smooth chunk, LZMA preset ${PRESET}, median of ${RUNS} runs (MB/s)`);
console.log(
  `${"".padEnd(36)} ${"bytes".padStart(9)} ${"encode".padStart(8)} ${"decode".padStart(8)}`,
);
console.log(row("zarrkit LZMA (lzma-native)", encoded.length, enc, dec));
console.log(row("zarrkit LZMA (xz-decompress, decode)", encoded.length, undefined, decXz));
console.log(row("numcodecs 0.11 LZMA (liblzma 5.4.1)", ref.size, ref.enc, ref.dec));
