import {
  asBytes,
  type ChunkInfo,
  type Codec,
  type CodecConfig,
  type CodecInput,
  CodecError,
  checkDecodeClaim,
  decodeBound,
  decodeOverflow,
  registerCodec,
  type V3CodecNaming,
} from "@zarrkit/core";
import { hasContentChecksum, withContentChecksum } from "./content-checksum.js";
import { type Frame, zstdFrames } from "./frames.js";
import { loadZstdWasm, ZSTD_ERRORS, type ZstdWasm, zstdErrorCode } from "@zarrkit/zstd-wasm-loader";

export { setZstdWasmUrl } from "@zarrkit/zstd-wasm-loader";

/** Options of {@link Zstd}, as numcodecs' `Zstd(level=1)` takes them (plus `checksum`). */
export interface ZstdOptions {
  /**
   * Compression level, default 1 as in numcodecs 0.11. Like numcodecs, levels below 1 compress
   * at level 1 and levels above 22 at level 22; the config keeps the level as given.
   */
  level?: number;
  /**
   * Write the frame content checksum (XXH64 of the data, RFC 8878), which decoding then
   * verifies; default false. numcodecs 0.11 has no such key (it reads such frames, verifying
   * the checksum), so a config carries it only when true.
   */
  checksum?: boolean;
}

const MAX_LEVEL = 22;
/** zstd-wasm runs in 32-bit WebAssembly memory: one output must stay well below 4 GiB. */
const MAX_WASM_OUTPUT = 2 ** 31 - 1;

let loading: Promise<ZstdWasm> | undefined;

/** zstd-wasm, loaded and initialized once, on first use. */
function zstd(): Promise<ZstdWasm> {
  loading ??= loadZstdWasm("zstd");
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}

/** zstd's "destination buffer too small" (zstd_errors.h). */
const DST_TOO_SMALL = 70;

function readOptions(options: unknown, fromConfig: boolean): { level: number; checksum: boolean } {
  const o = options ?? {};
  if (typeof o !== "object" || Array.isArray(o)) {
    throw new CodecError(`zstd: options must be an object, got ${JSON.stringify(options)}`);
  }
  for (const key of Object.keys(o)) {
    if (key === "level" || key === "checksum" || (fromConfig && key === "id")) continue;
    throw new CodecError(
      `zstd: unknown configuration key "${key}" (zstd takes "level" and "checksum")`,
    );
  }
  const {
    id,
    level = 1,
    checksum = false,
  } = o as { id?: unknown; level?: unknown; checksum?: unknown };
  if (fromConfig && id !== undefined && id !== "zstd") {
    throw new CodecError(`zstd: cannot build from a config whose id is ${JSON.stringify(id)}`);
  }
  if (typeof level !== "number" || !Number.isInteger(level) || Math.abs(level) > 2 ** 31 - 1) {
    throw new CodecError(
      `zstd: "level" must be an integer (1 to 22; others are clamped as numcodecs does), got ${JSON.stringify(level)}`,
    );
  }
  if (typeof checksum !== "boolean") {
    throw new CodecError(`zstd: "checksum" must be true or false, got ${JSON.stringify(checksum)}`);
  }
  return { level, checksum };
}

/**
 * numcodecs' `Zstd`: one Zstandard frame per chunk, with the decoded size in the frame header.
 * Decoding reads every frame of the chunk, with or without a declared size (numcodecs 0.11
 * needs it; zarrkit grows its output instead), and skippable frames.
 *
 * Importing the package registers the id `zstd`, also its Zarr v3 name. zstd runs as
 * WebAssembly (npm `@bokuweb/zstd-wasm`), loaded on first use; in a browser, serve
 * `zstd.wasm` beside the bundle or call `setZstdWasmUrl(url)` first.
 *
 * @example
 * ```ts
 * import { zeros } from "@zarrkit/core";
 * import { MemoryStore } from "@zarrkit/store-memory";
 * import { Zstd } from "@zarrkit/codec-zstd";
 *
 * const compressor = new Zstd({ level: 3 }); // String(compressor) === "Zstd(level=3)"
 * const z = await zeros([1000], { dtype: "f8", store: new MemoryStore(), compressor });
 * ```
 */
export class Zstd implements Codec {
  /** The id this codec is registered under and written as in `.zarray` (`"zstd"`). */
  static readonly codecId = "zstd";
  /** The level used when none is given: 1, as numcodecs 0.11's `Zstd.DEFAULT_LEVEL`. */
  static readonly DEFAULT_LEVEL = 1;
  /** The highest level zstd runs at: 22 (higher levels compress at 22). */
  static readonly MAX_LEVEL = MAX_LEVEL;
  readonly id = "zstd";
  /**
   * The compression level as given (and written in the config), default 1; see
   * {@link Zstd.effectiveLevel} for the level zstd actually runs at.
   */
  readonly level: number;
  /** Whether frames are written with a content checksum (XXH64). Default `false`. */
  readonly checksum: boolean;

  /**
   * Checks the options and fills in the defaults (`level` 1, `checksum` false).
   *
   * @throws {CodecError} when a key is unknown, `level` is not a 32-bit integer or `checksum`
   *   is not a boolean.
   */
  constructor(options: ZstdOptions = {}) {
    const o = readOptions(options, false);
    this.level = o.level;
    this.checksum = o.checksum;
  }

  /**
   * Builds the codec from its metadata config, `{ id: "zstd", level }` as numcodecs writes it,
   * or with `checksum: true` (`id` may be left out).
   *
   * @throws {CodecError} when the id is not `"zstd"` or a key or value is invalid.
   */
  static fromConfig(config: CodecConfig | ZstdOptions): Zstd {
    return new Zstd(readOptions(config, true));
  }

  /** The level zstd is run at: numcodecs 0.11 turns levels below 1 into 1; zstd caps at 22. */
  get effectiveLevel(): number {
    return this.level <= 0 ? 1 : Math.min(this.level, MAX_LEVEL);
  }

  /**
   * Compresses one chunk into one Zstandard frame, its decoded size in the frame header, at
   * {@link Zstd.effectiveLevel}; with {@link Zstd.checksum}, the frame carries a content
   * checksum. zstd.wasm is loaded on the first call (see `setZstdWasmUrl` for browsers).
   *
   * @param data - The chunk's bytes, or a typed array viewed as its bytes.
   * @throws {CodecError} when `data` is not bytes or a typed array, zstd.wasm cannot be
   *   loaded, or zstd fails.
   */
  async encode(data: CodecInput): Promise<Uint8Array> {
    if (!ArrayBuffer.isView(data)) {
      throw new CodecError(`zstd: can only compress bytes or typed arrays, got a ${typeof data}`);
    }
    const lib = await zstd();
    const content = asBytes(data);
    let frame: Uint8Array;
    try {
      frame = lib.compress(content, this.effectiveLevel);
    } catch (e) {
      throw new CodecError(`zstd: cannot compress: ${e instanceof Error ? e.message : e}`, {
        cause: e,
      });
    }
    if (!this.checksum || hasContentChecksum(frame)) return frame;
    return withContentChecksum(frame, content);
  }

  // zstd-wasm's heap grows to what it is asked to hold and never shrinks, so no frame is handed
  // to it with a capacity above the bound or above what its blocks can hold.
  /**
   * Decompresses every frame of the chunk (skippable frames are skipped), with or without a
   * declared size, into at most the decode bound (`out`, else `info.nbytes`, else the
   * process-wide limit of `setDecodeLimit`).
   *
   * @param data - The compressed chunk.
   * @param out - When given, the decoded bytes are written there and it is returned; its length
   *   must equal the decoded size.
   * @param info - The chunk's decoded size (`nbytes`), the most this decode may produce.
   * @throws {CodecError} when the data are corrupt or truncated, a frame's declared size or
   *   checksum does not match, the frames claim or produce more than the decode bound, or the
   *   result's size differs from `out`'s length.
   */
  async decode(data: Uint8Array, out?: Uint8Array, info?: ChunkInfo): Promise<Uint8Array> {
    const frames = zstdFrames(data);
    const bound = decodeBound(out, info);
    // Sizes the frames declare, or at least hold in raw and RLE blocks, are refused before
    // zstd-wasm allocates anything.
    let least = 0;
    for (const frame of frames) {
      least += frame.contentSize ?? frame.minSize;
      const what =
        frames.length > 1
          ? "the frames' declared (or raw and RLE block) size"
          : frame.contentSize === undefined
            ? "the size the frame's raw and RLE blocks hold"
            : "the frame's declared size";
      checkDecodeClaim("zstd", what, least, bound);
    }
    const lib = await zstd();
    const parts: Uint8Array[] = [];
    let produced = 0;
    for (const frame of frames) {
      const bytes = data.subarray(frame.start, frame.end);
      const part = decodeFrame(lib, bytes, frame, bound - produced, bound);
      if (part.length > bound - produced) throw decodeOverflow("zstd", bound);
      parts.push(part);
      produced += part.length;
    }
    const decoded = parts.length === 1 ? parts[0]! : concat(parts, produced);
    if (out === undefined) return decoded;
    if (out.length !== decoded.length) {
      throw new CodecError(
        `zstd: decompressed ${decoded.length} bytes, but the chunk holds ${out.length} bytes`,
      );
    }
    out.set(decoded);
    return out;
  }

  toConfig(): CodecConfig {
    return this.checksum
      ? { id: this.id, level: this.level, checksum: true }
      : { id: this.id, level: this.level };
  }

  toString(): string {
    return this.checksum ? `Zstd(level=${this.level}, checksum=True)` : `Zstd(level=${this.level})`;
  }
}

/** One frame, given at most `room` bytes of output (what is left of the decode's `bound`). */
function decodeFrame(
  lib: ZstdWasm,
  bytes: Uint8Array,
  frame: Frame,
  room: number,
  bound: number,
): Uint8Array {
  const declared = frame.contentSize;
  if (declared !== undefined && declared > MAX_WASM_OUTPUT) {
    throw new CodecError(
      `zstd: the frame declares ${declared} bytes, more than zstd-wasm can decode at once (${MAX_WASM_OUTPUT})`,
    );
  }
  // A declared size (checked against the bound and the blocks) is the capacity zstd-wasm
  // allocates; otherwise the blocks' most, cut to the room left: a frame that needs more fails
  // with "destination too small" rather than growing the heap.
  const capacity = Math.max(1, Math.min(frame.maxSize, room, MAX_WASM_OUTPUT));
  try {
    const decoded = lib.decompress(bytes, { defaultHeapSize: capacity });
    if (declared !== undefined && decoded.length !== declared) {
      throw new CodecError(
        `zstd: corrupt data: the frame declares ${declared} bytes but holds ${decoded.length}`,
      );
    }
    return decoded;
  } catch (e) {
    if (e instanceof CodecError) throw e;
    const code = zstdErrorCode(e);
    if (code === DST_TOO_SMALL && declared === undefined && capacity < frame.maxSize) {
      throw decodeOverflow("zstd", bound);
    }
    const why = code === undefined ? String(e) : (ZSTD_ERRORS[code] ?? `zstd error ${code}`);
    throw new CodecError(`zstd: corrupt or truncated data: ${why}`, { cause: e });
  }
}

function concat(parts: Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/**
 * Zstd in `zarr.json`: name `zstd`, configuration `{ level, checksum }` as zarr-python 3
 * writes it. A missing `checksum` reads as false.
 */
export const zstdV3: V3CodecNaming = {
  name: "zstd",
  fromV3(configuration) {
    for (const key of Object.keys(configuration)) {
      if (key !== "level" && key !== "checksum") {
        throw new CodecError(
          `zstd: unknown v3 configuration key "${key}" (zstd takes "level" and "checksum")`,
        );
      }
    }
    if (configuration.level === undefined) {
      throw new CodecError(`zstd: the v3 configuration needs "level"`);
    }
    const { level, checksum } = readOptions(configuration, false);
    return checksum ? { id: "zstd", level, checksum } : { id: "zstd", level };
  },
  toV3(config) {
    const { level, checksum } = readOptions(config, true);
    return { level, checksum };
  },
};

registerCodec("zstd", (config) => Zstd.fromConfig(config), {
  v3: zstdV3,
  firstParameter: "level",
  // numcodecs 0.11's Zstd has no checksum option; frames written with one still decode.
  toV2: ({ checksum: _checksum, ...config }) => config as CodecConfig,
});
