import {
  asBytes,
  type ChunkInfo,
  type Codec,
  type CodecConfig,
  type CodecInput,
  CodecError,
  decodeBound,
  decodeOverflow,
  registerCodec,
} from "@zarrkit/core";
import { defaultWasmLocation, wasmBytes } from "#bzip2-wasm-bytes";
import { type Bzip2, instantiateBzip2 } from "./bzip2-module.js";

/** Options of {@link BZ2}, as numcodecs' `BZ2(level=1)` takes them. */
export interface BZ2Options {
  /** Block size in units of 100 kB, 1 (fastest) to 9 (best); default 1, as in numcodecs. */
  level?: number;
}

/**
 * Where bzip2.wasm (libbzip2 1.0.8, from npm `bzip2-wasm`) comes from: a URL (fetched; in
 * Node a `file:` URL or a path is read), its bytes, a compiled module, or a function that
 * returns its bytes.
 */
export type Bz2WasmSource =
  | URL
  | string
  | ArrayBuffer
  | Uint8Array
  | WebAssembly.Module
  | (() => Promise<ArrayBuffer | Uint8Array>);

let source: Bz2WasmSource | undefined;
let instance: Bzip2 | undefined;
let loading: Promise<Bzip2> | undefined;

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * Say where bzip2.wasm is, before the codec is first used. By default Node reads it from the
 * installed bzip2-wasm package, and a browser build fetches `bzip2.wasm` from beside the
 * script (copy node_modules/bzip2-wasm/bzip2-1.0.8/bzip2.wasm next to your bundle).
 *
 * Calling it again replaces the loaded module: the next encode or decode loads from the new
 * source. A source that cannot be loaded makes that encode or decode reject with a
 * `CodecError` naming it.
 *
 * @example
 * ```ts
 * import { setBz2WasmSource } from "@zarrkit/codec-bz2";
 *
 * setBz2WasmSource(new URL("/assets/bzip2.wasm", location.href));
 * ```
 */
export function setBz2WasmSource(wasm: Bz2WasmSource): void {
  source = wasm;
  instance = undefined;
  loading = undefined;
}

function describeSource(s: Bz2WasmSource | undefined): string {
  if (s === undefined) {
    try {
      return defaultWasmLocation();
    } catch (e) {
      return `bzip2-wasm (${message(e)})`;
    }
  }
  if (s instanceof URL || typeof s === "string") return String(s);
  return typeof s === "function" ? "the function given to setBz2WasmSource" : "the bytes given";
}

async function load(s: Bz2WasmSource | undefined): Promise<Bzip2> {
  let module: WebAssembly.Module;
  try {
    if (s instanceof WebAssembly.Module) {
      module = s;
    } else {
      const bytes =
        s === undefined || s instanceof URL || typeof s === "string"
          ? await wasmBytes(s)
          : typeof s === "function"
            ? await s()
            : s;
      module = await WebAssembly.compile(bytes as BufferSource);
    }
  } catch (e) {
    throw new CodecError(
      `bz2: cannot load bzip2.wasm from ${describeSource(s)}: ${message(e)}. Copy ` +
        "node_modules/bzip2-wasm/bzip2-1.0.8/bzip2.wasm next to your bundle or call " +
        "setBz2WasmSource",
      { cause: e },
    );
  }
  try {
    return await instantiateBzip2(module);
  } catch (e) {
    throw new CodecError(`bz2: cannot instantiate bzip2.wasm: ${message(e)}`, { cause: e });
  }
}

/**
 * libbzip2 compiled to WebAssembly, loaded once, on first use (and instantiated again if a
 * call ever trapped, which leaves an instance unusable).
 */
function bzip2(): Promise<Bzip2> {
  if (instance?.usable) return Promise.resolve(instance);
  if (instance !== undefined) {
    instance = undefined;
    loading = undefined;
  }
  if (loading === undefined) {
    const current = load(source).then((bz) => {
      if (loading === current) instance = bz;
      return bz;
    });
    current.catch(() => {
      if (loading === current) loading = undefined;
    });
    loading = current;
  }
  return loading;
}

function readLevel(options: unknown, fromConfig: boolean): number {
  if (options === undefined || options === null) return 1;
  if (typeof options !== "object" || Array.isArray(options)) {
    throw new CodecError(`bz2: options must be an object, got ${JSON.stringify(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (key === "level" || (fromConfig && key === "id")) continue;
    throw new CodecError(`bz2: unknown configuration key "${key}" (bz2 takes only "level")`);
  }
  const { id, level = 1 } = options as { id?: unknown; level?: unknown };
  if (fromConfig && id !== undefined && id !== "bz2") {
    throw new CodecError(`bz2: cannot build from a config whose id is ${JSON.stringify(id)}`);
  }
  if (typeof level !== "number" || !Number.isInteger(level) || level < 1 || level > 9) {
    throw new CodecError(
      `bz2: "level" must be an integer from 1 to 9, got ${JSON.stringify(level)}`,
    );
  }
  return level;
}

/**
 * numcodecs' `BZ2`: one bzip2 stream, as Python's `bz2.compress(data, level)` writes it (the
 * same libbzip2 1.0.8, so the same bytes). Decoding needs the decoded length up front: it is
 * taken from the pipeline (`out`, or `info.nbytes`) and otherwise found by growing a guess up
 * to the process-wide decode limit (`setDecodeLimit`).
 *
 * Importing the package registers the id `bz2`. libbzip2 runs as WebAssembly, loaded on the
 * first encode or decode (see {@link setBz2WasmSource} for browsers).
 *
 * @example
 * ```ts
 * import { zeros } from "@zarrkit/core";
 * import { MemoryStore } from "@zarrkit/store-memory";
 * import { BZ2 } from "@zarrkit/codec-bz2";
 *
 * const compressor = new BZ2({ level: 9 }); // String(compressor) === "BZ2(level=9)"
 * const z = await zeros([1000], { dtype: "i4", store: new MemoryStore(), compressor });
 * ```
 */
export class BZ2 implements Codec {
  /** The id this codec is registered under and written as in `.zarray` (`"bz2"`). */
  static readonly codecId = "bz2";
  readonly id = "bz2";
  /** The block size in units of 100 kB, 1 to 9. Default 1. */
  readonly level: number;

  /**
   * Creates the codec, checking the options by numcodecs' rules (`level` defaults to 1).
   *
   * @throws {CodecError} when a key other than `level` is given, or `level` is not an integer
   *   from 1 to 9.
   */
  constructor(options: BZ2Options = {}) {
    this.level = readLevel(options, false);
  }

  /**
   * Builds the codec from its metadata config, `{ id: "bz2", level }` (`id` may be left out).
   *
   * @throws {CodecError} when the id is not `"bz2"`, a key is unknown or `level` is invalid.
   */
  static fromConfig(config: CodecConfig | BZ2Options): BZ2 {
    return new BZ2({ level: readLevel(config, true) });
  }

  /**
   * Compresses one chunk into a single bzip2 stream, the bytes numcodecs writes.
   *
   * @param data - The chunk's bytes, or a typed array viewed as its bytes.
   * @throws {CodecError} when `data` is not bytes or a typed array, or bzip2.wasm cannot be
   *   loaded.
   */
  async encode(data: CodecInput): Promise<Uint8Array> {
    if (!ArrayBuffer.isView(data)) {
      throw new CodecError(`bz2: can only compress bytes or typed arrays, got a ${typeof data}`);
    }
    const bytes = asBytes(data);
    const bz = await bzip2();
    // libbzip2's documented bound: 1% more than the input plus 600 bytes.
    const bound = bytes.length + Math.ceil(bytes.length / 100) + 600;
    try {
      return bz.compress(bytes, this.level, bound);
    } catch (e) {
      throw new CodecError(`bz2: cannot compress: ${message(e)}`, { cause: e });
    }
  }

  /**
   * Decompresses one chunk's bzip2 stream (an empty input is an empty chunk, as in Python).
   *
   * @param data - The compressed chunk.
   * @param out - When given, the decoded bytes are written there and it is returned; its length
   *   must equal the decoded size.
   * @param info - The chunk's decoded size (`nbytes`), the most this decode may produce.
   * @throws {CodecError} when the data are corrupt or truncated, decode to another size than
   *   `out`, or to more than the decode bound (`out`, `info.nbytes`, else `setDecodeLimit`).
   */
  async decode(data: Uint8Array, out?: Uint8Array, info?: ChunkInfo): Promise<Uint8Array> {
    // Python's bz2.decompress (so numcodecs) reads an empty input as empty data.
    const decoded =
      data.length === 0
        ? new Uint8Array(0)
        : await inflate(
            data,
            decodeBound(out, info),
            out !== undefined || info?.nbytes !== undefined,
          );
    if (out === undefined) return decoded;
    if (out.length !== decoded.length) {
      throw new CodecError(
        `bz2: decompressed ${decoded.length} bytes, but the chunk holds ${out.length} bytes`,
      );
    }
    out.set(decoded);
    return out;
  }

  toConfig(): CodecConfig {
    return { id: this.id, level: this.level };
  }

  toString(): string {
    return `BZ2(level=${this.level})`;
  }
}

/**
 * Decompress at most `bound` bytes. With `sized`, the bound is the expected length, so one
 * buffer of that size (plus a byte) is tried; otherwise a guess from a typical ratio grows up
 * to the bound. A stream that fills the bound's buffer and goes on fails with a CodecError.
 */
async function inflate(data: Uint8Array, bound: number, sized: boolean): Promise<Uint8Array> {
  const bz = await bzip2();
  // One byte of slack: libbzip2 reports a full buffer, not a truncated stream, when the
  // output fills up exactly before the end-of-stream marker is read; and the byte past the
  // bound tells an overflow from an exact fit.
  const ceiling = bound + 1;
  let capacity = sized ? ceiling : Math.min(ceiling, Math.max(64, 8 * data.length));
  for (;;) {
    let decoded: Uint8Array;
    try {
      decoded = bz.decompress(data, capacity);
    } catch (e) {
      const full = message(e).startsWith("BZ_OUTBUFF_FULL");
      if (full && capacity >= ceiling) throw decodeOverflow("bz2", bound);
      if (full) {
        capacity = Math.min(capacity * 4, ceiling);
        continue;
      }
      throw new CodecError(`bz2: corrupt or truncated data: ${message(e)}`, { cause: e });
    }
    if (decoded.length > bound) throw decodeOverflow("bz2", bound);
    return decoded;
  }
}

registerCodec("bz2", (config) => BZ2.fromConfig(config), { firstParameter: "level" });
