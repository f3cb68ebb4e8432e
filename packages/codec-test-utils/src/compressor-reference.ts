import { runPythonJson } from "@zarrkit/test-utils";

/**
 * numcodecs 0.11 as the compressors' reference: each job's codec encodes raw payloads and
 * decodes encoded ones, every job of a call in one Python process.
 */
export interface CompressorJob {
  config: Record<string, unknown>;
  /** NumPy dtype numcodecs sees the raw payloads as (Blosc takes its typesize from it). */
  dtype?: string;
  /** Raw bytes for numcodecs to encode. */
  encode?: Uint8Array[];
  /** Encoded bytes for numcodecs to decode. */
  decode?: Uint8Array[];
}

/** Bytes, or the repr of the exception Python raised instead. */
export type Decoded = Uint8Array | { error: string };

export interface CompressorResult<Encoded extends Decoded = Uint8Array> {
  /** numcodecs' encodings of `encode`. */
  encoded: Encoded[];
  /** numcodecs' decodings (`codec.decode`) of `decode`. */
  decoded: Decoded[];
  /** The `alsoDecode` function's decodings of `decode` (empty without one). */
  alsoDecoded: Decoded[];
  /** `codec.get_config()`; integers past 2^53 come back as bigints. */
  config: Record<string, unknown>;
  repr: string;
}

export interface CompressorReferenceOptions {
  /**
   * Python source defining `also_decode(codec, data) -> bytes`, run on each `decode` input
   * beside numcodecs' own decode (LZMA compares with Python's `lzma` module this way).
   */
  alsoDecode?: string;
  /**
   * Hand back an encode that raised as `{ error }` (for tests of configurations numcodecs
   * refuses); without it such a job throws.
   */
  encodeErrors?: boolean;
}

const b64 = (u: Uint8Array) => Buffer.from(u.buffer, u.byteOffset, u.byteLength).toString("base64");
const unb64 = (s: string) => new Uint8Array(Buffer.from(s, "base64"));

// Integers past 2^53 (LZMA's FILTER_LZMA1 = 2^62 + 1) travel as {"$int": "digits"}, both ways.
const SCRIPT = `
import sys, json, base64
import numpy as np
import numcodecs, numcodecs.blosc
# One thread: the jobs are many small calls, where Blosc's pool only costs time.
numcodecs.blosc.use_threads = False
def ints(o):
    return int(o["$int"]) if set(o) == {"$int"} else o
def back(o):
    if isinstance(o, int) and not isinstance(o, bool) and abs(o) > 2**53:
        return {"$int": str(o)}
    if isinstance(o, list):
        return [back(x) for x in o]
    if isinstance(o, dict):
        return {k: back(v) for k, v in o.items()}
    return o
def attempt(f):
    try:
        return base64.b64encode(bytes(f())).decode()
    except Exception as e:
        return {"error": repr(e)}
spec = json.load(sys.stdin, object_hook=ints)
if spec["alsoDecode"]:
    exec(spec["alsoDecode"])
out = []
for job in spec["jobs"]:
    codec = numcodecs.get_codec(dict(job["config"]))
    dt = np.dtype(job["dtype"])
    raw = [base64.b64decode(b) for b in job["encode"]]
    enc = [attempt(lambda: codec.encode(np.frombuffer(b, dt))) for b in raw]
    encoded = [base64.b64decode(b) for b in job["decode"]]
    dec = [attempt(lambda: codec.decode(b)) for b in encoded]
    also = [attempt(lambda: also_decode(codec, b)) for b in encoded] if spec["alsoDecode"] else []
    out.append({"encoded": enc, "decoded": dec, "alsoDecoded": also, "config": back(codec.get_config()), "repr": repr(codec)})
print(json.dumps(out))
`;

const toPython = (_key: string, v: unknown) => (typeof v === "bigint" ? { $int: v.toString() } : v);
const fromPython = (_key: string, v: unknown) =>
  v !== null && typeof v === "object" && "$int" in v ? BigInt((v as { $int: string }).$int) : v;
const unwrap = (d: string | { error: string }): Decoded => (typeof d === "string" ? unb64(d) : d);

export function compressorReference(
  jobs: CompressorJob[],
  options?: CompressorReferenceOptions & { encodeErrors?: false },
): CompressorResult[];
export function compressorReference(
  jobs: CompressorJob[],
  options: CompressorReferenceOptions & { encodeErrors: true },
): CompressorResult<Decoded>[];
export function compressorReference(
  jobs: CompressorJob[],
  options: CompressorReferenceOptions = {},
): CompressorResult<Decoded>[] {
  const input = JSON.stringify(
    {
      alsoDecode: options.alsoDecode ?? null,
      jobs: jobs.map((j) => ({
        config: j.config,
        dtype: j.dtype ?? "u1",
        encode: (j.encode ?? []).map(b64),
        decode: (j.decode ?? []).map(b64),
      })),
    },
    toPython,
  );
  type Raw = {
    encoded: (string | { error: string })[];
    decoded: (string | { error: string })[];
    alsoDecoded: (string | { error: string })[];
    config: Record<string, unknown>;
    repr: string;
  };
  // As bytes: runPython cannot take a string input (it sets encoding "buffer").
  const raw = runPythonJson<Raw[]>(SCRIPT, new TextEncoder().encode(input));
  return raw.map((r, i) => {
    const encoded = r.encoded.map(unwrap);
    if (!options.encodeErrors) {
      const k = encoded.findIndex((e) => !(e instanceof Uint8Array));
      if (k >= 0)
        throw new Error(
          `numcodecs ${JSON.stringify(jobs[i]!.config, toPython)} failed to encode payload ${k}: ${(encoded[k] as { error: string }).error}`,
        );
    }
    return {
      encoded,
      decoded: r.decoded.map(unwrap),
      alsoDecoded: r.alsoDecoded.map(unwrap),
      // Re-parse so that {"$int": ...} becomes a bigint again.
      config: JSON.parse(JSON.stringify(r.config), fromPython) as Record<string, unknown>,
      repr: r.repr,
    };
  });
}
