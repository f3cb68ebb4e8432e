import { bytesToChunk, chunkToBytes } from "./bytes-codec.js";
import { asBytes, type ChunkInfo, type Codec, type CodecConfig } from "./codec.js";
import { isCodecRegistered } from "./codec-registry.js";
import type { ChunkData, DataType, TypedArray } from "../metadata/dtype.js";
import { CodecError } from "../errors.js";
import type { CopyPlan } from "../indexing/strided.js";
import {
  getWorkerPool,
  type SharedTarget,
  shouldOffload,
  WorkerTaskError,
} from "../runtime/worker-pool.js";

/**
 * The chunk pipeline: in-memory chunk -> stored bytes (array-to-bytes), then each filter, then
 * the compressor (bytes-to-bytes); decoding runs the same chain backwards. v2's filters and
 * compressor are one instance of v3's codec chain, which later adds array-to-array codecs
 * (transpose) and sharding in place of the plain array-to-bytes step.
 */
export class ChunkPipeline {
  readonly #dtype: DataType;
  readonly #codecs: readonly Codec[];
  /** `#infos[i]` describes the input of `#codecs[i]` on the encode side. */
  readonly #infos: readonly ChunkInfo[];
  readonly #elements: number;
  readonly #nbytes: number;
  /** The codecs' configs when a worker can rebuild them all; null keeps chunks on this thread. */
  #configs: CodecConfig[] | null | undefined;

  constructor(
    dtype: DataType,
    chunkShape: readonly number[],
    filters: readonly Codec[],
    compressor: Codec | null,
  ) {
    this.#dtype = dtype;
    this.#codecs = compressor ? [...filters, compressor] : [...filters];
    let n = 1;
    for (const c of chunkShape) n *= c;
    this.#elements = n;
    this.#nbytes = n * dtype.itemsize;
    const infos: ChunkInfo[] = [];
    let info: ChunkInfo = {
      dtype: dtype.str,
      itemsize: dtype.itemsize,
      shape: chunkShape,
      nbytes: this.#nbytes,
    };
    for (const codec of this.#codecs) {
      infos.push(info);
      if (codec.encodedInfo) info = codec.encodedInfo(info);
    }
    this.#infos = infos;
  }

  /** True when decoding hands the compressor an output buffer (see `decode`'s `scratch`). */
  get decodesIntoBuffer(): boolean {
    return this.#codecs.length === 1 && this.#dtype.kind !== "O";
  }

  /** Bytes of one decoded chunk. */
  get nbytes(): number {
    return this.#nbytes;
  }

  get elements(): number {
    return this.#elements;
  }

  /** True when stored bytes are exactly the in-memory bytes, so a raw chunk can be used as is. */
  get isIdentity(): boolean {
    return this.#codecs.length === 0;
  }

  /**
   * Decode stored bytes into chunk data (in the chunk's own memory order). With `owned`, the
   * result never shares memory with `raw`, so the caller may modify it. `scratch` (of the
   * chunk's size) may receive the decoded bytes: the result may then be a view of it.
   */
  async decode(
    raw: Uint8Array,
    key: string,
    owned: boolean,
    scratch?: Uint8Array,
  ): Promise<ChunkData> {
    const configs = this.#offloadable();
    if (configs) {
      // The store may keep `raw`, so the worker gets a copy (of the compressed, small side);
      // the decoded buffer comes back transferred, without a copy.
      const out = await this.#offload("decode", configs, raw.slice().buffer, key);
      if (out) return this.#toChunk(new Uint8Array(out), key, false);
    }
    let data: Uint8Array | ArrayBufferView | ChunkData = raw;
    for (let i = this.#codecs.length - 1; i >= 0; i--) {
      const codec = this.#codecs[i]!;
      const input = data;
      try {
        const bytes = ArrayBuffer.isView(input) ? asBytes(input) : encodeInput(input);
        const out =
          i === this.#codecs.length - 1 && i === 0 && this.#dtype.kind !== "O"
            ? scratch && scratch.length === this.#nbytes
              ? scratch
              : new Uint8Array(this.#nbytes)
            : undefined;
        data = await codec.decode(bytes, out, this.#infos[i]);
      } catch (e) {
        throw new CodecError(
          `chunk "${key}": codec "${codec.id}" failed to decode: ${(e as Error).message}`,
          { cause: e },
        );
      }
    }
    if (this.#dtype.kind === "O") {
      if (!Array.isArray(data)) {
        throw new CodecError(
          `chunk "${key}": object arrays need an object codec (vlen-utf8, vlen-bytes, ...) as the first filter`,
        );
      }
      if (data.length !== this.#elements) {
        throw new CodecError(
          `chunk "${key}": decoded to ${data.length} objects, expected ${this.#elements} (the chunk shape)`,
        );
      }
      return data;
    }
    if (Array.isArray(data)) return data;
    const bytes = asBytes(data as ArrayBufferView);
    return this.#toChunk(bytes, key, owned && bytes.buffer === raw.buffer);
  }

  /** True when this thread would hand chunks of this pipeline to the worker pool. */
  get offloads(): boolean {
    return this.#offloadable() !== null;
  }

  /**
   * Decode a chunk in a worker straight into a region of `out`, a typed array over a
   * SharedArrayBuffer: the worker also scatters it, so neither decoding nor copying (nor the
   * first touch of the output's pages) runs on this thread. False when the chunk stays here,
   * and the caller decodes it as usual.
   */
  async decodeIntoShared(
    raw: Uint8Array,
    key: string,
    out: TypedArray,
    plan: CopyPlan,
  ): Promise<boolean> {
    const configs = this.#offloadable();
    if (!configs || !(out.buffer instanceof SharedArrayBuffer)) return false;
    const into: SharedTarget = {
      buffer: out.buffer,
      byteOffset: out.byteOffset,
      length: out.length,
      dtype: this.#dtype.str,
      elements: this.#elements,
      plan,
    };
    const done = await this.#offload("decode", configs, raw.slice().buffer, key, into);
    return done !== undefined;
  }

  #toChunk(bytes: Uint8Array, key: string, copy: boolean): ChunkData {
    // zarr-python refuses a chunk that does not reshape to the chunk shape; taking a prefix
    // of a longer one, or padding a shorter one, would return wrong values without a word.
    if (bytes.byteLength !== this.#nbytes)
      throw decodedSizeError(key, bytes.byteLength, this.#nbytes, this.#dtype);
    try {
      return bytesToChunk(this.#dtype, bytes, this.#elements, copy);
    } catch (e) {
      throw new CodecError(`chunk "${key}": ${(e as Error).message}`, { cause: e });
    }
  }

  /**
   * The codec configs to send to a worker, or null when this chunk stays on the calling
   * thread: workers off or the chunk too small (worker-pool.ts settings), object data, no
   * codecs, or a codec the workers' registry cannot rebuild (an unregistered instance).
   */
  #offloadable(): CodecConfig[] | null {
    if (!shouldOffload(this.#nbytes)) return null;
    if (this.#configs === undefined) {
      let configs: CodecConfig[] | null = null;
      if (this.#dtype.kind !== "O" && this.#codecs.length > 0) {
        try {
          configs = this.#codecs.map((c) => c.toConfig());
          if (!configs.every((c) => typeof c.id === "string" && isCodecRegistered(c.id)))
            configs = null;
        } catch {
          configs = null;
        }
      }
      this.#configs = configs;
    }
    const configs = this.#configs;
    if (!configs) return null;
    const pool = getWorkerPool();
    if (pool.broken) return null;
    const unsupported = pool.unsupported;
    if (unsupported.size > 0 && configs.some((c) => unsupported.has(c.id))) return null;
    return configs;
  }

  /**
   * Run the chain in a worker; undefined when the worker cannot (it lacks a codec, or it
   * died), so the caller runs it here instead.
   */
  async #offload(
    op: "decode" | "encode",
    configs: CodecConfig[],
    data: ArrayBuffer,
    key: string,
    into?: SharedTarget,
    onInputBack?: (input: ArrayBuffer) => void,
  ): Promise<ArrayBuffer | undefined> {
    const pool = getWorkerPool();
    try {
      return await pool.run({
        op,
        codecs: configs,
        infos: [...this.#infos],
        data,
        // As on this thread: only a lone compressor is handed the output buffer to fill.
        ...(op === "decode" && configs.length === 1 ? { outBytes: this.#nbytes } : {}),
        ...(into ? { into } : {}),
      });
    } catch (e) {
      if (e instanceof WorkerTaskError && e.input) onInputBack?.(e.input);
      if (e instanceof WorkerTaskError && e.codec >= 0 && !e.unsupported) {
        throw new CodecError(
          `chunk "${key}": codec "${configs[e.codec]!.id}" failed to ${op}: ${e.message}`,
          { cause: e },
        );
      }
      if (e instanceof WorkerTaskError && e.unsupported) {
        for (const c of e.codec >= 0 ? [configs[e.codec]!] : configs) pool.unsupported.add(c.id);
        if (e.codec < 0) warnOnce(e.message);
      } else warnOnce((e as Error)?.message ?? String(e));
      return undefined;
    }
  }

  /** Encode chunk data (in the chunk's memory order) into the bytes to store. */
  /**
   * With `owned`, the chunk's memory is the caller's to give away: it may be transferred to a
   * worker (and left detached) instead of copied.
   */
  async encode(chunk: ChunkData, key: string, owned = false): Promise<Uint8Array> {
    let data: ArrayBufferView | ChunkData =
      this.#dtype.kind === "O" ? chunk : chunkToBytes(this.#dtype, chunk, this.#elements);
    const configs = this.#offloadable();
    if (configs) {
      // Memory that is not ours to give (the caller's array) goes to the worker as a copy.
      const bytes = asBytes(data as ArrayBufferView);
      const whole =
        owned &&
        bytes.buffer instanceof ArrayBuffer &&
        bytes.byteOffset === 0 &&
        bytes.byteLength === bytes.buffer.byteLength;
      let back: ArrayBuffer | undefined;
      const out = await this.#offload(
        "encode",
        configs,
        whole ? (bytes.buffer as ArrayBuffer) : bytes.slice().buffer,
        key,
        undefined,
        (input) => {
          back = input;
        },
      );
      if (out) return new Uint8Array(out);
      if (whole) {
        // The chunk went to the worker: encode here what it handed back, or give up on this
        // chunk (nothing is written, so the stored one stays as it was).
        if (!back)
          throw new CodecError(
            `chunk "${key}": the codec worker encoding it stopped, so it was not written`,
          );
        data = new Uint8Array(back);
      }
    }
    for (let i = 0; i < this.#codecs.length; i++) {
      const codec = this.#codecs[i]!;
      try {
        data = await codec.encode(data, this.#infos[i]);
      } catch (e) {
        throw new CodecError(
          `chunk "${key}": codec "${codec.id}" failed to encode: ${(e as Error).message}`,
          { cause: e },
        );
      }
    }
    if (!ArrayBuffer.isView(data)) {
      throw new CodecError(
        `chunk "${key}": object arrays need an object codec (vlen-utf8, vlen-bytes, ...) as the first filter`,
      );
    }
    return asBytes(data);
  }
}

/** The error for a chunk whose decoded bytes are not exactly one chunk of the array. */
export function decodedSizeError(
  key: string,
  actual: number,
  expected: number,
  dtype: DataType,
): CodecError {
  return new CodecError(
    `chunk "${key}": decoded to ${actual} bytes, expected ${expected} (${expected / dtype.itemsize} x ${dtype.str}, the chunk shape)`,
  );
}

let warned = false;
/** A broken pool (a worker died, a module failed to load) is reported once; chunks run here. */
function warnOnce(message: string): void {
  if (warned) return;
  warned = true;
  console.warn(`zarrkit: codec workers failed, decoding on the calling thread: ${message}`);
}

function encodeInput(data: ChunkData): Uint8Array {
  throw new TypeError(
    `a codec returned ${Array.isArray(data) ? "a JS array" : typeof data} where bytes were expected`,
  );
}
