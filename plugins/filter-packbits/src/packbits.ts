import {
  asBytes,
  type ChunkInfo,
  type Codec,
  type CodecConfig,
  CodecError,
  type CodecInput,
} from "@zarrkit/core";

/** PackBits takes no options; the constructor accepts an empty object for symmetry. */
export type PackBitsOptions = Record<string, never>;

function checkBool(info: ChunkInfo | undefined): void {
  if (info && info.dtype !== "|b1") {
    throw new CodecError(
      `packbits: PackBits packs bool arrays only (dtype "|b1"), got ${info.dtype} data`,
    );
  }
}

/**
 * numcodecs' `PackBits`: eight booleans per byte, most significant bit first, after a header
 * byte that says how many padding bits the last byte holds. Any non-zero byte counts as true.
 *
 * For `|b1` arrays only. Importing the package registers the id `packbits` (no Zarr v3 name:
 * v3 metadata call it `numcodecs.packbits`).
 *
 * @example
 * ```ts
 * import { PackBits } from "@zarrkit/filter-packbits";
 *
 * const f = new PackBits();
 * const packed = f.encode(Uint8Array.of(1, 0, 1, 1)); // Uint8Array [4, 0b10110000]
 * f.decode(packed); // Uint8Array [1, 0, 1, 1]
 * ```
 */
export class PackBits implements Codec {
  /** The id this filter is registered under and written as in `.zarray` (`"packbits"`). */
  static readonly codecId = "packbits";
  readonly id = "packbits";

  /**
   * Creates the filter; it takes no options, as numcodecs' `PackBits()`.
   *
   * @throws {CodecError} when `options` has any key.
   */
  constructor(options: PackBitsOptions = {}) {
    if (options === null || typeof options !== "object" || Array.isArray(options)) {
      throw new CodecError("packbits: options must be an empty object (PackBits takes none)");
    }
    for (const key of Object.keys(options)) {
      throw new CodecError(`packbits: unknown configuration key "${key}" (PackBits takes none)`);
    }
  }

  /**
   * Builds the filter from its metadata config, `{ id: "packbits" }`.
   *
   * @throws {CodecError} when the id is not `"packbits"` or the config has any other key.
   */
  static fromConfig(config: CodecConfig | PackBitsOptions = {}): PackBits {
    const { id, ...rest } = config as CodecConfig;
    if (id !== undefined && id !== "packbits") {
      throw new CodecError(
        `packbits: cannot build from a config whose id is ${JSON.stringify(id)}`,
      );
    }
    return new PackBits(rest as PackBitsOptions);
  }

  /**
   * Packs a bool chunk, one input byte per value (any non-zero byte is true).
   *
   * @param data - The chunk's bytes, or a typed array viewed as its bytes.
   * @param info - The chunk's info; its dtype, when given, must be `"|b1"`.
   * @returns One header byte (the padding bits in the last byte, 0 to 7), then the packed bits.
   * @throws {CodecError} when `data` is a JS array or the chunk's dtype is not `"|b1"`.
   */
  encode(data: CodecInput, info?: ChunkInfo): Uint8Array {
    if (!ArrayBuffer.isView(data)) {
      throw new CodecError("packbits: expects bytes or a typed array, got a JS array");
    }
    checkBool(info);
    const bits = asBytes(data);
    const n = bits.length;
    const full = n >> 3;
    const rest = n & 7;
    const out = new Uint8Array(1 + full + (rest ? 1 : 0));
    out[0] = rest ? 8 - rest : 0;
    for (let i = 0; i < full; i++) {
      const b = i << 3;
      out[1 + i] =
        (bits[b] ? 128 : 0) |
        (bits[b + 1] ? 64 : 0) |
        (bits[b + 2] ? 32 : 0) |
        (bits[b + 3] ? 16 : 0) |
        (bits[b + 4] ? 8 : 0) |
        (bits[b + 5] ? 4 : 0) |
        (bits[b + 6] ? 2 : 0) |
        (bits[b + 7] ? 1 : 0);
    }
    if (rest) {
      let last = 0;
      for (let k = 0; k < rest; k++) if (bits[(full << 3) + k]) last |= 128 >> k;
      out[1 + full] = last;
    }
    return out;
  }

  /**
   * Unpacks the bits into one byte per value, 0 or 1.
   *
   * @param out - When its length is the decoded size, the result is written there and it is
   *   returned; otherwise a new buffer is.
   * @throws {CodecError} when the chunk's dtype is not `"|b1"`, the data are empty, or the
   *   header claims more than 7 padding bits, or padding without data.
   */
  decode(data: Uint8Array, out?: Uint8Array, info?: ChunkInfo): Uint8Array {
    checkBool(info);
    if (data.length === 0) {
      throw new CodecError("packbits: empty input (missing the padding header byte)");
    }
    const pad = data[0]!;
    if (pad > 7 || (data.length === 1 && pad !== 0)) {
      throw new CodecError(
        `packbits: corrupt header: ${pad} padding bits for ${data.length - 1} packed bytes`,
      );
    }
    const n = (data.length - 1) * 8 - pad;
    const result = out && out.length === n ? out : new Uint8Array(n);
    for (let i = 0; i < n; i++) result[i] = (data[1 + (i >> 3)]! >> (7 - (i & 7))) & 1;
    return result;
  }

  encodedInfo(info: ChunkInfo): ChunkInfo {
    const nbytes = info.nbytes === undefined ? undefined : Math.ceil(info.nbytes / 8) + 1;
    return { ...info, dtype: "|u1", itemsize: 1, nbytes };
  }

  toConfig(): CodecConfig {
    return { id: "packbits" };
  }

  toString(): string {
    return "PackBits()";
  }
}
