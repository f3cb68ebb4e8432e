// The per-commit results table: reads every bench/results/*.json (the JSON sidecar each run
// writes beside its .md) and writes bench/results/README.md, one row per commit with the key
// figures of issue 16 as ratios, under a row of its targets. A cell no run measured is "-";
// nothing is carried over from another commit.
//
// Usage: pnpm --filter zarrkit-bench results
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { median } from "./median.js";

const here = dirname(fileURLToPath(import.meta.url));
const DIR = join(here, "..", "results");

/** One library's result in a bench run (run.ts): ms per rep, one column per selection. */
type LibResult =
  | { ms: number[][]; peakRssMB?: number }
  | { unsupported: string }
  | { error: string };
type BenchJson = Record<string, Record<string, LibResult>>;

interface BrowserJson {
  kind: "browser";
  date: string;
  commit: string;
  dirty: boolean;
  size: number;
  loadavg: number[];
  results: Record<string, { zarrkit: number[]; zarrita: number[] }>;
}

interface ScalingJson {
  kind: "scaling";
  date: string;
  commit: string;
  dirty: boolean;
  size: number;
  loadavg: number[];
  samples: Record<string, { ms: number }[]>;
}

/** The columns, in order: header, issue 16's target, and how a run fills the cell. */
const COLUMNS = [
  ["W1 write x py", ">= 1.0"],
  ["W2 read x py", ">= 1.0"],
  ["W3 block x zarrita", ">= 2.0"],
  ["W3 block x py", ">= 1.0"],
  ["W4r x py", ">= 1.0"],
  ["W4w x py", ">= 1.0"],
  ["browser W2 x zarrita (HTTP / Map)", ">= 2.0"],
  ["v3 W2 x zarrita (unsharded / sharded)", ">= 2.0"],
  ["v3 W3 block x zarrita (unsharded / sharded)", ">= 2.0"],
  ["W2 MB/s by workers (0 / 1 / 2 / 4)", "(none)"],
] as const;
type Column = (typeof COLUMNS)[number][0];

interface Row {
  date: string;
  commit: string;
  dirty: boolean;
  cells: Partial<Record<Column, string>>;
  files: string[];
  load: number[];
}

const fmt = (x: number | undefined) =>
  x === undefined || !Number.isFinite(x) ? "-" : x.toFixed(2);

/** Median ms of one library's column `col`, if it ran. */
function ms(r: Record<string, LibResult> | undefined, lib: string, col = 0): number | undefined {
  const x = r?.[lib];
  if (!x || !("ms" in x) || x.ms.length === 0) return undefined;
  return median(x.ms.map((row) => row[col]!));
}

/** Speed of zarrkit over a peer: the peer's time / zarrkit's time. */
function speedRatio(r: Record<string, LibResult> | undefined, peer: string, col = 0) {
  const ours = ms(r, "zarrkit", col);
  const theirs = ms(r, peer, col);
  return ours === undefined || theirs === undefined ? undefined : theirs / ours;
}

/** A/B cells such as "1.62 / 2.64", or undefined when neither half is known. */
function pair(...xs: (number | undefined)[]): string | undefined {
  return xs.every((x) => x === undefined) ? undefined : xs.map(fmt).join(" / ");
}

/**
 * The v3 rows' square side, from the run's .md (its row titles say "v3 read 2000² ..."): the
 * JSON does not record it, and ZARRKIT_BENCH_V3_SIZE may have shrunk it.
 */
function v3Side(mdFile: string): number | undefined {
  if (!existsSync(mdFile)) return undefined;
  const m = /v3 (?:sharded )?read (\d+)²/.exec(readFileSync(mdFile, "utf8"));
  return m ? Number(m[1]) : undefined;
}

/** The load averages run.ts writes into its .md ("Load average at the start: 3.1."). */
function benchLoad(mdFile: string): number[] {
  if (!existsSync(mdFile)) return [];
  const text = readFileSync(mdFile, "utf8");
  return [...text.matchAll(/Load average at the (?:start|end): (\d+(?:\.\d+)?)/gi)].map((m) =>
    Number(m[1]),
  );
}

function fromBench(j: BenchJson, side: number | undefined): Partial<Record<Column, string>> {
  const cells: Partial<Record<Column, string>> = {};
  const small = side === undefined || side === 10000 ? "" : ` (${side}²)`;
  const set = (c: Column, v: string | number | undefined) => {
    if (v !== undefined) cells[c] = typeof v === "number" ? fmt(v) : v;
  };
  set("W1 write x py", speedRatio(j.W1, "zarr-python"));
  set("W2 read x py", speedRatio(j.W2, "zarr-python"));
  // W3's third column is the 100 x 100 block.
  set("W3 block x zarrita", speedRatio(j.W3, "zarrita.js", 2));
  set("W3 block x py", speedRatio(j.W3, "zarr-python", 2));
  set("W4r x py", speedRatio(j.W4r, "zarr-python"));
  set("W4w x py", speedRatio(j.W4w, "zarr-python"));
  const v3 = (a: number | undefined, b: number | undefined) => {
    const p = pair(a, b);
    return p === undefined ? undefined : `${p}${small}`;
  };
  set(
    "v3 W2 x zarrita (unsharded / sharded)",
    v3(speedRatio(j.V3r, "zarrita.js"), speedRatio(j.V4r, "zarrita.js")),
  );
  set(
    "v3 W3 block x zarrita (unsharded / sharded)",
    v3(speedRatio(j.V3p, "zarrita.js", 2), speedRatio(j.V4p, "zarrita.js", 2)),
  );
  return cells;
}

function fromBrowser(j: BrowserJson): Partial<Record<Column, string>> {
  const ratio = (source: string) => {
    const key = Object.keys(j.results).find((k) => k.startsWith(`${source}|W2`));
    const r = key ? j.results[key] : undefined;
    return r ? median(r.zarrita) / median(r.zarrkit) : undefined;
  };
  const v = pair(ratio("http"), ratio("memory"));
  const small = j.size === 10000 ? "" : ` (${j.size}²)`;
  return v === undefined ? {} : { "browser W2 x zarrita (HTTP / Map)": `${v}${small}` };
}

function fromScaling(j: ScalingJson): Partial<Record<Column, string>> {
  const mb = (j.size * j.size * 4) / 1e6;
  const v = ["0", "1", "2", "4"].map((n) => {
    const s = j.samples[n];
    return s?.length ? (mb / (median(s.map((x) => x.ms)) / 1000)).toFixed(0) : "-";
  });
  const small = j.size === 10000 ? "" : ` (${j.size}²)`;
  return { "W2 MB/s by workers (0 / 1 / 2 / 4)": `${v.join(" / ")}${small}` };
}

/** When a commit was made (for ordering); undefined when this clone does not have it. */
function commitTime(commit: string): number | undefined {
  try {
    return Number(
      execFileSync("git", ["show", "-s", "--format=%ct", commit], {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "ignore"],
      }).trim(),
    );
  } catch {
    return undefined;
  }
}

export function buildTable(dir: string): string {
  const rows = new Map<string, Row>();
  const skipped: string[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()) {
    const json = JSON.parse(readFileSync(join(dir, file), "utf8")) as Record<string, unknown>;
    let date: string;
    let commit: string;
    let dirty = false;
    let load: number[] = [];
    let cells: Partial<Record<Column, string>>;
    if (json.kind === "browser" || json.kind === "scaling") {
      const j = json as unknown as BrowserJson | ScalingJson;
      ({ date, commit, dirty } = j);
      load = j.loadavg;
      cells = j.kind === "browser" ? fromBrowser(j) : fromScaling(j);
    } else {
      // run.ts names its files [<name>-]<date>-<commit>.json and keeps neither inside.
      // A run with --hugepages adds "-hugepages": its own row, since the allocator differs.
      const m = /(\d{4}-\d{2}-\d{2})-([0-9a-f]{7,40})(-hugepages)?\.json$/.exec(file);
      if (!m || !Object.values(json).every((v) => typeof v === "object" && v !== null)) {
        skipped.push(file);
        continue;
      }
      [, date, commit] = m as unknown as [string, string, string];
      if (m[3]) commit = `${commit} (huge pages)`;
      const md = join(dir, file.replace(/\.json$/, ".md"));
      cells = fromBench(json as BenchJson, v3Side(md));
      load = benchLoad(md);
      if (Object.keys(cells).length === 0) {
        skipped.push(file);
        continue;
      }
    }
    const key = `${date}|${commit}`;
    const row = rows.get(key) ?? { date, commit, dirty: false, cells: {}, files: [], load: [] };
    row.dirty ||= dirty;
    // A later file of the same commit only fills cells still empty: each cell has one source.
    for (const [c, v] of Object.entries(cells)) row.cells[c as Column] ??= v;
    row.files.push(file.replace(/\.json$/, ""));
    row.load.push(...load);
    rows.set(key, row);
  }
  const ordered = [...rows.values()].sort(
    (a, b) =>
      a.date.localeCompare(b.date) ||
      (commitTime(a.commit.split(" ")[0]!) ?? 0) - (commitTime(b.commit.split(" ")[0]!) ?? 0) ||
      a.commit.localeCompare(b.commit),
  );
  const header = ["date", "commit", ...COLUMNS.map(([c]) => c), "load average", "runs (results/)"];
  const lines = [
    `| ${header.join(" | ")} |`,
    `|${header.map(() => "---").join("|")}|`,
    `| **target** (issue 16) | | ${COLUMNS.map(([, t]) => `**${t}**`).join(" | ")} | | |`,
    ...ordered.map((r) => {
      const load = r.load.length
        ? `${Math.min(...r.load).toFixed(1)}-${Math.max(...r.load).toFixed(1)}`
        : "-";
      return `| ${r.date} | ${r.commit}${r.dirty ? "+" : ""} | ${COLUMNS.map(([c]) => r.cells[c] ?? "-").join(" | ")} | ${load} | ${r.files.join(", ")} |`;
    }),
  ];
  return `# Benchmark results by commit

Written by \`pnpm --filter zarrkit-bench results\` from every \`*.json\` in this folder (each run
writes one beside its \`.md\`); do not edit by hand. One row per commit, oldest first; a "+"
after the commit means the run had uncommitted changes. Every figure is a speed ratio measured
within one run: zarrkit's speed over the peer's (the peer's median time / zarrkit's), so above 1
is zarrkit ahead, and the targets row gives issue 16's goal for each (W3 block: "at most 0.5x
zarrita's time" is ">= 2.0" here). "py" is zarr-python 2.13, "zarrita" zarrita.js 0.7.5. A cell
no run of that commit measured is "-"; cells from a smaller array than 10000² say so. Load
average: the range the runs recorded ("-": runs from before they recorded it). The machine is a
shared 2-core one: compare ratios, and read single cells with the load in mind.

Sources: \`pnpm bench\` (W1-W4 and, with \`--only V\`, the v3 rows), \`pnpm --filter zarrkit-bench v3\`
(v3 rows), \`browser\`, \`scaling\`.

${lines.join("\n")}
${skipped.length ? `\nNot tabulated (no key figure in them): ${skipped.join(", ")}.\n` : ""}`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const md = buildTable(DIR);
  writeFileSync(join(DIR, "README.md"), md);
  console.log(md);
}
