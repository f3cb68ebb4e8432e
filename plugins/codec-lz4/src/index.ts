import {
  asBytes,
  type ChunkInfo,
  type Codec,
  type CodecConfig,
  type CodecInput,
  CodecError,
  checkDecodeClaim,
  decodeBound,
  registerCodec,
} from "@zarrkit/core";
import { compressBlock, compressBound, decompressBlock } from "@zarrkit/lz4-block";

/** Options of {@link LZ4}, as numcodecs' `LZ4(acceleration=1)` takes them. */
export interface LZ4Options {
  /**
   * numcodecs' speed/ratio knob for LZ4_compress_fast: 1 (default) compresses best; higher
   * values compress faster and less. Any 32-bit integer; values below 1 act as 1.
   */
  acceleration?: number;
}

/** LZ4's largest input (LZ4_MAX_INPUT_SIZE). */
const MAX_INPUT = 0x7e000000;

function readAcceleration(options: unknown, fromConfig: boolean): number {
  if (options === undefined || options === null) return 1;
  if (typeof options !== "object" || Array.isArray(options)) {
    throw new CodecError(`lz4: options must be an object, got ${JSON.stringify(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (key === "acceleration" || (fromConfig && key === "id")) continue;
    throw new CodecError(`lz4: unknown configuration key "${key}" (lz4 takes only "acceleration")`);
  }
  const { id, acceleration = 1 } = options as { id?: unknown; acceleration?: unknown };
  if (fromConfig && id !== undefined && id !== "lz4") {
    throw new CodecError(`lz4: cannot build from a config whose id is ${JSON.stringify(id)}`);
  }
  // numcodecs passes it to C as an int; LZ4 treats values below 1 as 1.
  if (
    typeof acceleration !== "number" ||
    !Number.isInteger(acceleration) ||
    acceleration < -(2 ** 31) ||
    acceleration >= 2 ** 31
  ) {
    throw new CodecError(
      `lz4: "acceleration" must be a 32-bit integer, got ${JSON.stringify(acceleration)}`,
    );
  }
  return acceleration;
}

/**
 * numcodecs' `LZ4`: the decoded size as a 4-byte little-endian integer, then one LZ4 block
 * (the framing of numcodecs' lz4 module, not the LZ4 frame format). The block is what
 * liblz4's LZ4_compress_fast writes for the same acceleration, byte for byte.
 *
 * Importing the package registers the id `lz4`.
 *
 * @example
 * ```ts
 * import { zeros } from "@zarrkit/core";
 * import { MemoryStore } from "@zarrkit/store-memory";
 * import { LZ4 } from "@zarrkit/codec-lz4";
 *
 * const compressor = new LZ4({ acceleration: 1 }); // String(compressor) === "LZ4(acceleration=1)"
 * const z = await zeros([1000], { dtype: "f8", store: new MemoryStore(), compressor });
 * ```
 */
export class LZ4 implements Codec {
  /** The id this codec is registered under and written as in `.zarray` (`"lz4"`). */
  static readonly codecId = "lz4";
  readonly id = "lz4";
  /** LZ4_compress_fast's acceleration: 1 (default) compresses best, higher is faster. */
  readonly acceleration: number;

  /**
   * Creates the codec, checking the options by numcodecs' rules (`acceleration` defaults to 1).
   *
   * @throws {CodecError} when a key other than `acceleration` is given, or `acceleration` is
   *   not a 32-bit integer.
   */
  constructor(options: LZ4Options = {}) {
    this.acceleration = readAcceleration(options, false);
  }

  /**
   * Builds the codec from its metadata config, `{ id: "lz4", acceleration }` (`id` may be left
   * out).
   *
   * @throws {CodecError} when the id is not `"lz4"`, a key is unknown or `acceleration` is
   *   invalid.
   */
  static fromConfig(config: CodecConfig | LZ4Options): LZ4 {
    return new LZ4({ acceleration: readAcceleration(config, true) });
  }

  /**
   * Compresses one chunk: a 4-byte little-endian decoded size, then one LZ4 block, the bytes
   * numcodecs writes.
   *
   * @param data - The chunk's bytes, or a typed array viewed as its bytes.
   * @throws {CodecError} when `data` is not bytes or a typed array, or is larger than LZ4's
   *   limit of 0x7e000000 bytes.
   */
  async encode(data: CodecInput): Promise<Uint8Array> {
    if (!ArrayBuffer.isView(data)) {
      throw new CodecError(`lz4: can only compress bytes or typed arrays, got a ${typeof data}`);
    }
    const src = asBytes(data);
    const n = src.length;
    if (n > MAX_INPUT)
      throw new CodecError(`lz4: cannot compress ${n} bytes (LZ4's limit is ${MAX_INPUT})`);
    const dst = new Uint8Array(4 + compressBound(n));
    new DataView(dst.buffer).setUint32(0, n, true);
    const length = compressBlock(src, dst.subarray(4), this.acceleration);
    return dst.slice(0, 4 + length);
  }

  /**
   * Decompresses one chunk written by numcodecs' `LZ4` (size header, then the LZ4 block).
   *
   * @param data - The compressed chunk.
   * @param out - When given, the decoded bytes are written there and it is returned; its length
   *   must equal the size in the header.
   * @param info - The chunk's decoded size (`nbytes`), the most this decode may produce.
   * @throws {CodecError} when the data are shorter than 5 bytes, corrupt or truncated, their
   *   size header differs from `out`'s length, is more than LZ4 can expand the block to, or is
   *   over the decode bound (`out`, `info.nbytes`, else `setDecodeLimit`).
   */
  async decode(data: Uint8Array, out?: Uint8Array, info?: ChunkInfo): Promise<Uint8Array> {
    if (data.length < 5) {
      throw new CodecError(`lz4: corrupt or truncated data: ${data.length} bytes is too short`);
    }
    const size = new DataView(data.buffer, data.byteOffset, data.byteLength).getUint32(0, true);
    if (out !== undefined && out.length !== size) {
      throw new CodecError(
        `lz4: the data hold ${size} bytes, but the chunk holds ${out.length} bytes`,
      );
    }
    // The header is untrusted: it is believed only up to what this decode may produce, and
    // only as far as LZ4 can expand (a match of n length bytes yields at most 255n + 19).
    const maxRatio = (data.length - 4) * 255 + 64;
    if (size > MAX_INPUT || size > maxRatio) {
      throw new CodecError(
        `lz4: corrupt data: a size header of ${size} bytes for ${data.length - 4} bytes of LZ4 block (LZ4 expands at most 255:1, so at most ${Math.min(maxRatio, MAX_INPUT)} bytes)`,
      );
    }
    checkDecodeClaim(this.id, "size header", size, decodeBound(out, info));
    const target = out ?? new Uint8Array(size);
    try {
      decompressBlock(data.subarray(4), target);
    } catch (e) {
      throw new CodecError(`lz4: corrupt or truncated data: ${(e as Error).message}`, { cause: e });
    }
    return target;
  }

  toConfig(): CodecConfig {
    return { id: this.id, acceleration: this.acceleration };
  }

  toString(): string {
    return `LZ4(acceleration=${this.acceleration})`;
  }
}

registerCodec("lz4", (config) => LZ4.fromConfig(config), { firstParameter: "acceleration" });
