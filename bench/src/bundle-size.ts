// Bundle size: what an app that imports zarrkit ships to browsers. Each app below is bundled
// with esbuild (minified, platform "browser", the "browser" export condition, the workspace
// sources through "zarrkit-source", the way a published build resolves to dist/), and the
// report gives raw and gzip sizes, the WebAssembly files the bundle fetches at run time, and
// the packages each bundle contains (bytes each contributes, from esbuild's metafile).
// Usage: pnpm --filter zarrkit-bench bundle-size  (writes results/bundle-size-<date>.md, and
// results/bundle-size-docs.md, the table the docs embed)
//        pnpm --filter zarrkit-bench bundle-size --check  (measures again and fails when that
// table is stale; docs-site's tests run it)
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { wasmAssets } from "@zarrkit/test-utils";
import { build, type Message } from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
const BENCH = resolve(here, "..");
const WORKSPACE = resolve(BENCH, "..");

export interface App {
  name: string;
  /** The packages the app imports; it is skipped (and says so) if bench cannot resolve one. */
  needs: string[];
  source: string;
}

/** Small apps: each creates an array, writes it and reads it back. */
export const APPS: App[] = [
  {
    name: "@zarrkit/core alone (own Map store, no compressor)",
    needs: ["@zarrkit/core"],
    source: `
import { zeros, type Store } from "@zarrkit/core";
const map = new Map<string, Uint8Array>();
const store: Store = {
  get: async (k) => map.get(k),
  set: async (k, v) => void map.set(k, v),
  delete: async (k) => map.delete(k),
  list: async (p = "") => [...map.keys()].filter((k) => k.startsWith(p)),
  toString: () => "MapStore",
};
const z = await zeros([100, 100], { chunks: [10, 10], dtype: "<i4", store, compressor: null });
await z.set("0:10, :", 42);
console.log(await z.get([0, 0]));
`,
  },
  {
    name: "@zarrkit/core + store-memory + codec-zlib",
    needs: ["@zarrkit/core", "@zarrkit/store-memory", "@zarrkit/codec-zlib"],
    source: `
import { zeros } from "@zarrkit/core";
import { MemoryStore } from "@zarrkit/store-memory";
import { Zlib } from "@zarrkit/codec-zlib";
const z = await zeros([100, 100], { chunks: [10, 10], dtype: "<i4", store: new MemoryStore(), compressor: new Zlib({ level: 1 }) });
await z.set("0:10, :", 42);
console.log(await z.get([0, 0]));
`,
  },
  {
    name: "@zarrkit/core + store-memory + codec-blosc",
    needs: ["@zarrkit/core", "@zarrkit/store-memory", "@zarrkit/codec-blosc"],
    source: `
import { zeros } from "@zarrkit/core";
import { MemoryStore } from "@zarrkit/store-memory";
import { Blosc } from "@zarrkit/codec-blosc";
const z = await zeros([100, 100], { chunks: [10, 10], dtype: "<i4", store: new MemoryStore(), compressor: new Blosc({ cname: "lz4", clevel: 5, shuffle: Blosc.SHUFFLE }) });
await z.set("0:10, :", 42);
console.log(await z.get([0, 0]));
`,
  },
  {
    name: "zarrkit (the umbrella's browser entry)",
    needs: ["zarrkit"],
    source: `
import * as zarr from "zarrkit";
const z = await zarr.zeros([100, 100], { chunks: [10, 10], dtype: "<i4" });
await z.set("0:10, :", 42);
console.log(await z.get([0, 0]), String(z.compressor));
`,
  },
];

export interface BundleReport {
  name: string;
  raw: number;
  gzip: number;
  /** WebAssembly files fetched from beside the bundle at run time: name -> bytes. */
  wasm: Record<string, number>;
  /** Package name -> bytes it contributes to the minified output, largest first. */
  packages: [string, number][];
  /** Input files, relative to the workspace. */
  inputs: string[];
  /** Imports of Node built-ins (a browser bundle must have none); left external to measure. */
  nodeBuiltins: string[];
}

const isBuiltin = (s: string) => s.startsWith("node:") || builtinModules.includes(s.split("/")[0]!);

function describe(messages: Message[]): string {
  return messages
    .map((m) => `  ${m.location ? `${m.location.file}:${m.location.line}: ` : ""}${m.text}`)
    .join("\n");
}

/** Bundle one app's source (resolved from bench/) for browsers, minified. */
export async function measure(name: string, source: string): Promise<BundleReport> {
  const run = (external: string[]) =>
    build({
      stdin: { contents: source, resolveDir: BENCH, loader: "ts", sourcefile: "app.ts" },
      absWorkingDir: WORKSPACE,
      bundle: true,
      minify: true,
      platform: "browser",
      format: "esm",
      target: "es2022",
      conditions: ["zarrkit-source", "browser"],
      metafile: true,
      write: false,
      logLevel: "silent",
      external,
      outfile: "app.js",
    });
  const nodeBuiltins: string[] = [];
  let result: Awaited<ReturnType<typeof run>>;
  try {
    result = await run([]);
  } catch (e) {
    const errors = (e as { errors?: Message[] }).errors ?? [];
    for (const m of errors) {
      const spec = /^Could not resolve "([^"]+)"/.exec(m.text)?.[1];
      if (spec === undefined || !isBuiltin(spec)) {
        throw new Error(`${name}: the bundle failed:\n${describe(errors)}`);
      }
      const at = m.location ? `${m.location.file}:${m.location.line}` : "?";
      nodeBuiltins.push(`${spec} (${at})`);
    }
    result = await run([...new Set(nodeBuiltins.map((b) => b.split(" ")[0]!))]);
  }
  const code = result.outputFiles[0]!.contents;
  const output = Object.values(result.metafile.outputs)[0]!;
  const byPackage = new Map<string, number>();
  const inputs: string[] = [];
  for (const [file, { bytesInOutput }] of Object.entries(output.inputs)) {
    if (file.startsWith("(disabled):")) continue;
    // The app itself comes from stdin: its "file" does not exist.
    const abs = resolve(WORKSPACE, file);
    const app = !existsSync(abs);
    const pkg = app ? "(the app)" : packageOf(abs);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + bytesInOutput);
    if (!app) inputs.push(file);
  }
  const wasm: Record<string, number> = {};
  for (const [name, asset] of wasmAssets(inputs.map((file) => resolve(WORKSPACE, file)))) {
    wasm[name] = statSync(asset).size;
  }
  return {
    name,
    raw: code.length,
    gzip: gzipSync(code, { level: 9 }).length,
    wasm,
    packages: [...byPackage].sort((a, b) => b[1] - a[1]),
    inputs: inputs.sort(),
    nodeBuiltins,
  };
}

const names = new Map<string, string>();

/** The name in the nearest package.json above `file`. */
export function packageOf(file: string): string {
  let dir = dirname(file);
  for (;;) {
    const known = names.get(dir);
    if (known) return known;
    const manifest = join(dir, "package.json");
    if (existsSync(manifest)) {
      const { name } = JSON.parse(readFileSync(manifest, "utf8")) as { name?: string };
      if (name) {
        names.set(dirname(file), name);
        return name;
      }
    }
    if (dirname(dir) === dir) return "(no package)";
    dir = dirname(dir);
  }
}

const kB = (n: number) => (n < 1024 ? `${n} B` : `${(n / 1024).toFixed(1)} kB`);

export function table(reports: BundleReport[], skipped: string[]): string {
  const lines = [
    "| app | minified | gzip | WebAssembly fetched at run time | packages in the bundle (minified bytes) |",
    "| --- | ---: | ---: | --- | --- |",
  ];
  for (const r of reports) {
    const wasm = Object.entries(r.wasm)
      .map(([n, b]) => `${n} ${kB(b)}`)
      .join(", ");
    const pkgs = r.packages.map(([p, b]) => `${p} ${kB(b)}`).join(", ");
    lines.push(`| ${r.name} | ${kB(r.raw)} | ${kB(r.gzip)} | ${wasm || "none"} | ${pkgs} |`);
  }
  const notes: string[] = [];
  for (const s of skipped) notes.push(`- not measured: ${s}`);
  for (const r of reports) {
    if (r.nodeBuiltins.length > 0) {
      notes.push(
        `- ${r.name}: esbuild cannot bundle it for browsers as is, it imports Node built-ins ` +
          `(${r.nodeBuiltins.join(", ")}); measured with those left external.`,
      );
    }
  }
  return [...lines, ...(notes.length > 0 ? ["", ...notes] : [])].join("\n");
}

/** The docs' table (docs-site/getting-started.md includes it), written by the script only. */
export const DOCS_TABLE = join(BENCH, "results", "bundle-size-docs.md");

const wholeKB = (n: number) => `${Math.round(n / 1024)} kB`;

/**
 * The figures the docs show, in whole kB so that a change of a few bytes leaves the page true;
 * `--check` compares this text, so page and script agree at the precision the page states.
 */
export function docsTable(reports: BundleReport[]): string {
  const lines = [
    "<!-- Written by `pnpm --filter zarrkit-bench bundle-size` (bench/src/bundle-size.ts): do not edit. -->",
    "",
    "| app | minified | gzipped | WebAssembly fetched on first use |",
    "| --- | ---: | ---: | --- |",
  ];
  for (const r of reports) {
    const wasm = Object.entries(r.wasm)
      .map(([n, b]) => `\`${n}\` ${wholeKB(b)}`)
      .join(", ");
    lines.push(`| ${r.name} | ${wholeKB(r.raw)} | ${wholeKB(r.gzip)} | ${wasm || "none"} |`);
  }
  return `${lines.join("\n")}\n`;
}

async function measureAll(): Promise<{ reports: BundleReport[]; skipped: string[] }> {
  const reports: BundleReport[] = [];
  const skipped: string[] = [];
  for (const app of APPS) {
    const missing = app.needs.filter((p) => !existsSync(join(BENCH, "node_modules", p)));
    if (missing.length > 0) {
      skipped.push(`${app.name} (${missing.join(", ")}: not a dependency of bench yet)`);
      continue;
    }
    reports.push(await measure(app.name, app.source));
  }
  return { reports, skipped };
}

/** Exit status 1, with both tables, when the docs' table is not what a fresh build measures. */
async function check(): Promise<number> {
  const { reports, skipped } = await measureAll();
  const fresh = docsTable(reports);
  const written = existsSync(DOCS_TABLE) ? readFileSync(DOCS_TABLE, "utf8") : "(missing)";
  if (skipped.length === 0 && fresh === written) {
    console.log("the docs' bundle sizes match a fresh build");
    return 0;
  }
  console.log(
    [
      `${DOCS_TABLE} is not what a fresh build measures; run \`pnpm --filter zarrkit-bench bundle-size\` and commit its results.`,
      ...skipped.map((s) => `not measured: ${s}`),
      "written:",
      written,
      "fresh:",
      fresh,
    ].join("\n"),
  );
  return 1;
}

async function main() {
  const { reports, skipped } = await measureAll();
  const date = new Date().toISOString().slice(0, 10);
  const { version } = JSON.parse(
    readFileSync(join(BENCH, "node_modules", "esbuild", "package.json"), "utf8"),
  ) as { version: string };
  const text = [
    `# Bundle size, ${date}`,
    "",
    `Sources at ${revision()}; esbuild ${version}, \`--bundle --minify --platform=browser --format=esm\`, conditions`,
    "`browser` and `zarrkit-source` (workspace sources); gzip level 9. Each app creates an",
    "array, writes and reads it (sources in bench/src/bundle-size.ts). WebAssembly files are",
    "not in the bundle: the page fetches them from beside it when a codec first needs them.",
    "Codec libraries that plugins load lazily (`import()`) are inlined here (one file, no code",
    "splitting), so the sizes are what the app downloads once every codec it uses has run.",
    "",
    table(reports, skipped),
    "",
  ].join("\n");
  const out = join(BENCH, "results", `bundle-size-${date}.md`);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, text);
  writeFileSync(DOCS_TABLE, docsTable(reports));
  updateReadme(date, text.slice(text.indexOf("\n") + 1).trim());
  console.log(text);
  console.log(`written to ${out}, ${DOCS_TABLE} and the "Bundle size" section of bench/README.md`);
}

/** The commit measured (BUNDLE_SIZE_REV overrides), and whether the work tree differs from it. */
function revision(): string {
  if (process.env.BUNDLE_SIZE_REV) return process.env.BUNDLE_SIZE_REV;
  try {
    const git = (...args: string[]) =>
      execFileSync("git", args, { cwd: WORKSPACE, encoding: "utf8" }).trim();
    const head = git("rev-parse", "--short", "HEAD");
    const dirty = git("status", "--porcelain", "--", "packages", "plugins") !== "";
    return dirty ? `${head} plus uncommitted changes` : head;
  } catch {
    return "an unknown commit";
  }
}

/** Replace the "## Bundle size" section of bench/README.md (other sections are left alone). */
function updateReadme(date: string, body: string) {
  const readme = join(BENCH, "README.md");
  const section = [
    "## Bundle size",
    "",
    "`pnpm --filter zarrkit-bench bundle-size` bundles small browser apps and writes",
    "`results/bundle-size-<date>.md` and `results/bundle-size-docs.md` (the table",
    "docs-site/getting-started.md includes; the docs' tests run the script with `--check` and fail",
    `when that table no longer matches a fresh build); the latest run (${date}):`,
    "",
    body,
    "",
  ].join("\n");
  const old = existsSync(readme) ? readFileSync(readme, "utf8") : "";
  const start = old.search(/^## Bundle size$/m);
  let text: string;
  if (start < 0) {
    text = old === "" ? section : `${old.trimEnd()}\n\n${section}`;
  } else {
    const rest = old.slice(start + 1).search(/^## /m);
    const end = rest < 0 ? old.length : start + 1 + rest;
    text = `${old.slice(0, start)}${section}${end < old.length ? `\n${old.slice(end)}` : ""}`;
  }
  writeFileSync(readme, text);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv.includes("--check")) process.exitCode = await check();
  else await main();
}
