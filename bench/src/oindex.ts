// Orthogonal selection of 100 scattered rows: zarrkit's `z.oindex.get([rows, null])` against
// zarr-python 2.13's `z.oindex[rows, :]`, on the same 10000 x 10000 int32 array (chunks
// 1000 x 1000, Blosc lz4 clevel 5 shuffle, memory stores) in one run. zarr-python lives in a
// child process (python/oindex.py) that times one read per request, so the two libraries
// alternate rep by rep and share the machine's load alike. zarrita.js and zarr.js have no
// orthogonal selection, so they have no row.
//
// Usage: pnpm --filter zarrkit-bench oindex [--reps N] [--out results/x.md]
// ZARRKIT_BENCH_OINDEX_SIZE=2000 shrinks the array (chunks stay 1000 x 1000 at most).
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import * as zarr from "zarrkit";
import { makeData } from "./workloads.js";
import { option } from "./cli-options.js";

const here = dirname(fileURLToPath(import.meta.url));
const reps = Number(option("reps") ?? 11);
const N = Number(process.env.ZARRKIT_BENCH_OINDEX_SIZE ?? 10000);
const CHUNK = Math.min(1000, N);
const ROWS = 100;
if (!Number.isInteger(N) || N < ROWS)
  throw new Error(`ZARRKIT_BENCH_OINDEX_SIZE must be an integer >= ${ROWS}, got ${N}`);
if (!Number.isInteger(reps) || reps < 1) throw new Error(`--reps must be >= 1, got ${reps}`);

/** 100 distinct rows spread over every chunk row, unsorted (python/oindex.py uses the same). */
const rows = Array.from({ length: ROWS }, (_, k) => (k * 7919 + 13) % N);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** What is timed: the orthogonal selection, and (for scale) a read of the whole array. */
type Op = "oindex" | "whole";
type Lib = "zarrkit" | "zarr-python";

/** zarr-python in a child: `rep()` runs one timed `z.oindex[rows, :]` there. */
async function startPython(): Promise<{ rep(what: Op): Promise<number>; stop(): void }> {
  const child = spawn(
    "/usr/bin/python3",
    [join(here, "..", "python", "oindex.py"), String(N), String(CHUNK)],
    {
      stdio: ["pipe", "pipe", "inherit"],
    },
  );
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async () => {
    const r = await lines.next();
    if (r.done) throw new Error("python/oindex.py exited early (see its traceback above)");
    return r.value;
  };
  const ready = await next();
  if (ready !== "ready") throw new Error(`python/oindex.py: expected "ready", got ${ready}`);
  return {
    async rep(what) {
      child.stdin.write(what === "oindex" ? "rep\n" : "whole\n");
      return Number(await next());
    },
    stop() {
      child.stdin.end();
    },
  };
}

async function main() {
  const data = makeData({ shape: [N, N], dtype: "int32" }) as Int32Array;
  const z = await zarr.create([N, N], {
    dtype: "<i4",
    chunks: [CHUNK, CHUNK],
    compressor: new zarr.Blosc({ cname: "lz4", clevel: 5, shuffle: zarr.Blosc.SHUFFLE }),
    store: new zarr.MemoryStore(),
  });
  await z.set(null, { data, shape: [N, N] });
  const read = async () => (await z.oindex.get([rows, null])) as zarr.NdArray<"<i4">;

  // Warm-up, checked against the data: row k of the result is row rows[k] of the array.
  const got = await read();
  if (got.shape.join() !== `${ROWS},${N}`) throw new Error(`zarrkit gave shape [${got.shape}]`);
  rows.forEach((r, k) => {
    for (const j of [0, 1, N >> 1, N - 1])
      if (got.data[k * N + j] !== data[r * N + j])
        throw new Error(`zarrkit read a wrong value at (${r}, ${j}): ${got.data[k * N + j]}`);
  });

  const python = await startPython();
  const zarrkit = { oindex: read, whole: () => z.get(null) };
  const ms: Record<Op, Record<Lib, number[]>> = {
    oindex: { zarrkit: [], "zarr-python": [] },
    whole: { zarrkit: [], "zarr-python": [] },
  };
  try {
    for (const op of ["oindex", "whole"] as const) {
      await zarrkit[op]();
      await python.rep(op);
      for (let rep = 0; rep < reps; rep++) {
        // The library that goes first swaps every rep.
        const order: Lib[] =
          rep % 2 === 0 ? ["zarrkit", "zarr-python"] : ["zarr-python", "zarrkit"];
        for (const lib of order) {
          if (lib === "zarrkit") {
            const t0 = performance.now();
            await zarrkit[op]();
            ms[op].zarrkit.push(performance.now() - t0);
          } else ms[op]["zarr-python"].push(await python.rep(op));
        }
      }
    }
  } finally {
    python.stop();
  }
  report(ms);
}

function report(ms: Record<Op, Record<Lib, number[]>>) {
  const git = (...a: string[]) => execFileSync("git", a, { encoding: "utf8" }).trim();
  const commit = git("rev-parse", "--short", "HEAD");
  const dirty = git("status", "--porcelain", "--untracked-files=no") !== "";
  const date = new Date().toISOString().slice(0, 10);
  const runs = (xs: number[]) => xs.map((x) => x.toFixed(1)).join(", ");
  const row = (op: Op, title: string, peers: string) => {
    const zk = median(ms[op].zarrkit);
    const py = median(ms[op]["zarr-python"]);
    return `| ${title} | ${zk.toFixed(1)} ms | ${py.toFixed(1)} ms | ${(py / zk).toFixed(2)} | ${peers} |`;
  };
  const md = `# Orthogonal selection of ${ROWS} scattered rows: zarrkit vs zarr-python 2.13, ${date}, commit ${commit}${dirty ? " plus uncommitted changes" : ""}

\`\`\`sh
${N === 10000 ? "" : `ZARRKIT_BENCH_OINDEX_SIZE=${N} `}pnpm --filter zarrkit-bench oindex --reps ${reps}
\`\`\`

${N} x ${N} int32, chunks ${CHUNK} x ${CHUNK}, Blosc lz4 clevel 5 shuffle, values \`(i * 7 + j) % 1000\`,
each library's own memory store. The selection is rows \`(k * 7919 + 13) % ${N}\` for k < ${ROWS}
(distinct, unsorted, in every chunk row) and all columns: \`z.oindex.get([rows, null])\` in
zarrkit (the \`zarrkit\` umbrella, codec workers on), \`z.oindex[rows, :]\` in zarr-python 2.13
(numcodecs 0.11, C Blosc) in a child process of the same run. One warm-up each (zarrkit's
checked against the data, zarr-python's against NumPy), then ${reps} timed reps alternating which
library goes first. zarrita.js and zarr.js have no orthogonal selection (no \`oindex\`), so they
have no row. Machine: ${cpus().length} cores, shared (load average ${loadavg()
    .map((x) => x.toFixed(1))
    .join(", ")} when the run ended), Node ${process.version}.

| selection | zarrkit | zarr-python | x zarr-python | zarrita.js | zarr.js |
|---|---:|---:|---:|---|---|
${row("oindex", `oindex[${ROWS} scattered rows, :] of ${N}² int32`, "n/a (no oindex) | n/a (no oindex)")}
${row("whole", `for scale: the whole array, z[...] / z.get(null)`, "W2 (not run here) | W2 (not run here)")}

Medians; x zarr-python = zarr-python time / zarrkit time (above 1: zarrkit faster). The rows
touch every chunk, so the selection decodes all ${(N / CHUNK) ** 2} chunks, as the whole read does.
Every rep (ms): oindex zarrkit ${runs(ms.oindex.zarrkit)}; zarr-python ${runs(ms.oindex["zarr-python"])}.
Whole read zarrkit ${runs(ms.whole.zarrkit)}; zarr-python ${runs(ms.whole["zarr-python"])}.
`;
  const out = option("out") ?? join(here, "..", "results", `oindex-${date}-${commit}.md`);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, md);
  console.log(md);
}

await main();
