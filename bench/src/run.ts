// The benchmark: every workload for zarrkit, zarrita.js, zarr.js and zarr-python in one run,
// each library in its own process, medians of several repetitions after a warm-up, then a
// table of MB/s (ms for partial reads), ratios zarrkit / peer, peak memory, and the memcpy
// floor. Usage: pnpm bench [--reps N] [--only W1,W2] [--libs zarrkit,zarr-python]
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { nbytes, READ_OUT_COLUMNS, w3Selections, WORKLOADS, type Workload } from "./workloads.js";
import { flag, option } from "./cli-options.js";

const here = dirname(fileURLToPath(import.meta.url));
const reps = Number(option("reps") ?? 5);
const only = option("only")?.split(",");
const LIBS = option("libs")?.split(",") ?? ["zarrkit", "zarrita.js", "zarr.js", "zarr-python"];
// NumPy asks the kernel for huge pages on large arrays (THP mode "madvise"); Node's allocator
// does not unless glibc is told to. The flag gives every JavaScript child the same advantage,
// so the run compares allocators on equal terms; without it, the defaults a user gets.
const hugePages = flag("hugepages");
const childEnv = {
  ...process.env,
  NODE_OPTIONS: "--max-old-space-size=8192",
  ...(hugePages ? { GLIBC_TUNABLES: "glibc.malloc.hugetlb=1" } : {}),
};

type Result =
  | { ms: number[][]; peakRssMB: number; readPeakMB?: number; baselineMB?: number }
  | { unsupported: string }
  | { error: string };

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function runOne(lib: string, w: Workload): Result {
  const r =
    lib === "zarr-python"
      ? spawnSync(
          "/usr/bin/python3",
          [join(here, "..", "python", "bench.py"), JSON.stringify(w), String(reps)],
          { encoding: "utf8", maxBuffer: 1 << 26 },
        )
      : spawnSync(
          process.execPath,
          [
            "--import",
            "tsx",
            "--conditions=zarrkit-source",
            join(here, "child.ts"),
            lib,
            w.id,
            String(reps),
          ],
          {
            encoding: "utf8",
            maxBuffer: 1 << 26,
            env: childEnv,
          },
        );
  if (r.status !== 0)
    return { error: (r.stderr || r.stdout).trim().split("\n").slice(-3).join(" | ") };
  return JSON.parse(r.stdout.trim().split("\n").pop()!) as Result;
}

/** memcpy bandwidth of 400 MB, in its own process so the runner's memory stays small. */
function memcpyGBs(): number {
  const script = `const s=Buffer.alloc(4e8,1),d=Buffer.alloc(4e8);s.copy(d);const t=[];for(let i=0;i<5;i++){const a=performance.now();s.copy(d);t.push(performance.now()-a)}t.sort((a,b)=>a-b);console.log(4e8/(t[2]/1000)/1e9)`;
  return Number(execFileSync(process.execPath, ["-e", script], { encoding: "utf8" }).trim());
}

const commit = (() => {
  try {
    return execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim();
  } catch {
    return "unknown";
  }
})();

const lines: string[] = [];
const say = (s: string) => {
  console.log(s);
  lines.push(s);
};

say(`# zarrkit benchmark, ${new Date().toISOString().slice(0, 10)}, commit ${commit}`);
say("");
say(
  `Medians of ${reps} runs after one warm-up, each library in its own process. MB/s of uncompressed data (higher is better); W3 in ms (lower is better); ratio = zarrkit / peer speed.`,
);
say(
  `memcpy of 400 MB here: ${memcpyGBs().toFixed(1)} GB/s. Load average at the start: ${loadavg()[0]!.toFixed(1)}.`,
);
say(
  hugePages
    ? "JavaScript children ran with GLIBC_TUNABLES=glibc.malloc.hugetlb=1 (huge pages for large allocations, as NumPy gets them)."
    : "JavaScript children ran with glibc's default allocator settings (no huge pages; NumPy uses them).",
);
say("");
const header = [
  "workload",
  ...LIBS.map((l) => `${l}`),
  ...LIBS.filter((l) => l !== "zarrkit").map((l) => `x ${l}`),
  "peak RSS MB (by library)",
];
say(`| ${header.join(" | ")} |`);
say(`|${header.map(() => "---").join("|")}|`);
const json: Record<string, Record<string, Result>> = {};
for (const w of WORKLOADS) {
  if (only && !only.some((o) => w.id.startsWith(o))) continue;
  json[w.id] = {};
  const results = LIBS.map((lib) => {
    const r = runOne(lib, w);
    json[w.id]![lib] = r;
    return r;
  });
  const selections = w3Selections(w.shape);
  const cols =
    w.op === "partial" ? selections.length : w.op === "read-out" ? READ_OUT_COLUMNS.length : 1;
  for (let c = 0; c < cols; c++) {
    const values = results.map((r) => ("ms" in r ? median(r.ms.map((row) => row[c]!)) : undefined));
    const shown = values.map((v, i) => {
      const r = results[i]!;
      if (v === undefined) return "unsupported" in r ? "n/a" : "error";
      return w.op === "partial"
        ? `${v.toFixed(2)} ms`
        : `${(nbytes(w) / (v / 1000) / 1e6).toFixed(0)}`;
    });
    const ours = values[0];
    const ratios = values
      .slice(1)
      .map((v) => (ours === undefined || v === undefined ? "-" : `${(v / ours).toFixed(2)}`));
    // Reads: the peak during the reads (sampled in the JS children, the process's peak in
    // Python's), then in brackets the RSS the reads started from.
    const rss = results
      .map((r) =>
        !("peakRssMB" in r)
          ? "-"
          : r.baselineMB !== undefined
            ? `${(r.readPeakMB ?? r.peakRssMB).toFixed(0)} (${r.baselineMB.toFixed(0)})`
            : r.peakRssMB.toFixed(0),
      )
      .join(" / ");
    const label =
      w.op === "partial"
        ? `${w.id === "W3" ? "W3" : `${w.id} ${w.title}:`} ${selections[c]![0]}`
        : w.op === "read-out"
          ? `${w.id} ${w.title}, ${READ_OUT_COLUMNS[c]}`
          : `${w.id} ${w.title}`;
    say(`| ${[label, ...shown, ...ratios, rss].join(" | ")} |`);
  }
  for (const [i, r] of results.entries())
    if ("error" in r) console.error(`  ${LIBS[i]} ${w.id}: ${r.error}`);
}

say("");
say(`Load average at the end: ${loadavg()[0]!.toFixed(1)}.`);
// --name v3 gives results/v3-<date>-<commit>.md, beside the main runs' files.
const name = option("name");
const stamp = `${name ? `${name}-` : ""}${new Date().toISOString().slice(0, 10)}-${commit}${hugePages ? "-hugepages" : ""}`;
const out = join(here, "..", "results");
mkdirSync(out, { recursive: true });
writeFileSync(join(out, `${stamp}.md`), `${lines.join("\n")}\n`);
writeFileSync(join(out, `${stamp}.json`), `${JSON.stringify(json, null, 1)}\n`);
console.log(`\nsaved bench/results/${stamp}.md`);
