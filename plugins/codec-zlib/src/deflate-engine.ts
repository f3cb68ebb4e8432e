/**
 * The deflate implementations behind `Zlib` and `GZip`, loaded on first use.
 *
 * - pako runs everywhere. With `legacyHash` it writes exactly the bytes of canonical zlib,
 *   which is what numcodecs (CPython's zlib) writes, so it is the default encoder.
 * - node:zlib (Node, Deno, Bun) inflates about three times faster than pako and runs on the
 *   thread pool, so it is the default decoder there. It is imported dynamically behind a
 *   runtime check with a specifier bundlers do not follow, so browser bundles never see it.
 *   Its deflate (Chromium's zlib) is faster too but writes different bytes, larger on integer
 *   data and smaller on some float data; choose it with `setDeflateEngines({ encode: "node:zlib" })`.
 */

/**
 * A deflate implementation: `"pako"` (pure JavaScript, everywhere; writes numcodecs' exact
 * bytes) or `"node:zlib"` (Node, Deno, Bun; faster, on the thread pool, but its compressed
 * bytes differ from numcodecs').
 */
export type DeflateEngineName = "pako" | "node:zlib";
/**
 * What {@link setDeflateEngines} takes: an engine, or `"auto"` (pako for encoding; node:zlib
 * for decoding where it exists, pako elsewhere).
 */
export type DeflateEngineChoice = DeflateEngineName | "auto";

interface Engine {
  readonly name: DeflateEngineName;
  /** zlib stream (RFC 1950). */
  deflate(data: Uint8Array, level: number): Promise<Uint8Array>;
  /** gzip member (RFC 1952) with the engine's own header fields. */
  gzip(data: Uint8Array, level: number): Promise<Uint8Array>;
  /** Throws `OutputTooLarge` as soon as the output passes `limit.bound` bytes. */
  inflate(data: Uint8Array, limit: OutputLimit): Promise<Uint8Array>;
  /** Every member of a (possibly multi-member) gzip file; the same limit as `inflate`. */
  gunzip(data: Uint8Array, limit: OutputLimit): Promise<Uint8Array>;
}

/**
 * How much an inflate may produce. `sized`: the bound is the decoded length the caller
 * expects (so one output buffer of that size is the fast path), not just a ceiling.
 */
export interface OutputLimit {
  readonly bound: number;
  readonly sized: boolean;
}

/**
 * The stream inflates to more than the bound: inflating stopped there, so a bomb costs at
 * most the bound (plus one output chunk) in memory and time.
 */
export class OutputTooLarge extends Error {
  override name = "OutputTooLarge";
}

type NodeZlib = typeof import("node:zlib");
type Callback = (error: Error | null, result: Buffer) => void;
type NodeFn = (data: Uint8Array, options: Record<string, number>, callback: Callback) => void;

// A variable, not a literal: bundlers leave `import(NODE_ZLIB)` alone, and the runtime
// check below means browsers never evaluate it.
const NODE_ZLIB = "node:zlib";

function isNodeLike(): boolean {
  const proc = (globalThis as { process?: { versions?: { node?: unknown } } }).process;
  return typeof proc?.versions?.node === "string";
}

/** A view of a Node Buffer as a plain Uint8Array, copied if it is not 8-byte aligned. */
function fromBuffer(b: Buffer): Uint8Array {
  const view = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  return b.byteOffset % 8 === 0 ? view : view.slice();
}

/**
 * Output chunk size: for a known decoded length, one buffer one byte longer (so the byte past
 * the bound is seen without a second chunk); otherwise the engine's default, so a ceiling as
 * large as the process-wide limit is never allocated up front.
 */
function outputChunk(limit: OutputLimit): number | undefined {
  if (!limit.sized) return undefined;
  return Math.max(64, Math.min(limit.bound + 1, 1 << 30));
}

async function loadNode(): Promise<Engine> {
  if (!isNodeLike()) throw new Error("node:zlib is not available in this runtime");
  const zlib = (await import(/* webpackIgnore: true */ /* @vite-ignore */ NODE_ZLIB)) as NodeZlib;
  const call = (fn: NodeFn, data: Uint8Array, options: Record<string, number>) =>
    new Promise<Uint8Array>((resolve, reject) => {
      fn(data, options, (error, result) => {
        // node:zlib stops inflating once the output passes maxOutputLength.
        if ((error as { code?: string } | null)?.code === "ERR_BUFFER_TOO_LARGE") {
          reject(new OutputTooLarge(error!.message));
        } else if (error) reject(error);
        else resolve(fromBuffer(result));
      });
    });
  const sized = (limit: OutputLimit): Record<string, number> => {
    // One byte past the bound, so an overflow is told apart from an exact fit (and no more
    // than the 4 GiB Node 20 allows for a Buffer).
    const maxOutputLength = Math.min(limit.bound + 1, 2 ** 32);
    const chunkSize = outputChunk(limit);
    return chunkSize === undefined ? { maxOutputLength } : { chunkSize, maxOutputLength };
  };
  return {
    name: "node:zlib",
    deflate: (data, level) => call(zlib.deflate as NodeFn, data, { level }),
    gzip: (data, level) => call(zlib.gzip as NodeFn, data, { level }),
    inflate: (data, limit) => call(zlib.inflate as NodeFn, data, sized(limit)),
    gunzip: (data, limit) => call(zlib.gunzip as NodeFn, data, sized(limit)),
  };
}

async function loadPako(): Promise<Engine> {
  const pako = await import("pako");
  // pako's one-shot inflate keeps every output chunk until the stream ends; driving its
  // Inflate by hand lets the count of output bytes stop it at the bound.
  const inflate = (data: Uint8Array, windowBits: number, limit: OutputLimit) => {
    const chunkSize = outputChunk(limit);
    const inflator = new pako.Inflate(
      chunkSize === undefined ? { windowBits } : { windowBits, chunkSize },
    );
    const chunks: Uint8Array[] = [];
    let total = 0;
    inflator.onData = (chunk) => {
      total += chunk.length;
      if (total > limit.bound) {
        throw new OutputTooLarge(`inflated more than ${limit.bound} bytes`);
      }
      chunks.push(chunk);
    };
    inflator.onEnd = () => {};
    inflator.push(data, true);
    if (inflator.err) throw new Error(inflator.msg);
    return joinChunks(chunks, total);
  };
  return {
    name: "pako",
    deflate: async (data, level) => pako.deflate(data, { level, legacyHash: true }),
    gzip: async (data, level) => pako.gzip(data, { level, legacyHash: true }),
    // Explicit window bits: 15 accepts only a zlib stream, 16 + 15 only gzip (pako would
    // otherwise accept either for both, which numcodecs does not).
    inflate: async (data, limit) => inflate(data, 15, limit),
    gunzip: async (data, limit) => inflate(data, 16 + 15, limit),
  };
}

function joinChunks(chunks: Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}

const loaded = new Map<DeflateEngineName, Promise<Engine>>();

function load(name: DeflateEngineName): Promise<Engine> {
  let engine = loaded.get(name);
  if (!engine) {
    engine = name === "pako" ? loadPako() : loadNode();
    loaded.set(name, engine);
    // A failed load (say, node:zlib outside Node) is reported now and retried next time.
    engine.catch(() => loaded.delete(name));
  }
  return engine;
}

let choice: { encode: DeflateEngineChoice; decode: DeflateEngineChoice } = {
  encode: "auto",
  decode: "auto",
};

/**
 * Pick the deflate implementation for compressing and for decompressing (`"auto"` restores
 * the default: pako's canonical-zlib output for encoding, node:zlib for decoding where it
 * exists). Returns the previous choice. Every engine reads and writes the same formats.
 * Applies to both {@link Zlib} and {@link GZip}, from their next encode or decode.
 *
 * @param next - The engines to use; a direction left out keeps its current choice.
 * @returns The choice in force before the call (not resolved: `"auto"` stays `"auto"`).
 * @throws {TypeError} when a value is not `"auto"`, `"pako"` or `"node:zlib"`.
 * @example
 * ```ts
 * import { deflateEngines, setDeflateEngines } from "@zarrkit/codec-zlib";
 *
 * // Faster compression, at the cost of bytes that differ from numcodecs' (Node only).
 * const previous = setDeflateEngines({ encode: "node:zlib" });
 * deflateEngines(); // { encode: "node:zlib", decode: "node:zlib" } in Node
 * setDeflateEngines(previous);
 * ```
 */
export function setDeflateEngines(next: {
  /** The engine that compresses. */
  encode?: DeflateEngineChoice;
  /** The engine that decompresses. */
  decode?: DeflateEngineChoice;
}): {
  /** The previous encoding choice. */
  encode: DeflateEngineChoice;
  /** The previous decoding choice. */
  decode: DeflateEngineChoice;
} {
  for (const [key, value] of Object.entries(next)) {
    if (value !== undefined && value !== "auto" && value !== "pako" && value !== "node:zlib") {
      throw new TypeError(
        `setDeflateEngines: "${key}" must be "auto", "pako" or "node:zlib", got ${JSON.stringify(value)}`,
      );
    }
  }
  const previous = choice;
  choice = {
    encode: next.encode ?? previous.encode,
    decode: next.decode ?? previous.decode,
  };
  return previous;
}

/**
 * The engines that will run, after resolving `"auto"` for this runtime (in a Node-like runtime
 * whose node:zlib cannot be loaded, `"auto"` decoding still falls back to pako when it runs).
 */
export function deflateEngines(): {
  /** The engine that compresses. */
  encode: DeflateEngineName;
  /** The engine that decompresses. */
  decode: DeflateEngineName;
} {
  return {
    encode: choice.encode === "auto" ? "pako" : choice.encode,
    decode: choice.decode === "auto" ? (isNodeLike() ? "node:zlib" : "pako") : choice.decode,
  };
}

export function encoder(): Promise<Engine> {
  return load(deflateEngines().encode);
}

export async function decoder(): Promise<Engine> {
  const name = deflateEngines().decode;
  // "auto" falls back to pako in a Node-like runtime whose node:zlib cannot be loaded.
  if (choice.decode === "auto" && name === "node:zlib") return load(name).catch(() => load("pako"));
  return load(name);
}
