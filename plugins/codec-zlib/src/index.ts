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
  type V3CodecNaming,
} from "@zarrkit/core";
import { decoder, encoder, type OutputLimit, OutputTooLarge } from "./deflate-engine.js";

export {
  type DeflateEngineChoice,
  type DeflateEngineName,
  deflateEngines,
  setDeflateEngines,
} from "./deflate-engine.js";

/**
 * Options of {@link Zlib} and {@link GZip}, as numcodecs' `Zlib(level=1)` and `GZip(level=1)`
 * take them.
 */
export interface ZlibOptions {
  /** Compression level: 0 (store) to 9 (best), or -1 for zlib's default (6). Default 1. */
  level?: number;
}

/** Checks the options object of codec `id`: only `level`, an integer from -1 to 9. */
function readLevel(id: string, options: unknown, fromConfig: boolean): number {
  if (options === undefined || options === null) return 1;
  if (typeof options !== "object" || Array.isArray(options)) {
    throw new CodecError(`${id}: options must be an object, got ${JSON.stringify(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (key === "level" || (fromConfig && key === "id")) continue;
    throw new CodecError(`${id}: unknown configuration key "${key}" (${id} takes only "level")`);
  }
  const { id: configId, level = 1 } = options as { id?: unknown; level?: unknown };
  if (fromConfig && configId !== undefined && configId !== id) {
    throw new CodecError(
      `${id}: cannot build from a config whose id is ${JSON.stringify(configId)}`,
    );
  }
  if (typeof level !== "number" || !Number.isInteger(level) || level < -1 || level > 9) {
    throw new CodecError(
      `${id}: "level" must be an integer from -1 to 9, got ${JSON.stringify(level)}`,
    );
  }
  return level;
}

function inputBytes(id: string, data: CodecInput): Uint8Array {
  if (!ArrayBuffer.isView(data)) {
    throw new CodecError(`${id}: can only compress bytes or typed arrays, got a ${typeof data}`);
  }
  return asBytes(data);
}

/** The most a decode may inflate: the chunk's size when known, else the process-wide limit. */
function outputLimit(out: Uint8Array | undefined, info: ChunkInfo | undefined): OutputLimit {
  return {
    bound: decodeBound(out, info),
    sized: out !== undefined || info?.nbytes !== undefined,
  };
}

/** Inflate with `run`, turning an engine's stop at the bound into the codec's error. */
async function inflateBounded(
  id: string,
  limit: OutputLimit,
  run: () => Promise<Uint8Array>,
): Promise<Uint8Array> {
  return attempt(id, "corrupt or truncated data", async () => {
    try {
      const decoded = await run();
      // Engines may hand back the one byte past the bound that proves the overflow.
      if (decoded.length > limit.bound) throw decodeOverflow(id, limit.bound);
      return decoded;
    } catch (e) {
      if (e instanceof OutputTooLarge) throw decodeOverflow(id, limit.bound);
      throw e;
    }
  });
}

/** Return `decoded`, or copy it into `out` (which must be exactly its size). */
function deliver(id: string, decoded: Uint8Array, out: Uint8Array | undefined): Uint8Array {
  if (out === undefined) return decoded;
  if (out.length !== decoded.length) {
    throw new CodecError(
      `${id}: decompressed ${decoded.length} bytes, but the chunk holds ${out.length} bytes`,
    );
  }
  out.set(decoded);
  return out;
}

async function attempt(id: string, what: string, fn: () => Promise<Uint8Array>) {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof CodecError) throw e;
    throw new CodecError(`${id}: ${what}: ${(e as Error)?.message ?? String(e)}`, { cause: e });
  }
}

/**
 * numcodecs' `Zlib`: a zlib stream (RFC 1950), as Python's `zlib.compress(data, level)`
 * writes it. By default the bytes are exactly the ones numcodecs writes.
 *
 * Importing the package registers the id `zlib` (no Zarr v3 name: v3 metadata call it
 * `numcodecs.zlib`, as zarr-python 3 does).
 *
 * @example
 * ```ts
 * import { zeros } from "@zarrkit/core";
 * import { MemoryStore } from "@zarrkit/store-memory";
 * import { Zlib } from "@zarrkit/codec-zlib";
 *
 * const compressor = new Zlib({ level: 1 }); // String(compressor) === "Zlib(level=1)"
 * const z = await zeros([1000], { dtype: "f8", store: new MemoryStore(), compressor });
 * ```
 */
export class Zlib implements Codec {
  /** The id this codec is registered under and written as in `.zarray` (`"zlib"`). */
  static readonly codecId = "zlib";
  readonly id = "zlib";
  /** The compression level: -1 (zlib's default, 6) or 0 (store) to 9 (best). Default 1. */
  readonly level: number;

  /**
   * Creates the codec, checking the options by numcodecs' rules (`level` defaults to 1).
   *
   * @throws {CodecError} when a key other than `level` is given, or `level` is not an integer
   *   from -1 to 9.
   */
  constructor(options: ZlibOptions = {}) {
    this.level = readLevel("zlib", options, false);
  }

  /**
   * Builds the codec from its metadata config, `{ id: "zlib", level }` (`id` may be left out).
   *
   * @throws {CodecError} when the id is not `"zlib"`, a key is unknown or `level` is invalid.
   */
  static fromConfig(config: CodecConfig | ZlibOptions): Zlib {
    return new Zlib({ level: readLevel("zlib", config, true) });
  }

  /**
   * Compresses one chunk into a zlib stream (with the default engine, pako, the bytes
   * numcodecs writes).
   *
   * @param data - The chunk's bytes, or a typed array viewed as its bytes.
   * @throws {CodecError} when `data` is not bytes or a typed array, or the engine fails.
   */
  async encode(data: CodecInput): Promise<Uint8Array> {
    const bytes = inputBytes(this.id, data);
    return attempt(this.id, "cannot compress", async () =>
      (await encoder()).deflate(bytes, this.level),
    );
  }

  /**
   * Decompresses one zlib stream, stopping one byte past the decode bound.
   *
   * @param data - The compressed chunk.
   * @param out - When given, the decoded bytes are written there and it is returned; its length
   *   must equal the decoded size.
   * @param info - The chunk's decoded size (`nbytes`), the most this decode may produce.
   * @throws {CodecError} when the data are corrupt or truncated, decode to another size than
   *   `out`, or to more than the decode bound (`out`, `info.nbytes`, else `setDecodeLimit`).
   */
  async decode(data: Uint8Array, out?: Uint8Array, info?: ChunkInfo): Promise<Uint8Array> {
    const limit = outputLimit(out, info);
    const decoded = await inflateBounded(this.id, limit, async () =>
      (await decoder()).inflate(data, limit),
    );
    return deliver(this.id, decoded, out);
  }

  toConfig(): CodecConfig {
    return { id: this.id, level: this.level };
  }

  toString(): string {
    return `Zlib(level=${this.level})`;
  }
}

/** Python's gzip module marks the fastest and the best level in the header's XFL byte. */
function pythonXfl(level: number): number {
  return level === 9 ? 2 : level === 1 ? 4 : 0;
}

/**
 * numcodecs' `GZip`: one gzip member (RFC 1952) with the header Python's `gzip.GzipFile`
 * writes (no file name, the current time, XFL from the level, OS 255 "unknown"). Decoding
 * accepts any gzip file: several members, optional header fields, zero padding.
 *
 * Importing the package registers the id `gzip`, also its Zarr v3 name (configuration
 * `{ level }`, 0 to 9; -1 is written as 6). zarr-python's `compression="gzip"` gives this codec.
 *
 * @example
 * ```ts
 * import { GZip } from "@zarrkit/codec-zlib";
 *
 * const g = GZip.fromConfig({ id: "gzip", level: 9 }); // String(g) === "GZip(level=9)"
 * const packed = await g.encode(new Float64Array(1000));
 * ```
 */
export class GZip implements Codec {
  /** The id this codec is registered under and written as in `.zarray` (`"gzip"`). */
  static readonly codecId = "gzip";
  readonly id = "gzip";
  /** The compression level: -1 (zlib's default, 6) or 0 (store) to 9 (best). Default 1. */
  readonly level: number;

  /**
   * Creates the codec, checking the options by numcodecs' rules (`level` defaults to 1).
   *
   * @throws {CodecError} when a key other than `level` is given, or `level` is not an integer
   *   from -1 to 9.
   */
  constructor(options: ZlibOptions = {}) {
    this.level = readLevel("gzip", options, false);
  }

  /**
   * Builds the codec from its metadata config, `{ id: "gzip", level }` (`id` may be left out).
   *
   * @throws {CodecError} when the id is not `"gzip"`, a key is unknown or `level` is invalid.
   */
  static fromConfig(config: CodecConfig | ZlibOptions): GZip {
    return new GZip({ level: readLevel("gzip", config, true) });
  }

  /**
   * Compresses one chunk into one gzip member with Python's header fields (the time stamp is
   * the current time, so two encodes of the same data may differ in bytes 4-7).
   *
   * @param data - The chunk's bytes, or a typed array viewed as its bytes.
   * @throws {CodecError} when `data` is not bytes or a typed array, or the engine fails.
   */
  async encode(data: CodecInput): Promise<Uint8Array> {
    const bytes = inputBytes(this.id, data);
    const gz = await attempt(this.id, "cannot compress", async () =>
      (await encoder()).gzip(bytes, this.level),
    );
    // Every engine writes a bare 10-byte header (magic, deflate, no flags); rewrite its
    // MTIME, XFL and OS fields as Python does. The CRC covers the data only.
    if (gz.length < 18 || gz[0] !== 0x1f || gz[1] !== 0x8b || gz[2] !== 8 || gz[3] !== 0) {
      throw new CodecError("gzip: the deflate engine wrote an unexpected gzip header");
    }
    const mtime = Math.floor(Date.now() / 1000) >>> 0;
    new DataView(gz.buffer, gz.byteOffset, gz.byteLength).setUint32(4, mtime, true);
    gz[8] = pythonXfl(this.level);
    gz[9] = 0xff;
    return gz;
  }

  /**
   * Decompresses any gzip file: several members, optional header fields, zero padding; an
   * empty input is an empty chunk, as in Python. Stops one byte past the decode bound.
   *
   * @param data - The compressed chunk.
   * @param out - When given, the decoded bytes are written there and it is returned; its length
   *   must equal the decoded size.
   * @param info - The chunk's decoded size (`nbytes`), the most this decode may produce.
   * @throws {CodecError} when the data are corrupt or truncated, decode to another size than
   *   `out`, or to more than the decode bound (`out`, `info.nbytes`, else `setDecodeLimit`).
   */
  async decode(data: Uint8Array, out?: Uint8Array, info?: ChunkInfo): Promise<Uint8Array> {
    const limit = outputLimit(out, info);
    // Python's GzipFile reads an empty input as an empty file; so does numcodecs.
    const decoded =
      data.length === 0
        ? new Uint8Array(0)
        : await inflateBounded(this.id, limit, async () => (await decoder()).gunzip(data, limit));
    return deliver(this.id, decoded, out);
  }

  toConfig(): CodecConfig {
    return { id: this.id, level: this.level };
  }

  toString(): string {
    return `GZip(level=${this.level})`;
  }
}

/**
 * GZip in `zarr.json`: name `gzip`, configuration `{ level }` with the level 0 to 9 the v3
 * spec allows (zlib's default -1 is written as the 6 it stands for). Zlib has no v3 name:
 * it is written `numcodecs.zlib`, as zarr-python 3 does.
 */
export const gzipV3: V3CodecNaming = {
  name: "gzip",
  fromV3(configuration) {
    for (const key of Object.keys(configuration)) {
      if (key !== "level") {
        throw new CodecError(
          `gzip: unknown v3 configuration key "${key}" (gzip takes only "level")`,
        );
      }
    }
    const { level } = configuration;
    if (typeof level !== "number" || !Number.isInteger(level) || level < 0 || level > 9) {
      throw new CodecError(
        `gzip: v3 "level" must be an integer from 0 to 9, got ${JSON.stringify(level)}`,
      );
    }
    return { id: "gzip", level };
  },
  toV3(config) {
    const level = readLevel("gzip", config, true);
    return { level: level === -1 ? 6 : level };
  },
};

registerCodec("zlib", (config) => Zlib.fromConfig(config), { firstParameter: "level" });
registerCodec("gzip", (config) => GZip.fromConfig(config), {
  v3: gzipV3,
  firstParameter: "level",
});
