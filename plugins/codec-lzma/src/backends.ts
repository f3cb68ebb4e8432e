/**
 * The two LZMA engines, loaded on first use:
 *
 * - "lzma-native": liblzma bindings for Node (prebuilt binaries inside the npm package). Encodes
 *   and decodes every format and filter chain. Imported with a specifier bundlers do not follow,
 *   behind a runtime check, so browser bundles never see it. Runs on Node's thread pool.
 * - "xz-decompress": xz-embedded compiled to WebAssembly, for any runtime. Decodes XZ streams
 *   whose chain is LZMA2 alone (numcodecs' default), nothing else.
 */
import { CodecError } from "@zarrkit/core";
import type { Filter, LzmaSettings } from "./filters.js";

/**
 * An LZMA engine: `"lzma-native"` (liblzma, Node only; everything works) or `"xz-decompress"`
 * (xz-embedded in WebAssembly, any runtime; decodes plain XZ streams only).
 */
export type LzmaBackendName = "lzma-native" | "xz-decompress";
/** What {@link setLzmaBackend} takes: an engine, or `"auto"` (lzma-native where it loads). */
export type LzmaBackendChoice = LzmaBackendName | "auto";

/** One coding job: what to create and the bytes to run through it. */
export type Job =
  | { op: "easy"; preset: number; check: number }
  | { op: "stream"; filters: Filter[]; check: number }
  | { op: "alone-encode"; settings: LzmaSettings }
  | { op: "raw-encode" | "raw-decode"; filters: Filter[] }
  | { op: "xz-decode" | "auto-decode" | "alone-decode" };

// ---------------------------------------------------------------- lzma-native

interface NativeStream {
  bufferHandler: (
    buf: Uint8Array | null | undefined,
    processed: number | undefined,
    err: (Error & { name?: string }) | null | undefined,
  ) => void;
  code(data: Uint8Array | null, async: boolean): void;
  setBufsize(n: number): number;
  resetUnderlying(): void;
  easyEncoder_(preset: number, check: number): void;
  streamEncoder_(filters: unknown[], check: number): void;
  aloneEncoder(options: unknown): void;
  rawEncoder_(filters: unknown[]): void;
  rawDecoder_(filters: unknown[]): void;
  streamDecoder_(memlimit: null, flags: number): void;
  autoDecoder_(memlimit: null, flags: number): void;
  aloneDecoder_(memlimit: null): void;
}

interface NativeModule {
  Stream: new () => NativeStream;
  CONCATENATED: number;
  versionString(): string;
}

// A variable, not a literal: bundlers leave `import(LZMA_NATIVE)` alone.
const LZMA_NATIVE = "lzma-native";

function isNode(): boolean {
  const proc = (globalThis as { process?: { versions?: { node?: unknown } } }).process;
  return typeof proc?.versions?.node === "string";
}

let nativeLoading: Promise<NativeModule> | undefined;

function loadNative(): Promise<NativeModule> {
  nativeLoading ??= (async () => {
    if (!isNode()) throw new Error("lzma-native needs Node.js");
    const mod = (await import(/* webpackIgnore: true */ /* @vite-ignore */ LZMA_NATIVE)) as {
      default?: NativeModule;
    } & NativeModule;
    return mod.default ?? mod;
  })();
  nativeLoading.catch(() => {
    nativeLoading = undefined;
  });
  return nativeLoading;
}

function nativeFilter(f: Filter): unknown {
  if (f.kind === "delta") return { id: "LZMA_FILTER_DELTA", options: { dist: f.dist } };
  if (f.kind === "bcj") {
    if (f.startOffset !== 0) {
      throw new CodecError(
        `lzma: the ${f.name} filter's "start_offset" is not supported by lzma-native (only 0)`,
      );
    }
    return { id: `LZMA_FILTER_${f.name}` };
  }
  return { id: `LZMA_FILTER_${f.kind.toUpperCase()}`, options: { ...f.settings } };
}

function nativeFilters(chain: Filter[]): unknown[] {
  return chain.map(nativeFilter);
}

/**
 * The most bytes one byte of LZMA input can decode to, with a margin. The best case is a run
 * of longest (273-byte) repeat matches, 14 range-coded decisions each; a decision costs at
 * least -log2(2017/2048) = 0.022 bits (probabilities are 11 bits, and adapt by 1/32), so
 * 273 bytes take at least 0.31 bits: about 7100:1. Python's xz of 768 MiB of zeros at
 * preset 9 measures 6870:1. Filters (delta, BCJ) do not expand.
 */
const MAX_RATIO = 1 << 13;
/** The smallest step: bounds the overshoot past the limit to 512 * MAX_RATIO = 4 MiB. */
const MIN_STEP = 512;
/** Output buffer size for decodes: liblzma zero-fills it for every step. */
const MAX_DECODE_BUFSIZE = 1 << 18;

/**
 * Run `data` through a fresh liblzma stream on the thread pool; resolves with the output.
 * With a `limit`, fails with `OutputTooLarge` once the output passes it: liblzma decodes all
 * it can from the input it is given before handing anything back, so the input is fed in
 * steps small enough that no step can overshoot the bytes still allowed by much.
 */
function runNative(
  lzma: NativeModule,
  job: Job,
  data: Uint8Array,
  outputHint: number,
  limit?: number,
): Promise<Uint8Array> {
  const s = new lzma.Stream();
  switch (job.op) {
    case "easy":
      s.easyEncoder_(job.preset, job.check);
      break;
    case "stream":
      s.streamEncoder_(nativeFilters(job.filters), job.check);
      break;
    case "alone-encode":
      s.aloneEncoder({ ...job.settings });
      break;
    case "raw-encode":
      s.rawEncoder_(nativeFilters(job.filters));
      break;
    case "raw-decode":
      s.rawDecoder_(nativeFilters(job.filters));
      break;
    case "xz-decode":
      s.streamDecoder_(null, lzma.CONCATENATED);
      break;
    case "auto-decode":
      s.autoDecoder_(null, lzma.CONCATENATED);
      break;
    case "alone-decode":
      s.aloneDecoder_(null);
      break;
  }
  const maxBufsize = limit === undefined ? 1 << 26 : MAX_DECODE_BUFSIZE;
  s.setBufsize(Math.min(Math.max(outputHint, 1 << 16), maxBufsize));
  return new Promise((resolve, reject) => {
    const parts: Uint8Array[] = [];
    let settled = false;
    let finishing = false;
    let fed = 0;
    let produced = 0;
    const finish = () => {
      finishing = true;
      s.code(null, true);
    };
    const feed = () => {
      if (fed >= data.length) return finish();
      const step =
        limit === undefined
          ? data.length
          : Math.max(MIN_STEP, Math.floor((limit + 1 - produced) / MAX_RATIO));
      const piece = data.subarray(fed, fed + step);
      fed += piece.length;
      s.code(piece, true);
    };
    s.bufferHandler = (buf, processed, err) => {
      if (settled) return;
      if (err) {
        settled = true;
        reject(err);
      } else if (buf === null) {
        settled = true;
        resolve(concat(parts));
      } else if (buf) {
        produced += buf.length;
        if (limit !== undefined && produced > limit) {
          settled = true;
          reject(new OutputTooLarge(`decoded more than ${limit} bytes`));
          // Free liblzma's dictionary (up to 1.5 GiB) now rather than when the collector
          // finds the stream; outside this callback, which runs inside the native call.
          setImmediate(() => s.resetUnderlying());
          return;
        }
        parts.push(buf);
      } else if (typeof processed === "number" && !finishing) {
        try {
          feed();
        } catch (e) {
          settled = true;
          reject(e);
        }
      }
    };
    try {
      feed();
    } catch (e) {
      settled = true;
      reject(e);
    }
  });
}

/** The decoded data pass the bound: decoding stopped there. */
export class OutputTooLarge extends Error {
  override name = "OutputTooLarge";
}

function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) {
    const b = parts[0]!;
    return b.byteOffset % 8 === 0
      ? new Uint8Array(b.buffer, b.byteOffset, b.byteLength)
      : b.slice();
  }
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

// ---------------------------------------------------------------- xz-decompress

type XzModule = {
  XzReadableStream: new (input: ReadableStream<Uint8Array>) => ReadableStream<Uint8Array>;
};

let xzLoading: Promise<XzModule> | undefined;

function loadXz(): Promise<XzModule> {
  xzLoading ??= (async () => {
    const mod = (await import("xz-decompress")) as XzModule & { default?: XzModule };
    return mod.XzReadableStream ? mod : mod.default!;
  })();
  xzLoading.catch(() => {
    xzLoading = undefined;
  });
  return xzLoading;
}

async function runXz(xz: XzModule, data: Uint8Array, limit?: number): Promise<Uint8Array> {
  const input = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(data.slice());
      controller.close();
    },
  });
  const reader = new xz.XzReadableStream(input).getReader();
  const parts: Uint8Array[] = [];
  let produced = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    produced += value.length;
    if (limit !== undefined && produced > limit) {
      await reader.cancel().catch(() => {});
      throw new OutputTooLarge(`decoded more than ${limit} bytes`);
    }
    parts.push(value.slice());
  }
  return concat(parts);
}

// ---------------------------------------------------------------- choice

let choice: LzmaBackendChoice = "auto";

/**
 * Choose the engine: "auto" (the default) uses lzma-native where it loads (Node) and
 * xz-decompress elsewhere. Returns the previous choice.
 *
 * @throws {CodecError} when `next` is not `"auto"`, `"lzma-native"` or `"xz-decompress"`.
 * @example
 * ```ts
 * import { setLzmaBackend } from "@zarrkit/codec-lzma";
 *
 * const previous = setLzmaBackend("xz-decompress"); // as in a browser, to test that path
 * setLzmaBackend(previous);
 * ```
 */
export function setLzmaBackend(next: LzmaBackendChoice): LzmaBackendChoice {
  if (next !== "auto" && next !== "lzma-native" && next !== "xz-decompress") {
    throw new CodecError(
      `lzma: backend must be "auto", "lzma-native" or "xz-decompress", got ${JSON.stringify(next)}`,
    );
  }
  const previous = choice;
  choice = next;
  return previous;
}

/**
 * The engine in use: the one set with {@link setLzmaBackend}, or the one `"auto"` resolves to
 * in this runtime (trying to load lzma-native to find out).
 */
export async function lzmaBackend(): Promise<LzmaBackendName> {
  if (choice !== "auto") return choice;
  if (!isNode()) return "xz-decompress";
  try {
    await loadNative();
    return "lzma-native";
  } catch {
    return "xz-decompress";
  }
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** What xz-decompress cannot do, in words for the error message. */
function portableLimit(job: Job): string | undefined {
  if (job.op === "xz-decode" || job.op === "auto-decode") return undefined;
  if (job.op === "alone-decode" || job.op === "raw-decode") {
    return `decoding ${job.op === "alone-decode" ? "FORMAT_ALONE" : "FORMAT_RAW"} data`;
  }
  return "encoding";
}

/**
 * Run one job on the chosen engine. `what` describes it for error messages ("compress",
 * "decompress"). Decoding errors are reported as corrupt or truncated data. With an
 * `outputLimit`, output past it throws `OutputTooLarge` (decoding stops there).
 */
export async function runJob(
  job: Job,
  data: Uint8Array,
  outputHint: number,
  what: "compress" | "decompress",
  outputLimit?: number,
): Promise<Uint8Array> {
  const name = await lzmaBackend();
  if (name === "lzma-native") {
    let lzma: NativeModule;
    try {
      lzma = await loadNative();
    } catch (e) {
      throw new CodecError(`lzma: cannot load lzma-native: ${message(e)}`, { cause: e });
    }
    try {
      return await runNative(lzma, job, data, outputHint, outputLimit);
    } catch (e) {
      if (e instanceof CodecError || e instanceof OutputTooLarge) throw e;
      const why = what === "decompress" ? "corrupt or truncated data" : "cannot compress";
      throw new CodecError(`lzma: ${why}: ${message(e)}`, { cause: e });
    }
  }
  const limit = portableLimit(job);
  if (limit !== undefined) {
    throw new CodecError(
      `lzma: ${limit} needs lzma-native (Node.js); this runtime only has xz-decompress, which decodes plain XZ streams`,
    );
  }
  if (job.op === "auto-decode" && !isXz(data)) {
    throw new CodecError(
      "lzma: decoding FORMAT_ALONE data needs lzma-native (Node.js); this runtime only decodes XZ streams",
    );
  }
  if (!isXz(data)) {
    throw new CodecError("lzma: corrupt or truncated data: not an XZ stream (no XZ header)");
  }
  const check = data.length > 7 ? data[7]! & 0x0f : -1;
  if (check !== 0 && check !== 1 && check !== 4) {
    throw new CodecError(
      `lzma: decoding an XZ stream with integrity check ${check === 10 ? "CHECK_SHA256" : check} needs lzma-native (Node.js); xz-decompress reads CHECK_NONE, CHECK_CRC32 and CHECK_CRC64`,
    );
  }
  const xz = await loadXz();
  try {
    return await runXz(xz, data, outputLimit);
  } catch (e) {
    if (e instanceof OutputTooLarge) throw e;
    const code = /error code (\d+)/.exec(message(e))?.[1];
    if (code === XZ_OPTIONS_ERROR && usesFiltersBeyondLzma2(data)) {
      throw new CodecError(
        "lzma: decoding an XZ stream whose filter chain has more than LZMA2 (such as the delta filter) needs lzma-native (Node.js); xz-decompress reads LZMA2 alone",
        { cause: e },
      );
    }
    if (code === XZ_OPTIONS_ERROR) {
      throw new CodecError(`lzma: xz-decompress does not support this XZ stream's options`, {
        cause: e,
      });
    }
    throw new CodecError(`lzma: corrupt or truncated data (xz-decompress: ${message(e)})`, {
      cause: e,
    });
  }
}

/** xz-embedded's XZ_OPTIONS_ERROR: a filter or option it was not built with. */
const XZ_OPTIONS_ERROR = "6";

const XZ_MAGIC = [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00];

function isXz(data: Uint8Array): boolean {
  return XZ_MAGIC.every((b, i) => data[i] === b);
}

/** Does the first block header of an XZ stream list more than one filter? */
function usesFiltersBeyondLzma2(data: Uint8Array): boolean {
  // Stream header is 12 bytes; the block header follows: size byte, flags (low 2 bits: filters - 1).
  return isXz(data) && data.length > 13 && data[12] !== 0 && (data[13]! & 0x03) !== 0;
}
