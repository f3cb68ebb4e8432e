import {
  asBytes,
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
import { compress, decompress, readHeader } from "./container.js";
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
 */
export class Blosc implements Codec {
  static readonly codecId = "blosc";
  static readonly NOSHUFFLE = 0;
  static readonly SHUFFLE = 1;
  static readonly BITSHUFFLE = 2;
  static readonly AUTOSHUFFLE = -1;
  static readonly AUTOBLOCKS = 0;
  readonly id = "blosc";
  readonly cname: Cname;
  readonly clevel: number;
  readonly shuffle: number;
  readonly blocksize: number;
  readonly typesize: number | undefined;

  constructor(options: BloscOptions = {}) {
    const o = readOptions(options, false);
    this.cname = o.cname as Cname;
    this.clevel = o.clevel;
    this.shuffle = o.shuffle;
    this.blocksize = o.blocksize;
    this.typesize = o.typesize;
  }

  static fromConfig(config: CodecConfig | BloscOptions): Blosc {
    const { id: _id, ...rest } = config as Record<string, unknown>;
    readOptions(config, true);
    return new Blosc(rest as BloscOptions);
  }

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
    return compress(bytes, {
      cname: this.cname,
      clevel: this.clevel,
      shuffle,
      typesize,
      blocksize: this.blocksize,
    });
  }

  async decode(data: Uint8Array, out?: Uint8Array, info?: ChunkInfo): Promise<Uint8Array> {
    const src = asBytes(data);
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
    return decompress(src, header, out, kernels);
  }

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

  toString(): string {
    const typesize = this.typesize === undefined ? "" : `, typesize=${this.typesize}`;
    return `Blosc(cname='${this.cname}', clevel=${this.clevel}, shuffle=${SHUFFLE_NAMES[this.shuffle]}, blocksize=${this.blocksize}${typesize})`;
  }
}

/**
 * numcodecs' `blosc` module functions. zarrkit's parallelism is core's codec worker pool
 * (`configureWorkers`): `setNthreads` sizes it and `useThreads` switches it, for every codec
 * (not only Blosc), as numcodecs' settings decide how many threads one Blosc call may use.
 */
export const blosc = {
  /** The compressors this Blosc reads and writes, as numcodecs lists them. */
  listCompressors(): string[] {
    return [...CNAMES];
  },
  /** Sets the number of threads Blosc may use; returns the previous value. */
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
   */
  get useThreads(): boolean | null {
    return workerSettings().enabled;
  },
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
