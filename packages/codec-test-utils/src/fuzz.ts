import {
  type ChunkInfo,
  type Codec,
  CodecError,
  getDecodeLimit,
  setDecodeLimit,
} from "@zarrkit/core";
import { rng } from "./rng.js";

/**
 * A decode fuzzer for compressor codecs: mutated valid chunks (bit flips, truncation,
 * extension, splices, lies in the size a header claims, bombs) decoded three ways (into an
 * `out` buffer, with `info.nbytes`, and bare with the process-wide decode limit), with the
 * process's memory watched throughout. Deterministic: the same seed runs the same cases.
 *
 * ```ts
 * const report = await fuzzDecode({
 *   codec: new LZ4(),
 *   samples: await fuzzSamples(new LZ4(), [payloadA, payloadB]),
 *   lie: (enc, claimed) => withUint32(enc, 0, claimed), // where the format stores its size
 *   bombs: [someStreamThatInflatesToHundredsOfMiB],
 * });
 * expect(report.foreign).toEqual([]);   // every failure was a CodecError
 * expect(report.oversize).toEqual([]);  // no decode returned more than its bound
 * expect(report.validFailures).toEqual([]); // unmutated chunks still decode
 * expect(report.peakRssGrowth).toBeLessThan(FUZZ_MEMORY_BOUND);
 * ```
 *
 * Keep samples small (a few KiB to 64 KiB decoded): every legitimate decode then allocates
 * at most the bare limit (1 MiB by default) plus the codec's working memory, so growth of
 * tens of MiB can only come from a decoder that believed a stream or a header. Run the fuzz
 * test in a file of its own: vitest gives each file its own process, so the peak RSS the
 * kernel reports (`resourceUsage().maxRSS`) starts from this test's baseline.
 */

export type FuzzMutation =
  | "none"
  | "bitflip"
  | "truncate"
  | "extend"
  | "splice"
  | "header-lie"
  | "bomb";

export type FuzzMode = "out" | "nbytes" | "bare";

export interface FuzzSample {
  /** A valid encoded chunk. */
  encoded: Uint8Array;
  /** The byte length it decodes to. */
  decodedLength: number;
}

export interface FuzzOptions {
  codec: Codec;
  samples: FuzzSample[];
  /** How many cases to run (default 300). */
  cases?: number;
  /** The seed of the case generator (default 1). */
  seed?: number;
  /**
   * Rewrite the decoded size that `encoded` claims in its header to `claimed`, where the
   * format has one (LZ4's prefix, Blosc's nbytes, gzip's ISIZE). Without it, four bytes at a
   * random place in the first 16 are overwritten with `claimed`, little-endian.
   */
  lie?: (encoded: Uint8Array, claimed: number, rand: () => number) => Uint8Array;
  /** Valid streams of the codec that decode to far more than any sample (hundreds of MiB). */
  bombs?: Uint8Array[];
  /** The process-wide decode limit while bare decodes run (default 1 MiB); restored after. */
  bareLimit?: number;
}

export interface FuzzCase {
  index: number;
  mutation: FuzzMutation;
  mode: FuzzMode;
  inputLength: number;
  bound: number;
}

export interface FuzzReport {
  cases: number;
  /** Cases that decoded without an error. */
  decoded: number;
  /** Cases that failed with a CodecError. */
  rejected: number;
  /**
   * Cases that failed with anything other than a CodecError (bugs): a RangeError, a bare
   * Error, even another ZarrError, since a codec's failures are CodecErrors.
   */
  foreign: (FuzzCase & { error: string })[];
  /** Decodes that returned more bytes than their bound. */
  oversize: (FuzzCase & { length: number })[];
  /** Unmutated samples that failed to decode, or decoded to the wrong length. */
  validFailures: (FuzzCase & { error: string })[];
  /** Counts per mutation, so a test can check each kind really ran. */
  byMutation: Record<FuzzMutation, { decoded: number; rejected: number }>;
  /** Largest `rss` above the baseline, sampled after each case and every few ms between. */
  peakRssGrowth: number;
  /** Growth of the kernel's peak RSS (`resourceUsage().maxRSS`) over the run. */
  maxRssGrowth: number;
  /** Largest `arrayBuffers` above the baseline (same sampling as `peakRssGrowth`). */
  peakArrayBuffersGrowth: number;
}

/**
 * The memory growth a fuzz run may show: bombs decode to 100+ MiB, while legitimate decodes
 * (at most the 1 MiB bare limit, plus a codec's working memory: liblzma's 8 MiB dictionary,
 * libbzip2's 3.6 MiB at level 9) and the garbage the collector has not reclaimed yet stay
 * well below this.
 */
export const FUZZ_MEMORY_BOUND = 64 * 1024 * 1024;

/** Encode each payload with `codec` into samples for `fuzzDecode`. */
export async function fuzzSamples(codec: Codec, payloads: Uint8Array[]): Promise<FuzzSample[]> {
  const samples: FuzzSample[] = [];
  for (const p of payloads) {
    const encoded = await codec.encode(p);
    const bytes = ArrayBuffer.isView(encoded)
      ? new Uint8Array(encoded.buffer, encoded.byteOffset, encoded.byteLength).slice()
      : new Uint8Array(0);
    samples.push({ encoded: bytes, decodedLength: p.byteLength });
  }
  return samples;
}

/** `bytes` with a little-endian uint32 written at `offset` (a copy). */
export function withUint32(bytes: Uint8Array, offset: number, value: number): Uint8Array {
  const copy = bytes.slice();
  if (offset < 0 || offset + 4 > copy.length) return copy;
  new DataView(copy.buffer).setUint32(offset, value >>> 0, true);
  return copy;
}

const MUTATIONS: FuzzMutation[] = [
  "none",
  "bitflip",
  "bitflip",
  "truncate",
  "extend",
  "splice",
  "header-lie",
  "bomb",
];
const MODES: FuzzMode[] = ["out", "nbytes", "bare"];

/** Sizes a lying header claims: huge, just past a bound, and the largest 32-bit values. */
function claimedSize(rand: () => number, sample: FuzzSample, bareLimit: number): number {
  const choices = [
    0xffffffff,
    0x7fffffff,
    2 ** 30,
    sample.decodedLength + 1,
    sample.decodedLength * 1000,
    bareLimit + 1,
  ];
  return choices[Math.floor(rand() * choices.length)]!;
}

function mutate(
  mutation: FuzzMutation,
  sample: FuzzSample,
  options: FuzzOptions,
  rand: () => number,
  bareLimit: number,
): Uint8Array {
  const src = sample.encoded;
  const pick = (n: number) => Math.floor(rand() * n);
  switch (mutation) {
    case "none":
      return src.slice();
    case "bitflip": {
      const copy = src.slice();
      const flips = 1 + pick(8);
      for (let i = 0; i < flips && copy.length > 0; i++) copy[pick(copy.length)]! ^= 1 << pick(8);
      return copy;
    }
    case "truncate":
      return src.slice(0, pick(src.length));
    case "extend": {
      // Trailing garbage, or the stream twice (concatenated members decode to twice the size).
      if (rand() < 0.5) {
        const extra = new Uint8Array(1 + pick(64)).map(() => pick(256));
        return concat(src, extra);
      }
      return concat(src, src);
    }
    case "splice": {
      // A stretch of the stream copied over another place: valid-looking but inconsistent.
      const copy = src.slice();
      if (copy.length < 4) return copy;
      const length = 1 + pick(Math.min(64, copy.length - 1));
      const from = pick(copy.length - length);
      const to = pick(copy.length - length);
      copy.set(src.subarray(from, from + length), to);
      return copy;
    }
    case "header-lie": {
      const claimed = claimedSize(rand, sample, bareLimit);
      if (options.lie) return options.lie(src, claimed, rand);
      return withUint32(src, pick(Math.max(1, Math.min(16, src.length - 3))), claimed);
    }
    case "bomb": {
      const bombs = options.bombs ?? [];
      if (bombs.length === 0) return src.slice();
      return bombs[pick(bombs.length)]!;
    }
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

const describe = (e: unknown) =>
  e instanceof Error ? `${e.constructor.name}: ${e.message}` : `thrown ${typeof e}: ${String(e)}`;

/** Run the cases (see the module comment); the caller asserts on the report. */
export async function fuzzDecode(options: FuzzOptions): Promise<FuzzReport> {
  const { codec, samples } = options;
  if (samples.length === 0) throw new Error("fuzzDecode: no samples");
  const cases = options.cases ?? 300;
  const rand = rng(options.seed ?? 1);
  const bareLimit = options.bareLimit ?? 1024 * 1024;
  const previousLimit = getDecodeLimit();

  const report: FuzzReport = {
    cases,
    decoded: 0,
    rejected: 0,
    foreign: [],
    oversize: [],
    validFailures: [],
    byMutation: Object.fromEntries(
      MUTATIONS.map((m) => [m, { decoded: 0, rejected: 0 }]),
    ) as FuzzReport["byMutation"],
    peakRssGrowth: 0,
    maxRssGrowth: 0,
    peakArrayBuffersGrowth: 0,
  };

  const run = async (input: Uint8Array, mode: FuzzMode, sample: FuzzSample) => {
    const info: ChunkInfo = {
      dtype: "|u1",
      itemsize: 1,
      shape: [sample.decodedLength],
      nbytes: sample.decodedLength,
    };
    if (mode === "out") return codec.decode(input, new Uint8Array(sample.decodedLength), info);
    if (mode === "nbytes") return codec.decode(input, undefined, info);
    return codec.decode(input);
  };

  setDecodeLimit(bareLimit);
  try {
    // Warm-up: load the codec (WASM, native bindings, lazy imports) before the baseline.
    for (const sample of samples) {
      for (const mode of MODES) {
        try {
          await run(sample.encoded, mode, sample);
        } catch {
          // reported by the "none" cases below
        }
      }
    }
    const base = process.memoryUsage();
    const baseMaxRss = process.resourceUsage().maxRSS * 1024;
    const sampleMemory = () => {
      const m = process.memoryUsage();
      report.peakRssGrowth = Math.max(report.peakRssGrowth, m.rss - base.rss);
      report.peakArrayBuffersGrowth = Math.max(
        report.peakArrayBuffersGrowth,
        m.arrayBuffers - base.arrayBuffers,
      );
    };
    // Asynchronous decoders (thread pool, native streams) yield to the event loop mid-decode.
    const timer = setInterval(sampleMemory, 2);
    try {
      for (let index = 0; index < cases; index++) {
        const sample = samples[Math.floor(rand() * samples.length)]!;
        const mutation = MUTATIONS[index % MUTATIONS.length]!;
        const mode = MODES[Math.floor(index / MUTATIONS.length) % MODES.length]!;
        const input = mutate(mutation, sample, options, rand, bareLimit);
        const bound = mode === "bare" ? bareLimit : sample.decodedLength;
        const c: FuzzCase = { index, mutation, mode, inputLength: input.length, bound };
        try {
          const result = await run(input, mode, sample);
          const length = ArrayBuffer.isView(result) ? result.byteLength : 0;
          report.decoded++;
          report.byMutation[mutation].decoded++;
          if (length > bound) report.oversize.push({ ...c, length });
          if (mutation === "none" && length !== sample.decodedLength) {
            report.validFailures.push({ ...c, error: `decoded ${length} bytes` });
          }
        } catch (e) {
          if (e instanceof CodecError) {
            report.rejected++;
            report.byMutation[mutation].rejected++;
          } else {
            report.foreign.push({ ...c, error: describe(e) });
          }
          if (mutation === "none") report.validFailures.push({ ...c, error: describe(e) });
        }
        sampleMemory();
      }
    } finally {
      clearInterval(timer);
    }
    report.maxRssGrowth = process.resourceUsage().maxRSS * 1024 - baseMaxRss;
  } finally {
    setDecodeLimit(previousLimit);
  }
  return report;
}

/**
 * The rules every compressor's fuzz run must keep, as the list of those `report` breaks
 * (empty when it keeps them all): every failure a CodecError, no output past its bound,
 * unmutated chunks decoded, every bomb refused, and memory growth (RSS, peak RSS, and with
 * `arrayBuffers` the ArrayBuffer total) below `FUZZ_MEMORY_BOUND`.
 */
export function fuzzBreaches(
  report: FuzzReport,
  options: { arrayBuffers?: boolean } = {},
): string[] {
  const breaches: string[] = [];
  const list = (what: string, cases: object[]) => {
    if (cases.length > 0) {
      breaches.push(`${cases.length} ${what}, first: ${JSON.stringify(cases.slice(0, 3))}`);
    }
  };
  list("failures that were not CodecErrors", report.foreign);
  list("outputs past their bound", report.oversize);
  list("unmutated chunks that failed", report.validFailures);
  const { bomb } = report.byMutation;
  if (bomb.decoded > 0) breaches.push(`${bomb.decoded} bombs decoded`);
  if (bomb.rejected === 0) breaches.push("no bomb was refused (did any run?)");
  const growth: [string, number][] = [
    ["RSS", report.peakRssGrowth],
    ["peak RSS", report.maxRssGrowth],
  ];
  if (options.arrayBuffers ?? true) growth.push(["ArrayBuffers", report.peakArrayBuffersGrowth]);
  for (const [what, bytes] of growth) {
    if (bytes >= FUZZ_MEMORY_BOUND) {
      breaches.push(`${what} grew by ${bytes} bytes, not below ${FUZZ_MEMORY_BOUND}`);
    }
  }
  return breaches;
}
