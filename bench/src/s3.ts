// S3 throughput and copy memory against a real S3 endpoint (OpenStack Swift on loopback,
// started here unless ZARRKIT_TEST_S3_* names a running one). Run on demand, never in CI:
//
//   pnpm --filter zarrkit-bench s3
//     whole write and whole read of a Blosc int32 array, medians of ZARRKIT_BENCH_S3_RUNS
//     (default 5) runs; side ZARRKIT_BENCH_S3_SIZE (default 4000: 4000 x 4000 int32 = 64 MB)
//   ZARRKIT_BENCH_S3_COPY_SIZE=23170 pnpm --filter zarrkit-bench s3
//     also zarr.copy directory -> S3 and S3 -> directory of a 23170 x 23170 int32 array
//     (2 GiB), each copy in its own child process so its peak RSS is its own
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { startSwift } from "@zarrkit/test-servers";
import * as zarr from "zarrkit";

const CHUNK = 1000;
const here = dirname(fileURLToPath(import.meta.url));

/** Smooth int32 field, as in the other workloads: (i * 7 + j) % 1000 over global indices. */
function rowBlock(r0: number, rows: number, cols: number): Int32Array {
  const out = new Int32Array(rows * cols);
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < cols; j++) out[i * cols + j] = ((r0 + i) * 7 + j) % 1000;
  return out;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

function options(): Record<string, unknown> {
  const env = process.env;
  return {
    endpoint: env.ZARRKIT_TEST_S3_ENDPOINT,
    region: env.ZARRKIT_TEST_S3_REGION,
    credentials: {
      accessKeyId: env.ZARRKIT_TEST_S3_ACCESS_KEY_ID,
      secretAccessKey: env.ZARRKIT_TEST_S3_SECRET_ACCESS_KEY,
    },
  };
}

async function throughput(bucket: string): Promise<void> {
  const n = Number(process.env.ZARRKIT_BENCH_S3_SIZE ?? 4000);
  const runs = Number(process.env.ZARRKIT_BENCH_S3_RUNS ?? 5);
  const data = new zarr.NdArray(rowBlock(0, n, n), [n, n], "<i4");
  const location = `s3://${bucket}/throughput.zarr`;
  const writes: number[] = [];
  const reads: number[] = [];
  let stored = 0;
  for (let r = 0; r < runs; r++) {
    const z = await zarr.openArray(location, {
      mode: "w",
      shape: [n, n],
      chunks: [CHUNK, CHUNK],
      dtype: "<i4",
      storageOptions: options(),
    });
    let t = performance.now();
    await z.set(null, data);
    writes.push(performance.now() - t);
    const again = await zarr.openArray<"<i4">(location, { mode: "r", storageOptions: options() });
    t = performance.now();
    const back = (await again.get(null)) as zarr.NdArray<"<i4">;
    reads.push(performance.now() - t);
    if (back.data[n * n - 1] !== data.data[n * n - 1]) throw new Error("read back differs");
    stored = await again.nbytesStored();
  }
  const mb = (n * n * 4) / 1e6;
  console.log(
    JSON.stringify({
      what: "whole array, Blosc lz4 int32, S3 (Swift on loopback)",
      shape: [n, n],
      chunks: [CHUNK, CHUNK],
      runs,
      megabytes: mb,
      storedMegabytes: stored / 1e6,
      writeMs: median(writes),
      readMs: median(reads),
      writeMBps: mb / (median(writes) / 1000),
      readMBps: mb / (median(reads) / 1000),
    }),
  );
}

// --- copy: each step in a child process ---

async function childMain(step: string, dir: string, bucket: string, n: number): Promise<void> {
  const t = performance.now();
  if (step === "source") {
    const z = await zarr.openArray(join(dir, "source.zarr"), {
      mode: "w",
      shape: [n, n],
      chunks: [CHUNK, CHUNK],
      dtype: "<i4",
    });
    for (let r = 0; r < n; r += CHUNK) {
      const rows = Math.min(CHUNK, n - r);
      await z.set([zarr.slice(r, r + rows), null], rowBlock(r, rows, n));
    }
  } else if (step === "upload") {
    const src = await zarr.openArray(join(dir, "source.zarr"), { mode: "r" });
    const dest = await zarr.openGroup(`s3://${bucket}/copy.zarr`, {
      mode: "w",
      storageOptions: options(),
    });
    await zarr.copy(src, dest, { name: "a" });
  } else if (step === "download") {
    const src = await zarr.openArray(`s3://${bucket}/copy.zarr`, {
      mode: "r",
      path: "a",
      storageOptions: options(),
    });
    const dest = await zarr.openGroup(join(dir, "back.zarr"), { mode: "w" });
    await zarr.copy(src, dest, { name: "a" });
    const out = await zarr.openArray<"<i4">(join(dir, "back.zarr"), { mode: "r", path: "a" });
    const mid = Math.floor(n / 2);
    const got = (await out.get([mid, zarr.slice(0, 10)])) as zarr.NdArray<"<i4">;
    for (let j = 0; j < 10; j++)
      if (got.data[j] !== (mid * 7 + j) % 1000) throw new Error(`copy is wrong at [${mid}, ${j}]`);
  }
  console.log(
    JSON.stringify({
      step,
      seconds: (performance.now() - t) / 1000,
      peakRssMB: process.resourceUsage().maxRSS / 1024,
    }),
  );
}

function child(args: string[]): Record<string, unknown> {
  const r = spawnSync(
    process.execPath,
    ["--conditions=zarrkit-source", "--import", "tsx", join(here, "s3.ts"), ...args],
    { encoding: "utf8", maxBuffer: 1 << 24, env: process.env },
  );
  if (r.status !== 0) throw new Error(`child ${args.join(" ")} failed:\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").pop() ?? "{}");
}

async function main(): Promise<void> {
  if (process.argv[2] === "--child") {
    const [, , , step, dir, bucket, n] = process.argv;
    return childMain(step as string, dir as string, bucket as string, Number(n));
  }
  const swift = await startSwift({ proxyWorkers: 2 });
  Object.assign(process.env, swift.env);
  try {
    const bucket = await swift.createBucket();
    await throughput(bucket);
    const copySize = process.env.ZARRKIT_BENCH_S3_COPY_SIZE;
    if (copySize) {
      const dir = mkdtempSync(join(tmpdir(), "zarrkit-bench-s3-"));
      try {
        const n = String(Number(copySize));
        console.log(
          JSON.stringify({
            bytes: Number(n) ** 2 * 4,
            ...child(["--child", "source", dir, bucket, n]),
          }),
        );
        console.log(JSON.stringify(child(["--child", "upload", dir, bucket, n])));
        console.log(JSON.stringify(child(["--child", "download", dir, bucket, n])));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  } finally {
    await swift.stop();
  }
}

await main();
