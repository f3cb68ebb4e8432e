/**
 * Encode/decode throughput of one 4 MiB int32 chunk of smooth data ((i * 7) % 1000 plus a slow
 * ramp) for several Blosc settings: zarrkit's Blosc against numcodecs 0.11 (C c-blosc through
 * /usr/bin/python3, one thread) in the same run. Medians of several runs, MB/s of uncompressed
 * data (1 MB = 10^6 bytes). zarrkit runs with the WebAssembly kernels ("wasm") and without them
 * ("js", `setKernelsEnabled(false)`), the two alternating run by run so both see the same load.
 *
 *   pnpm --filter @zarrkit/codec-blosc bench [runs]
 */
import { spawnSync } from "node:child_process";
import { Blosc, setKernelsEnabled } from "../src/index.js";
import { loadKernels } from "../src/wasm/index.js";

const RUNS = Number(process.argv[2] ?? 15);
const values = Int32Array.from({ length: 1 << 20 }, (_, i) => ((i * 7) % 1000) + (i >> 12));
const data = new Uint8Array(values.buffer);
const info = { dtype: "<i4", itemsize: 4, shape: [values.length] };
const mbps = (ms: number) => data.length / 1e6 / (ms / 1000);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const SETTINGS = [
  { cname: "lz4", clevel: 5, shuffle: 1 },
  { cname: "lz4", clevel: 5, shuffle: 0 },
  { cname: "lz4", clevel: 5, shuffle: 2 },
  { cname: "blosclz", clevel: 5, shuffle: 1 },
  { cname: "lz4hc", clevel: 5, shuffle: 1 },
  { cname: "snappy", clevel: 5, shuffle: 1 },
  { cname: "zlib", clevel: 5, shuffle: 1 },
  { cname: "zstd", clevel: 5, shuffle: 1 },
];

/** Medians (ms) of `fn` with the kernels on and off, alternating; each timed run follows an
 * untimed one in the same mode (toggling re-instantiates the kernels and their memory). */
async function timeBoth(fn: () => Promise<unknown>): Promise<{ wasm: number; js: number }> {
  const ms = { wasm: [] as number[], js: [] as number[] };
  for (let i = 0; i < RUNS; i++) {
    for (const mode of ["wasm", "js"] as const) {
      setKernelsEnabled(mode === "wasm");
      if (mode === "wasm") await loadKernels();
      await fn();
      const t = performance.now();
      await fn();
      ms[mode].push(performance.now() - t);
    }
  }
  setKernelsEnabled(true);
  return { wasm: median(ms.wasm), js: median(ms.js) };
}

const py = spawnSync(
  "/usr/bin/python3",
  [
    "-c",
    `
import sys, time, json, numpy as np, numcodecs
from numcodecs import Blosc
numcodecs.blosc.use_threads = False
numcodecs.blosc.set_nthreads(1)
data = np.frombuffer(sys.stdin.buffer.read(), "<i4")
out = []
for s in json.loads(sys.argv[1]):
    codec = Blosc(**s)
    enc = codec.encode(data)
    def med(f):
        f(); f(); ts = []
        for _ in range(${RUNS}):
            t = time.perf_counter(); f(); ts.append(time.perf_counter() - t)
        return sorted(ts)[len(ts) // 2] * 1000
    out.append({"enc": med(lambda: codec.encode(data)), "dec": med(lambda: codec.decode(enc)), "size": len(enc)})
print(json.dumps(out))
`,
    JSON.stringify(SETTINGS),
  ],
  { input: data, maxBuffer: 1 << 26 },
);
if (py.status !== 0) throw new Error(py.stderr.toString());
const ref = JSON.parse(py.stdout.toString()) as { enc: number; dec: number; size: number }[];

const cell = (x: number | string, w: number) => String(x).padStart(w);
const rate = (ms: number) => cell(mbps(ms).toFixed(0), 8);
console.log(
  `4 MiB int32 smooth chunk, median of ${RUNS} runs, MB/s (one thread); wasm = kernels on, js = off`,
);
console.log(
  `${"setting".padEnd(26)}${cell("bytes", 8)}${cell("enc wasm", 9)}${cell("enc js", 8)}${cell("dec wasm", 9)}${cell("dec js", 8)}${cell("out wasm", 9)}${cell("out js", 8)}${cell("C bytes", 9)}${cell("C enc", 8)}${cell("C dec", 8)}`,
);
for (const [k, s] of SETTINGS.entries()) {
  const codec = new Blosc({ ...s, blocksize: 0 });
  const encoded = await codec.encode(data, info);
  const out = new Uint8Array(data.length);
  const enc = await timeBoth(() => codec.encode(data, info));
  const dec = await timeBoth(() => codec.decode(encoded));
  const decOut = await timeBoth(() => codec.decode(encoded, out));
  const r = ref[k]!;
  console.log(
    `${`${s.cname} clevel=${s.clevel} shuffle=${s.shuffle}`.padEnd(26)}${cell(encoded.length, 8)} ${rate(enc.wasm)}${rate(enc.js)} ${rate(dec.wasm)}${rate(dec.js)} ${rate(decOut.wasm)}${rate(decOut.js)} ${cell(r.size, 8)}${rate(r.enc)}${rate(r.dec)}`,
  );
}
