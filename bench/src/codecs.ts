// Codec micro-benchmark: encode and decode of one chunk for every compressor and filter, for
// zarrkit, numcodecs.js (npm `numcodecs` 0.3.2, only the codecs it has) and numcodecs 0.11
// (Python, C) in one run. Each implementation runs each codec in its own process (this file
// with --child, or bench/python/codecs.py), two warm-up runs then `reps` timed runs; the table
// shows medians in MB/s of uncompressed bytes, speed ratios, compression ratios, and whether
// zarrkit's encoded bytes equal numcodecs' (Python). Every child checks decode(encode(x)) == x
// (within the filter's precision for lossy filters) before timing.
//
//   pnpm --filter zarrkit-bench codecs [--reps N] [--only blosc,zlib] [--impls zarrkit,python]
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { option } from "./cli-options.js";

/** The chunk a case runs on; all are built by the same formulas in bench/python/codecs.py. */
type DataKind = "i4" | "f8" | "b1" | "str";

interface Case {
  name: string;
  config: { id: string; [key: string]: unknown };
  data: DataKind;
  /** numcodecs.js has this codec. */
  npm?: boolean;
  /** Largest |decoded - input| allowed (lossy filters). */
  tolerance?: number;
}

const LABELS = ["female", "male", "other"];

const blosc = (cname: string, shuffle: number): Case => ({
  name: `Blosc ${cname} shuffle=${shuffle}`,
  config: { id: "blosc", cname, clevel: 5, shuffle, blocksize: 0 },
  data: "i4",
  npm: true,
});

export const CASES: Case[] = [
  blosc("lz4", 1),
  blosc("lz4", 0),
  blosc("lz4", 2),
  blosc("lz4hc", 1),
  blosc("blosclz", 1),
  blosc("snappy", 1),
  blosc("zlib", 1),
  blosc("zstd", 1),
  { name: "Zlib level=1", config: { id: "zlib", level: 1 }, data: "i4", npm: true },
  { name: "GZip level=1", config: { id: "gzip", level: 1 }, data: "i4", npm: true },
  { name: "BZ2 level=1", config: { id: "bz2", level: 1 }, data: "i4" },
  {
    name: "LZMA preset=1",
    config: { id: "lzma", format: 1, check: -1, preset: 1, filters: null },
    data: "i4",
  },
  { name: "LZ4 acceleration=1", config: { id: "lz4", acceleration: 1 }, data: "i4", npm: true },
  { name: "Zstd level=1", config: { id: "zstd", level: 1 }, data: "i4", npm: true },
  { name: "Delta <i4", config: { id: "delta", dtype: "<i4" }, data: "i4" },
  {
    name: "FixedScaleOffset f8->u2",
    config: { id: "fixedscaleoffset", offset: 1000, scale: 10, dtype: "<f8", astype: "<u2" },
    data: "f8",
    tolerance: 0.05 + 1e-9,
  },
  {
    name: "Quantize digits=3 f8",
    config: { id: "quantize", digits: 3, dtype: "<f8" },
    data: "f8",
    tolerance: 1e-3,
  },
  { name: "PackBits bool", config: { id: "packbits" }, data: "b1" },
  {
    name: "AsType f8->f4",
    config: { id: "astype", encode_dtype: "<f4", decode_dtype: "<f8" },
    data: "f8",
    tolerance: 1e-4,
  },
  {
    name: "Categorize object->u1",
    config: { id: "categorize", labels: LABELS, dtype: "|O", astype: "|u1" },
    data: "str",
  },
];

/** What each chunk is (the same in Python). */
export const DATA_NOTES: Record<DataKind, string> = {
  i4: "`<i4`, 1 Mi elements (4 MiB): `v[i] = (i*7 + (i>>10)) % 1000`",
  f8: "`<f8`, 512 Ki elements (4 MiB): `1000 + v[i] / 10`",
  b1: "`|b1`, 4 Mi elements (4 MiB): `v[i] < 500`",
  str: '`|O`, 512 Ki strings: `["female", "male", "other"][floor(v[i] / 334)]`, counted as 4 MiB (8 B a pointer, as NumPy stores them)',
};
const NBYTES = 4 * 1024 * 1024;

function smooth(n: number): Int32Array {
  const v = new Int32Array(n);
  for (let i = 0; i < n; i++) v[i] = (i * 7 + (i >> 10)) % 1000;
  return v;
}

function makeData(kind: DataKind): Int32Array | Float64Array | Uint8Array | string[] {
  if (kind === "i4") return smooth(1 << 20);
  if (kind === "f8") return Float64Array.from(smooth(1 << 19), (x) => 1000 + x / 10);
  if (kind === "b1") return Uint8Array.from(smooth(1 << 22), (x) => (x < 500 ? 1 : 0));
  return Array.from(smooth(1 << 19), (x) => LABELS[Math.floor(x / 334)]!);
}

const INFO: Record<DataKind, { dtype: string; itemsize: number }> = {
  i4: { dtype: "<i4", itemsize: 4 },
  f8: { dtype: "<f8", itemsize: 8 },
  b1: { dtype: "|b1", itemsize: 1 },
  str: { dtype: "|O", itemsize: 8 },
};

type ChildResult =
  | {
      enc: number[];
      dec: number[];
      size: number;
      encHash: string;
      decHash: string;
      version: string;
    }
  | { unsupported: string }
  | { error: string };

interface Impl {
  version: string;
  encode(data: unknown): Promise<Uint8Array>;
  decode(bytes: Uint8Array): Promise<unknown>;
}

const bytesOf = (x: unknown): Uint8Array => {
  if (Array.isArray(x)) return new TextEncoder().encode(x.join("\n"));
  if (!ArrayBuffer.isView(x)) throw new Error(`not bytes: ${typeof x}`);
  return new Uint8Array(x.buffer, x.byteOffset, x.byteLength);
};
const sha256 = (x: Uint8Array) => createHash("sha256").update(x).digest("hex");

async function makeImpl(impl: string, c: Case): Promise<Impl | string> {
  const info = {
    ...INFO[c.data],
    shape: [c.data === "i4" ? 1 << 20 : c.data === "b1" ? 1 << 22 : 1 << 19],
  };
  if (impl === "zarrkit") {
    const zarr = await import("zarrkit");
    const codec = await zarr.getCodec(c.config);
    let version = "zarrkit (workspace source)";
    if (c.config.id === "zlib" || c.config.id === "gzip") {
      const e = zarr.deflateEngines();
      version = `zarrkit, deflate ${e.encode}/${e.decode}`;
    }
    if (c.config.id === "lzma") version = `zarrkit, lzma backend ${await zarr.lzmaBackend()}`;
    return {
      version,
      encode: async (d) => bytesOf(await codec.encode(d as Uint8Array, info)),
      decode: async (b) => {
        const out = await codec.decode(b, undefined, info);
        return Array.isArray(out) ? out : bytesOf(out);
      },
    };
  }
  if (impl === "npm") {
    if (!c.npm) return "numcodecs.js has no such codec";
    const nc = await import("numcodecs");
    const ctor = {
      blosc: nc.Blosc,
      zlib: nc.Zlib,
      gzip: nc.GZip,
      lz4: nc.LZ4,
      zstd: nc.Zstd,
    }[c.config.id]!;
    // fromConfig, not the constructor: numcodecs.js' constructors take positional arguments.
    const codec = ctor.fromConfig(c.config as never);
    return {
      version: "numcodecs.js 0.3.2",
      encode: async (d) => bytesOf(await codec.encode(bytesOf(d))),
      decode: async (b) => bytesOf(await codec.decode(b)),
    };
  }
  throw new Error(`unknown implementation ${impl}`);
}

function check(c: Case, input: unknown, output: unknown): void {
  const where = `${c.name}: decode(encode(x))`;
  if (c.data === "str") {
    const a = input as string[];
    const b = output as string[];
    if (!Array.isArray(b) || b.length !== a.length || a.some((s, i) => s !== b[i]))
      throw new Error(`${where} does not give the strings back`);
    return;
  }
  const x = input as ArrayLike<number>;
  const bytes = bytesOf(output);
  if (bytes.byteLength !== bytesOf(input).byteLength)
    throw new Error(
      `${where} has ${bytes.byteLength} bytes, expected ${bytesOf(input).byteLength}`,
    );
  const copy = bytes.slice(); // aligned copy
  const y =
    c.data === "i4"
      ? new Int32Array(copy.buffer)
      : c.data === "f8"
        ? new Float64Array(copy.buffer)
        : copy;
  const tol = c.tolerance ?? 0;
  for (let i = 0; i < x.length; i++) {
    if (!(Math.abs(y[i]! - x[i]!) <= tol))
      throw new Error(`${where} differs at element ${i}: ${y[i]} for ${x[i]}`);
  }
}

async function child(
  impl: string,
  name: string,
  reps: number,
  pythonEncoded?: string,
): Promise<ChildResult> {
  const c = CASES.find((x) => x.name === name);
  if (!c) throw new Error(`unknown case ${name}`);
  const codec = await makeImpl(impl, c);
  if (typeof codec === "string") return { unsupported: codec };
  const data = makeData(c.data);
  const encoded = await codec.encode(data);
  const decoded = await codec.decode(encoded);
  check(c, data, decoded);
  let readsPython: string | undefined;
  if (pythonEncoded) {
    try {
      check(c, data, await codec.decode(new Uint8Array(readFileSync(pythonEncoded))));
      readsPython = "ok";
    } catch (e) {
      readsPython = String(e instanceof Error ? e.message : e);
    }
  }
  const timed = async (fn: () => Promise<unknown>) => {
    await fn();
    await fn();
    const ms: number[] = [];
    for (let r = 0; r < reps; r++) {
      const t = performance.now();
      await fn();
      ms.push(performance.now() - t);
    }
    return ms;
  };
  const enc = await timed(() => codec.encode(data));
  const dec = await timed(() => codec.decode(encoded));
  return {
    enc,
    dec,
    size: encoded.byteLength,
    encHash: sha256(encoded),
    decHash: sha256(bytesOf(decoded)),
    version: codec.version,
    ...(readsPython === undefined ? {} : { readsPython }),
  };
}

// ---------------------------------------------------------------------------------------------

const here = dirname(fileURLToPath(import.meta.url));
const IMPLS = ["zarrkit", "npm", "python"] as const;
const LABEL: Record<string, string> = {
  zarrkit: "zarrkit",
  npm: "numcodecs.js (npm)",
  python: "numcodecs (Python, C)",
};

function runChild(impl: string, c: Case, reps: number, pythonEncoded: string): ChildResult {
  const r =
    impl === "python"
      ? spawnSync(
          "/usr/bin/python3",
          [
            join(here, "..", "python", "codecs.py"),
            JSON.stringify({ config: c.config, data: c.data, tolerance: c.tolerance ?? null }),
            String(reps),
            pythonEncoded,
          ],
          { encoding: "utf8", maxBuffer: 1 << 26 },
        )
      : spawnSync(
          process.execPath,
          [
            "--import",
            "tsx",
            "--conditions=zarrkit-source",
            fileURLToPath(import.meta.url),
            "--child",
            impl,
            c.name,
            String(reps),
            pythonEncoded,
          ],
          { encoding: "utf8", maxBuffer: 1 << 26 },
        );
  if (r.status !== 0) {
    const text = (r.stderr || r.stdout || `exit status ${r.status}, signal ${r.signal}`).trim();
    const lines = text.split("\n").filter((l) => l.trim() !== "");
    const first = lines.find((l) => /error/i.test(l) && !/^\s+at /.test(l));
    return { error: first?.trim() ?? lines.slice(-3).join(" | ") };
  }
  return JSON.parse(r.stdout.trim().split("\n").pop()!) as ChildResult;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

async function main() {
  const reps = Number(option("reps") ?? 11);
  if (!(reps >= 1)) throw new Error("--reps must be a positive number");
  const only = option("only")?.toLowerCase().split(",");
  const impls = option("impls")?.split(",") ?? [...IMPLS];
  const commit = (() => {
    try {
      return execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim();
    } catch {
      return "unknown";
    }
  })();
  const date = new Date().toISOString().slice(0, 10);
  const mbps = (ms: number) => NBYTES / 1e6 / (ms / 1000);

  const lines: string[] = [];
  const say = (s: string) => {
    console.log(s);
    lines.push(s);
  };
  say(`# zarrkit codec throughput, ${date}, commit ${commit}`);
  say("");
  say(
    `One chunk, one codec, one thread; medians of ${reps} runs after 2 warm-up runs, each implementation and codec in its own process. MB/s of uncompressed bytes (1 MB = 10^6 B; higher is better). "x npm" and "x py" are zarrkit's speed divided by the peer's (above 1: zarrkit is faster). "size ratio" is uncompressed / encoded bytes for zarrkit / npm / Python. "= py" says whether zarrkit's encoded bytes are identical to numcodecs' (Python); "reads py" whether zarrkit / numcodecs.js decode numcodecs' (Python) encoded chunk back to the input (checked untimed, every JS child also checks its own round trip). Node ${process.version}; Python numcodecs with Blosc on one thread (\`blosc.use_threads = False\`, \`set_nthreads(1)\`).`,
  );
  const load = () =>
    loadavg()
      .map((x) => x.toFixed(1))
      .join(" ");
  say(`Load average (1, 5, 15 min) at the start: ${load()} (a shared 2-core machine).`);
  say("");
  say("Chunks:");
  for (const [k, note] of Object.entries(DATA_NOTES)) say(`- ${k}: ${note}`);
  say("");
  const header = [
    "codec",
    "data",
    "zarrkit enc",
    "zarrkit dec",
    "npm enc",
    "npm dec",
    "python enc",
    "python dec",
    "enc x npm",
    "dec x npm",
    "enc x py",
    "dec x py",
    "size ratio zk / npm / py",
    "= py",
    "reads py zk / npm",
  ];
  say(`| ${header.join(" | ")} |`);
  say(`|${header.map((_, i) => (i < 2 ? "---" : "---:")).join("|")}|`);
  const problems: string[] = [];
  const tmp = mkdtempSync(join(tmpdir(), "zarrkit-codecs-"));
  const versions = new Set<string>();
  const json: Record<string, Record<string, ChildResult>> = {};
  for (const c of CASES) {
    if (only && !only.some((o) => c.name.toLowerCase().startsWith(o))) continue;
    const res: Record<string, ChildResult> = {};
    const pyFile = join(tmp, "python-encoded");
    rmSync(pyFile, { force: true });
    // Python first: the JS children then also check that they decode its chunk.
    for (const impl of ["python", "zarrkit", "npm"]) {
      res[impl] = impls.includes(impl)
        ? runChild(impl, c, reps, impl === "python" ? pyFile : existsSync(pyFile) ? pyFile : "")
        : { unsupported: "not run" };
      const r = res[impl];
      if ("error" in r) problems.push(`${LABEL[impl]} ${c.name}: ${r.error}`);
      if ("version" in r) versions.add(r.version);
    }
    json[c.name] = res;
    const speed = (impl: string, k: "enc" | "dec") => {
      const r = res[impl]!;
      return "enc" in r ? mbps(median(r[k])) : undefined;
    };
    const cell = (impl: string, k: "enc" | "dec") => {
      const v = speed(impl, k);
      const r = res[impl]!;
      return v !== undefined ? v.toFixed(0) : "error" in r ? "error" : "-";
    };
    const ratio = (peer: string, k: "enc" | "dec") => {
      const a = speed("zarrkit", k);
      const b = speed(peer, k);
      return a === undefined || b === undefined ? "-" : (a / b).toFixed(2);
    };
    const size = (impl: string) => {
      const r = res[impl]!;
      return "size" in r ? (NBYTES / r.size).toFixed(r.size * 100 > NBYTES ? 2 : 1) : "-";
    };
    const zk = res.zarrkit!;
    const py = res.python!;
    const same =
      "encHash" in zk && "encHash" in py ? (zk.encHash === py.encHash ? "yes" : "no") : "-";
    const reads = (impl: string) => {
      const r = res[impl]!;
      if (!("readsPython" in r) || r.readsPython === undefined) return "-";
      if (r.readsPython === "ok") return "ok";
      problems.push(`${LABEL[impl]} ${c.name}: cannot decode numcodecs' chunk: ${r.readsPython}`);
      return "FAILS";
    };
    if ("decHash" in zk && "decHash" in py && zk.decHash !== py.decHash)
      problems.push(`${c.name}: zarrkit decodes to other values than numcodecs (Python)`);
    if ("decHash" in zk && "decHash" in res.npm! && zk.decHash !== res.npm.decHash)
      problems.push(`${c.name}: zarrkit decodes to other values than numcodecs.js`);
    say(
      `| ${[
        c.name,
        c.data,
        cell("zarrkit", "enc"),
        cell("zarrkit", "dec"),
        cell("npm", "enc"),
        cell("npm", "dec"),
        cell("python", "enc"),
        cell("python", "dec"),
        ratio("npm", "enc"),
        ratio("npm", "dec"),
        ratio("python", "enc"),
        ratio("python", "dec"),
        `${size("zarrkit")} / ${size("npm")} / ${size("python")}`,
        same,
        `${reads("zarrkit")} / ${reads("npm")}`,
      ].join(" | ")} |`,
    );
  }
  say("");
  say(
    "Quantize with `astype` equal to `dtype` decodes in numcodecs (Python) to a view of the encoded buffer (no work, hence its huge figure); zarrkit and every other decoder here return a new buffer. Categorize and PackBits figures depend on the in-memory form (JS array of strings vs NumPy object array; one byte per bool).",
  );
  say(`Implementations: ${[...versions].sort().join("; ")}.`);
  say(`Load average at the end: ${load()}.`);
  if (problems.length) {
    say("");
    say("Problems:");
    for (const p of problems) say(`- ${p}`);
  }
  rmSync(tmp, { recursive: true, force: true });
  const out = join(here, "..", "results");
  mkdirSync(out, { recursive: true });
  const stamp = `codecs-${date}-${commit}`;
  writeFileSync(join(out, `${stamp}.md`), `${lines.join("\n")}\n`);
  writeFileSync(join(out, `${stamp}.json`), `${JSON.stringify(json, null, 1)}\n`);
  console.log(`\nsaved bench/results/${stamp}.md`);
  if (problems.length) process.exitCode = 1;
}

const argv = process.argv.slice(2);
if (argv[0] === "--child") {
  const [, impl, name, reps, pythonEncoded] = argv;
  console.log(JSON.stringify(await child(impl!, name!, Number(reps), pythonEncoded || undefined)));
} else {
  await main();
}
