// Test helpers: payloads of several dtypes, the zarr-python fixture chunks of Blosc, and
// numcodecs 0.11 (the reference, C c-blosc, through /usr/bin/python3) in one batch per call.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import {
  FIXTURES_V2,
  type FixtureEntry,
  fixtureManifest,
  runPythonJson,
} from "@zarrkit/test-utils";

export function itemsize(dtype: string): number {
  return Number(dtype.slice(2));
}

/** Bytes of `count` elements of `dtype`: a smooth signal plus a little noise, like real data. */
export function dtypeBytes(dtype: string, count: number, seed = 1): Uint8Array {
  const size = itemsize(dtype);
  const bytes = new Uint8Array(count * size);
  const view = new DataView(bytes.buffer);
  const kind = dtype[1];
  let x = seed >>> 0;
  for (let i = 0; i < count; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    const v = Math.round(1000 * Math.sin(i / 300)) + (x >>> 29);
    const o = i * size;
    if (kind === "f" && size === 4) view.setFloat32(o, v / 7, true);
    else if (kind === "f") view.setFloat64(o, v / 7, true);
    else if (size === 1) view.setUint8(o, v & 0xff);
    else if (size === 2) view.setUint16(o, v & 0xffff, true);
    else if (size === 4) view.setUint32(o, v >>> 0, true);
    else if (size === 8) view.setBigInt64(o, BigInt(v) * 4099n, true);
    else for (let k = 0; k < size; k++) view.setUint8(o + k, (v + k * 31) & 0xff);
  }
  return bytes;
}

/** Random bytes (incompressible), from a fixed seed. */
export function noise(n: number, seed = 99): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

export interface FixtureChunk {
  name: string;
  entry: FixtureEntry;
  bytes: Uint8Array;
}

/** Every stored chunk of the directory fixtures compressed with Blosc. */
export function bloscFixtureChunks(): FixtureChunk[] {
  const out: FixtureChunk[] = [];
  for (const entry of fixtureManifest()) {
    if (entry.compressor?.id !== "blosc") continue;
    if (!statSync(join(FIXTURES_V2, entry.store)).isDirectory()) continue;
    const root = join(FIXTURES_V2, entry.store, entry.array);
    for (const name of readdirSync(root).sort()) {
      if (!/^\d+(\.\d+)*$/.test(name)) continue;
      out.push({
        name: `${entry.store}/${name}`,
        entry,
        bytes: new Uint8Array(readFileSync(join(root, name))),
      });
    }
  }
  return out;
}

export interface Job {
  config: Record<string, unknown>;
  /** NumPy dtype numcodecs sees the payloads as (Blosc takes the typesize from it). */
  dtype: string;
  encode?: Uint8Array[];
  decode?: Uint8Array[];
}

export type Decoded = Uint8Array | { error: string };

export interface JobResult {
  encoded: Uint8Array[];
  decoded: Decoded[];
  config: Record<string, unknown>;
  repr: string;
}

const b64 = (u: Uint8Array) => Buffer.from(u.buffer, u.byteOffset, u.byteLength).toString("base64");
const unb64 = (s: string) => new Uint8Array(Buffer.from(s, "base64"));

const SCRIPT = `
import sys, json, base64
import numpy as np
import numcodecs
numcodecs.blosc.use_threads = False
def attempt(f):
    try:
        return base64.b64encode(bytes(f())).decode()
    except Exception as e:
        return {"error": repr(e)}
out = []
for job in json.load(sys.stdin):
    codec = numcodecs.get_codec(dict(job["config"]))
    dt = np.dtype(job["dtype"])
    enc = [base64.b64encode(bytes(codec.encode(np.frombuffer(base64.b64decode(b), dt)))).decode() for b in job["encode"]]
    dec = [attempt(lambda: codec.decode(base64.b64decode(b))) for b in job["decode"]]
    out.append({"encoded": enc, "decoded": dec, "config": codec.get_config(), "repr": repr(codec)})
print(json.dumps(out))
`;

/** Runs every job in one Python process (numcodecs 0.11 with Debian's c-blosc). */
export function numcodecs(jobs: Job[]): JobResult[] {
  const input = JSON.stringify(
    jobs.map((j) => ({
      config: j.config,
      dtype: j.dtype,
      encode: (j.encode ?? []).map(b64),
      decode: (j.decode ?? []).map(b64),
    })),
  );
  type Raw = {
    encoded: string[];
    decoded: (string | { error: string })[];
    config: Record<string, unknown>;
    repr: string;
  };
  const raw = runPythonJson<Raw[]>(SCRIPT, new TextEncoder().encode(input));
  return raw.map((r) => ({
    encoded: r.encoded.map(unb64),
    decoded: r.decoded.map((d) => (typeof d === "string" ? unb64(d) : d)),
    config: r.config,
    repr: r.repr,
  }));
}

/** Byte equality with a short message (vitest's diff of multi-MiB arrays is unusable). */
export function sameBytes(a: Decoded, b: Uint8Array): string {
  if (!(a instanceof Uint8Array)) return `error: ${a.error}`;
  if (a.length !== b.length) return `length ${a.length} != ${b.length}`;
  const i = Buffer.compare(
    Buffer.from(a.buffer, a.byteOffset, a.length),
    Buffer.from(b.buffer, b.byteOffset, b.length),
  );
  if (i === 0) return "equal";
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return `differ at byte ${k}`;
  return "differ";
}
