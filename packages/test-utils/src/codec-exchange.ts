import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { runPythonJson } from "./python.js";

const HELPER_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "python");

export interface ExchangeCase {
  /** NumPy dtype numcodecs should see the payload as (Blosc takes its typesize from it). */
  dtype: string;
  data: Uint8Array;
  /** zarrkit's encoding of `data`, for numcodecs to decode. */
  ours?: Uint8Array;
}

export interface ExchangeResult {
  /** numcodecs' encoding of the payload. */
  theirs: Uint8Array;
  /** numcodecs' decoding of `ours` (raw bytes). */
  decoded?: Uint8Array;
}

const b64 = (u: Uint8Array) => Buffer.from(u.buffer, u.byteOffset, u.byteLength).toString("base64");
const unb64 = (s: string) => new Uint8Array(Buffer.from(s, "base64"));

/**
 * One Python call for a batch of payloads: numcodecs (the reference, C implementations)
 * encodes each payload with the codec `config`, and decodes each of zarrkit's encodings.
 */
export function numcodecsExchange(
  config: Record<string, unknown>,
  cases: ExchangeCase[],
): ExchangeResult[] {
  const spec = {
    config,
    cases: cases.map((c) => ({
      dtype: c.dtype,
      data: b64(c.data),
      ours: c.ours ? b64(c.ours) : null,
    })),
  };
  const raw = runPythonJson<{ theirs: string; decoded?: string | { error: string } }[]>(
    `import sys, json; sys.path.insert(0, ${JSON.stringify(HELPER_DIR)}); import zarr_json as zj; print(json.dumps(zj.exchange(json.load(sys.stdin))))`,
    JSON.stringify(spec),
  );
  return raw.map((r) => {
    if (r.decoded && typeof r.decoded !== "string")
      throw new Error(`numcodecs could not decode zarrkit's bytes: ${r.decoded.error}`);
    return { theirs: unb64(r.theirs), ...(r.decoded ? { decoded: unb64(r.decoded) } : {}) };
  });
}

/** Payloads that compress the way real data does, plus the awkward sizes. */
export function samplePayloads(): { name: string; dtype: string; data: Uint8Array }[] {
  const smooth = Int32Array.from(
    { length: 256 * 1024 },
    (_, i) => (Math.floor(i / 512) * 7 + (i % 512)) % 1000,
  );
  const noise = new Uint8Array(100_003);
  let x = 12345;
  for (let i = 0; i < noise.length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    noise[i] = x >>> 24;
  }
  const f8 = Float64Array.from({ length: 10_000 }, (_, i) => Math.sin(i / 100) * 1000);
  const u2 = Uint16Array.from({ length: 33_333 }, (_, i) => (i * 3) & 0xffff);
  const bytes = (a: ArrayBufferView) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  return [
    { name: "empty", dtype: "|u1", data: new Uint8Array(0) },
    { name: "one byte", dtype: "|u1", data: new Uint8Array([42]) },
    { name: "odd length", dtype: "|u1", data: noise.subarray(0, 1001) },
    { name: "noise 100003 B", dtype: "|u1", data: noise },
    { name: "smooth int32 1 MiB", dtype: "<i4", data: bytes(smooth) },
    { name: "float64 sine", dtype: "<f8", data: bytes(f8) },
    { name: "uint16 ramp", dtype: "<u2", data: bytes(u2) },
  ];
}
