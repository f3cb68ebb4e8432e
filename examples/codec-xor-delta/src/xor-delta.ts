import {
  type ChunkInfo,
  type Codec,
  type CodecConfig,
  CodecError,
  type CodecInput,
} from "@zarrkit/core";

/** The codec id this package registers: prefixed, so it cannot clash with a numcodecs id. */
export const XOR_DELTA_ID = "example-xor-delta";

export interface XorDeltaOptions {
  /**
   * Bytes per element. Leave it out to use the item size the pipeline reports for the data
   * reaching the codec (the array's dtype, or the previous filter's output).
   */
  itemsize?: 1 | 2 | 4 | 8;
}

const SIZES = new Set([1, 2, 4, 8]);

/**
 * XOR delta: each element's bytes are XORed with the previous element's. Neighbouring floats
 * of smooth data share sign, exponent and leading mantissa bits, which become zeros that a
 * compressor after this filter removes. Lossless for any dtype and either byte order, since it
 * only rearranges bits.
 */
export class XorDelta implements Codec {
  readonly id = XOR_DELTA_ID;
  readonly itemsize: number | undefined;

  constructor(options: XorDeltaOptions = {}) {
    if (options === null || typeof options !== "object" || Array.isArray(options)) {
      throw new CodecError(`${XOR_DELTA_ID}: options must be an object like { itemsize: 4 }`);
    }
    for (const key of Object.keys(options)) {
      if (key !== "itemsize") {
        throw new CodecError(
          `${XOR_DELTA_ID}: unknown configuration key "${key}" (it takes only "itemsize")`,
        );
      }
    }
    const { itemsize } = options;
    if (itemsize !== undefined && !SIZES.has(itemsize)) {
      throw new CodecError(
        `${XOR_DELTA_ID}: "itemsize" must be 1, 2, 4 or 8, got ${JSON.stringify(itemsize)}`,
      );
    }
    this.itemsize = itemsize;
  }

  /** Build from the JSON stored in array metadata (what `registerCodec`'s factory receives). */
  static fromConfig(config: CodecConfig | XorDeltaOptions): XorDelta {
    const { id, ...rest } = config as CodecConfig;
    if (id !== undefined && id !== XOR_DELTA_ID) {
      throw new CodecError(
        `${XOR_DELTA_ID}: cannot build from a config whose id is ${JSON.stringify(id)}`,
      );
    }
    return new XorDelta(rest as XorDeltaOptions);
  }

  #width(info: ChunkInfo | undefined): number {
    const w = this.itemsize ?? info?.itemsize;
    if (w === undefined) {
      throw new CodecError(
        `${XOR_DELTA_ID}: no "itemsize" configured and none given by the pipeline`,
      );
    }
    return w;
  }

  encode(data: CodecInput, info?: ChunkInfo): Uint8Array {
    if (!ArrayBuffer.isView(data)) {
      throw new CodecError(`${XOR_DELTA_ID}: expects bytes or a typed array, not a JS array`);
    }
    const input = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    const w = this.#width(info);
    const out = new Uint8Array(input.length);
    out.set(input.subarray(0, w));
    // XOR of whole elements is XOR of each byte with the byte one element earlier.
    for (let j = w; j < input.length; j++) out[j] = input[j]! ^ input[j - w]!;
    return out;
  }

  decode(data: Uint8Array, out?: Uint8Array, info?: ChunkInfo): Uint8Array {
    const w = this.#width(info);
    const result = out && out.length === data.length ? out : new Uint8Array(data.length);
    result.set(data.subarray(0, w));
    for (let j = w; j < data.length; j++) result[j] = data[j]! ^ result[j - w]!;
    return result;
  }

  toConfig(): CodecConfig {
    return this.itemsize === undefined
      ? { id: XOR_DELTA_ID }
      : { id: XOR_DELTA_ID, itemsize: this.itemsize };
  }

  toString(): string {
    return this.itemsize === undefined ? "XorDelta()" : `XorDelta(itemsize=${this.itemsize})`;
  }
}
