import {
  asBytes,
  type ByteRanges,
  type ChunkInfo,
  type Codec,
  type CodecConfig,
  type CodecInput,
  CodecError,
  configureWorkers,
  decodeBound,
  registerCodec,
  workerSettings,
} from "@zarrkit/core";
import { type BloscOptions, readOptions, SHUFFLE_NAMES } from "./blosc-options.js";
import { bloscV3 } from "./blosc-v3.js";
import { checkClaims } from "./claims.js";
import { compress, decompress, decompressRanges, type Header, readHeader } from "./container.js";
import { CNAMES, type Cname, loadDecoder, loadEncoder } from "./streams.js";
import { type Kernels, loadedKernels, loadKernels } from "./wasm/index.js";

export { setKernelsEnabled } from "./wasm/index.js";
export { setZstdWasmUrl } from "@zarrkit/zstd-wasm-loader";

export { computeBlocksize, readHeader, type Header } from "./container.js";
export { CNAMES, type Cname } from "./streams.js";
export { bloscV3 } from "./blosc-v3.js";
export type { BloscOptions } from "./blosc-options.js";

/**
 * numcodecs' `Blosc` (id `blosc`): Blosc 1.x chunks, as c-blosc 1.21 writes and reads them,
 * with every compressor numcodecs 0.11 offers. The typesize given to Blosc (which the shuffle
 * filters work on) is the chunk's itemsize from the pipeline, 1 when unknown.
 *
 * Importing the package registers the codec, so arrays whose metadata name `blosc` open
 * without further set-up. The defaults are zarr-python 2's default compressor:
 * `Blosc(cname='lz4', clevel=5, shuffle=SHUFFLE, blocksize=0)`.
 *
 * @example
 * ```ts
 * import { zeros } from "@zarrkit/core";
 * import { MemoryStore } from "@zarrkit/store-memory";
 * import { Blosc } from "@zarrkit/codec-blosc";
 *
 * const compressor = new Blosc({ cname: "zstd", clevel: 3, shuffle: Blosc.BITSHUFFLE });
 * String(compressor); // "Blosc(cname='zstd', clevel=3, shuffle=BITSHUFFLE, blocksize=0)"
 * const z = await zeros([1000], { dtype: "f8", store: new MemoryStore(), compressor });
 * ```
 */
export class Blosc implements Codec {
  /** The id this codec is registered under and written as in `.zarray` (`"blosc"`). */
  static readonly codecId = "blosc";
  /** `shuffle` value 0: the bytes are compressed in their order (numcodecs' `Blosc.NOSHUFFLE`). */
  static readonly NOSHUFFLE = 0;
  /**
   * `shuffle` value 1, the default: byte shuffle, grouping the first byte of every item, then
   * the second, and so on, before compressing (numcodecs' `Blosc.SHUFFLE`).
   */
  static readonly SHUFFLE = 1;
  /**
   * `shuffle` value 2: bit shuffle, grouping the items' bits by position (numcodecs'
   * `Blosc.BITSHUFFLE`).
   */
  static readonly BITSHUFFLE = 2;
  /**
   * `shuffle` value -1: bit shuffle when the item size is 1 byte, byte shuffle otherwise,
   * decided per chunk at encode time (numcodecs' `Blosc.AUTOSHUFFLE`).
   */
  static readonly AUTOSHUFFLE = -1;
  /**
   * `blocksize` value 0: let Blosc choose the block size, as c-blosc does (numcodecs'
   * `Blosc.AUTOBLOCKS`).
   */
  static readonly AUTOBLOCKS = 0;
  /** The codec id written in the metadata: `"blosc"`. */
  readonly id = "blosc";
  /** The compressor inside Blosc: one of {@link CNAMES}. Default `"lz4"`. */
  readonly cname: Cname;
  /** The compression level, 0 (stored uncompressed) to 9. Default 5. */
  readonly clevel: number;
  /**
   * The shuffle applied before compressing: {@link Blosc.NOSHUFFLE} 0, {@link Blosc.SHUFFLE} 1
   * (default), {@link Blosc.BITSHUFFLE} 2 or {@link Blosc.AUTOSHUFFLE} -1.
   */
  readonly shuffle: number;
  /**
   * Bytes per Blosc block; 0 (the default, {@link Blosc.AUTOBLOCKS}) chooses it as c-blosc 1.21
   * does.
   */
  readonly blocksize: number;
  /**
   * The item size in bytes that the shuffle works on, when set explicitly; `undefined` (the
   * default) takes the chunk's itemsize from the pipeline at encode time.
   */
  readonly typesize: number | undefined;

  /**
   * Checks the options by numcodecs' rules and fills in its defaults.
   *
   * @throws {CodecError} when a key is unknown or a value is out of range (the message names
   *   the key, the value and the rule).
   */
  constructor(options: BloscOptions = {}) {
    const o = readOptions(options, false);
    this.cname = o.cname as Cname;
    this.clevel = o.clevel;
    this.shuffle = o.shuffle;
    this.blocksize = o.blocksize;
    this.typesize = o.typesize;
  }

  /**
   * Builds the codec from its metadata config, `{ id: "blosc", cname, clevel, shuffle,
   * blocksize }` as numcodecs writes it (`id` may be left out).
   *
   * @throws {CodecError} when the id is not `"blosc"`, a key is unknown or a value is invalid.
   */
  static fromConfig(config: CodecConfig | BloscOptions): Blosc {
    const { id: _id, ...rest } = config as Record<string, unknown>;
    readOptions(config, true);
    return new Blosc(rest as BloscOptions);
  }

  /**
   * Compresses one chunk into a Blosc 1.x container. The item size the shuffle works on is
   * {@link Blosc.typesize} when set, else `info.itemsize`, else 1. Chunks under 128 bytes,
   * clevel 0 and data that do not compress are stored uncompressed ("memcpyed"), as c-blosc does.
   *
   * @param data - The chunk's bytes, or a typed array viewed as its bytes.
   * @param info - What the pipeline knows about the chunk (its itemsize is used).
   * @returns The compressed chunk, header included.
   * @throws {CodecError} when `data` is not bytes or a typed array.
   */
  async encode(data: CodecInput, info?: ChunkInfo): Promise<Uint8Array> {
    if (!ArrayBuffer.isView(data)) {
      throw new CodecError(`blosc: can only compress bytes or typed arrays, got a ${typeof data}`);
    }
    const bytes = asBytes(data);
    const typesize = this.typesize ?? (info?.itemsize && info.itemsize > 0 ? info.itemsize : 1);
    // numcodecs: AUTOSHUFFLE is bit shuffle for 1-byte items, byte shuffle otherwise.
    const shuffle = this.shuffle === -1 ? (typesize === 1 ? 2 : 1) : this.shuffle;
    const loading = this.clevel > 0 ? loadEncoder(this.cname) : undefined;
    if (loading) await loading;
    const kernels = loadedKernels() ?? (await loadKernels());
    return compress(
      bytes,
      { cname: this.cname, clevel: this.clevel, shuffle, typesize, blocksize: this.blocksize },
      kernels,
    );
  }

  /**
   * Decompresses one Blosc 1.x chunk, whatever compressor and shuffle it was written with (the
   * chunk's header says which; this codec's own settings do not matter for decoding).
   *
   * @param data - The compressed chunk.
   * @param out - When given, the decoded bytes are written there and it is returned; its length
   *   must equal the chunk's decoded size.
   * @param info - The chunk's expected decoded size (`nbytes`), checked against the header.
   * @returns The decoded bytes.
   * @throws {CodecError} when the chunk is truncated or corrupt, is a Blosc 2 chunk, decodes to
   *   another size than expected, or claims more bytes than the decode limit allows.
   */
  async decode(data: Uint8Array, out?: Uint8Array, info?: ChunkInfo): Promise<Uint8Array> {
    const src = asBytes(data);
    const { header, kernels } = await this.#prepare(src, out, info);
    return decompress(src, header, out, kernels);
  }

  /**
   * Decodes only the Blosc blocks that hold `ranges` of the decoded chunk into `out`, as
   * c-blosc's `blosc_getitem` does (a memcpyed chunk copies just the ranges); the rest of
   * `out` is left as it was. The whole chunk's header and block table are checked as for
   * {@link Blosc.decode}; a block outside the ranges is not decoded, so its corruption goes
   * unnoticed.
   *
   * @param data - The compressed chunk.
   * @param ranges - Sorted, disjoint `[start, end)` byte ranges of the decoded chunk.
   * @param out - A buffer of the chunk's decoded size.
   * @param info - The chunk's expected decoded size (`nbytes`), checked against the header.
   * @throws {CodecError} as {@link Blosc.decode} does, and when a range lies outside the chunk.
   */
  async decodePartial(
    data: Uint8Array,
    ranges: ByteRanges,
    out: Uint8Array,
    info?: ChunkInfo,
  ): Promise<void> {
    const src = asBytes(data);
    const { header, kernels } = await this.#prepare(src, out, info);
    decompressRanges(src, header, ranges, out, kernels);
  }

  /** The checked header, and the decoder (and kernels) its compressor needs, loaded. */
  async #prepare(
    src: Uint8Array,
    out: Uint8Array | undefined,
    info: ChunkInfo | undefined,
  ): Promise<{ header: Header; kernels: Kernels | null | undefined }> {
    const header = readHeader(src);
    const expected = out?.length ?? info?.nbytes;
    if (expected !== undefined && expected !== header.nbytes) {
      throw new CodecError(
        `blosc: the chunk decodes to ${header.nbytes} bytes (header nbytes), but ${expected} are expected`,
      );
    }
    // Before any allocation, here or in the WebAssembly memories (which never shrink).
    checkClaims(src, header, decodeBound(out, info));
    let kernels: Kernels | null | undefined;
    if (!(header.flags & 0x2)) {
      const loading = loadDecoder(header.flags >>> 5);
      if (loading) await loading;
      if (header.flags >>> 5 === 1) {
        kernels = loadedKernels();
        if (kernels === undefined) kernels = await loadKernels();
      }
    }
    return { header, kernels };
  }

  /**
   * The codec's metadata config, as numcodecs writes it: `{ id: "blosc", cname, clevel,
   * shuffle, blocksize }`, plus `typesize` only when it was set.
   */
  toConfig(): CodecConfig {
    const config: CodecConfig = {
      id: this.id,
      cname: this.cname,
      clevel: this.clevel,
      shuffle: this.shuffle,
      blocksize: this.blocksize,
    };
    // numcodecs 0.11 refuses a typesize key, so a config has one only when it was set.
    return this.typesize === undefined ? config : { ...config, typesize: this.typesize };
  }

  /** numcodecs' repr, e.g. `Blosc(cname='lz4', clevel=5, shuffle=SHUFFLE, blocksize=0)`. */
  toString(): string {
    const typesize = this.typesize === undefined ? "" : `, typesize=${this.typesize}`;
    return `Blosc(cname='${this.cname}', clevel=${this.clevel}, shuffle=${SHUFFLE_NAMES[this.shuffle]}, blocksize=${this.blocksize}${typesize})`;
  }
}

/**
 * numcodecs' `blosc` module functions. zarrkit's parallelism is core's codec worker pool
 * (`configureWorkers`): `setNthreads` sizes it and `useThreads` switches it, for every codec
 * (not only Blosc), as numcodecs' settings decide how many threads one Blosc call may use.
 *
 * @example
 * ```ts
 * import { blosc } from "@zarrkit/codec-blosc";
 *
 * blosc.listCompressors(); // ["blosclz", "lz4", "lz4hc", "snappy", "zlib", "zstd"]
 * const previous = blosc.setNthreads(2); // two workers from now on
 * blosc.useThreads = false; // (de)compress on the calling thread only
 * ```
 */
export const blosc = {
  /** The compressors this Blosc reads and writes, as numcodecs lists them. */
  listCompressors(): string[] {
    return [...CNAMES];
  },
  /**
   * Sets how many workers (de)compress chunks in parallel (numcodecs' `blosc.set_nthreads`).
   *
   * @param n - An integer from 1 to 256.
   * @returns The previous number of workers.
   * @throws {CodecError} when `n` is not an integer from 1 to 256.
   */
  setNthreads(n: number): number {
    if (typeof n !== "number" || !Number.isInteger(n) || n < 1 || n > 256) {
      throw new CodecError(`blosc: nthreads must be an integer from 1 to 256, got ${n}`);
    }
    const previous = workerSettings().size;
    configureWorkers({ size: n });
    return previous;
  },
  /** The number of workers chunks are (de)compressed on (one per core unless set). */
  getNthreads(): number {
    return workerSettings().size;
  },
  /**
   * `null`: automatic (large chunks go to workers when called from the main thread);
   * `true`: always use the workers; `false`: always (de)compress on the calling thread.
   * numcodecs' `blosc.use_threads`; applies to every codec.
   */
  get useThreads(): boolean | null {
    return workerSettings().enabled;
  },
  /**
   * Switches the codec worker pool: `null` automatic, `true` always, `false` never.
   *
   * @throws {CodecError} when the value is not `null`, `true` or `false`.
   */
  set useThreads(value: boolean | null) {
    if (value !== null && value !== true && value !== false) {
      throw new CodecError(`blosc: useThreads must be null, true or false, got ${String(value)}`);
    }
    configureWorkers({ enabled: value });
  },
};

/**
 * Registers the `blosc` id with core's codec registry, with its Zarr v3 form (`blosc`, shuffle
 * by name, typesize recorded); done on import, safe to call again.
 */
export function registerBlosc(): void {
  registerCodec("blosc", (config) => Blosc.fromConfig(config), {
    v3: bloscV3,
    firstParameter: "cname",
    // numcodecs 0.11's Blosc takes no typesize (it uses the item size); a v3 array copied to
    // v2 drops it, and its chunks, self-describing, still decode.
    toV2: ({ typesize: _typesize, ...config }) => config as CodecConfig,
  });
}

registerBlosc();
