// Test helpers: payloads of every numeric dtype, the zarr-python fixture chunks of a codec, and
// numcodecs (the reference, through /usr/bin/python3) encoding and decoding in one batch.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import {
  FIXTURES_V2,
  type FixtureEntry,
  fixtureManifest,
  runPythonJson,
} from "@zarrkit/test-utils";

export const NUMERIC_DTYPES = [
  "|b1",
  "|i1",
  "|u1",
  "<i2",
  "<u2",
  "<i4",
  "<u4",
  "<i8",
  "<u8",
  "<f2",
  "<f4",
  "<f8",
  "<c8",
  "<c16",
  ">i4",
  ">f8",
] as const;

export function itemsize(dtype: string): number {
  return Number(dtype.slice(2));
}

/** Bytes of `count` elements of `dtype`: a smooth signal plus a little noise, like real data. */
export function dtypeBytes(dtype: string, count: number, seed = 1): Uint8Array {
  const size = itemsize(dtype);
  const bytes = new Uint8Array(count * size);
  const view = new DataView(bytes.buffer);
  const little = dtype[0] !== ">";
  const kind = dtype[1];
  let x = seed >>> 0;
  for (let i = 0; i < count; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    const v = Math.round(1000 * Math.sin(i / 300)) + (x >>> 29);
    const o = i * size;
    if (kind === "b") view.setUint8(o, v > 0 ? 1 : 0);
    else if (kind === "f" && size === 2) view.setUint16(o, 0x3c00 + (v & 0x3ff), little);
    else if (kind === "f" && size === 4) view.setFloat32(o, v / 7, little);
    else if (kind === "f") view.setFloat64(o, v / 7, little);
    else if (kind === "c" && size === 8) {
      view.setFloat32(o, v / 3, little);
      view.setFloat32(o + 4, -v / 5, little);
    } else if (kind === "c") {
      view.setFloat64(o, v / 3, little);
      view.setFloat64(o + 8, -v / 5, little);
    } else if (size === 1) view.setUint8(o, v & 0xff);
    else if (size === 2) view.setUint16(o, v & 0xffff, little);
    else if (size === 4) view.setUint32(o, v >>> 0, little);
    else view.setBigInt64(o, BigInt(v) * 4099n, little);
  }
  return bytes;
}

export interface Payload {
  name: string;
  data: Uint8Array;
}

/** Every numeric dtype at 0 elements, 1 element and an odd count, plus an odd byte length. */
export function allDtypePayloads(): Payload[] {
  const out: Payload[] = [];
  for (const dtype of NUMERIC_DTYPES) {
    for (const count of [0, 1, 1001])
      out.push({ name: `${dtype} x ${count}`, data: dtypeBytes(dtype, count) });
  }
  out.push({ name: "100003 bytes", data: dtypeBytes("|u1", 100_003, 7) });
  return out;
}

/** A handful of payloads for the many configurations: empty, one byte, odd, ints, floats. */
export function fewPayloads(): Payload[] {
  return [
    { name: "empty", data: new Uint8Array(0) },
    { name: "one byte", data: dtypeBytes("|u1", 1) },
    { name: "<i4 x 1001", data: dtypeBytes("<i4", 1001) },
    { name: "<f8 x 3001", data: dtypeBytes("<f8", 3001, 5) },
    { name: "33333 bytes", data: dtypeBytes("|u1", 33_333, 9) },
  ];
}

/** 4 MiB of `dtype`. */
export function bigPayload(dtype: string): Payload {
  return { name: `${dtype} 4 MiB`, data: dtypeBytes(dtype, (4 << 20) / itemsize(dtype), 3) };
}

export interface FixtureChunk {
  name: string;
  entry: FixtureEntry;
  bytes: Uint8Array;
}

/** Every stored chunk of the directory fixtures whose compressor id is one of `ids`. */
export function fixtureChunks(...ids: string[]): FixtureChunk[] {
  const out: FixtureChunk[] = [];
  for (const entry of fixtureManifest()) {
    if (!entry.compressor || !ids.includes(entry.compressor.id)) continue;
    const root = join(FIXTURES_V2, entry.store, entry.array);
    if (!statSync(join(FIXTURES_V2, entry.store)).isDirectory()) continue;
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
  /** Raw bytes for numcodecs to encode. */
  encode?: Uint8Array[];
  /** Encoded bytes for numcodecs to decode. */
  decode?: Uint8Array[];
}

export type Decoded = Uint8Array | { error: string };

export interface JobResult {
  /** numcodecs' encodings. */
  encoded: Uint8Array[];
  /** numcodecs' decodings, or the repr of the exception it raised. */
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
def attempt(f):
    try:
        return base64.b64encode(bytes(f())).decode()
    except Exception as e:
        return {"error": repr(e)}
out = []
for job in json.load(sys.stdin):
    codec = numcodecs.get_codec(dict(job["config"]))
    enc = [base64.b64encode(bytes(codec.encode(np.frombuffer(base64.b64decode(b), "u1")))).decode() for b in job["encode"]]
    dec = [attempt(lambda: codec.decode(base64.b64decode(b))) for b in job["decode"]]
    out.append({"encoded": enc, "decoded": dec, "config": codec.get_config(), "repr": repr(codec)})
print(json.dumps(out))
`;

/** Run every job in one Python process (numcodecs 0.11). */
export function numcodecs(jobs: Job[]): JobResult[] {
  const input = JSON.stringify(
    jobs.map((j) => ({
      config: j.config,
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
