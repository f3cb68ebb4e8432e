/**
 * Encode/decode throughput of the same-type delta filter on one 4 MiB chunk per dtype, smooth
 * data (`v[i] = (i*7 + (i>>10)) % 1000`, as bench/src/codecs.ts builds it): the WebAssembly SIMD
 * kernels and the JavaScript loops alternating in one process, then numcodecs 0.11 (through
 * /usr/bin/python3) on the same bytes. Medians, MB/s of decoded bytes (1 MB = 10^6 B).
 *
 * Decoding writes into an output buffer (as the chunk pipeline hands the last codec one, and
 * numcodecs' `decode(buf, out=)`); encoding returns a new buffer. Fresh chunk-sized buffers
 * are what this measures otherwise: on this machine a page fault costs tens of microseconds, so
 * a 4 MiB buffer touched for the first time takes longer than the filter. The package script
 * therefore runs Node (and numcodecs, which inherits the environment) with glibc keeping freed
 * memory for reuse (MALLOC_MMAP_THRESHOLD_, MALLOC_TRIM_THRESHOLD_), and with --expose-gc, so
 * garbage is collected before each timed call and its buffers are reused.
 *
 *   pnpm --filter @zarrkit/filter-delta bench [runs] [dtypes, e.g. <i4,<f8]
 */
import { spawnSync } from "node:child_process";
import { loadavg } from "node:os";
import { Delta, loadDeltaKernels, setDeltaKernelsEnabled } from "../src/index.js";

const RUNS = Number(process.argv[2] ?? 21);
const DTYPES = (process.argv[3] ?? "|i1,<i2,<i4,<i8,<f4,<f8").split(",");
const NBYTES = 4 * 1024 * 1024;

function chunk(dtype: string): Uint8Array {
  const size = Number(dtype.slice(2));
  const n = NBYTES / size;
  const v = (i: number) => (i * 7 + (i >> 10)) % 1000;
  if (dtype === "<f4")
    return new Uint8Array(Float32Array.from({ length: n }, (_, i) => v(i) / 10).buffer);
  if (dtype === "<f8")
    return new Uint8Array(Float64Array.from({ length: n }, (_, i) => v(i) / 10).buffer);
  if (size === 8)
    return new Uint8Array(BigInt64Array.from({ length: n }, (_, i) => BigInt(v(i))).buffer);
  const a = size === 1 ? new Int8Array(n) : size === 2 ? new Int16Array(n) : new Int32Array(n);
  for (let i = 0; i < n; i++) a[i] = v(i);
  return new Uint8Array(a.buffer);
}

const gc = (globalThis as { gc?: () => void }).gc;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const mbps = (ms: number) => NBYTES / 1e6 / (ms / 1000);

function python(dtype: string): { enc: number; dec: number } {
  const script = `
import sys, time, numpy as np
from numcodecs import Delta
dt = np.dtype(sys.argv[1]); n = ${NBYTES} // dt.itemsize
i = np.arange(n, dtype=np.int64); v = (i * 7 + (i >> 10)) % 1000
data = (v / 10).astype(dt) if dt.kind == "f" else v.astype(dt)
codec = Delta(dtype=dt.str)
def med(fn):
    for _ in range(2): fn()
    ms = []
    for _ in range(${RUNS}):
        t = time.perf_counter(); fn(); ms.append((time.perf_counter() - t) * 1000)
    return sorted(ms)[len(ms) // 2]
enc = codec.encode(data)
out = np.empty_like(data)
print(med(lambda: codec.encode(data)), med(lambda: codec.decode(enc, out=out)))
`;
  const r = spawnSync("/usr/bin/python3", ["-c", script, dtype], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`numcodecs failed: ${r.stderr}`);
  const [enc, dec] = r.stdout.trim().split(" ").map(Number) as [number, number];
  return { enc, dec };
}

const simd = await loadDeltaKernels();
console.log(
  `WebAssembly SIMD kernels: ${simd ? "loaded" : "unavailable"}; gc before each call: ${gc ? "yes" : "no"}; load ${loadavg()
    .map((x) => x.toFixed(1))
    .join(" ")}`,
);
console.log(
  "| dtype | enc wasm | enc js | enc numcodecs | dec wasm | dec js | dec numcodecs | enc wasm/js | dec wasm/js |",
);
console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
for (const dtype of DTYPES) {
  const data = chunk(dtype);
  const codec = new Delta({ dtype });
  const encoded = codec.encode(data);
  const out = new Uint8Array(NBYTES);
  const t = {
    encWasm: [] as number[],
    encJs: [] as number[],
    decWasm: [] as number[],
    decJs: [] as number[],
  };
  const time = (fn: () => unknown) => {
    gc?.();
    const s = performance.now();
    fn();
    return performance.now() - s;
  };
  // The two paths alternate run by run, so a change in the machine's load hits both alike.
  for (let r = -2; r < RUNS; r++) {
    const row: number[] = [];
    for (const on of [true, false]) {
      setDeltaKernelsEnabled(on);
      row.push(
        time(() => codec.encode(data)),
        time(() => codec.decode(encoded, out)),
      );
    }
    if (r < 0) continue; // warm-up
    t.encWasm.push(row[0]!);
    t.decWasm.push(row[1]!);
    t.encJs.push(row[2]!);
    t.decJs.push(row[3]!);
  }
  setDeltaKernelsEnabled(true);
  const py = python(dtype);
  const [ew, ej, dw, dj] = [t.encWasm, t.encJs, t.decWasm, t.decJs].map((x) => mbps(median(x))) as [
    number,
    number,
    number,
    number,
  ];
  const f = (x: number) => x.toFixed(0);
  console.log(
    `| ${dtype} | ${f(ew)} | ${f(ej)} | ${f(mbps(py.enc))} | ${f(dw)} | ${f(dj)} | ${f(mbps(py.dec))} | ${(ew / ej).toFixed(2)} | ${(dw / dj).toFixed(2)} |`,
  );
}
console.log(
  `load at the end ${loadavg()
    .map((x) => x.toFixed(1))
    .join(" ")}`,
);
