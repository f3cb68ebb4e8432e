// Copying a multi-gigabyte array between directory stores: peak memory must stay near one
// chunk per concurrent task, whatever the array's size (issue 3). The source is written by a
// first child process, the copy runs in a second one, so the copy's peak RSS is its own.
//
//   pnpm --filter zarrkit-bench copy [rows] [cols]     (default 24000 x 24000 int32 = 2.3 GB)
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as zarr from "zarrkit";

const CHUNK = 1000;
const here = dirname(fileURLToPath(import.meta.url));

/** Smooth int32 field, like the other workloads: (i * 7 + j) % 1000 over global indices. */
function rowBlock(r0: number, rows: number, cols: number): Int32Array {
  const out = new Int32Array(rows * cols);
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < cols; j++) out[i * cols + j] = ((r0 + i) * 7 + j) % 1000;
  return out;
}

async function writeSource(dir: string, rows: number, cols: number): Promise<void> {
  const z = await zarr.openArray(join(dir, "source.zarr"), {
    mode: "w",
    shape: [rows, cols],
    chunks: [CHUNK, CHUNK],
    dtype: "<i4",
  });
  for (let r = 0; r < rows; r += CHUNK) {
    const n = Math.min(CHUNK, rows - r);
    await z.set([zarr.slice(r, r + n), null], rowBlock(r, n, cols));
  }
}

async function runCopy(dir: string): Promise<void> {
  const src = await zarr.openArray(join(dir, "source.zarr"), { mode: "r" });
  const dest = await zarr.openGroup(join(dir, "dest.zarr"), { mode: "w" });
  let progress = { chunksDone: 0, chunksTotal: 0 };
  const t = performance.now();
  const [copied, , bytes] = await zarr.copy(src, dest, {
    name: "copy",
    onProgress: (p) => {
      progress = p;
    },
  });
  const seconds = (performance.now() - t) / 1000;
  // Spot-check the copy: a chunk in the middle and the last element.
  const out = (await zarr.openArray(join(dir, "dest.zarr"), {
    mode: "r",
    path: "copy",
  })) as zarr.ZarrArray<"<i4">;
  const [rows, cols] = out.shape as [number, number];
  const mid = Math.floor(rows / 2);
  const got = (await out.get([mid, zarr.slice(0, 10)])).data as Int32Array;
  for (let j = 0; j < 10; j++)
    if (got[j] !== (mid * 7 + j) % 1000) throw new Error(`copy is wrong at [${mid}, ${j}]`);
  console.log(
    JSON.stringify({
      seconds,
      copied,
      bytes,
      chunks: progress.chunksTotal,
      peakRssMB: process.resourceUsage().maxRSS / 1024,
      rows,
      cols,
    }),
  );
}

function child(args: string[]): string {
  const r = spawnSync(
    process.execPath,
    ["--conditions=zarrkit-source", "--import", "tsx", join(here, "copy.ts"), ...args],
    { encoding: "utf8", maxBuffer: 1 << 24 },
  );
  if (r.status !== 0) throw new Error(`child ${args[0]} failed:\n${r.stderr}`);
  return r.stdout.trim().split("\n").pop() ?? "";
}

async function main(): Promise<void> {
  const [mode, a, b, c] = process.argv.slice(2);
  if (mode === "--write") return writeSource(a!, Number(b), Number(c));
  if (mode === "--copy") return runCopy(a!);

  const rows = Number(mode ?? 24000);
  const cols = Number(a ?? rows);
  const dir = mkdtempSync(join(tmpdir(), "zarrkit-copy-bench-"));
  try {
    const t = performance.now();
    child(["--write", dir, String(rows), String(cols)]);
    const writeSeconds = (performance.now() - t) / 1000;
    const r = JSON.parse(child(["--copy", dir])) as {
      seconds: number;
      chunks: number;
      peakRssMB: number;
    };
    const arrayMB = (rows * cols * 4) / 2 ** 20;
    const chunkMB = (CHUNK * CHUNK * 4) / 2 ** 20;
    const lines = [
      `# Copy between directory stores (${new Date().toISOString().slice(0, 10)})`,
      "",
      `Command: \`pnpm --filter zarrkit-bench copy ${rows} ${cols}\`, commit ${commit()}.`,
      "",
      "| array | chunks | copy time | throughput | peak RSS of the copying process |",
      "| --- | --- | --- | --- | --- |",
      `| ${rows} x ${cols} int32, ${arrayMB.toFixed(0)} MiB uncompressed, Blosc lz4 | ${r.chunks} of ${chunkMB.toFixed(1)} MiB | ${r.seconds.toFixed(1)} s | ${(arrayMB / r.seconds).toFixed(0)} MiB/s | ${r.peakRssMB.toFixed(0)} MiB (${((100 * r.peakRssMB) / arrayMB).toFixed(1)}% of the array) |`,
      "",
      `Writing the source took ${writeSeconds.toFixed(1)} s (separate process). zarr.copy keeps 4 chunks in flight per array by default.`,
    ];
    const text = lines.join("\n");
    console.log(text);
    const results = join(here, "..", "results");
    mkdirSync(results, { recursive: true });
    writeFileSync(join(results, `copy-${new Date().toISOString().slice(0, 10)}.md`), `${text}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function commit(): string {
  const r = spawnSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" });
  return r.stdout.trim() || "unknown";
}

await main();
