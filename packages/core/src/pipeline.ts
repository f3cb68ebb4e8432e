import { bytesToChunk, chunkToBytes } from "./bytes-codec.js";
import { asBytes, type ChunkInfo, type Codec } from "./codec.js";
import type { ChunkData, DataType } from "./dtype.js";
import { CodecError } from "./errors.js";

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

  get elements(): number {
    return this.#elements;
  }

  /** True when stored bytes are exactly the in-memory bytes, so a raw chunk can be used as is. */
  get isIdentity(): boolean {
    return this.#codecs.length === 0;
  }

  /**
   * Decode stored bytes into chunk data (in the chunk's own memory order). With `owned`, the
   * result never shares memory with `raw`, so the caller may modify it.
   */
  async decode(raw: Uint8Array, key: string, owned: boolean): Promise<ChunkData> {
    let data: Uint8Array | ArrayBufferView | ChunkData = raw;
    for (let i = this.#codecs.length - 1; i >= 0; i--) {
      const codec = this.#codecs[i]!;
      const input = data;
      try {
        const bytes = ArrayBuffer.isView(input) ? asBytes(input) : encodeInput(input);
        const out =
          i === this.#codecs.length - 1 && i === 0 && this.#dtype.kind !== "O"
            ? new Uint8Array(this.#nbytes)
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
      return data;
    }
    if (Array.isArray(data)) return data;
    const bytes = asBytes(data as ArrayBufferView);
    try {
      return bytesToChunk(this.#dtype, bytes, this.#elements, owned && bytes.buffer === raw.buffer);
    } catch (e) {
      throw new CodecError(`chunk "${key}": ${(e as Error).message}`, { cause: e });
    }
  }

  /** Encode chunk data (in the chunk's memory order) into the bytes to store. */
  async encode(chunk: ChunkData, key: string): Promise<Uint8Array> {
    let data: ArrayBufferView | ChunkData =
      this.#dtype.kind === "O" ? chunk : chunkToBytes(this.#dtype, chunk, this.#elements);
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

function encodeInput(data: ChunkData): Uint8Array {
  throw new TypeError(
    `a codec returned ${Array.isArray(data) ? "a JS array" : typeof data} where bytes were expected`,
  );
}
